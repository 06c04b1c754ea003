/**
 * Reports beyond the calls: the work queue's SLA (tickets) and the media source → call → appointment → donation
 * attribution (which media bring donors who actually donate, seed 003 媒体效果).
 */
import type { DataSource } from 'typeorm';
import type { AttributionRow, WorkSlaRow } from '../../reports/report.types.js';
import { OPEN_TICKET_STATUSES_SQL } from '../../tickets/ticket.types.js';
import { kindOfManager, num, rows, sqlTime } from '../sql.js';
import type { ReportRange } from './report-range.js';

/** Tasks created in the range, by source: resolved, resolved by their due time, still open past due now. */
export async function workSlaReport(ds: DataSource, r: ReportRange, now: Date): Promise<WorkSlaRow[]> {
  const secs = kindOfManager(ds) === 'mysql' ? 'TIMESTAMPDIFF(SECOND, created_at, resolved_at)' : "(julianday(resolved_at) - julianday(created_at)) * 86400";
  const list = await rows(ds, `SELECT COALESCE(source, kind) AS src, COUNT(*) AS created,
      SUM(CASE WHEN resolved_at IS NOT NULL THEN 1 ELSE 0 END) AS resolved,
      SUM(CASE WHEN resolved_at IS NOT NULL AND (due_at IS NULL OR resolved_at <= due_at) THEN 1 ELSE 0 END) AS in_time,
      SUM(CASE WHEN status IN (${OPEN_TICKET_STATUSES_SQL}) AND due_at < ? THEN 1 ELSE 0 END) AS overdue,
      SUM(CASE WHEN resolved_at IS NOT NULL THEN ${secs} ELSE 0 END) AS resolve_s
    FROM ticket WHERE created_at >= ? AND created_at < ? GROUP BY COALESCE(source, kind) ORDER BY created DESC`, [sqlTime(now), r.fromUtc, r.toUtc]);
  return list.map((x) => {
    const resolved = num(x.resolved);
    return {
      source: String(x.src), created: num(x.created), resolved, resolvedInTime: num(x.in_time), openOverdue: num(x.overdue),
      slaRate: resolved > 0 ? num(x.in_time) / resolved : null,
      avgResolveHours: resolved > 0 ? Math.round((num(x.resolve_s) / resolved / 3600) * 10) / 10 : null,
    };
  });
}

/**
 * Per donor media source: inbound calls and distinct callers in the range; appointments made in the range (and those
 * made during a call); donations in the range by donors who made an appointment in the range, on or after the day
 * it was made (the appointment brought them), counted once per donation, and the distinct donors who gave.
 */
export async function attributionReport(ds: DataSource, r: ReportRange): Promise<AttributionRow[]> {
  const [calls, appts, gifts] = await Promise.all([
    // calls per caller first (from the covering index alone), then one donor lookup per caller instead of per call
    rows(ds, `SELECT COALESCE(d.media_source, '') AS src, SUM(x.n) AS calls, COUNT(*) AS callers
      FROM (SELECT donor_id, COUNT(*) AS n FROM call_record WHERE started_at >= ? AND started_at < ? AND direction = 'inbound' AND donor_id IS NOT NULL GROUP BY donor_id) x
      JOIN donor d ON d.id = x.donor_id GROUP BY COALESCE(d.media_source, '')`, [r.fromUtc, r.toUtc]),
    rows(ds, `SELECT COALESCE(d.media_source, '') AS src, COUNT(*) AS appts, SUM(CASE WHEN a.call_id IS NOT NULL THEN 1 ELSE 0 END) AS by_call
      FROM appointment a JOIN donor d ON d.id = a.donor_id
      WHERE a.created_at >= ? AND a.created_at < ? GROUP BY COALESCE(d.media_source, '')`, [r.fromUtc, r.toUtc]),
    rows(ds, `SELECT COALESCE(d.media_source, '') AS src, COUNT(*) AS gifts, COUNT(DISTINCT g.donor_id) AS donors
      FROM donation g JOIN donor d ON d.id = g.donor_id
      JOIN (SELECT donor_id, MIN(created_at) AS first_at FROM appointment WHERE created_at >= ? AND created_at < ? GROUP BY donor_id) fa ON fa.donor_id = g.donor_id
      WHERE g.date >= ? AND g.date <= ? AND g.outcome <> 'rejected' AND g.date >= ${kindOfManager(ds) === 'mysql' ? 'DATE(fa.first_at)' : 'date(fa.first_at)'}
      GROUP BY COALESCE(d.media_source, '')`, [r.fromUtc, r.toUtc, r.filter.from, r.filter.to]),
  ]);
  const out = new Map<string, AttributionRow>();
  const row = (src: string): AttributionRow => {
    let x = out.get(src);
    if (!x) out.set(src, (x = { mediaSource: src, calls: 0, callers: 0, appointments: 0, appointmentsByCall: 0, donations: 0, donors: 0, conversion: null }));
    return x;
  };
  for (const c of calls) Object.assign(row(String(c.src)), { calls: num(c.calls), callers: num(c.callers) });
  for (const a of appts) Object.assign(row(String(a.src)), { appointments: num(a.appts), appointmentsByCall: num(a.by_call) });
  for (const g of gifts) Object.assign(row(String(g.src)), { donations: num(g.gifts), donors: num(g.donors) });
  for (const x of out.values()) x.conversion = x.callers > 0 ? x.donors / x.callers : null;
  return [...out.values()].sort((a, b) => b.donations - a.donations || b.calls - a.calls || a.mediaSource.localeCompare(b.mediaSource));
}
