/**
 * The satisfaction figures, defined once (the report, its export and anything else showing them reduce the same
 * `SurveyFact`s with these functions; db/reports/satisfaction-report.ts only loads the facts):
 *  - a survey is one post-donation SMS survey handed to the provider (sent, delivered or undelivered — not one still
 *    waiting, refused by TD or failed) or one call whose caller was taken to the IVR survey after the agent;
 *  - sent = surveys; answered = surveys with at least one reply; response rate = answered ÷ sent;
 *  - the score distribution and the average are over the answers that carry a score (1–5); a reply "不满意" has
 *    no score but is an unsatisfied answer;
 *  - low = an unsatisfied answer: score ≤ 2 (UNSATISFIED_MAX_SCORE) or a callback task opened for it;
 *  - a low answer's callback is done when its task was resolved or closed with an outcome; in time when that was by
 *    the task's due time (24 h by default); the hours run from the answer to the task's resolution.
 * A survey is counted in the period of its sending (the SMS) or of its call, and its answers with it.
 * Pure and browser-safe.
 */
import { localDateOf } from '../time/local-date.js';

export const SATISFACTION_GROUPS = ['day', 'week', 'month', 'site', 'agent', 'donor-kind', 'channel'] as const;
export type SatisfactionGroup = (typeof SATISFACTION_GROUPS)[number];

/** Survey channels the report covers (a staff callback's own survey is not a survey sent). */
export const SATISFACTION_CHANNELS = ['sms', 'ivr'] as const;
export type SatisfactionChannel = (typeof SATISFACTION_CHANNELS)[number];

/** First-time: the survey's donation (or the call) came with at most one donation on record; repeat: more. */
export const DONOR_KINDS = ['first-time', 'repeat', 'unknown'] as const;
export type DonorKind = (typeof DONOR_KINDS)[number];

export const LOW_SCORE_MAX = 2;

export interface SurveyAnswerFact {
  at: string;
  score: number | null;
  /** The callback task opened for it (null: none). */
  task: { id: number; status: string; outcome: boolean; doneAt: string | null; dueAt: string | null; owner: string | null } | null;
}

export interface SurveyFact {
  channel: SatisfactionChannel;
  /** When the survey went out (the SMS) or the call started. */
  at: string;
  siteId: number | null;
  siteName: string | null;
  agentId: number | null;
  agentName: string | null;
  donorId: number | null;
  donorName: string | null;
  donorKind: DonorKind;
  answers: SurveyAnswerFact[];
}

export interface SatisfactionRow {
  /** The group's key: a day, week ('2026-W49'), month, site / agent name, donor kind or channel ('' unknown). */
  bucket: string;
  sent: number;
  answered: number;
  responseRate: number | null;
  score1: number;
  score2: number;
  score3: number;
  score4: number;
  score5: number;
  average: number | null;
  low: number;
  callbacksDone: number;
  callbacksInTime: number;
  /** Mean hours from a low answer to its callback's resolution (done ones). */
  avgCallbackHours: number | null;
}

/** One unsatisfied answer and what became of its callback. */
export interface SatisfactionLowRow {
  at: string;
  channel: SatisfactionChannel;
  site: string | null;
  agent: string | null;
  donorId: number | null;
  donor: string | null;
  score: number | null;
  taskId: number | null;
  owner: string | null;
  taskStatus: string | null;
  done: boolean;
  inTime: boolean | null;
  hoursToDone: number | null;
}

export const isLowAnswer = (a: Pick<SurveyAnswerFact, 'score' | 'task'>): boolean => (a.score !== null && a.score <= LOW_SCORE_MAX) || a.task !== null;
export const isCallbackDone = (t: SurveyAnswerFact['task']): boolean => !!t && (t.status === 'resolved' || t.status === 'closed') && t.outcome && t.doneAt !== null;

const hoursBetween = (from: string, to: string): number => Math.round(((Date.parse(to) - Date.parse(from)) / 3_600_000) * 10) / 10;

/** ISO week of a local date: '2026-W49'. */
export function isoWeekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * 86_400_000);
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / 86_400_000 / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export function satisfactionBucket(f: SurveyFact, g: SatisfactionGroup): string {
  const day = localDateOf(new Date(f.at));
  switch (g) {
    case 'day': return day;
    case 'week': return isoWeekOf(day);
    case 'month': return day.slice(0, 7);
    case 'site': return f.siteName ?? '';
    case 'agent': return f.agentName ?? '';
    case 'donor-kind': return f.donorKind;
    case 'channel': return f.channel;
  }
}

export const emptySatisfactionRow = (bucket: string): SatisfactionRow => ({
  bucket, sent: 0, answered: 0, responseRate: null, score1: 0, score2: 0, score3: 0, score4: 0, score5: 0, average: null, low: 0, callbacksDone: 0, callbacksInTime: 0, avgCallbackHours: null,
});

/** Surveys → one row of figures (the whole range when all facts are given). */
export function satisfactionFigures(facts: readonly SurveyFact[], bucket = ''): SatisfactionRow {
  const r = emptySatisfactionRow(bucket);
  let scored = 0;
  let sum = 0;
  let hours = 0;
  for (const f of facts) {
    r.sent++;
    if (f.answers.length) r.answered++;
    for (const a of f.answers) {
      if (a.score !== null && a.score >= 1 && a.score <= 5) {
        r[`score${a.score}` as 'score1']++;
        scored++;
        sum += a.score;
      }
      if (!isLowAnswer(a)) continue;
      r.low++;
      if (isCallbackDone(a.task)) {
        r.callbacksDone++;
        hours += hoursBetween(a.at, a.task!.doneAt!);
        if (a.task!.dueAt === null || a.task!.doneAt! <= a.task!.dueAt) r.callbacksInTime++;
      }
    }
  }
  r.responseRate = r.sent > 0 ? r.answered / r.sent : null;
  r.average = scored > 0 ? Math.round((sum / scored) * 100) / 100 : null;
  r.avgCallbackHours = r.callbacksDone > 0 ? Math.round((hours / r.callbacksDone) * 10) / 10 : null;
  return r;
}

/** Rows per group (periods in order, other groups by surveys sent), and the whole range. */
export function satisfactionReport(facts: readonly SurveyFact[], g: SatisfactionGroup): { rows: SatisfactionRow[]; total: SatisfactionRow } {
  const by = new Map<string, SurveyFact[]>();
  for (const f of facts) {
    const k = satisfactionBucket(f, g);
    const list = by.get(k);
    if (list) list.push(f);
    else by.set(k, [f]);
  }
  const rows = [...by.entries()].map(([k, list]) => satisfactionFigures(list, k));
  const periodic = g === 'day' || g === 'week' || g === 'month';
  rows.sort((a, b) => (periodic ? a.bucket.localeCompare(b.bucket) : b.sent - a.sent || a.bucket.localeCompare(b.bucket)));
  return { rows, total: satisfactionFigures(facts, '') };
}

/** Every unsatisfied answer with its callback, newest first. */
export function satisfactionLowRows(facts: readonly SurveyFact[]): SatisfactionLowRow[] {
  const out: SatisfactionLowRow[] = [];
  for (const f of facts) {
    for (const a of f.answers) {
      if (!isLowAnswer(a)) continue;
      const done = isCallbackDone(a.task);
      out.push({
        at: a.at, channel: f.channel, site: f.siteName, agent: f.agentName, donorId: f.donorId, donor: f.donorName, score: a.score,
        taskId: a.task?.id ?? null, owner: a.task?.owner ?? null, taskStatus: a.task?.status ?? null, done,
        inTime: done ? a.task!.dueAt === null || a.task!.doneAt! <= a.task!.dueAt : null,
        hoursToDone: done ? hoursBetween(a.at, a.task!.doneAt!) : null,
      });
    }
  }
  return out.sort((x, y) => y.at.localeCompare(x.at));
}
