/**
 * The IVR's configuration, read once from the environment, validated, frozen, passed down.
 *   ARI_URL            http://user:pass@host:port of Asterisk's ARI (default: the simulator, donorline/donorline @ 127.0.0.1:18088)
 *   IVR_APP            Stasis application name (default donorline-ivr; the dialplan runs Stasis(donorline-ivr,inbound,96606))
 *   DB_URL             mysql://… for MariaDB/MySQL; unset = the embedded SQLite database under data/
 *   IVR_SURVEY         1 = offer the satisfaction survey after the agent hangs up (sets DL_SURVEY=1)
 *   Agent hours come from the service calendar in the database (desk: 系统管理 → 服务日历), re-read every
 *   IVR_CALENDAR_REFRESH_SECS (default 60); these three, when set, override the database's value of that field:
 *   IVR_HOURS          agent hours, HH:MM-HH:MM local (fallback 08:00-20:00)
 *   IVR_WEEKDAYS       ISO weekdays with agents, e.g. 1-5 or 1,2,3,4,5,6,7 (fallback 1-7)
 *   IVR_HOLIDAYS       closed days: a JSON file [{ "date": "YYYY-MM-DD", "name": "…" }] or YYYY-MM-DD,… (fallback: built-in calendar)
 *   IVR_BOOKING_DAYS   days offered for booking (default 7)
 *   IVR_PREFERRED_SECS seconds the account manager rings first (default: the domain's routing rules, 20)
 *   ARI_REQUEST_TIMEOUT_MS / ARI_CONNECT_TIMEOUT_MS (defaults 5000 / 5000)
 *   IVR_ARI_RECORDINGS_DIR  where the PBX stores ARI recordings, as the desk must find them
 *                      (Asterisk: /var/spool/asterisk/recording; default: the simulator's data/recordings/ari)
 *   IVR_AREA_CODE      area code for bare local caller numbers (default 0532, Qingdao)
 *   IVR_PIN_MAX_FAILURES  wrong quality dial-in PINs in a row (across calls) before a staff member is locked out (default 5)
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_ROUTING_RULES, isLocalDate, PBX_DEFAULTS, type RoutingRules } from '@donorline/domain';
import type { EnvHoursFields } from './calendar/service-hours-source.js';
import { DEFAULT_SERVICE_HOURS, type ServiceHours } from './flows/service-hours.js';

export interface IvrConfig {
  ari: { url: string; app: string; connectTimeoutMs: number; requestTimeoutMs: number };
  db: { url: string | null };
  recordings: { ariDir: string };
  areaCode: string;
  survey: boolean;
  hours: ServiceHours;
  /** Which fields of `hours` the environment set (they override the database's service calendar). */
  hoursFromEnv: EnvHoursFields;
  /** How often the service calendar is re-read from the database. */
  calendarRefreshMs: number;
  bookingWindowDays: number;
  routing: RoutingRules;
  /** Quality dial-in: wrong PINs in a row (across calls) before the staff member is locked out. */
  qa: { pinMaxFailures: number };
}

export const DEFAULT_ARI_URL = 'http://donorline:donorline@127.0.0.1:18088';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

function parseWeekdays(s: string): number[] | null {
  const out = new Set<number>();
  for (const part of s.split(',')) {
    const m = /^\s*([1-7])(?:\s*-\s*([1-7]))?\s*$/.exec(part);
    if (!m) return null;
    const a = Number(m[1]);
    const b = m[2] ? Number(m[2]) : a;
    for (let d = Math.min(a, b); d <= Math.max(a, b); d++) out.add(d);
  }
  return [...out].sort();
}

function parseHolidays(s: string): ServiceHours['holidays'] | null {
  const text = s.trim().startsWith('[') || !/^\d{4}-/.test(s.trim()) ? (s.trim().startsWith('[') ? s : readFileSync(s, 'utf8')) : null;
  const list: { date: string; name: string }[] = text
    ? (JSON.parse(text) as { date: string; name?: string }[]).map((h) => ({ date: h.date, name: h.name ?? '' }))
    : s.split(',').map((d) => ({ date: d.trim(), name: '' }));
  return list.every((h) => isLocalDate(h.date)) ? list : null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<IvrConfig> {
  const problems: string[] = [];
  const int = (name: string, dflt: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return dflt;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) problems.push(`${name} must be an integer ${min}–${max} (got '${raw}')`);
    return n;
  };

  const url = env.ARI_URL || DEFAULT_ARI_URL;
  try {
    const u = new URL(url);
    if (!/^https?:$/.test(u.protocol) || !u.username) problems.push('ARI_URL must be http(s)://user:pass@host:port');
  } catch {
    problems.push(`ARI_URL is not a URL: '${url}'`);
  }

  const hours: ServiceHours = { ...DEFAULT_SERVICE_HOURS };
  if (env.IVR_HOURS) {
    const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/.exec(env.IVR_HOURS);
    if (!m) problems.push(`IVR_HOURS must be HH:MM-HH:MM (got '${env.IVR_HOURS}')`);
    else {
      hours.open = `${m[1]}:${m[2]}`;
      hours.close = `${m[3]}:${m[4]}`;
    }
  }
  if (env.IVR_WEEKDAYS) {
    const w = parseWeekdays(env.IVR_WEEKDAYS);
    if (!w) problems.push(`IVR_WEEKDAYS must be ISO weekdays like 1-5 or 1,2,3 (got '${env.IVR_WEEKDAYS}')`);
    else hours.weekdays = w;
  }
  if (env.IVR_HOLIDAYS) {
    try {
      const h = parseHolidays(env.IVR_HOLIDAYS);
      if (!h) problems.push('IVR_HOLIDAYS holds a date that is not YYYY-MM-DD');
      else hours.holidays = h;
    } catch (e) {
      problems.push(`IVR_HOLIDAYS: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  if (env.IVR_AREA_CODE && !/^0\d{2,3}$/.test(env.IVR_AREA_CODE)) problems.push(`IVR_AREA_CODE must look like 0532 (got '${env.IVR_AREA_CODE}')`);
  const survey = env.IVR_SURVEY ?? '0';
  if (!['0', '1', 'true', 'false', ''].includes(survey)) problems.push(`IVR_SURVEY must be 1 or 0 (got '${survey}')`);

  const config: IvrConfig = {
    ari: {
      url,
      app: env.IVR_APP || PBX_DEFAULTS.ivrApp,
      connectTimeoutMs: int('ARI_CONNECT_TIMEOUT_MS', 5000, 100, 120_000),
      requestTimeoutMs: int('ARI_REQUEST_TIMEOUT_MS', 5000, 50, 120_000),
    },
    db: { url: env.DB_URL || null },
    recordings: { ariDir: resolve(env.IVR_ARI_RECORDINGS_DIR || join('data', 'recordings', 'ari')) },
    areaCode: env.IVR_AREA_CODE || '0532',
    survey: survey === '1' || survey === 'true',
    hours,
    hoursFromEnv: { hours: !!env.IVR_HOURS, weekdays: !!env.IVR_WEEKDAYS, holidays: !!env.IVR_HOLIDAYS },
    calendarRefreshMs: int('IVR_CALENDAR_REFRESH_SECS', 60, 1, 3600) * 1000,
    bookingWindowDays: int('IVR_BOOKING_DAYS', 7, 1, 30),
    routing: { ...DEFAULT_ROUTING_RULES, preferAccountManagerSecs: int('IVR_PREFERRED_SECS', DEFAULT_ROUTING_RULES.preferAccountManagerSecs, 0, 120) },
    qa: { pinMaxFailures: int('IVR_PIN_MAX_FAILURES', 5, 1, 20) },
  };
  if (problems.length > 0) throw new ConfigError(`invalid IVR configuration:\n  - ${problems.join('\n  - ')}`);
  return deepFreeze(config);
}
