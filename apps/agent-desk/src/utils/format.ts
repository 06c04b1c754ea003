/** Display formatting: durations, instants and local dates in the center's time zone, in the desk's language. */
import { CENTER_TIME_ZONE, daysBetween, localDateOf, type LocalDate } from '@donorline/domain';

/** 75 → '01:15'; 3725 → '1:02:05'. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(Math.abs(totalSeconds)));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(opts);
  let f = fmtCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: CENTER_TIME_ZONE, ...opts });
    fmtCache.set(key, f);
  }
  return f;
}

/** An instant as a date and time: '2026-05-12 14:30' style in zh-CN, 'May 12, 14:30' in English. */
export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dtf(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

/** An instant as a time of day: '14:30'. */
export function formatTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return dtf(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

function localDateToUtcNoon(d: LocalDate): Date {
  return new Date(`${d}T12:00:00+08:00`);
}

/** A local date with the weekday: '5月12日 周二' / 'Tue, May 12'. */
export function formatLocalDate(d: LocalDate | null | undefined, locale: string, withYear = false): string {
  if (!d) return '';
  const t = localDateToUtcNoon(d);
  if (Number.isNaN(t.getTime())) return d;
  return dtf(locale, { ...(withYear ? { year: 'numeric' } : {}), month: 'short', day: 'numeric', weekday: 'short' }).format(t);
}

/**
 * A local date, or a month alone ('YYYY-MM': an agent sees birthday care by month only, never the birth date):
 * '2026年12月' / 'Dec 2026'.
 */
export function formatLocalDateOrMonth(d: string | null | undefined, locale: string): string {
  if (d && /^\d{4}-\d{2}$/.test(d)) return dtf(locale, { year: 'numeric', month: 'short' }).format(localDateToUtcNoon(`${d}-15`));
  return formatLocalDate(d, locale, true);
}

/** A local date, short: '12月1日' / 'Dec 1' (where the weekday would crowd a line). */
export function formatShortDate(d: LocalDate | null | undefined, locale: string): string {
  if (!d) return '';
  const t = localDateToUtcNoon(d);
  if (Number.isNaN(t.getTime())) return d;
  return dtf(locale, { month: 'short', day: 'numeric' }).format(t);
}

/** The day part of an instant with weekday, for slot lists. */
export function formatDayOf(iso: string, locale: string): string {
  return formatLocalDate(localDateOf(new Date(iso)), locale);
}

/** Days from today (center time) to a local date: 0 today, 1 tomorrow, negative in the past. */
export function daysFromToday(d: LocalDate, nowMs: number = Date.now()): number {
  return daysBetween(localDateOf(nowMs), d);
}

export function todayLocal(nowMs: number = Date.now()): LocalDate {
  return localDateOf(nowMs);
}

/**
 * Makes the formatters the pop card and the 360 use before the first call: the first Intl.DateTimeFormat of a
 * locale and time zone loads its data (~100–150 ms in Chromium), which otherwise lands on the first pop's paint.
 */
export function warmFormatters(locale: string): void {
  const now = new Date().toISOString();
  formatDateTime(now, locale);
  formatTime(now, locale);
  formatLocalDateOrMonth(now.slice(0, 7), locale);
  formatLocalDate(now.slice(0, 10), locale, true);
  formatShortDate(now.slice(0, 10), locale);
}
