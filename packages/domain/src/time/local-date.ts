/**
 * Calendar arithmetic on local dates written as 'YYYY-MM-DD' (the blood center's own calendar, Asia/Shanghai).
 * Pure and browser-safe: dates are handled as UTC midnights internally so no host time zone leaks in.
 */
export type LocalDate = string;

const RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const CENTER_TIME_ZONE = 'Asia/Shanghai';

export function isLocalDate(s: unknown): s is LocalDate {
  if (typeof s !== 'string') return false;
  const m = RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

function parts(d: LocalDate): [number, number, number] {
  const m = RE.exec(d);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${d}`);
  return [+m[1]!, +m[2]!, +m[3]!];
}

function fmt(y: number, m: number, day: number): LocalDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function fromUtc(t: Date): LocalDate {
  return fmt(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function addDays(d: LocalDate, n: number): LocalDate {
  const [y, m, day] = parts(d);
  return fromUtc(new Date(Date.UTC(y, m - 1, day + n)));
}

/** Adds calendar months, clamping to the month's last day (2026-01-31 + 1 month = 2026-02-28). */
export function addMonths(d: LocalDate, n: number): LocalDate {
  const [y, m, day] = parts(d);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return fmt(ny, nm, Math.min(day, last));
}

export function addYears(d: LocalDate, n: number): LocalDate {
  return addMonths(d, n * 12);
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxDate(...ds: LocalDate[]): LocalDate {
  return ds.reduce((a, b) => (a >= b ? a : b));
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/** Full years of age on `on` for someone born on `birth`. */
export function ageOn(birth: LocalDate, on: LocalDate): number {
  const [by, bm, bd] = parts(birth);
  const [y, m, d] = parts(on);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

// Building an Intl.DateTimeFormat costs ~1 ms; the planner's ranked list asks for thousands of local dates/clocks.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const clockFormats = new Map<string, Intl.DateTimeFormat>();

function formatOf(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = cache.get(timeZone);
  if (!f) cache.set(timeZone, (f = make()));
  return f;
}

/** The local date (Asia/Shanghai) of an instant. */
export function localDateOf(instant: Date | number, timeZone: string = CENTER_TIME_ZONE): LocalDate {
  const t = typeof instant === 'number' ? new Date(instant) : instant;
  const p = formatOf(dateFormats, timeZone, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })).formatToParts(t);
  const get = (k: string): string => p.find((x) => x.type === k)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Minutes since local midnight and ISO weekday (1 = Monday … 7 = Sunday) of an instant in a time zone. */
export function localClockOf(instant: Date | number, timeZone: string = CENTER_TIME_ZONE): { minutes: number; weekday: number; date: LocalDate } {
  const t = typeof instant === 'number' ? new Date(instant) : instant;
  const p = formatOf(clockFormats, timeZone, () => new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit',
  })).formatToParts(t);
  const get = (k: string): string => p.find((x) => x.type === k)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { minutes: Number(get('hour')) * 60 + Number(get('minute')), weekday, date: `${get('year')}-${get('month')}-${get('day')}` };
}

/** An instant as the center's SMS and IVR say it: "12月8日09:30" (month, day, 24-hour clock, local time). */
export function localWhenZh(instant: Date | number, timeZone: string = CENTER_TIME_ZONE): string {
  const c = localClockOf(instant, timeZone);
  const [, m, day] = c.date.split('-');
  return `${Number(m)}月${Number(day)}日${String(Math.floor(c.minutes / 60)).padStart(2, '0')}:${String(c.minutes % 60).padStart(2, '0')}`;
}
