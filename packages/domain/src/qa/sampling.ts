/**
 * Which handled calls go to the QA queue (抽检规则). A pure selector over call facts, per agent segment:
 * every complaint call, every call with a low survey score, every call over 10 minutes, every call with a callback
 * task (work queue) — and, on top, N % of each agent's calls per week (Asia/Shanghai, Monday first), picked by a
 * stable hash so re-running the job over the same week neither picks different calls nor more than N %.
 */
import { addDays, localClockOf, type LocalDate } from '../time/local-date.js';
import type { QaSampleReason } from './qa.types.js';

export interface QaSamplingRules {
  /** Share of each agent's answered calls per week sampled at random (0–100). */
  percentPerAgentWeek: number;
  complaints: boolean;
  /** Survey scores at or below this (1–5) are sampled; null: off. */
  lowSurveyMax: number | null;
  /** Calls whose talk time is over this (seconds) are sampled; null: off. */
  longCallSeconds: number | null;
  callbackTasks: boolean;
}

export const DEFAULT_QA_SAMPLING: QaSamplingRules = { percentPerAgentWeek: 5, complaints: true, lowSurveyMax: 2, longCallSeconds: 600, callbackTasks: true };

/** What the selector needs to know about one agent's part of a call. */
export interface QaCallFacts {
  segmentId: number;
  agentId: number | null;
  startedAt: Date;
  talkSeconds: number;
  /** Disposition complaint, the complaints queue, or a complaint ticket from the call. */
  complaint: boolean;
  /** The lowest survey score given about the call, if any. */
  surveyMin: number | null;
  /** A callback task (work queue) came from or is linked to the call. */
  callbackTask: boolean;
  /** Already in the QA queue (for any reason): never queued twice. */
  queued: boolean;
  /** Already queued for the random share (counts against the week's N %). */
  queuedRandom?: boolean;
}

export interface QaSample {
  segmentId: number;
  reasons: QaSampleReason[];
}

/** The Monday (local date) of the week an instant falls in, Asia/Shanghai. */
export function qaWeekOf(at: Date): LocalDate {
  const { date, weekday } = localClockOf(at);
  return addDays(date, 1 - weekday); // weekday: 1 = Monday … 7 = Sunday
}

/** FNV-1a of the segment id: a fixed pseudo-random rank, so the random share is reproducible. */
export function sampleRank(segmentId: number, salt = ''): number {
  let h = 0x811c9dc5;
  for (const ch of `${salt}:${segmentId}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The reasons a rule (not the random share) gives for one call. */
export function ruleReasons(f: QaCallFacts, r: QaSamplingRules): QaSampleReason[] {
  const out: QaSampleReason[] = [];
  if (r.complaints && f.complaint) out.push('complaint');
  if (r.lowSurveyMax !== null && f.surveyMin !== null && f.surveyMin <= r.lowSurveyMax) out.push('low-survey');
  if (r.longCallSeconds !== null && f.talkSeconds > r.longCallSeconds) out.push('long-call');
  if (r.callbackTasks && f.callbackTask) out.push('callback-task');
  return out;
}

/**
 * The calls to add to the queue. Each agent-week's random share is ceil(N % × calls that week), less those already
 * queued for it; rule-selected calls are not counted in it (they are reviewed anyway).
 */
export function selectForQa(facts: readonly QaCallFacts[], rules: QaSamplingRules, salt = ''): QaSample[] {
  const out: QaSample[] = [];
  const weeks = new Map<string, QaCallFacts[]>();
  for (const f of facts) {
    if (f.agentId === null) continue; // nobody to evaluate
    const key = `${f.agentId}|${qaWeekOf(f.startedAt)}`;
    const list = weeks.get(key) ?? [];
    list.push(f);
    weeks.set(key, list);
    if (f.queued) continue;
    const reasons = ruleReasons(f, rules);
    if (reasons.length) out.push({ segmentId: f.segmentId, reasons });
  }
  const pct = Math.max(0, Math.min(100, rules.percentPerAgentWeek));
  if (pct === 0) return out;
  const ruled = new Set(out.map((s) => s.segmentId));
  for (const list of weeks.values()) {
    const target = Math.ceil((list.length * pct) / 100);
    const have = list.filter((f) => f.queuedRandom).length;
    const pool = list.filter((f) => !f.queued && !ruled.has(f.segmentId)).sort((a, b) => sampleRank(a.segmentId, salt) - sampleRank(b.segmentId, salt) || a.segmentId - b.segmentId);
    for (const f of pool.slice(0, Math.max(0, target - have))) out.push({ segmentId: f.segmentId, reasons: ['random'] });
  }
  return out.sort((a, b) => a.segmentId - b.segmentId);
}
