/**
 * npm run bench:reports [-- --calls 1000000 --reseed --runs 2]
 *
 * Every report (volume by hour/day/week/queue/hour-of-day, agents, IVR, work-queue SLA, media attribution) over
 * 1,000,000 call records spread over a year, with their agent segments (~850k), agent state stretches (~220k),
 * 100,000 appointments, 100,000 donations, 50,000 tasks and 200,000 donors, on MariaDB (database
 * donorline_reports_bench on MYSQL_BENCH_URL / MYSQL_TEST_URL / mysql://root@127.0.0.1:3306, kept for the next run;
 * --reseed rebuilds it). Each report is asked for one month and for the whole year (all 1M calls); the slowest of
 * `runs` runs counts. How: covering indexes and rollups of closed days (migration 1765700000000; the rollup of the
 * whole year is timed too). Aim: every report ≤ 2 s.
 * Prints one JSON document.
 */
import { parseArgs } from 'node:util';
import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { openDatabase, ReportService, REPORT_KINDS, VOLUME_GROUPS, type ReportFilter, type ReportKind } from '../src/node.js';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '1000000' }, reseed: { type: 'boolean', default: false }, runs: { type: 'string', default: '2' } } });
const CALLS = Number(values.calls);
const RUNS = Math.max(1, Number(values.runs));
const AIM_MS = 2000;
const err = (s: string): void => void process.stderr.write(s + '\n');
const DB = 'donorline_reports_bench';
// the year of data: 2025-12-01 .. 2026-11-30 local (UTC+8); one call every ~31 s on average
const START_UTC = '2025-11-30 16:00:00';
const SPAN_SECONDS = 365 * 86400;

async function count(ds: DataSource, table: string): Promise<number> {
  const [r] = (await ds.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number }[];
  return Number(r!.n);
}

/** Bulk data made by MariaDB itself from its sequence tables (seq_1_to_N): seconds, not minutes, for 1M rows. */
async function seed(ds: DataSource): Promise<number> {
  const t0 = Date.now();
  const q = async (label: string, sql: string): Promise<void> => {
    const t = Date.now();
    await ds.query(sql);
    err(`  ${label} ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  const step = SPAN_SECONDS / CALLS;
  await q('agents', `INSERT INTO app_user (username, display_name, password_hash, role, extension, active, created_at, updated_at)
    SELECT CONCAT('bench', seq), CONCAT('坐席', seq), 'x', 'agent', CONCAT('8', LPAD(seq, 3, '0')), 1, NOW(3), NOW(3) FROM seq_1_to_100`);
  await q('donors', `INSERT INTO donor (name, gender, tags, media_source, consent_recruitment, consent_sms, consent_health_data, do_not_call, had_adverse_reaction, points, created_at, updated_at)
    SELECT CONCAT('献血者', seq), IF(seq % 2, 'male', 'female'), '[]', ELT(1 + seq % 9, 'wechat', 'weibo', 'tv', 'radio', 'campus', 'workplace', 'referral', 'street-bus', NULL), 1, 1, 1, 0, 0, 0, NOW(3), NOW(3)
    FROM seq_1_to_200000`);
  await q('calls', `INSERT INTO call_record (linkedid, direction, caller_masked, donor_id, queue, agent_id, started_at, queued_at, answered_at, ended_at,
      wait_seconds, talk_seconds, hold_seconds, wrap_up_seconds, outcome, ivr_path, ivr_verified, version, updated_at)
    SELECT CONCAT('b', seq), IF(seq % 20 = 4, 'outbound', 'inbound'), '138****0000', IF(seq % 10 < 7, 1 + seq % 200000, NULL),
      IF(seq % 20 IN (2, 4), NULL, IF(seq % 10 = 0, 'complaints', 'hotline')), IF(seq % 20 IN (0, 1, 2, 4), NULL, 1 + seq % 100),
      s, s, s, DATE_ADD(s, INTERVAL 200 SECOND), seq % 60, IF(seq % 20 IN (0, 1, 2, 4), 0, 60 + seq % 400), IF(seq % 20 IN (0, 1, 2, 4), 0, seq % 30),
      IF(seq % 20 IN (0, 1, 2, 4), 0, 10 + seq % 40),
      CASE seq % 20 WHEN 0 THEN 'abandoned' WHEN 1 THEN 'abandoned' WHEN 2 THEN 'ivr-only' WHEN 3 THEN 'transferred' WHEN 4 THEN 'no-answer' ELSE 'answered' END,
      IF(seq % 20 = 4, NULL, ELT(1 + seq % 6, 'welcome>menu:0>agent', 'welcome>menu:1>identity:ok>my-donations', 'welcome>menu:2>identity:ok>appointments>type>site>booked',
        'welcome>menu:2>identity:failed', 'welcome>menu:3>sites', 'welcome>menu:4>messages>message')), 0, 1, s
    FROM (SELECT seq, DATE_ADD('${START_UTC}', INTERVAL FLOOR(seq * ${step}) SECOND) AS s FROM seq_1_to_${CALLS}) x`);
  await q('segments', `INSERT INTO call_segment (linkedid, agent_id, ext, queue, started_at, answered_at, ended_at, talk_seconds, hold_seconds, wrap_up_seconds, end_reason, disposition, updated_at)
    SELECT linkedid, agent_id, CONCAT('8', LPAD(agent_id, 3, '0')), queue, started_at, answered_at, ended_at, talk_seconds, hold_seconds, wrap_up_seconds, 'caller-hangup',
      IF(id % 50 = 0, 'complaint', 'consultation'), updated_at
    FROM call_record WHERE outcome IN ('answered', 'transferred')`);
  await q('agent states', `INSERT INTO agent_state_log (user_id, ext, state, reason, call_id, started_at, ended_at, seconds)
    SELECT 1 + seq % 100, '8000', ELT(1 + seq % 5, 'ready', 'on-call', 'wrap-up', 'paused', 'ringing'), IF(seq % 5 = 3, ELT(1 + seq % 3, 'meal', 'training', 'not-ready'), NULL), NULL,
      DATE_ADD('${START_UTC}', INTERVAL FLOOR(seq * ${SPAN_SECONDS / 220000}) SECOND), DATE_ADD('${START_UTC}', INTERVAL FLOOR(seq * ${SPAN_SECONDS / 220000}) + 300 SECOND), 300
    FROM seq_1_to_220000`);
  await q('site and slot', `INSERT INTO donation_site (code, name, kind, district, address, hours, transport, what_to_bring, capabilities, active, closes_on_holidays)
    VALUES ('B1', '献血屋', 'fixed', '市南区', '路1号', '08:30-17:30', '公交', '身份证', '["whole-blood"]', 1, 0)`);
  await ds.query(`INSERT INTO appointment_slot (site_id, type, starts_at, ends_at, capacity, booked) SELECT id, 'whole-blood', '2026-06-01 01:00:00', '2026-06-01 02:00:00', 100000, 0 FROM donation_site WHERE code = 'B1'`);
  await q('appointments', `INSERT INTO appointment (donor_id, slot_id, site_id, type, starts_at, status, channel, call_id, created_by_id, created_at, updated_at)
    SELECT 1 + (seq * 2) % 200000, (SELECT id FROM appointment_slot LIMIT 1), (SELECT id FROM donation_site WHERE code = 'B1'), 'whole-blood', c, 'arrived',
      IF(seq % 2, 'phone', 'ivr'), IF(seq % 2, CONCAT('b', seq * 10), NULL), NULL, c, c
    FROM (SELECT seq, DATE_ADD('${START_UTC}', INTERVAL FLOOR(seq * ${SPAN_SECONDS / 100000}) SECOND) AS c FROM seq_1_to_100000) x`);
  await q('donations', `INSERT INTO donation (donor_id, site_id, type, date, volume_ml, units, outcome, created_at)
    SELECT 1 + (seq * 2) % 200000, NULL, 'whole-blood', DATE(DATE_ADD('${START_UTC}', INTERVAL FLOOR(seq * ${SPAN_SECONDS / 100000}) + 3 * 86400 SECOND)), 400, NULL, 'completed', NOW(3)
    FROM seq_1_to_100000`);
  await q('tasks', `INSERT INTO ticket (kind, status, subject, source, priority, team, created_at, updated_at, due_at, resolved_at)
    SELECT 'callback', IF(seq % 4 = 0, 'new', 'resolved'), '回拨', ELT(1 + seq % 3, 'abandoned', 'survey', 'follow-up'), 'normal', 'hotline', c, c,
      DATE_ADD(c, INTERVAL 4 HOUR), IF(seq % 4 = 0, NULL, DATE_ADD(c, INTERVAL (seq % 8) HOUR))
    FROM (SELECT seq, DATE_ADD('${START_UTC}', INTERVAL FLOOR(seq * ${SPAN_SECONDS / 50000}) SECOND) AS c FROM seq_1_to_50000) x`);
  await ds.query('ANALYZE TABLE call_record, call_segment, agent_state_log, appointment, donation, ticket, donor');
  return Math.round((Date.now() - t0) / 100) / 10;
}

async function time(svc: ReportService, kind: ReportKind, f: ReportFilter): Promise<{ ms: number; rows: number }> {
  let worst = 0;
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    const r = await svc.run(kind, f);
    worst = Math.max(worst, Number(process.hrtime.bigint() - t) / 1e6);
    rows = r.rows.length;
  }
  return { ms: Math.round(worst), rows };
}

const server = (process.env.MYSQL_BENCH_URL ?? process.env.MYSQL_TEST_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/[^/@:]*$/, '');
const c = await createConnection({ uri: server, connectTimeout: 3000 });
if (values.reseed) await c.query(`DROP DATABASE IF EXISTS ${DB}`);
await c.query(`CREATE DATABASE IF NOT EXISTS ${DB} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
await c.end();
const ds = await openDatabase({ kind: 'mysql', url: `${server}/${DB}` });
const result: Record<string, unknown> = {
  bench: 'reports', node: process.version, db: 'mariadb',
  how: 'covering indexes (ix_call_record_report, ix_call_record_ivr, ix_call_record_caller_time, ix_call_segment_report, ix_agent_state_log_time, ix_ticket_created, ix_appointment_created) for raw ranges; rollups of closed days (report_call_hour, report_ivr_day, report_agent_day) for volume, IVR and agents',
};
try {
  let seedSeconds: number | null = null;
  if ((await count(ds, 'call_record')) < CALLS) {
    if ((await count(ds, 'call_record')) > 0) throw new Error(`${DB} is partly filled: run with --reseed`);
    err(`seeding ${CALLS} calls …`);
    seedSeconds = await seed(ds);
  }
  const sizes = { calls: await count(ds, 'call_record'), segments: await count(ds, 'call_segment'), agentStates: await count(ds, 'agent_state_log'), appointments: await count(ds, 'appointment'), donations: await count(ds, 'donation'), tasks: await count(ds, 'ticket'), donors: await count(ds, 'donor') };
  const svc = new ReportService(ds, () => new Date('2026-12-01T04:00:00Z'));
  // the nightly job's work for a year of closed days (a real centre does one day a night)
  const tr = Date.now();
  const rolled = await svc.rollupMissing('2025-12-01', '2026-12-01', 20);
  const rollupSeconds = Math.round((Date.now() - tr) / 100) / 10;
  err(`rolled up ${rolled.length} days in ${rollupSeconds} s`);
  const ranges = { month: { from: '2026-11-01', to: '2026-11-30' }, year: { from: '2025-12-01', to: '2026-11-30' } } as const;
  const timings: Array<{ report: string; range: string; ms: number; rows: number; met: boolean }> = [];
  for (const [range, f] of Object.entries(ranges)) {
    for (const kind of REPORT_KINDS) {
      const groups = kind === 'volume' ? VOLUME_GROUPS : [undefined];
      for (const group of groups) {
        const r = await time(svc, kind, { ...f, ...(group ? { group } : {}) });
        const name = group ? `${kind}:${group}` : kind;
        err(`  ${range} ${name}: ${r.ms} ms (${r.rows} rows)`);
        timings.push({ report: name, range, ...r, met: r.ms <= AIM_MS });
      }
    }
  }
  const slowest = timings.reduce((a, b) => (b.ms > a.ms ? b : a));
  Object.assign(result, { seedSeconds, rollup: { days: rolled.length, seconds: rollupSeconds, perDaySeconds: rolled.length ? Math.round((rollupSeconds / rolled.length) * 1000) / 1000 : null }, sizes, runsEach: RUNS, timings, slowest: { report: slowest.report, range: slowest.range, ms: slowest.ms }, aim: { msPerReport: AIM_MS, calls: 1_000_000 }, pass: sizes.calls >= 1_000_000 && timings.every((x) => x.met) });
} finally {
  await ds.destroy();
}
console.log(JSON.stringify(result, null, 2));
