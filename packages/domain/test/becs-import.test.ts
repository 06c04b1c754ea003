import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomainServices, DEMO_PII_KEYS, DomainError, type DomainServices, type DonationRecordedEvent } from '../src/node.js';
import {
  becsDonationRows, becsDonor, becsDonorRows, buildDonor, describeEachDb, DONATION_HEADERS, DONOR_HEADERS, donorRow, writeBecsCsv, writeBecsXlsx,
} from '../src/testing/index.js';

const NOW = new Date('2026-11-22T02:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'dl-becs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;
const file = (ext: string): string => join(dir, `f${++seq}.${ext}`);

async function count(ds: DataSource, sql: string, p: unknown[] = []): Promise<number> {
  const [r] = (await ds.query(sql, p)) as { n: number }[];
  return Number(r!.n);
}

describeEachDb('BECS file import', (ctx) => {
  let svc: DomainServices;
  let admin: number;
  const run = async (path: string, opts: { apply?: boolean; skipInvalid?: boolean; prefix?: string; entity?: 'donors' | 'donations' | 'deferrals' } = {}) => {
    const job = await svc.integration.jobs.create({ path, fileName: 'x.csv', source: 'shinow', createdBy: admin, entity: opts.entity ?? null });
    const dry = await svc.integration.run(job.id);
    if (opts.apply === false) return { dry, done: null };
    await svc.integration.jobs.requestApply(job.id, opts.skipInvalid ?? false, admin);
    const done = await svc.integration.run(job.id);
    return { dry, done };
  };

  beforeAll(async () => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => NOW, defaultAreaCode: '0532' });
    const [r] = (await ctx.ds.query("INSERT INTO app_user (username, display_name, password_hash, role, extension, active, created_at, updated_at) VALUES ('becsadmin', 'A', 'x', 'admin', NULL, 1, '2026-11-22 00:00:00.000', '2026-11-22 00:00:00.000')").then(() => ctx.ds.query("SELECT id FROM app_user WHERE username = 'becsadmin'"))) as { id: number }[];
    admin = Number(r!.id);
  });

  for (const enc of ['utf-8', 'utf-8-bom', 'gb18030'] as const) {
    it(`reads a ${enc} CSV with Chinese headers; dry run writes nothing, apply writes donors with protected IDs and E.164 phones`, async () => {
      const prefix = `E${enc.replace(/\W/g, '')}`;
      const p = file('csv');
      await writeBecsCsv(p, DONOR_HEADERS, becsDonorRows({ count: 30, prefix }), enc);
      const job = await svc.integration.jobs.create({ path: p, fileName: 'donors.csv', source: 'shinow', createdBy: admin });
      expect(job).toMatchObject({ kind: 'donors', format: 'csv', encoding: enc, totalRows: 30, status: 'queued' });
      expect(job.sheets[0]!.columns).toMatchObject({ donorNo: '献血者编号', nationalId: '身份证号', mobile: '手机号码' });
      const dry = await svc.integration.run(job.id);
      expect(dry).toMatchObject({ status: 'validated', counts: { rows: 30, created: 30, rejected: 0 } });
      expect(await count(ctx.ds, 'SELECT COUNT(*) AS n FROM donor WHERE becs_donor_no LIKE ?', [`${prefix}%`])).toBe(0);
      await svc.integration.jobs.requestApply(job.id, false, admin);
      const done = await svc.integration.run(job.id);
      expect(done).toMatchObject({ status: 'done', counts: { created: 30 } });
      const d0 = becsDonor(0, prefix);
      const [row] = (await ctx.ds.query('SELECT id, name, gender, birth_date, national_id_hash, national_id_cipher, national_id_masked FROM donor WHERE becs_donor_no = ?', [d0.donorNo])) as Record<string, unknown>[];
      expect(row).toMatchObject({ name: d0.name, gender: d0.gender, national_id_hash: svc.pii.hash(d0.nationalId) });
      expect(String(row!.birth_date).slice(0, 10)).toBe(d0.birthDate);
      expect(svc.pii.decrypt(String(row!.national_id_cipher))).toBe(d0.nationalId);
      expect(JSON.stringify(row)).not.toContain(d0.nationalId);
      expect(await svc.lookup.findDonorIdsByPhone(`+86${d0.mobile}`)).toEqual([Number(row!.id)]);
      expect(await svc.lookup.findDonorIdsByPhone(`+86${d0.landline!.replace(/\D/g, '').slice(1)}`)).toEqual([Number(row!.id)]);
    });
  }

  it('XLSX workbook (donors and donations sheets): idempotent — a second import changes nothing; a corrected row updates', async () => {
    const prefix = 'XL';
    const donors = [...becsDonorRows({ count: 20, prefix })];
    const donations = [...becsDonationRows({ donors: 20, perDonor: 2, prefix })];
    const p = file('xlsx');
    await writeBecsXlsx(p, [{ name: '献血记录', headers: DONATION_HEADERS, rows: donations }, { name: '献血者', headers: DONOR_HEADERS, rows: donors }]);
    const first = await run(p);
    expect(first.dry.kind).toBe('workbook');
    expect(first.dry.counts).toMatchObject({ rows: 60, created: 60, rejected: 0 });
    expect(first.done!.counts).toMatchObject({ rows: 60, created: 60 });
    const before = await ctx.ds.query("SELECT id, updated_at, becs_hash FROM donor WHERE becs_donor_no LIKE 'XL%' ORDER BY id");
    const p2 = file('xlsx');
    await writeBecsXlsx(p2, [{ name: '献血者', headers: DONOR_HEADERS, rows: donors }, { name: '献血记录', headers: DONATION_HEADERS, rows: donations }]);
    const again = await run(p2);
    expect(again.done!.counts).toMatchObject({ rows: 60, created: 0, updated: 0, unchanged: 60 });
    expect(await ctx.ds.query("SELECT id, updated_at, becs_hash FROM donor WHERE becs_donor_no LIKE 'XL%' ORDER BY id")).toEqual(before);
    expect(await count(ctx.ds, "SELECT COUNT(*) AS n FROM donation WHERE becs_donation_no LIKE 'XL%'")).toBe(40);
    // a corrected donor (name) and a corrected donation (volume) update in place
    const fixedDonors = donors.map((r, i) => (i === 3 ? [r[0]!, '王更正', ...r.slice(2)] : r));
    const fixedDonations = donations.map((r, i) => (i === 5 ? [...r.slice(0, 3), '全血', '350ml', ''] : r));
    const p3 = file('xlsx');
    await writeBecsXlsx(p3, [{ name: '献血者', headers: DONOR_HEADERS, rows: fixedDonors }, { name: '献血记录', headers: DONATION_HEADERS, rows: fixedDonations }]);
    const fixed = await run(p3);
    expect(fixed.done!.counts).toMatchObject({ created: 0, updated: 2, unchanged: 58 });
    expect((await ctx.ds.query('SELECT name FROM donor WHERE becs_donor_no = ?', [donors[3]![0]]))[0].name).toBe('王更正');
    expect((await ctx.ds.query('SELECT volume_ml FROM donation WHERE becs_donation_no = ?', [donations[5]![0]]))[0]).toMatchObject({ volume_ml: 350 });
    expect(await count(ctx.ds, "SELECT COUNT(*) AS n FROM donor WHERE becs_donor_no LIKE 'XL%'")).toBe(20);
  });

  it('row-level errors in the dry run: before birth, duplicate donation number, unknown donor, unknown product, future date — nothing written', async () => {
    const prefix = 'RE';
    const p = file('csv');
    await writeBecsCsv(p, DONOR_HEADERS, becsDonorRows({ count: 2, prefix }));
    await run(p);
    const d = becsDonor(0, prefix);
    const rows = [
      ['REB1', d.donorNo, '1960-01-01', '全血', '400', ''], // before birth
      ['REB2', d.donorNo, '2025-01-01', '全血', '400', ''],
      ['REB2', d.donorNo, '2025-02-01', '全血', '400', ''], // duplicate number
      ['REB3', 'NOSUCH', '2025-01-01', '全血', '400', ''], // unknown donor
      ['REB4', d.donorNo, '2025-01-01', '红细胞', '400', ''], // unknown product
      ['REB5', d.donorNo, '2027-01-01', '全血', '400', ''], // future
    ];
    const p2 = file('csv');
    await writeBecsCsv(p2, DONATION_HEADERS, rows);
    const { dry } = await run(p2, { apply: false });
    expect(dry.counts).toMatchObject({ rows: 6, created: 1, rejected: 5 });
    const issues = (await svc.integration.jobs.issues(dry.id)).items;
    expect(issues.map((i) => [i.row, i.code])).toEqual([[2, 'DONATION_BEFORE_BIRTH'], [4, 'DUPLICATE_DONATION_NO'], [5, 'DONOR_NOT_FOUND'], [6, 'UNKNOWN_PRODUCT'], [7, 'DATE_IN_FUTURE']]);
    expect(issues[0]!.message).toMatch(/第 2 行「献血日期」.*row 2, column "献血日期"/);
    expect(await count(ctx.ds, "SELECT COUNT(*) AS n FROM donation WHERE becs_donation_no LIKE 'REB%'")).toBe(0);
    // apply is refused until the admin accepts skipping the bad rows; then only the good row is written
    await expect(svc.integration.jobs.requestApply(dry.id, false, admin)).rejects.toMatchObject({ code: 'CONFLICT' });
    await svc.integration.jobs.requestApply(dry.id, true, admin);
    const done = await svc.integration.run(dry.id);
    expect(done.counts).toMatchObject({ created: 1, rejected: 5 });
    expect(await count(ctx.ds, "SELECT COUNT(*) AS n FROM donation WHERE becs_donation_no LIKE 'REB%'")).toBe(1);
    // the error report as CSV (BOM + header + one line per issue)
    const chunks: Buffer[] = [];
    const { Writable } = await import('node:stream');
    await svc.integration.writeReport(dry.id, 'dry-run', 'csv', new Writable({ write(c, _e, cb) { chunks.push(Buffer.from(c)); cb(); } }));
    const csv = Buffer.concat(chunks).toString('utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.trim().split('\r\n')).toHaveLength(6);
  });

  it('a donor found under two BECS numbers is reported, not merged; a desk-created donor is adopted', async () => {
    const a = becsDonor(0, 'DA');
    const p = file('csv');
    await writeBecsCsv(p, DONOR_HEADERS, [donorRow(a, 0)]);
    await run(p);
    const twin = donorRow({ ...a, donorNo: 'DB000000001' }, 0); // same person, another number
    const desk = await buildDonor(ctx.ds, { name: '陈晨辉', phones: ['13912345678'], birthDate: '1999-05-05' });
    const deskRow = ['DC000000001', '陈晨辉', '男', '1999-05-05', '', '139 1234 5678', '', '', ''];
    const p2 = file('csv');
    await writeBecsCsv(p2, DONOR_HEADERS, [twin, deskRow]);
    const { done } = await run(p2, { skipInvalid: true });
    expect(done!.counts).toMatchObject({ rejected: 1, updated: 1, created: 0 });
    const issues = (await svc.integration.jobs.issues(done!.id, { phase: 'apply' })).items;
    expect(issues.map((i) => i.code)).toEqual(['DUPLICATE_DONOR']);
    expect(issues[0]!.message).toContain(a.donorNo);
    expect(await count(ctx.ds, "SELECT COUNT(*) AS n FROM donor WHERE becs_donor_no = 'DB000000001'")).toBe(0);
    const dups = await svc.integration.duplicates();
    expect(dups.find((d) => d.becsDonorNo === 'DB000000001')).toMatchObject({ existingBecsDonorNo: a.donorNo, reason: 'national-id' });
    expect((await ctx.ds.query('SELECT becs_donor_no FROM donor WHERE id = ?', [desk.id]))[0].becs_donor_no).toBe('DC000000001');
  });

  it('an apply interrupted after its first batch resumes at the checkpoint and leaves no duplicates', async () => {
    const prefix = 'IR';
    const p = file('csv');
    await writeBecsCsv(p, DONOR_HEADERS, becsDonorRows({ count: 25, prefix }));
    const job = await svc.integration.jobs.create({ path: p, fileName: 'd.csv', source: 'shinow', createdBy: admin });
    await svc.integration.run(job.id, { batchSize: 10 });
    await svc.integration.jobs.requestApply(job.id, false, admin);
    await expect(svc.integration.run(job.id, { batchSize: 10, afterBatch: (n) => { if (n >= 10) throw new Error('power cut'); } })).rejects.toThrow('power cut');
    expect(await count(ctx.ds, "SELECT COUNT(*) AS n FROM donor WHERE becs_donor_no LIKE 'IR%'")).toBe(10);
    // a restart: the job that was running is queued again and resumes after row 11
    expect(await svc.integration.jobs.recoverInterrupted()).toEqual([]); // the runner already marked it failed
    const failed = await svc.integration.jobs.get(job.id);
    expect(failed).toMatchObject({ status: 'failed', processedRows: 10 });
    await svc.integration.jobs.requestApply(job.id, false, admin);
    const done = await svc.integration.run(job.id, { batchSize: 10 });
    expect(done).toMatchObject({ status: 'done', processedRows: 25, counts: { rows: 25, created: 25 } });
    expect(await count(ctx.ds, "SELECT COUNT(*) AS n FROM donor WHERE becs_donor_no LIKE 'IR%'")).toBe(25);
    expect(await count(ctx.ds, "SELECT COUNT(*) AS n FROM donor_phone p JOIN donor d ON d.id = p.donor_id WHERE d.becs_donor_no LIKE 'IR%'")).toBe(25 + 13);
  });

  it('a job killed mid-apply (status left applying) is recovered at start and resumes', async () => {
    const p = file('csv');
    await writeBecsCsv(p, DONOR_HEADERS, becsDonorRows({ count: 15, prefix: 'KR' }));
    const job = await svc.integration.jobs.create({ path: p, fileName: 'd.csv', source: 'shinow', createdBy: admin });
    await svc.integration.run(job.id, { batchSize: 5 });
    await svc.integration.jobs.requestApply(job.id, false, admin);
    await svc.integration.run(job.id, { batchSize: 5, afterBatch: (n) => { if (n === 5) throw Object.assign(new DomainError('INTERNAL', 'killed'), {}); } }).catch(() => undefined);
    await ctx.ds.query("UPDATE import_job SET status = 'applying' WHERE id = ?", [job.id]); // as a killed process leaves it
    expect(await svc.integration.jobs.recoverInterrupted()).toEqual([job.id]);
    expect(await svc.integration.jobs.nextQueued()).toBe(job.id);
    const done = await svc.integration.run(job.id, { batchSize: 5 });
    expect(done.counts).toMatchObject({ rows: 15, created: 15 });
    expect(await count(ctx.ds, "SELECT COUNT(*) AS n FROM donor WHERE becs_donor_no LIKE 'KR%'")).toBe(15);
  });

  it('donation.recorded reaches a subscriber after commit; points follow the donations; re-import emits nothing', async () => {
    const seen: DonationRecordedEvent[] = [];
    const off = svc.integration.events.on('donation.recorded', (e) => void seen.push(e));
    const p = file('csv');
    await writeBecsCsv(p, DONOR_HEADERS, becsDonorRows({ count: 3, prefix: 'EV' }));
    await run(p);
    const p2 = file('csv');
    await writeBecsCsv(p2, DONATION_HEADERS, [['EVB1', 'EV000000001', '2025-01-01', '全血', '400', ''], ['EVB2', 'EV000000001', '2026-03-01', '机采血小板', '2治疗量', '']]);
    await run(p2);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.donations).toHaveLength(2);
    expect(seen[0]).toMatchObject({ source: 'file' });
    const donorId = seen[0]!.donations[0]!.donorId;
    expect(Number((await ctx.ds.query('SELECT points FROM donor WHERE id = ?', [donorId]))[0].points)).toBe(40); // 2 + 2 units × 10
    const p3 = file('csv');
    await writeBecsCsv(p3, DONATION_HEADERS, [['EVB1', 'EV000000001', '2025-01-01', '全血', '400', ''], ['EVB2', 'EV000000001', '2026-03-01', '机采血小板', '2治疗量', '']]);
    await run(p3);
    expect(seen).toHaveLength(1);
    off();
  });
});

describe('BECS files refused as a whole (400 with a message naming the problem)', () => {
  const svcOf = async () => null;
  void svcOf;
  let svc: DomainServices;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const { openTestDatabase } = await import('../src/testing/index.js');
    const db = await openTestDatabase('sqlite');
    close = db.close;
    svc = createDomainServices(db.ds, { pii: DEMO_PII_KEYS, clock: () => NOW });
  });
  afterAll(async () => close?.());
  const create = (p: string, encoding?: 'utf-8') => svc.integration.jobs.create({ path: p, fileName: 'f', source: 'shinow', createdBy: null, ...(encoding ? { encoding } : {}) });
  const reasonOf = async (pr: Promise<unknown>): Promise<{ reason: unknown; message: string }> => {
    try {
      await pr;
    } catch (e) {
      return { reason: (e as DomainError).details?.reason, message: (e as Error).message };
    }
    throw new Error('expected a refusal');
  };

  it('a missing required column names it', async () => {
    const p = file('csv');
    writeFileSync(p, '姓名,手机号码\n王,13800138000\n');
    const r = await reasonOf(create(p));
    expect(r.reason).toBe('MISSING_COLUMNS');
    expect(r.message).toContain('donorNo');
  });

  it('a GB18030 file said to be UTF-8 is refused with the encoding named', async () => {
    const p = file('csv');
    await writeBecsCsv(p, DONOR_HEADERS, becsDonorRows({ count: 2 }), 'gb18030');
    const r = await reasonOf(create(p, 'utf-8'));
    expect(r.reason).toBe('ENCODING');
    expect(r.message).toContain('GB18030');
  });

  it('an old .xls, a truncated XLSX and a CSV with an unclosed quote', async () => {
    const xls = file('xls');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    expect((await reasonOf(create(xls))).reason).toBe('FILE_FORMAT');
    const full = file('xlsx');
    await writeBecsXlsx(full, [{ name: '献血者', headers: DONOR_HEADERS, rows: becsDonorRows({ count: 300 }) }]);
    const { readFileSync } = await import('node:fs');
    const cut = file('xlsx');
    writeFileSync(cut, readFileSync(full).subarray(0, 3000));
    expect((await reasonOf(create(cut))).reason).toBe('MALFORMED_FILE');
    const bad = file('csv');
    writeFileSync(bad, `${DONOR_HEADERS.join(',')}\nSX1,"王,男\n`);
    const job = await create(bad);
    const run = await svc.integration.run(job.id);
    expect(run.status).toBe('failed');
    expect(run.message).toMatch(/第 \d+ 行|row \d+/);
  });
});
