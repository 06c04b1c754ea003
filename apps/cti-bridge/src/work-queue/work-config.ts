/**
 * The work queue's configuration from env (read once by config.ts):
 *  WORK_DUE_HOURS  due hours per kind, `kind=hours` comma-separated; `callback:<source>=hours` for one source, e.g.
 *                  "complaint=24,callback=24,callback:abandoned=4" (merged over the defaults: complaints and
 *                  unsatisfied-donor callbacks within 24 h).
 *  WORK_TEAM       the pool new work goes to when the donor has no active account manager (default hotline).
 *  WORK_TICK_SECONDS  how often overdue work is escalated and changes by other processes (the IVR) are pushed (15).
 *  CONTACT_HOURS   the contact policy's calling hours for proactive calls and call-backs from tasks, HH:MM-HH:MM
 *                  local (default 09:00-20:00; 00:00-24:00 = around the clock, e.g. a 24 h service team or tests).
 */
import { DEFAULT_WORK_RULES, TASK_SOURCES, TICKET_KINDS, type WorkRules } from '@donorline/domain';

export interface WorkConfig {
  rules: WorkRules;
  tickSeconds: number;
  /** CONTACT_HOURS, or null for the contact policy's default. */
  contactHours: { start: string; end: string } | null;
}

export function workConfig(env: Readonly<Record<string, string | undefined>>, fail: (msg: string) => Error): WorkConfig {
  const dueHours: Record<string, number> = { ...DEFAULT_WORK_RULES.dueHours };
  for (const part of (env.WORK_DUE_HOURS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z-]+)(?::([a-z-]+))?=(\d+(?:\.\d+)?)$/.exec(part);
    const kind = m?.[1];
    const source = m?.[2];
    const hours = Number(m?.[3]);
    if (!m || !(TICKET_KINDS as readonly string[]).includes(kind!) || (source !== undefined && !(TASK_SOURCES as readonly string[]).includes(source)) || !(hours > 0 && hours <= 24 * 90)) {
      throw fail(`WORK_DUE_HOURS: "${part}" is not kind[:source]=hours (kinds ${TICKET_KINDS.join('/')}, sources ${TASK_SOURCES.join('/')}, 0 < hours ≤ 2160)`);
    }
    dueHours[source ? `${kind}:${source}` : kind!] = hours;
  }
  const team = env.WORK_TEAM || DEFAULT_WORK_RULES.defaultTeam;
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(team)) throw fail('WORK_TEAM must be 1–32 letters, digits, _ or -');
  const tick = env.WORK_TICK_SECONDS ? Number(env.WORK_TICK_SECONDS) : 15;
  if (!Number.isInteger(tick) || tick < 1 || tick > 3600) throw fail('WORK_TICK_SECONDS must be an integer in 1..3600');
  let contactHours: WorkConfig['contactHours'] = null;
  if (env.CONTACT_HOURS) {
    const m = /^(([01]\d|2[0-3]):[0-5]\d)-(([01]\d|2[0-3]):[0-5]\d|24:00)$/.exec(env.CONTACT_HOURS);
    if (!m || m[1]! >= m[3]!) throw fail('CONTACT_HOURS must be HH:MM-HH:MM (start before end, end up to 24:00), e.g. 09:00-20:00');
    contactHours = { start: m[1]!, end: m[3]! };
  }
  return { rules: { dueHours, defaultTeam: team }, tickSeconds: tick, contactHours };
}
