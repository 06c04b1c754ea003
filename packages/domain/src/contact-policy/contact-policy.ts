import { isFailedRecruitment, type AttemptOutcome } from '../tickets/ticket.types.js';
import { addMonths, CENTER_TIME_ZONE, localClockOf, localDateOf, type LocalDate } from '../time/local-date.js';

/**
 * Server-enforced contact policy for proactive contact (recruitment, care, surveys, callbacks).
 *  - do-not-call always wins (voice and SMS);
 *  - an open complaint blocks everything except the follow-up of the donor's own request ('service');
 *  - recruitment needs consent, and 5 failed recruitment attempts within a rolling 12 months suppress the donor
 *    for 6 months (the count restarts after a suppression);
 *  - calls and messages only within the allowed local hours.
 */
export type ContactPurpose = 'recruitment' | 'care' | 'survey' | 'service';
export type ContactMedium = 'voice' | 'sms';

export interface ContactPolicyRules {
  failedAttemptsLimit: number;
  windowMonths: number;
  suppressionMonths: number;
  /** Allowed local hours, 'HH:MM' (start inclusive, end exclusive), and ISO weekdays (1 = Monday). */
  hours: { start: string; end: string; weekdays: number[] };
  timeZone: string;
}

export const DEFAULT_CONTACT_RULES: ContactPolicyRules = Object.freeze({
  failedAttemptsLimit: 5,
  windowMonths: 12,
  suppressionMonths: 6,
  hours: { start: '09:00', end: '20:00', weekdays: [1, 2, 3, 4, 5, 6, 7] },
  timeZone: CENTER_TIME_ZONE,
}) as ContactPolicyRules;

export interface RecruitmentAttempt {
  /** ISO instant or epoch ms. */
  at: string | number | Date;
  outcome: AttemptOutcome;
}

export interface ContactPolicyInput {
  now: Date | number;
  purpose: ContactPurpose;
  medium: ContactMedium;
  doNotCall: boolean;
  recruitmentConsent: boolean;
  openComplaints: number;
  /** Recruitment attempts across all campaigns and channels (voice and SMS). */
  attempts: readonly RecruitmentAttempt[];
}

export type ContactBlockReason = 'do-not-call' | 'open-complaint' | 'no-consent' | 'suppressed' | 'outside-hours';

export interface ContactDecision {
  allowed: boolean;
  reasons: ContactBlockReason[];
  /** Set when the donor is in the suppression pool (first local day they may be recruited again). */
  suppressedUntil: LocalDate | null;
  /** Failed recruitment attempts counting towards the limit right now. */
  failedAttemptsInWindow: number;
  /** When only the hours block: the next instant contact is allowed (epoch ms). */
  nextAllowedAt: number | null;
}

function hm(s: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) throw new RangeError(`bad HH:MM ${s}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Replays the attempts: returns the current suppression end and the failed attempts counting now. */
export function suppressionState(attempts: readonly RecruitmentAttempt[], now: Date | number, rules: ContactPolicyRules = DEFAULT_CONTACT_RULES): { suppressedUntil: LocalDate | null; failedInWindow: number } {
  const failed = attempts
    .filter((a) => isFailedRecruitment(a.outcome))
    .map((a) => localDateOf(new Date(a.at), rules.timeZone))
    .sort();
  const today = localDateOf(now, rules.timeZone);
  let window: LocalDate[] = [];
  let suppressedUntil: LocalDate | null = null;
  for (const day of failed) {
    if (day > today) break;
    if (suppressedUntil && day < suppressedUntil) continue; // attempts made while suppressed do not add up
    const start = addMonths(day, -rules.windowMonths);
    window = window.filter((d) => d > start);
    window.push(day);
    if (window.length >= rules.failedAttemptsLimit) {
      suppressedUntil = addMonths(day, rules.suppressionMonths);
      window = [];
    }
  }
  const start = addMonths(today, -rules.windowMonths);
  return {
    suppressedUntil: suppressedUntil && suppressedUntil > today ? suppressedUntil : null,
    failedInWindow: window.filter((d) => d > start).length,
  };
}

export function decideContact(input: ContactPolicyInput, rules: ContactPolicyRules = DEFAULT_CONTACT_RULES): ContactDecision {
  const reasons: ContactBlockReason[] = [];
  if (input.doNotCall) reasons.push('do-not-call');
  if (input.openComplaints > 0 && input.purpose !== 'service') reasons.push('open-complaint');
  let suppressedUntil: LocalDate | null = null;
  let failedAttemptsInWindow = 0;
  if (input.purpose === 'recruitment') {
    if (!input.recruitmentConsent) reasons.push('no-consent');
    const s = suppressionState(input.attempts, input.now, rules);
    suppressedUntil = s.suppressedUntil;
    failedAttemptsInWindow = s.failedInWindow;
    if (suppressedUntil) reasons.push('suppressed');
  }
  const clock = localClockOf(input.now, rules.timeZone);
  const start = hm(rules.hours.start);
  const end = hm(rules.hours.end);
  const inHours = rules.hours.weekdays.includes(clock.weekday) && clock.minutes >= start && clock.minutes < end;
  let nextAllowedAt: number | null = null;
  if (!inHours) {
    reasons.push('outside-hours');
    nextAllowedAt = nextOpening(input.now, rules);
  }
  return { allowed: reasons.length === 0, reasons, suppressedUntil, failedAttemptsInWindow, nextAllowedAt: reasons.length === 1 ? nextAllowedAt : null };
}

/** Next instant (epoch ms, minute precision) at which the calling hours are open. */
export function nextOpening(now: Date | number, rules: ContactPolicyRules = DEFAULT_CONTACT_RULES): number {
  const t0 = typeof now === 'number' ? now : now.getTime();
  const start = hm(rules.hours.start);
  const end = hm(rules.hours.end);
  // walk forward minute-aligned in steps: at most 8 days
  let t = Math.ceil(t0 / 60_000) * 60_000;
  for (let i = 0; i < 8 * 24 * 60; i++) {
    const c = localClockOf(t, rules.timeZone);
    if (rules.hours.weekdays.includes(c.weekday) && c.minutes >= start && c.minutes < end) return t;
    // jump to the next start of hours when far away, else a minute
    const jump = c.minutes < start ? start - c.minutes : 24 * 60 - c.minutes + start;
    t += (rules.hours.weekdays.includes(c.weekday) && c.minutes < start ? jump : Math.min(jump, 24 * 60 - c.minutes)) * 60_000;
  }
  return t;
}
