/**
 * Rollups of closed days for long report ranges: the CallTotals of every hour and queue (report_call_hour, at the
 * configured service-level threshold) and the IVR paths of every day (report_ivr_day). `rollupDay` recomputes one
 * local day from call_record with the very SQL of the raw reports (TOTALS_SQL), so a rolled-up day and a raw day give
 * the same figures; reports read rolled-up days from here and the rest from call_record (`rolledPrefix`).
 * A day is rolled up once it is over (the nightly job runs after midnight, when the last wrap-ups are in).
 */
import type { DataSource } from 'typeorm';
import { exec, kindOfManager, rows, sqlTime, withTx } from '../sql.js';
import { reportRange } from './report-range.js';
import { AGENT_SEGMENT_SQL, OFFERED_SQL, TOTALS_SQL } from './totals-sql.js';

/** Recomputes one local day's rollups (idempotent: delete and insert in one transaction). */
export async function rollupDay(ds: DataSource, day: string, slSeconds: number, now: Date): Promise<void> {
  const r = reportRange({ from: day, to: day, slSeconds });
  const hour = kindOfManager(ds) === 'mysql' ? "DATE_FORMAT(started_at, '%Y-%m-%d %H:00:00')" : "strftime('%Y-%m-%d %H:00:00', started_at)";
  await withTx(ds, async (m) => {
    await exec(m, 'DELETE FROM report_call_hour WHERE hour_at >= ? AND hour_at < ?', [r.fromUtc, r.toUtc]);
    await exec(m, 'DELETE FROM report_ivr_day WHERE day = ?', [day]);
    await exec(m, `INSERT INTO report_call_hour (hour_at, queue, offered, answered, abandoned, within_sl, wait_s, talk_s, hold_s, wrap_s)
      SELECT ${hour}, COALESCE(queue, ''), ${TOTALS_SQL} FROM call_record
      WHERE started_at >= ? AND started_at < ? AND ${OFFERED_SQL} GROUP BY ${hour}, COALESCE(queue, '')`, [slSeconds, r.fromUtc, r.toUtc]);
    await exec(m, `INSERT INTO report_ivr_day (day, ivr_path, outcome, calls)
      SELECT ?, ivr_path, outcome, COUNT(*) FROM call_record WHERE started_at >= ? AND started_at < ? AND ivr_path IS NOT NULL GROUP BY ivr_path, outcome`, [day, r.fromUtc, r.toUtc]);
    await exec(m, 'DELETE FROM report_agent_day WHERE day = ?', [day]);
    await exec(m, `INSERT INTO report_agent_day (day, agent_id, handled, talk_s, hold_s, wrap_s, complaints)
      SELECT ?, ${AGENT_SEGMENT_SQL} FROM call_segment WHERE started_at >= ? AND started_at < ? AND agent_id IS NOT NULL GROUP BY agent_id`, [day, r.fromUtc, r.toUtc]);
    await exec(m, 'DELETE FROM report_rollup_day WHERE day = ?', [day]);
    await exec(m, 'INSERT INTO report_rollup_day (day, sl_seconds, rolled_at) VALUES (?, ?, ?)', [day, slSeconds, sqlTime(now)]);
  });
}

const nextDay = (d: string): string => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const dayStr = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/**
 * The last day D such that every day from `from` through D is rolled up at this threshold (null: `from` is not).
 * Reports read [from, D] from the rollups and (D, to] raw.
 */
export async function rolledPrefix(ds: DataSource, from: string, to: string, slSeconds: number | null): Promise<string | null> {
  const list = await rows(ds, `SELECT day, sl_seconds FROM report_rollup_day WHERE day >= ? AND day <= ? ORDER BY day`, [from, to]);
  let last: string | null = null;
  let expect = from;
  for (const x of list) {
    const d = dayStr(x.day);
    if (d !== expect || (slSeconds !== null && Number(x.sl_seconds) !== slSeconds)) break;
    last = d;
    expect = nextDay(d);
  }
  return last;
}

/** Rolls up every closed day in [from, before) not rolled up yet at this threshold (the nightly job; at most maxDays). */
export async function rollupMissing(ds: DataSource, from: string, before: string, slSeconds: number, now: Date, maxDays = 400): Promise<string[]> {
  const done = new Set((await rows(ds, 'SELECT day FROM report_rollup_day WHERE day >= ? AND day < ? AND sl_seconds = ?', [from, before, slSeconds])).map((x) => dayStr(x.day)));
  const out: string[] = [];
  for (let d = from; d < before && out.length < maxDays; d = nextDay(d)) {
    if (done.has(d)) continue;
    await rollupDay(ds, d, slSeconds, now);
    out.push(d);
  }
  return out;
}
