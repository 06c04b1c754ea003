/**
 * Attendance (到场/爽约): whether a booked donor came. The BECS is the witness — a donation record (any type, any
 * outcome: a donor turned away at the site's health check still came) of that donor on the appointment's local day
 * means they showed up; a booking whose day has passed with no such record is a no-show. Both are settled by the
 * system (db/attendance/), idempotently, and a donation that arrives late turns a no-show back into arrived.
 *
 * One definition of the show-up rate, used by the planner's funnel, the reports and anything else showing it:
 *   show-up rate = arrived ÷ (arrived + no-show) over settled bookings; cancelled and still-open ones do not count.
 * Pure and browser-safe.
 */
import { addDays, localDateOf, type LocalDate } from '../time/local-date.js';

export interface AttendanceRules {
  /** Days after the appointment's day before it may be called a no-show (a BECS that imports a day late). */
  graceDays: number;
  /** How far back settlement looks (older open bookings are left alone: nobody calls about last month). */
  lookbackDays: number;
  /** A no-show gets its follow-up (callback task, SMS) only while its day is at most this many days ago. */
  followUpDays: number;
}

export const DEFAULT_ATTENDANCE_RULES: Readonly<AttendanceRules> = Object.freeze({ graceDays: 0, lookbackDays: 14, followUpDays: 3 });

/** The local days whose open bookings may be settled as no-show now: [from, to], both inclusive (to < today). */
export function noShowWindow(now: Date | number, rules: AttendanceRules = DEFAULT_ATTENDANCE_RULES): { from: LocalDate; to: LocalDate } {
  const today = localDateOf(now);
  return { from: addDays(today, -rules.lookbackDays), to: addDays(today, -1 - rules.graceDays) };
}

/** Whether a no-show of this local day still gets its follow-up today. */
export function wantsFollowUp(day: LocalDate, now: Date | number, rules: AttendanceRules = DEFAULT_ATTENDANCE_RULES): boolean {
  return day >= addDays(localDateOf(now), -rules.followUpDays);
}

/** The work queue's de-duplication key of a no-show's callback task, and of its SMS: one per appointment. */
export const noShowTaskKey = (appointmentId: number): string => `no-show:appointment:${appointmentId}`;
export const noShowSmsKey = (appointmentId: number): string => `no-show:sms:${appointmentId}`;

/** The show-up rate (0..1) of settled bookings; null when none is settled. */
export function showUpRate(c: { arrived: number; noShow: number }): number | null {
  const settled = c.arrived + c.noShow;
  return settled > 0 ? c.arrived / settled : null;
}

/** What one settlement run did (the job logs it; the tests read it). */
export interface AttendanceRun {
  /** Bookings now arrived (a donation on their day), of which `reversed` had been no-shows. */
  arrived: number;
  reversed: number;
  /** Bookings newly marked no-show. */
  noShow: number;
  /** Follow-ups opened: callback tasks and SMS enqueued. */
  tasks: number;
  sms: number;
  /** No-shows that got no task or SMS because the contact policy refused (do-not-call, …). */
  blocked: number;
  /** Open no-show tasks closed because the donation arrived after all. */
  tasksClosed: number;
}

export const emptyAttendanceRun = (): AttendanceRun => ({ arrived: 0, reversed: 0, noShow: 0, tasks: 0, sms: 0, blocked: 0, tasksClosed: 0 });
