import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDomainServices, DEMO_PII_KEYS, type DomainServices } from '../src/node.js';
import { IMPORT_WAL_CHECKPOINT } from '../src/db/integration/becs-sql.js';
import { becsDonationRows, becsDonorRows, describeEachDb, DONATION_HEADERS, DONOR_HEADERS, writeBecsCsv } from '../src/testing/index.js';

/** Unchanged file rows are recognised by their raw fingerprint (becs_row_hash) before any parsing (row-skip.ts). */
const NOW = new Date('2026-11-22T02:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'dl-becs-skip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;
const file = (): string => join(dir, `f${++seq}.csv`);

describeEachDb('BECS re-import: unchanged rows skipped by their raw fingerprint', (ctx) => {
  let svc: DomainServices;
  const run = async (rows: Iterable<readonly string[]>, headers: readonly string[], source = 'shinow') => {
    const p = file();
    await writeBecsCsv(p, headers, rows);
    const job = await svc.integration.jobs.create({ path: p, fileName: 'x.csv', source, createdBy: null });
    const dry = await svc.integration.run(job.id);
    await svc.integration.jobs.requestApply(job.id, true, null);
    const done = await svc.integration.run(job.id);
    return { dry, done, issues: (await svc.integration.jobs.issues(job.id)).items };
  };
  const donorHash = async (no: string) => (await ctx.ds.query('SELECT name, becs_hash, becs_row_hash FROM donor WHERE becs_donor_no = ?', [no]))[0];

  beforeAll(() => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => NOW, defaultAreaCode: '0532' });
  });

  it('a re-imported row is skipped without the full check; a corrected row updates; an in-file duplicate is still reported', async () => {
    const donors = [...becsDonorRows({ count: 6, prefix: 'RS' })];
    const donations = [...becsDonationRows({ donors: 6, perDonor: 2, prefix: 'RS' })];
    expect((await run(donors, DONOR_HEADERS)).done!.counts).toMatchObject({ created: 6 });
    expect((await run(donations, DONATION_HEADERS)).done!.counts).toMatchObject({ created: 12 });
    const stored = await donorHash(donors[0]![0]!);
    expect(stored.becs_row_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(stored.becs_row_hash).not.toBe(stored.becs_hash);
    // proof the full check did not run: a content fingerprint that no longer matches goes unnoticed for a skipped row
    await ctx.ds.query("UPDATE donor SET becs_hash = 'stale' WHERE becs_donor_no = ?", [donors[0]![0]]);
    const again = await run(donors, DONOR_HEADERS);
    expect(again.dry.counts).toMatchObject({ rows: 6, unchanged: 6, updated: 0 });
    expect(again.done!.counts).toMatchObject({ rows: 6, unchanged: 6, updated: 0, created: 0 });
    expect((await run(donations, DONATION_HEADERS)).done!.counts).toMatchObject({ rows: 12, unchanged: 12 });
    // a corrected row updates and takes the new row fingerprint; the same number twice in one file is a duplicate
    const fixed = donors.map((r, i) => (i === 1 ? [r[0]!, '李更正', ...r.slice(2)] : r));
    const r = await run([...fixed, fixed[2]!], DONOR_HEADERS);
    expect(r.done!.counts).toMatchObject({ rows: 7, updated: 1, unchanged: 5, rejected: 1 });
    expect(r.issues.map((i) => [i.row, i.code])).toEqual([[8, 'DUPLICATE_DONOR_NO']]);
    const after = await donorHash(donors[1]![0]!);
    expect(after.name).toBe('李更正');
    expect((await run(fixed, DONOR_HEADERS)).done!.counts).toMatchObject({ unchanged: 6 });
  });

  it('a row written by the API, with a warning, or under another product table is checked in full again', async () => {
    const donors = [...becsDonorRows({ count: 3, prefix: 'RT' })];
    await run(donors, DONOR_HEADERS);
    // the API changes donor 0: its row fingerprint is cleared, so the file's (older) content is written back
    await svc.integration.ingest.ingest('donors', [{ donorNo: donors[0]![0], name: '接口改名', gender: '男', mobile: donors[0]![5] }], { apiKeyId: null });
    expect(await donorHash(donors[0]![0]!)).toMatchObject({ name: '接口改名', becs_row_hash: null });
    const back = await run(donors, DONOR_HEADERS);
    expect(back.done!.counts).toMatchObject({ updated: 1, unchanged: 2 });
    expect((await donorHash(donors[0]![0]!)).name).toBe(donors[0]![1]);
    // a donation with a warning (unknown site) keeps no row fingerprint: every import reports the warning again
    const donation = [['RTB1', donors[1]![0]!, '2025-01-01', '全血', '400', '不存在的献血屋']];
    const w1 = await run(donation, DONATION_HEADERS);
    expect(w1.done!.counts).toMatchObject({ created: 1, warnings: 1 });
    const w2 = await run(donation, DONATION_HEADERS);
    expect(w2.done!.counts).toMatchObject({ unchanged: 1, warnings: 1 });
    expect(w2.issues.map((i) => i.code)).toEqual(['UNKNOWN_SITE']);
    // a source with its own product table: the same cells are not the same row any more — checked in full (the
    // stale content fingerprint shows it), and the row takes that source's fingerprint
    const plain = [['RTB2', donors[2]![0]!, '2025-02-01', '全血', '400', '']];
    await run(plain, DONATION_HEADERS);
    const rowHash = async () => (await ctx.ds.query("SELECT becs_row_hash AS h FROM donation WHERE becs_donation_no = 'RTB2'"))[0].h as string;
    const h1 = await rowHash();
    await ctx.ds.query("UPDATE donation SET becs_hash = 'stale' WHERE becs_donation_no = 'RTB2'");
    expect((await run(plain, DONATION_HEADERS)).done!.counts).toMatchObject({ unchanged: 1 });
    await svc.integration.mappings.save({ source: 'other', fields: {}, products: { 全血: 'whole-blood' } }, null);
    expect((await run(plain, DONATION_HEADERS, 'other')).done!.counts).toMatchObject({ updated: 1 });
    expect(await rowHash()).not.toBe(h1);
  });

  it('SQLite: an apply checkpoints its WAL less often while it runs and gives the connection its setting back', async () => {
    if (ctx.kind !== 'sqlite') return;
    const walCheckpoint = async () => Number((await ctx.ds.query('PRAGMA wal_autocheckpoint'))[0].wal_autocheckpoint);
    const before = await walCheckpoint();
    expect(before).toBeLessThan(IMPORT_WAL_CHECKPOINT);
    const p = file();
    await writeBecsCsv(p, DONOR_HEADERS, becsDonorRows({ count: 5, prefix: 'RW' }));
    const job = await svc.integration.jobs.create({ path: p, fileName: 'x.csv', source: 'shinow', createdBy: null });
    await svc.integration.run(job.id);
    await svc.integration.jobs.requestApply(job.id, true, null);
    const during: number[] = [];
    const done = await svc.integration.run(job.id, { batchSize: 2, afterBatch: async () => void during.push(await walCheckpoint()) });
    expect(done.counts).toMatchObject({ created: 5 });
    expect(during).toEqual([IMPORT_WAL_CHECKPOINT, IMPORT_WAL_CHECKPOINT, IMPORT_WAL_CHECKPOINT]);
    expect(await walCheckpoint()).toBe(before);
  });
});
