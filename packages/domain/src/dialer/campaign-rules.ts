import { DomainError } from '../errors.js';
import type { AttemptOutcome } from '../tickets/ticket.types.js';
import { localClockOf, CENTER_TIME_ZONE } from '../time/local-date.js';

/**
 * Recall campaigns with a dialer (issue 13): the pure rules — what a campaign may be, when it may dial, what an
 * attempt's outcome does to its target (retry schedule, attempt cap). The database layer (db/dialer) and the
 * bridge's dialer (apps/cti-bridge/src/dialer) apply them; the contact policy still decides for every donor.
 */
export const DIAL_MODES = ['preview', 'progressive'] as const;
export type DialMode = (typeof DIAL_MODES)[number];
export const CAMPAIGN_CHANNELS = ['call', 'sms'] as const;
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];
export type DialCampaignStatus = 'draft' | 'running' | 'paused' | 'stopped';
/** pending (waiting, maybe until nextAt) · dialing (claimed by one agent) · then where it ended. */
export type DialTargetStatus = 'pending' | 'dialing' | 'contacted' | 'booked' | 'declined' | 'blocked' | 'exhausted' | 'wrong-number';

/** What the agent or the PBX says about one call to a donor. */
export const DIAL_OUTCOMES = ['reached', 'reached-booked', 'reached-declined', 'reached-later', 'no-answer', 'busy', 'rejected', 'wrong-number'] as const;
export type DialOutcome = (typeof DIAL_OUTCOMES)[number];
/** What the agent may set after talking (the PBX sets the others). */
export const AGENT_OUTCOMES = ['reached-booked', 'reached-declined', 'reached-later', 'wrong-number'] as const;
export type AgentOutcome = (typeof AGENT_OUTCOMES)[number];

export interface CampaignSpec {
  name: string;
  mode: DialMode;
  channel: CampaignChannel;
  script: string | null;
  startsOn: string;
  endsOn: string | null;
  /** Local calling hours of this campaign ('HH:MM'), inside the contact policy's own hours. */
  hoursStart: string;
  hoursEnd: string;
  maxAttempts: number;
  /** Minutes to wait before the 2nd, 3rd … attempt after a failed one (the last value repeats). */
  retryMinutes: number[];
}

const HM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function bad(zh: string, en: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${zh} / ${en}`);
}

/** Validates and normalises a campaign's settings (a clear 400 naming the field otherwise). */
export function validateCampaignSpec(input: Partial<Record<keyof CampaignSpec, unknown>>): CampaignSpec {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name || name.length > 100) throw bad('活动名称必填，最多100字', 'name is required (at most 100 characters)');
  const mode = input.mode ?? 'preview';
  if (!(DIAL_MODES as readonly unknown[]).includes(mode)) throw bad('拨号方式只能是预览或渐进', 'mode must be preview or progressive');
  const channel = input.channel ?? 'call';
  if (!(CAMPAIGN_CHANNELS as readonly unknown[]).includes(channel)) throw bad('渠道只能是电话或短信', 'channel must be call or sms');
  const script = input.script === undefined || input.script === null ? null : String(input.script);
  if (script !== null && script.length > 4000) throw bad('话术最多4000字', 'script is at most 4000 characters');
  const startsOn = input.startsOn;
  if (typeof startsOn !== 'string' || !DAY.test(startsOn)) throw bad('开始日期格式应为 YYYY-MM-DD', 'startsOn must be YYYY-MM-DD');
  const endsOn = input.endsOn ?? null;
  if (endsOn !== null && (typeof endsOn !== 'string' || !DAY.test(endsOn) || endsOn < startsOn)) throw bad('结束日期无效（不能早于开始日期）', 'endsOn must be YYYY-MM-DD, not before startsOn');
  const hoursStart = input.hoursStart ?? '09:00';
  const hoursEnd = input.hoursEnd ?? '20:00';
  // '24:00' ends at midnight (a campaign open all day, e.g. SMS sending with the policy's hours as the only limit)
  if (typeof hoursStart !== 'string' || typeof hoursEnd !== 'string' || !HM.test(hoursStart) || !(HM.test(hoursEnd) || hoursEnd === '24:00') || hoursStart >= hoursEnd) {
    throw bad('呼叫时段无效（HH:MM，开始早于结束）', 'calling hours must be HH:MM with start before end');
  }
  const maxAttempts = input.maxAttempts ?? 3;
  if (typeof maxAttempts !== 'number' || !Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 10) throw bad('每人最多拨打次数为1–10', 'maxAttempts must be 1–10');
  const retry = input.retryMinutes ?? [60, 240];
  if (!Array.isArray(retry) || retry.length > 10 || retry.some((m) => typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > 20_160)) {
    throw bad('重拨间隔为1–20160分钟的列表', 'retryMinutes must be a list of 1–20160 minutes');
  }
  return { name, mode: mode as DialMode, channel: channel as CampaignChannel, script, startsOn, endsOn: endsOn as string | null, hoursStart, hoursEnd, maxAttempts, retryMinutes: retry as number[] };
}

/** Whether the campaign may dial now: running, between its dates and inside its own calling hours (Asia/Shanghai). */
export function campaignOpenAt(c: Pick<CampaignSpec, 'startsOn' | 'endsOn' | 'hoursStart' | 'hoursEnd'> & { status: DialCampaignStatus }, now: Date | number, timeZone = CENTER_TIME_ZONE): { open: boolean; why: 'not-running' | 'before-start' | 'ended' | 'outside-hours' | null } {
  if (c.status !== 'running') return { open: false, why: 'not-running' };
  const clock = localClockOf(now, timeZone);
  if (clock.date < c.startsOn) return { open: false, why: 'before-start' };
  if (c.endsOn && clock.date > c.endsOn) return { open: false, why: 'ended' };
  const m = clock.minutes;
  const hm = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
  if (m < hm(c.hoursStart) || m >= hm(c.hoursEnd)) return { open: false, why: 'outside-hours' };
  return { open: true, why: null };
}

/** The PBX's view of an unanswered or failed dial: Q.850 cause → outcome (17 busy, 21 rejected, 1 wrong number). */
export function outcomeOfHangup(answered: boolean, cause: string | null): DialOutcome {
  if (answered) return 'reached';
  switch (cause) {
    case '17': return 'busy';
    case '21': return 'rejected';
    case '1': case '28': return 'wrong-number';
    default: return 'no-answer';
  }
}

/** The contact attempt's outcome as recorded (every one but booked/later counts as failed for the policy). */
export function attemptOutcomeOf(o: DialOutcome): AttemptOutcome {
  return o;
}

/** After an attempt: where the target goes, and when it may be dialed again. */
export function nextTargetState(o: DialOutcome, attemptsMade: number, spec: Pick<CampaignSpec, 'maxAttempts' | 'retryMinutes'>, now: number): { status: DialTargetStatus; nextAt: number | null } {
  switch (o) {
    case 'reached-booked': return { status: 'booked', nextAt: null };
    case 'reached-declined': return { status: 'declined', nextAt: null };
    case 'wrong-number': return { status: 'wrong-number', nextAt: null };
    case 'reached':
    case 'reached-later': return { status: 'contacted', nextAt: null };
    default: {
      if (attemptsMade >= spec.maxAttempts) return { status: 'exhausted', nextAt: null };
      const list = spec.retryMinutes.length ? spec.retryMinutes : [60];
      const wait = list[Math.min(attemptsMade - 1, list.length - 1)] ?? 60;
      return { status: 'pending', nextAt: now + wait * 60_000 };
    }
  }
}

export function parseRetryMinutes(s: string | null | undefined): number[] {
  return (s ?? '').split(',').map((x) => Number(x.trim())).filter((n) => Number.isInteger(n) && n > 0);
}
