/**
 * Call reports over call_record and call_segment: volume (by hour/day/week/queue), per agent, IVR. Each SQL sums
 * exactly the CallTotals of reports/figures.ts (offered = inbound answered/transferred/abandoned …) and leaves the
 * rates to `queueFigures`, so the wallboard and every report compute a figure the same way. Days already rolled up
 * (rollup.ts) are read from the rollups, the rest from call_record; both sum the same totals.
 */
import type { DataSource } from 'typeorm';
import { emptyTotals, occupancy, queueFigures, averageHandleSeconds, type CallTotals, type QueueFigures } from '../../reports/figures.js';
import { ivrFigures } from '../../reports/ivr-figures.js';
import type { AgentReportRow, IvrNodeRow, IvrReport, VolumeGroup, VolumeRow } from '../../reports/report.types.js';
import type { CallOutcome } from '../../calls/call.types.js';
import { num, rows, Where } from '../sql.js';
import { bucketSql, reportRange, type ReportRange } from './report-range.js';
import { rolledPrefix } from './rollup.js';
import { AGENT_SEGMENT_SQL, OFFERED_SQL, ROLLUP_TOTALS_SQL, TOTALS_SQL } from './totals-sql.js';

const totalsOf = (r: Record<string, unknown>): CallTotals => ({
  offered: num(r.offered), answered: num(r.answered), abandoned: num(r.abandoned), answeredWithinSl: num(r.within_sl),
  answeredWaitSeconds: num(r.wait_s), talkSeconds: num(r.talk_s), holdSeconds: num(r.hold_s), wrapUpSeconds: num(r.wrap_s),
});

function offeredWhere(r: ReportRange): Where {
  const w = new Where();
  w.add('started_at >= ?', r.fromUtc).add('started_at < ?', r.toUtc);
  w.add(OFFERED_SQL);
  if (r.filter.queue) w.add('queue = ?', r.filter.queue);
  if (r.filter.agentId) w.add('agent_id = ?', r.filter.agentId);
  return w;
}

const nextDay = (d: string): string => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Splits a range into its rolled-up head (null: none) and the raw rest (null: none); `sl` null: any threshold will do. */
async function split(ds: DataSource, r: ReportRange, useRollup: boolean, sl: number | null = r.filter.slSeconds): Promise<{ rolled: ReportRange | null; raw: ReportRange | null }> {
  const last = useRollup ? await rolledPrefix(ds, r.filter.from, r.filter.to, sl) : null;
  if (!last) return { rolled: null, raw: r };
  const rolled = reportRange({ ...r.filter, to: last });
  return { rolled, raw: last >= r.filter.to ? null : reportRange({ ...r.filter, from: nextDay(last) }) };
}

/** Offered/answered/abandoned, service level, abandon rate, ASA, AHT per bucket, plus the whole range. */
export async function volumeReport(ds: DataSource, r: ReportRange, group: VolumeGroup = 'day'): Promise<{ rows: VolumeRow[]; total: QueueFigures }> {
  const parts = await split(ds, r, !r.filter.agentId);
  const byBucket = new Map<string, CallTotals>();
  const add = (list: Array<Record<string, unknown>>): void => {
    for (const x of list) {
      const b = String(x.bucket ?? '');
      byBucket.set(b, sumInto(byBucket.get(b) ?? emptyTotals(), totalsOf(x)));
    }
  };
  if (parts.rolled) {
    const w = new Where();
    w.add('hour_at >= ?', parts.rolled.fromUtc).add('hour_at < ?', parts.rolled.toUtc);
    if (r.filter.queue) w.add('queue = ?', r.filter.queue);
    const b = bucketSql(ds, 'hour_at', group);
    add(await rows(ds, `SELECT ${b} AS bucket, ${ROLLUP_TOTALS_SQL} FROM report_call_hour ${w.sql} GROUP BY ${b}`, w.params));
  }
  if (parts.raw) {
    const w = offeredWhere(parts.raw);
    const b = bucketSql(ds, 'started_at', group);
    add(await rows(ds, `SELECT ${b} AS bucket, ${TOTALS_SQL} FROM call_record ${w.sql} GROUP BY ${b}`, [r.filter.slSeconds, ...w.params]));
  }
  let total = emptyTotals();
  const out: VolumeRow[] = [...byBucket.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([bucket, t]) => {
    total = sumInto(total, t);
    return { bucket, ...queueFigures(t) };
  });
  return { rows: out, total: queueFigures(total) };
}

function sumInto(a: CallTotals, b: CallTotals): CallTotals {
  for (const k of Object.keys(a) as Array<keyof CallTotals>) a[k] += b[k];
  return a;
}

/** Today's (or any range's) figures per queue, for the wallboard: the same SQL as the volume report by queue. */
export async function queueFiguresOf(ds: DataSource, r: ReportRange): Promise<Map<string, QueueFigures>> {
  const { rows: list } = await volumeReport(ds, r, 'queue');
  return new Map(list.map((x) => [x.bucket, x]));
}

const STATE_KEYS: Record<string, 'ready' | 'ringing' | 'onCall' | 'wrapUp' | 'paused'> = {
  ready: 'ready', ringing: 'ringing', 'on-call': 'onCall', 'wrap-up': 'wrapUp', paused: 'paused',
};

/** Per agent: handled segments, talk, hold, wrap-up, AHT, pause by reason, occupancy, complaint calls. */
export async function agentReport(ds: DataSource, r: ReportRange, now: Date): Promise<AgentReportRow[]> {
  // rolled-up days from report_agent_day, the rest from call_segment; summed per agent
  const parts = await split(ds, r, true, null);
  const segList: Array<Record<string, unknown>> = [];
  if (parts.rolled) {
    const w = new Where();
    w.add('day >= ?', parts.rolled.filter.from).add('day <= ?', parts.rolled.filter.to);
    if (r.filter.agentId) w.add('agent_id = ?', r.filter.agentId);
    segList.push(...(await rows(ds, `SELECT agent_id, SUM(handled) AS handled, SUM(talk_s) AS talk_s, SUM(hold_s) AS hold_s, SUM(wrap_s) AS wrap_s,
      SUM(complaints) AS complaints FROM report_agent_day ${w.sql} GROUP BY agent_id`, w.params)));
  }
  if (parts.raw) {
    const sw = new Where();
    sw.add('started_at >= ?', parts.raw.fromUtc).add('started_at < ?', parts.raw.toUtc).add('agent_id IS NOT NULL');
    if (r.filter.agentId) sw.add('agent_id = ?', r.filter.agentId);
    segList.push(...(await rows(ds, `SELECT ${AGENT_SEGMENT_SQL} FROM call_segment ${sw.sql} GROUP BY agent_id`, sw.params)));
  }
  const segs = [...segList.reduce((m, x) => {
    const id = Number(x.agent_id);
    const cur = m.get(id);
    if (!cur) m.set(id, { ...x });
    else for (const k of ['handled', 'talk_s', 'hold_s', 'wrap_s', 'complaints']) cur[k] = num(cur[k]) + num(x[k]);
    return m;
  }, new Map<number, Record<string, unknown>>()).values()];
  const lw = new Where();
  lw.add('started_at >= ?', r.fromUtc).add('started_at < ?', r.toUtc);
  if (r.filter.agentId) lw.add('user_id = ?', r.filter.agentId);
  // a stretch still open counts up to now; a stretch is attributed to the day it started
  const states = await rows(ds, `SELECT user_id, state, reason, SUM(seconds) AS secs FROM agent_state_log ${lw.sql} AND ended_at IS NOT NULL GROUP BY user_id, state, reason`, lw.params);
  const open = await rows(ds, `SELECT user_id, state, reason, started_at FROM agent_state_log ${lw.sql} AND ended_at IS NULL`, lw.params);
  const byAgent = new Map<number, { st: Record<'ready' | 'ringing' | 'onCall' | 'wrapUp' | 'paused', number>; pause: Record<string, number> }>();
  const agentOf = (id: number) => {
    let a = byAgent.get(id);
    if (!a) byAgent.set(id, (a = { st: { ready: 0, ringing: 0, onCall: 0, wrapUp: 0, paused: 0 }, pause: {} }));
    return a;
  };
  const addState = (userId: number, state: string, reason: unknown, secs: number) => {
    const key = STATE_KEYS[state];
    if (!key) return;
    const a = agentOf(userId);
    a.st[key] += secs;
    if (key === 'paused') a.pause[String(reason ?? 'other')] = (a.pause[String(reason ?? 'other')] ?? 0) + secs;
  };
  for (const s of states) addState(Number(s.user_id), String(s.state), s.reason, num(s.secs));
  for (const s of open) addState(Number(s.user_id), String(s.state), s.reason, Math.max(0, Math.round((now.getTime() - toMs(s.started_at)) / 1000)));
  const segBy = new Map(segs.map((s) => [Number(s.agent_id), s]));
  const qaBy = await qaScoresOf(ds, r);
  const ids = [...new Set([...segBy.keys(), ...byAgent.keys()])];
  if (ids.length === 0) return [];
  const users = await rows(ds, `SELECT id, display_name, extension FROM app_user WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
  const userBy = new Map(users.map((u) => [Number(u.id), u]));
  return ids.map((id): AgentReportRow => {
    const s = segBy.get(id);
    const a = byAgent.get(id);
    const talk = num(s?.talk_s), hold = num(s?.hold_s), wrap = num(s?.wrap_s), handled = num(s?.handled);
    const u = userBy.get(id);
    return {
      agentId: id, name: String(u?.display_name ?? `#${id}`), extension: (u?.extension as string | null) ?? null,
      handled, talkSeconds: talk, holdSeconds: hold, wrapUpSeconds: wrap, ahtSeconds: averageHandleSeconds(talk, hold, wrap, handled),
      pausedSeconds: a?.st.paused ?? 0, pauseByReason: a?.pause ?? {}, occupancy: a ? occupancy(a.st) : null, complaints: num(s?.complaints),
      qaScore: qaBy.get(id)?.score ?? null, qaEvaluations: qaBy.get(id)?.n ?? 0,
    };
  }).sort((x, y) => y.handled - x.handled || x.name.localeCompare(y.name));
}

/** The agents' mean published QA score over the evaluations of their calls (segments) that started in the range. */
async function qaScoresOf(ds: DataSource, r: ReportRange): Promise<Map<number, { score: number | null; n: number }>> {
  const w = new Where();
  w.add('s.started_at >= ?', r.fromUtc).add('s.started_at < ?', r.toUtc).add("e.kind = 'regular'").add("e.status <> 'draft'").add('e.agent_id IS NOT NULL');
  if (r.filter.agentId) w.add('e.agent_id = ?', r.filter.agentId);
  const list = await rows(ds, `SELECT e.agent_id, AVG(e.score) AS score, COUNT(*) AS n FROM qa_evaluation e JOIN call_segment s ON s.id = e.call_segment_id ${w.sql} GROUP BY e.agent_id`, w.params);
  return new Map(list.map((x) => [Number(x.agent_id), { score: x.score === null ? null : Math.round(Number(x.score) * 10) / 10, n: num(x.n) }]));
}

const toMs = (v: unknown): number => (v instanceof Date ? v.getTime() : Date.parse(String(v).replace(' ', 'T') + 'Z'));

/** IVR containment and drop-off per node: SQL groups identical paths, the pure ivrFigures does the rest. */
export async function ivrReport(ds: DataSource, r: ReportRange): Promise<IvrReport> {
  // the IVR rollup has no queue: a queue filter reads raw
  const parts = await split(ds, r, !r.filter.queue);
  const list: Array<Record<string, unknown>> = [];
  if (parts.rolled) {
    list.push(...(await rows(ds, 'SELECT ivr_path, outcome, SUM(calls) AS n FROM report_ivr_day WHERE day >= ? AND day <= ? GROUP BY ivr_path, outcome', [parts.rolled.filter.from, parts.rolled.filter.to])));
  }
  if (parts.raw) {
    const w = new Where();
    w.add('started_at >= ?', parts.raw.fromUtc).add('started_at < ?', parts.raw.toUtc).add('ivr_path IS NOT NULL');
    if (r.filter.queue) w.add('(queue = ? OR queue IS NULL)', r.filter.queue);
    list.push(...(await rows(ds, `SELECT ivr_path, outcome, COUNT(*) AS n FROM call_record ${w.sql} GROUP BY ivr_path, outcome`, w.params)));
  }
  const f = ivrFigures(list.map((x) => ({ ivrPath: String(x.ivr_path), outcome: (x.outcome as CallOutcome | null) ?? null, count: num(x.n) })));
  const nodes: IvrNodeRow[] = f.nodes.map((n) => ({ ...n, dropRate: n.reached > 0 ? n.endedHere / n.reached : null }));
  return { entered: f.entered, contained: f.contained, toAgent: f.toAgent, containment: f.containment, nodes };
}
