/**
 * The contact-centre figures, defined once. The wallboard, the reports and the bench all reduce calls to the same
 * `CallTotals` (the SQL in db/reports/ sums exactly these columns) and turn totals into figures with `queueFigures`.
 *
 *  - offered    = an inbound call that reached a queue or an agent's phone (outcome answered, transferred or
 *                 abandoned). An IVR-only call was never offered; outbound/internal calls are not counted.
 *  - answered   = an offered call an agent answered (outcome answered or transferred).
 *  - abandoned  = an offered call nobody answered (the caller gave up in the queue or while an agent's phone rang).
 *  - service level = answered within the threshold (wait ≤ T, default 20 s) ÷ offered, target 80 %. Abandoned calls
 *                 count against it whenever they waited (the strict "offered" denominator many centres in China use).
 *  - abandon rate = abandoned ÷ offered.
 *  - ASA        = the mean wait (call-metrics waitSeconds) of the answered calls.
 *  - AHT        = (talk + hold + wrap-up) ÷ answered, summed over every agent segment of the calls (a transfer's
 *                 second agent adds their talk and wrap-up to the one call).
 *  - occupancy  = (on a call + wrap-up) ÷ (ready + ringing + on a call + wrap-up): busy share of the available time.
 */
import type { CallOutcome } from '../calls/call.types.js';

export interface FigureOptions {
  /** Service-level threshold in seconds (answered within). */
  slThresholdSeconds: number;
  /** Service-level target, 0..1 (the wallboard colours against it). */
  slTarget: number;
}
export const DEFAULT_FIGURE_OPTIONS: Readonly<FigureOptions> = Object.freeze({ slThresholdSeconds: 20, slTarget: 0.8 });

/** Sums over a set of calls: what SQL and the in-memory reducer both produce. */
export interface CallTotals {
  offered: number;
  answered: number;
  abandoned: number;
  answeredWithinSl: number;
  /** Sum of the answered calls' wait (seconds). */
  answeredWaitSeconds: number;
  talkSeconds: number;
  holdSeconds: number;
  wrapUpSeconds: number;
}

export interface QueueFigures extends CallTotals {
  /** 0..1, null when nothing was offered. */
  serviceLevel: number | null;
  abandonRate: number | null;
  asaSeconds: number | null;
  ahtSeconds: number | null;
}

export const OFFERED_OUTCOMES: readonly CallOutcome[] = ['answered', 'transferred', 'abandoned'];
export const ANSWERED_OUTCOMES: readonly CallOutcome[] = ['answered', 'transferred'];

export function emptyTotals(): CallTotals {
  return { offered: 0, answered: 0, abandoned: 0, answeredWithinSl: 0, answeredWaitSeconds: 0, talkSeconds: 0, holdSeconds: 0, wrapUpSeconds: 0 };
}

/** One call as the figures need it; the handle-time parts are its segments' sums. */
export interface CallFacts {
  direction: string;
  outcome: CallOutcome | null;
  waitSeconds: number;
  talkSeconds: number;
  holdSeconds: number;
  wrapUpSeconds: number;
}

export const isOffered = (c: Pick<CallFacts, 'direction' | 'outcome'>): boolean => c.direction === 'inbound' && c.outcome !== null && OFFERED_OUTCOMES.includes(c.outcome);
export const isAnswered = (c: Pick<CallFacts, 'direction' | 'outcome'>): boolean => isOffered(c) && ANSWERED_OUTCOMES.includes(c.outcome!);

/** Adds one call to running totals (mutates and returns `t`). */
export function addCall(t: CallTotals, c: CallFacts, o: Pick<FigureOptions, 'slThresholdSeconds'> = DEFAULT_FIGURE_OPTIONS): CallTotals {
  if (!isOffered(c)) return t;
  t.offered++;
  if (isAnswered(c)) {
    t.answered++;
    t.answeredWaitSeconds += c.waitSeconds;
    if (c.waitSeconds <= o.slThresholdSeconds) t.answeredWithinSl++;
    t.talkSeconds += c.talkSeconds;
    t.holdSeconds += c.holdSeconds;
    t.wrapUpSeconds += c.wrapUpSeconds;
  } else t.abandoned++;
  return t;
}

export function sumTotals(a: CallTotals, b: CallTotals): CallTotals {
  const out = emptyTotals();
  for (const k of Object.keys(out) as Array<keyof CallTotals>) out[k] = a[k] + b[k];
  return out;
}

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);
const round1 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);

/** Totals → figures (rates 0..1, times in seconds rounded to 0.1 s). */
export function queueFigures(t: CallTotals): QueueFigures {
  return {
    ...t,
    serviceLevel: ratio(t.answeredWithinSl, t.offered),
    abandonRate: ratio(t.abandoned, t.offered),
    asaSeconds: round1(ratio(t.answeredWaitSeconds, t.answered)),
    ahtSeconds: round1(ratio(t.talkSeconds + t.holdSeconds + t.wrapUpSeconds, t.answered)),
  };
}

/** Seconds an agent spent in each state over a period (from the agent state log). */
export interface AgentStateSeconds {
  ready: number;
  ringing: number;
  onCall: number;
  wrapUp: number;
  paused: number;
}

/** Occupancy: busy (on a call, wrap-up) ÷ available (ready, ringing, on a call, wrap-up); pause is outside both. */
export function occupancy(s: AgentStateSeconds): number | null {
  return ratio(s.onCall + s.wrapUp, s.ready + s.ringing + s.onCall + s.wrapUp);
}

/** Handle time of one agent's work: talk + hold + wrap-up (their AHT = this ÷ their answered segments). */
export function averageHandleSeconds(talk: number, hold: number, wrapUp: number, handled: number): number | null {
  return round1(ratio(talk + hold + wrapUp, handled));
}
