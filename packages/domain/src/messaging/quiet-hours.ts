/**
 * Quiet hours for non-service SMS (no survey or recruitment message at night), in the center's time (Asia/Shanghai,
 * UTC+8 all year: China has no daylight saving time). A window may wrap midnight (21:00-08:00).
 */
import type { SmsClass } from './sms-templates.js';

export interface QuietHours {
  start: string;
  end: string;
}

export const DEFAULT_SMS_QUIET_HOURS: QuietHours = Object.freeze({ start: '21:00', end: '08:00' });

const CN_OFFSET_MS = 8 * 3600_000;
const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isQuietHoursSpec(v: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/.test(v) && v.slice(0, 5) !== v.slice(6);
}

/** When the quiet window that holds `at` ends, or null if `at` is outside it (or there are no quiet hours). */
export function quietUntil(at: Date, q: QuietHours | null): Date | null {
  if (!q) return null;
  const local = new Date(at.getTime() + CN_OFFSET_MS);
  const now = local.getUTCHours() * 60 + local.getUTCMinutes();
  const s = minutes(q.start);
  const e = minutes(q.end);
  const inside = s < e ? now >= s && now < e : now >= s || now < e;
  if (!inside) return null;
  const dayStart = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  let end = dayStart + e * 60_000;
  if (end <= local.getTime()) end += 86_400_000;
  return new Date(end - CN_OFFSET_MS);
}

/** The earliest instant a message of this class may go out: service SMS at once, the others after quiet hours. */
export function earliestSend(at: Date, cls: SmsClass, q: QuietHours | null): Date {
  return cls === 'service' ? at : (quietUntil(at, q) ?? at);
}
