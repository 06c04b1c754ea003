/**
 * The hotline's service calendar (服务日历): agent hours per weekday plus dated exceptions — public holidays
 * (closed) and make-up working days (调休, open although a weekend). Pure data and rules: the bridge stores it
 * (service_hours, service_calendar_day), the IVR reads it through its backend, and sites may close on its holidays.
 */
import { CENTER_TIME_ZONE, isLocalDate, localClockOf, type LocalDate } from '../time/local-date.js';

export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const;
/** holiday: closed (法定节假日); workday: open although its weekday is not (调休上班). */
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

export interface CalendarDay {
  date: LocalDate;
  kind: CalendarDayKind;
  /** 元旦, 春节 … (shown in the desk, spoken nowhere). */
  name: string;
}

export interface ServiceCalendar {
  /** 'HH:MM' local, inclusive open, exclusive close. */
  open: string;
  close: string;
  /** ISO weekdays with agents (1 = Monday … 7 = Sunday). */
  weekdays: readonly number[];
  days: readonly CalendarDay[];
}

export type ServiceStatus = { open: true } | { open: false; reason: 'after-hours' | 'holiday'; name?: string };

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const HHMM_CLOSE = /^(([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

export function isClockTime(s: unknown, allow24 = false): s is string {
  return typeof s === 'string' && (allow24 ? HHMM_CLOSE : HHMM).test(s);
}

/** Is `date` a day with agents (ignoring the hours)? A holiday closes; a 调休 workday opens; else the weekday decides. */
export function serviceDay(date: LocalDate, weekday: number, cal: ServiceCalendar): ServiceStatus {
  const d = cal.days.find((x) => x.date === date);
  if (d?.kind === 'holiday') return { open: false, reason: 'holiday', name: d.name };
  if (d?.kind === 'workday' || cal.weekdays.includes(weekday)) return { open: true };
  return { open: false, reason: 'after-hours' };
}

/** Are agents on duty at this instant? */
export function serviceStatusAt(now: Date, cal: ServiceCalendar, timeZone = CENTER_TIME_ZONE): ServiceStatus {
  const { minutes, weekday, date } = localClockOf(now, timeZone);
  const day = serviceDay(date, weekday, cal);
  if (!day.open) return day;
  if (minutes < minutesOfDay(cal.open) || minutes >= minutesOfDay(cal.close)) return { open: false, reason: 'after-hours' };
  return { open: true };
}

/** Problems with a calendar (zh-CN / English), empty when fine. */
export function calendarProblems(c: { open: string; close: string; weekdays: readonly number[] }): string[] {
  const out: string[] = [];
  if (!isClockTime(c.open)) out.push(`开始时间应为 HH:MM / the opening time must be HH:MM (got ${c.open})`);
  if (!isClockTime(c.close, true)) out.push(`结束时间应为 HH:MM / the closing time must be HH:MM (got ${c.close})`);
  if (!out.length && minutesOfDay(c.close) <= minutesOfDay(c.open)) out.push('结束时间须晚于开始时间 / the closing time must be after the opening time');
  if (!c.weekdays.every((w) => Number.isInteger(w) && w >= 1 && w <= 7)) out.push('工作日应为1到7 / weekdays are 1 (Monday) to 7 (Sunday)');
  return out;
}

export function calendarDayProblem(d: { date: unknown; kind: unknown; name: unknown }): string | null {
  if (!isLocalDate(d.date)) return `日期应为 YYYY-MM-DD / the date must be YYYY-MM-DD (got ${String(d.date)})`;
  if (!(CALENDAR_DAY_KINDS as readonly unknown[]).includes(d.kind)) return `类型应为 holiday 或 workday / the kind is holiday or workday (got ${String(d.kind)})`;
  if (typeof d.name !== 'string' || !d.name.trim() || d.name.length > 50) return '请填写名称（最多50字） / a name of at most 50 characters is required';
  return null;
}

/**
 * The 2027 public holidays and make-up working days as entered by migration 1765200000000. PROVISIONAL: derived
 * from the 全国年节及纪念日放假办法 (2024 revision: 元旦1, 春节4, 清明1, 劳动节2, 端午1, 中秋1, 国庆3 days) and the 2027
 * lunar dates, in the pattern of past State Council schedules — check it against the 国务院办公厅 notice for 2027
 * and correct it in the desk (系统管理 → 服务日历); it is data, not code.
 */
export const CN_CALENDAR_2027: readonly CalendarDay[] = Object.freeze([
  ...range('2027-01-01', 3, '元旦'),
  { date: '2027-01-31', kind: 'workday', name: '春节调休上班' },
  ...range('2027-02-05', 9, '春节'),
  { date: '2027-02-20', kind: 'workday', name: '春节调休上班' },
  ...range('2027-04-03', 3, '清明节'),
  ...range('2027-05-01', 5, '劳动节'),
  { date: '2027-05-08', kind: 'workday', name: '劳动节调休上班' },
  ...range('2027-06-09', 1, '端午节'),
  ...range('2027-09-15', 1, '中秋节'),
  { date: '2027-09-26', kind: 'workday', name: '国庆节调休上班' },
  ...range('2027-10-01', 7, '国庆节'),
  { date: '2027-10-09', kind: 'workday', name: '国庆节调休上班' },
] satisfies CalendarDay[]);

function range(from: LocalDate, n: number, name: string): CalendarDay[] {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  return Array.from({ length: n }, (_, i) => {
    const t = new Date(Date.UTC(y, m - 1, d + i));
    return { date: t.toISOString().slice(0, 10), kind: 'holiday' as const, name };
  });
}
