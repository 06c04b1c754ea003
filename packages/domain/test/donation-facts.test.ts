/**
 * The donor row's donation facts (donation_count, first/last_donation_date, last_donation_type, platelet_count,
 * last_platelet_date) agree with the donation table after every writer — the file import, a re-import, a corrected
 * row (date, outcome → rejected, moved to another donor), the ingest API, the test builder, the backfill migration —
 * and the optimised readers give the same answers as the straightforward queries they replaced: segment counts
 * (compileSegment with and without facts) and the planner's ranked list (pool from facts vs from donations).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { donationFacts } from '../src/donations/donation-facts.js';
import { compileSegment } from '../src/db/crm/segment-sql.js';
import { backfillDonationFacts } from '../src/db/migrations/1766400000000-donation-facts.js';
import { rankedList } from '../src/db/planning/ranked-list.js';
import { DEFAULT_RULE_SET } from '../src/eligibility/rule-set.js';
import { validateSegmentRule } from '../src/crm/segment-rule.js';
import { createDomainServices, DEMO_PII_KEYS, seedDemoData, type DomainServices } from '../src/node.js';
import { becsDonationRows, becsDonorRows, buildDonation, buildDonor, describeEachDb, DONATION_HEADERS, DONOR_HEADERS, writeBecsCsv } from '../src/testing/index.js';

const NOW = new Date('2026-11-22T02:00:00Z');
const TODAY = '2026-11-22';
const dir = mkdtempSync(join(tmpdir(), 'dl-facts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;
const file = (): string => join(dir, `f${++seq}.csv`);
const day = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

type Facts = ReturnType<typeof donationFacts>;

/** Every donor's stored facts vs the facts computed from its donations (in id order), straight from the tables. */
async function mismatches(ds: DataSource): Promise<{ id: number; stored: Facts; actual: Facts }[]> {
  const donors = (await ds.query('SELECT id, donation_count, first_donation_date, last_donation_date, last_donation_type, platelet_count, last_platelet_date FROM donor ORDER BY id')) as Record<string, unknown>[];
  const dons = (await ds.query('SELECT donor_id, type, date, outcome FROM donation ORDER BY id')) as Record<string, unknown>[];
  const by = new Map<number, { type: string; date: string; outcome: string }[]>();
  for (const d of dons) {
    const k = Number(d.donor_id);
    (by.get(k) ?? by.set(k, []).get(k)!).push({ type: String(d.type), date: day(d.date)!, outcome: String(d.outcome) });
  }
  const out: { id: number; stored: Facts; actual: Facts }[] = [];
  for (const r of donors) {
    const stored: Facts = {
      donationCount: Number(r.donation_count), firstDonationDate: day(r.first_donation_date), lastDonationDate: day(r.last_donation_date),
      lastDonationType: (r.last_donation_type ?? null) as Facts['lastDonationType'], plateletCount: Number(r.platelet_count), lastPlateletDate: day(r.last_platelet_date),
    };
    const actual = donationFacts((by.get(Number(r.id)) ?? []) as Parameters<typeof donationFacts>[0]);
    if (JSON.stringify(stored) !== JSON.stringify(actual)) out.push({ id: Number(r.id), stored, actual });
  }
  return out;
}

describeEachDb('donation facts on the donor row', (ctx) => {
  let svc: DomainServices;
  const run = async (path: string): Promise<Record<string, number>> => {
    const job = await svc.integration.jobs.create({ path, fileName: 'x.csv', source: 'shinow', createdBy: null });
    await svc.integration.run(job.id);
    await svc.integration.jobs.requestApply(job.id, false, null);
    const done = await svc.integration.run(job.id);
    expect(done.status).toBe('done');
    return done.counts as unknown as Record<string, number>;
  };

  beforeAll(async () => {
    // a small generated population (seed: a donation writer too), then imported donors on top
    await seedDemoData(ctx.ds, { pii: DEMO_PII_KEYS, donors: 400, seed: 3, today: TODAY, reset: true });
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => NOW, defaultAreaCode: '0532' });
  });

  it('the seed writes facts equal to its donations; so does the test builder (incl. a rejected and a same-day donation)', async () => {
    expect(await mismatches(ctx.ds)).toEqual([]);
    const [n] = (await ctx.ds.query('SELECT COUNT(*) AS n FROM donor WHERE donation_count > 0 AND platelet_count > 0')) as { n: number }[];
    expect(Number(n!.n)).toBeGreaterThan(0);
    const id = (await buildDonor(ctx.ds, {})).id;
    await buildDonation(ctx.ds, id, { type: 'platelets', date: '2026-03-01' });
    await buildDonation(ctx.ds, id, { type: 'whole-blood', date: '2026-06-01' });
    await buildDonation(ctx.ds, id, { type: 'plasma', date: '2026-06-01' });
    await buildDonation(ctx.ds, id, { type: 'platelets', date: '2026-09-01', outcome: 'rejected' });
    const [r] = (await ctx.ds.query('SELECT donation_count, last_donation_type, platelet_count, last_platelet_date, last_donation_date FROM donor WHERE id = ?', [id])) as Record<string, unknown>[];
    expect({ ...r, last_platelet_date: day(r!.last_platelet_date), last_donation_date: day(r!.last_donation_date), donation_count: Number(r!.donation_count), platelet_count: Number(r!.platelet_count) })
      .toEqual({ donation_count: 3, last_donation_type: 'plasma', platelet_count: 1, last_platelet_date: '2026-03-01', last_donation_date: '2026-06-01' });
    expect(await mismatches(ctx.ds)).toEqual([]);
  });

  it('file import, re-import, corrected rows (date, rejected, moved to another donor) and the ingest API keep the facts', async () => {
    const donors = file();
    const dons = file();
    await writeBecsCsv(donors, DONOR_HEADERS, becsDonorRows({ count: 60, prefix: 'DF' }));
    const rows = [...becsDonationRows({ donors: 60, perDonor: 3, prefix: 'DF' })];
    await writeBecsCsv(dons, DONATION_HEADERS, rows);
    expect(await run(donors)).toMatchObject({ created: 60 });
    expect(await run(dons)).toMatchObject({ created: 180 });
    expect(await mismatches(ctx.ds)).toEqual([]);
    const before = await ctx.ds.query("SELECT * FROM donor WHERE becs_donor_no LIKE 'DF%' ORDER BY id");
    // the same file again: nothing written, the facts as they were
    const again = file();
    await writeBecsCsv(again, DONATION_HEADERS, rows);
    expect(await run(again)).toMatchObject({ created: 0, updated: 0, unchanged: 180 });
    expect(await ctx.ds.query("SELECT * FROM donor WHERE becs_donor_no LIKE 'DF%' ORDER BY id")).toEqual(before);
    // corrected rows: a later date, a collection that turned out rejected, a donation moved to another donor
    const fixed = rows.map((r) => [...r]);
    fixed[0]![2] = '2026-11-20';
    const withOutcome = [...DONATION_HEADERS, '结果'];
    const out = fixed.map((r, i) => [...r, i === 4 ? '不合格' : '合格']);
    out[7]![1] = rows[30]![1]!; // donor 2's third donation belongs to donor 10
    const corrected = file();
    await writeBecsCsv(corrected, withOutcome, out);
    expect(await run(corrected)).toMatchObject({ created: 0, updated: 3 });
    expect(await mismatches(ctx.ds)).toEqual([]);
    const [first] = (await ctx.ds.query('SELECT last_donation_date FROM donor WHERE becs_donor_no = ?', [rows[0]![1]])) as Record<string, unknown>[];
    expect(day(first!.last_donation_date)).toBe('2026-11-20');
    // the ingest API: a new donation and a correction to rejected
    const res = await svc.integration.ingest.ingest('donations', [
      { donationNo: 'DF-API-1', donorNo: rows[3]![1], date: '2026-11-21', product: '机采血小板', volume: '2治疗量' },
      { donationNo: rows[9]![0], donorNo: rows[9]![1], date: rows[9]![2], product: rows[9]![3], volume: rows[9]![4], outcome: '不合格' },
    ], { apiKeyId: null });
    expect(res.results.map((r) => r.outcome)).toEqual(['created', 'updated']);
    expect(await mismatches(ctx.ds)).toEqual([]);
  });

  it('the backfill migration computes the same facts from the donations', async () => {
    const snapshot = await ctx.ds.query('SELECT id, donation_count, first_donation_date, last_donation_date, last_donation_type, platelet_count, last_platelet_date FROM donor ORDER BY id');
    await ctx.ds.query('UPDATE donor SET donation_count = 0, first_donation_date = NULL, last_donation_date = NULL, last_donation_type = NULL, platelet_count = 0, last_platelet_date = NULL');
    expect((await mismatches(ctx.ds)).length).toBeGreaterThan(100);
    const q = ctx.ds.createQueryRunner();
    try {
      await backfillDonationFacts(q, 97); // small ranges: several statements, edges included
    } finally {
      await q.release();
    }
    expect(await mismatches(ctx.ds)).toEqual([]);
    expect(await ctx.ds.query('SELECT id, donation_count, first_donation_date, last_donation_date, last_donation_type, platelet_count, last_platelet_date FROM donor ORDER BY id')).toEqual(snapshot);
  });

  it('segment counts from the facts equal the straightforward donation-table SQL', async () => {
    const rules: unknown[] = [
      { op: 'and', rules: [{ field: 'bloodAbo', op: 'in', value: ['O'] }, { field: 'monthsSinceLastDonation', op: 'gte', value: 12 }, { field: 'consentRecruitment', op: 'eq', value: true }] },
      { field: 'monthsSinceLastDonation', op: 'between', value: [3, 18] },
      { field: 'monthsSinceLastDonation', op: 'lte', value: 6 },
      { field: 'donationCount', op: 'eq', value: 1 },
      { field: 'donationCount', op: 'gte', value: 2, donationType: 'platelets' },
      { field: 'donationCount', op: 'between', value: [1, 3], donationType: 'whole-blood' },
      { field: 'firstDonation', op: 'after', value: '2024-06-01' },
      { field: 'lastDonation', op: 'between', value: ['2025-01-01', '2026-06-30'] },
      { field: 'eligibleOn', op: 'eq', value: { type: 'platelets', date: '2026-12-01' } },
      { op: 'or', rules: [{ field: 'donationCount', op: 'eq', value: 0 }, { op: 'and', rules: [{ field: 'bloodRh', op: 'in', value: ['-'] }, { field: 'lastDonation', op: 'before', value: '2026-01-01' }] }] },
    ];
    let nonZero = 0;
    for (const rule of rules) {
      const r = validateSegmentRule(rule);
      const counts: number[] = [];
      for (const facts of [true, false]) {
        const { where, params } = compileSegment(r, TODAY, { facts });
        if (facts) expect(where).not.toMatch(/MAX\(x\.date\)|MIN\(x\.date\)/);
        const [row] = (await ctx.ds.query(`SELECT COUNT(*) AS n FROM donor d WHERE ${where}`, params)) as { n: number }[];
        counts.push(Number(row!.n));
      }
      expect(counts[0], JSON.stringify(rule)).toBe(counts[1]);
      if (counts[0]! > 0) nonZero++;
    }
    expect(nonZero).toBeGreaterThanOrEqual(8);
  });

  it('the planner list (and the emergency list) from the facts equals the one from the donation table', async () => {
    for (const [group, emergency, target] of [['O+', false, '2026-11-25'], ['A+', false, '2026-12-10'], ['B+', true, '2026-11-24']] as const) {
      const q = { targetDay: target, group, emergency, siteIds: [], limit: 50, now: NOW, rules: DEFAULT_RULE_SET };
      const fast = await rankedList(ctx.ds, q);
      const ref = await rankedList(ctx.ds, { ...q, poolFrom: 'donations' });
      expect(fast.pool).toBeGreaterThan(0);
      expect(fast.items.length).toBeGreaterThan(0);
      expect(fast).toEqual(ref);
      // tiny chunks and pages: the list depends on the pool's order (pre-score in SQL vs in JS) and on paging
      const small = { ...q, limit: 4, sizes: { chunk: 3, page: 5 } };
      const [a, b] = [await rankedList(ctx.ds, small), await rankedList(ctx.ds, { ...small, poolFrom: 'donations' })];
      expect(a.considered).toBeLessThan(a.pool);
      expect(a).toEqual(b);
    }
  });
});
