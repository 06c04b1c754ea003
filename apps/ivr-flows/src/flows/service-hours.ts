/**
 * When agents answer: opening hours per weekday plus a holiday calendar (data, not code). Self-service and
 * messages run 7×24; outside these hours the IVR offers no agent.
 */
import { CENTER_TIME_ZONE, localClockOf, type LocalDate } from '@donorline/domain';

export interface ServiceHours {
  /** 'HH:MM' local, inclusive open, exclusive close. */
  open: string;
  close: string;
  /** ISO weekdays with agents (1 = Monday … 7 = Sunday). */
  weekdays: readonly number[];
  /** Closed days (public holidays). */
  holidays: readonly { date: LocalDate; name: string }[];
  /** Working days that would otherwise be closed (调休 make-up days). */
  extraWorkdays?: readonly LocalDate[];
  timeZone?: string;
}

/** The hotline's defaults: agents every day 08:00–20:00 except the statutory holidays' closed days below. */
export const DEFAULT_SERVICE_HOURS: ServiceHours = Object.freeze({
  open: '08:00',
  close: '20:00',
  weekdays: [1, 2, 3, 4, 5, 6, 7],
  holidays: [
    { date: '2026-01-01', name: '元旦' },
    { date: '2026-02-17', name: '春节' },
    { date: '2026-02-18', name: '春节' },
    { date: '2026-02-19', name: '春节' },
    { date: '2026-10-01', name: '国庆节' },
    { date: '2026-10-02', name: '国庆节' },
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-02-06', name: '春节' },
    { date: '2027-02-07', name: '春节' },
    { date: '2027-02-08', name: '春节' },
    { date: '2027-10-01', name: '国庆节' },
  ],
  extraWorkdays: [],
}) as ServiceHours;

export type AgentAvailability = { open: true } | { open: false; reason: 'after-hours' | 'holiday' };

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

export function agentAvailability(now: Date, hours: ServiceHours): AgentAvailability {
  const { minutes, weekday, date } = localClockOf(now, hours.timeZone ?? CENTER_TIME_ZONE);
  if (hours.holidays.some((h) => h.date === date)) return { open: false, reason: 'holiday' };
  const workday = hours.weekdays.includes(weekday) || (hours.extraWorkdays ?? []).includes(date);
  if (!workday) return { open: false, reason: 'after-hours' };
  if (minutes < minutesOf(hours.open) || minutes >= minutesOf(hours.close)) return { open: false, reason: 'after-hours' };
  return { open: true };
}
