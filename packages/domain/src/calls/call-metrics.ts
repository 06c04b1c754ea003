/**
 * The call figures, defined once. The bridge stores them from what it observed; reports and tests read these
 * definitions. All instants are epoch milliseconds; `null` = never happened.
 *
 *  - wait  = entering the queue (the queue routing, account manager first included) → an agent answers; a caller who
 *            gives up waits until the end. Time in the IVR before is NOT wait.
 *  - talk  = an agent answers → the last agent leaves, minus hold. The caller's time after the agents left (the
 *            post-call satisfaction survey in the IVR) is not talk.
 *  - hold  = the sum of the holds while an agent was connected.
 *  - segment talk/hold = the same, for one agent's part (their answer → their leaving, minus their holds).
 */
import type { CallDirection, CallOutcome } from './call.types.js';

export interface CallTimes {
  startedAt: number;
  queuedAt: number | null;
  answeredAt: number | null;
  /** When the last agent left the conversation (null: still there at the end, or never answered). */
  agentsLeftAt: number | null;
  endedAt: number | null;
  holdMs: number;
}

const secs = (ms: number): number => Math.max(0, ms) / 1000;

/** Queue entry → answer (or → end for a caller who gave up); null when the call never entered a queue. */
export function waitSeconds(t: Pick<CallTimes, 'queuedAt' | 'answeredAt' | 'endedAt'>): number | null {
  if (t.queuedAt === null) return null;
  const until = t.answeredAt ?? t.endedAt;
  return until === null ? null : secs(until - t.queuedAt);
}

/** Answer → last agent left (or the end), minus hold; 0 when nobody answered. */
export function talkSeconds(t: CallTimes): number {
  if (t.answeredAt === null) return 0;
  const until = t.agentsLeftAt ?? t.endedAt;
  if (until === null) return 0;
  return Math.max(0, secs(until - t.answeredAt) - secs(t.holdMs));
}

/** One agent's talk time in their segment. */
export function segmentTalkSeconds(answeredAt: number | null, endedAt: number | null, holdMs: number): number {
  if (answeredAt === null || endedAt === null) return 0;
  return Math.max(0, secs(endedAt - answeredAt) - secs(holdMs));
}

export interface OutcomeFacts {
  direction: CallDirection;
  answered: boolean;
  transferred: boolean;
  queued: boolean;
  /** An agent's phone rang for the call (a queue, the account manager, a training call). */
  rang: boolean;
  hangupCause: string | null;
}

/**
 * How a call ended for the centre: answered / transferred; for outbound busy or no-answer; for inbound a caller who
 * reached the queue or an agent's phone and was not answered abandoned it; only a call that never left the IVR is
 * `ivr-only`.
 */
export function callOutcome(f: OutcomeFacts): CallOutcome {
  if (f.answered) return f.transferred ? 'transferred' : 'answered';
  if (f.direction !== 'inbound') return /busy|^17$/i.test(f.hangupCause ?? '') ? 'busy' : 'no-answer';
  if (f.queued || f.rang) return 'abandoned';
  return 'ivr-only';
}
