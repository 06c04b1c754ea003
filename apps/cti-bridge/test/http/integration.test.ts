import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiKeyDto, ErrorBody, ImportJobDto, IngestResult, Page } from '@donorline/domain';
import { becsDonationRows, becsDonor, becsDonorRows, describeEachDb, DONATION_HEADERS, DONOR_HEADERS, writeBecsCsv, writeBecsXlsx } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

const until = async <T>(fn: () => Promise<T | null | false | undefined>, ms = 20_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describeEachDb('BECS integration over HTTP', (ctx) => {
  let t: TestApp;
  let admin: string;
  const count = async (sql: string, p: unknown[] = []): Promise<number> => Number(((await t.services.ds.query(sql, p)) as { n: number }[])[0]!.n);
  const newKey = async (scopes: string[], name = 'nightly'): Promise<{ key: string; apiKey: ApiKeyDto }> => {
    const r = await t.call<{ key: string; apiKey: ApiKeyDto }>('POST', '/api/integration/api-keys', { token: admin, json: { name, scopes } });
    expect(r.status).toBe(200);
    return r.body;
  };
  const ingest = (entity: string, key: string | null, records: unknown[], mode?: string) =>
    t.call<IngestResult & ErrorBody>('POST', `/api/integration/${entity}${mode ? `?mode=${mode}` : ''}`, { json: { records }, headers: key ? { 'x-api-key': key } : {} });
  const upload = async (file: string, name: string, fields: Record<string, string> = {}): Promise<{ status: number; body: ImportJobDto & ErrorBody }> => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([readFileSync(file)]), name);
    const res = await fetch(`${t.baseUrl}/api/integration/imports`, { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: form });
    return { status: res.status, body: (await res.json()) as ImportJobDto & ErrorBody };
  };
  const waitJob = (id: number, status: string) => until(async () => {
    const r = await t.call<ImportJobDto>('GET', `/api/integration/imports/${id}`, { token: admin });
    if (r.body.status === 'failed' && status !== 'failed') throw new Error(`job failed: ${r.body.message}`);
    return r.body.status === status ? r.body : null;
  });

  beforeAll(async () => {
    t = await buildTestApp(ctx.kind, { seedDonors: 5 });
    admin = t.users.admin.token;
  }, 120_000);
  afterAll(async () => t?.close());

  it('API keys: admins only; shown once, stored hashed; no key 401, wrong scope 403, revoked 401; last use recorded', async () => {
    expect((await t.call('POST', '/api/integration/api-keys', { token: t.users.agent1.token, json: { name: 'x', scopes: ['donors'] } })).status).toBe(403);
    const { key, apiKey } = await newKey(['donors']);
    expect(key).toMatch(/^dlk_[0-9a-f]{12}\.[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ scopes: ['donors'], revokedAt: null, lastUsedAt: null });
    const list = await t.call<ApiKeyDto[]>('GET', '/api/integration/api-keys', { token: admin });
    expect(JSON.stringify(list.body)).not.toContain(key.split('.')[1]);
    const [row] = (await t.services.ds.query('SELECT key_hash FROM api_key WHERE id = ?', [apiKey.id])) as { key_hash: string }[];
    expect(row!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.key_hash).not.toContain(key);

    const rec = [{ donorNo: 'AK0001', name: '测试甲' }];
    expect((await ingest('donors', null, rec)).status).toBe(401);
    expect((await ingest('donors', `${key}x`, rec)).status).toBe(401);
    expect((await t.call('POST', '/api/integration/donors', { token: admin, json: { records: rec } })).status).toBe(401); // a desk JWT is not a key
    expect((await ingest('donations', key, [{ donationNo: 'X', donorNo: 'AK0001', date: '2026-01-01', product: '全血' }])).status).toBe(403);
    const ok = await ingest('donors', key, rec);
    expect(ok.status).toBe(200);
    expect((await t.call<ApiKeyDto[]>('GET', '/api/integration/api-keys', { token: admin })).body.find((k) => k.id === apiKey.id)!.lastUsedAt).not.toBeNull();
    const rev = await t.call<ApiKeyDto>('POST', `/api/integration/api-keys/${apiKey.id}/revoke`, { token: admin });
    expect(rev.body.revokedAt).not.toBeNull();
    expect((await ingest('donors', key, rec)).status).toBe(401);
    const audit = await t.services.audit.list({ action: 'integration.api-key.revoke' });
    expect(audit.items.some((a) => a.subjectId === String(apiKey.id))).toBe(true);
  });

  it('per-record batches: good records written, bad ones reported per record; a retry is idempotent', async () => {
    const { key } = await newKey(['donors', 'donations', 'deferrals']);
    const a = becsDonor(0, 'PR');
    const b = becsDonor(1, 'PR');
    const records = [
      { donorNo: a.donorNo, name: a.name, nationalId: a.nationalId, phones: [a.mobile], bloodType: 'A+' },
      { donorNo: 'PR-BAD', name: '坏记录', nationalId: `${a.nationalId.slice(0, 17)}${a.nationalId[17] === '1' ? '2' : '1'}` },
      { donorNo: b.donorNo, name: b.name, mobile: '12345' },
    ];
    const r = await ingest('donors', key, records);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ mode: 'per-record', committed: true, counts: { rows: 3, created: 1, rejected: 2 } });
    expect(r.body.results.map((x) => [x.index, x.outcome])).toEqual([[0, 'created'], [1, 'rejected'], [2, 'rejected']]);
    expect(r.body.results[1]!.issues[0]).toMatchObject({ code: 'INVALID_NATIONAL_ID', column: 'nationalId' });
    expect(r.body.results[1]!.issues[0]!.message).toContain('record 1, field nationalId');
    expect(r.body.results[2]!.issues[0]).toMatchObject({ code: 'INVALID_PHONE' });
    const again = await ingest('donors', key, records);
    expect(again.body.results.map((x) => x.outcome)).toEqual(['unchanged', 'rejected', 'rejected']);
    expect(await count('SELECT COUNT(*) AS n FROM donor WHERE becs_donor_no = ?', [a.donorNo])).toBe(1);
    const d = await ingest('donations', key, [{ donationNo: 'PRB1', donorNo: a.donorNo, date: '2026-10-01', product: 'platelets', volume: 2 }]);
    expect(d.body.results[0]).toMatchObject({ outcome: 'created' });
    const d2 = await ingest('donations', key, [{ donationNo: 'PRB1', donorNo: a.donorNo, date: '2026-10-01', product: 'platelets', volume: 1 }]);
    expect(d2.body.results[0]).toMatchObject({ outcome: 'updated' }); // a corrected record updates
    const f = await ingest('deferrals', key, [{ donorNo: a.donorNo, reason: '感冒服药', from: '2026-11-20', until: '2026-12-04' }]);
    expect(f.body.results[0]).toMatchObject({ outcome: 'created' });
  });

  it('all-or-nothing: one bad record refuses the batch with 400 and writes nothing', async () => {
    const { key } = await newKey(['donors']);
    const before = await count('SELECT COUNT(*) AS n FROM donor');
    const recs = [...becsDonorRows({ count: 3, prefix: 'AN' })].map((r) => ({ donorNo: r[0], name: r[1], nationalId: r[4], mobile: r[5] }));
    recs.push({ donorNo: 'AN-BAD', name: '', nationalId: '', mobile: '' });
    const r = await ingest('donors', key, recs, 'all-or-nothing');
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
    expect(r.body.message).toContain('nothing was written');
    const result = (r.body.details as { result: IngestResult }).result;
    expect(result.committed).toBe(false);
    expect(result.results[3]!.issues[0]).toMatchObject({ code: 'REQUIRED', field: 'name' });
    expect(await count('SELECT COUNT(*) AS n FROM donor')).toBe(before);
    const good = await ingest('donors', key, recs.slice(0, 3), 'all-or-nothing');
    expect(good.body).toMatchObject({ committed: true, counts: { created: 3 } });
    expect((await ingest('donors', key, Array.from({ length: 5001 }, (_, i) => ({ donorNo: `Z${i}`, name: 'x' })))).status).toBe(400);
  });

  it('file upload: dry run in the background with progress, row errors, the error report (CSV and XLSX), then apply', async () => {
    const donors = path.join(t.dir, 'donors.csv');
    await writeBecsCsv(donors, DONOR_HEADERS, becsDonorRows({ count: 40, prefix: 'UP' }), 'gb18030');
    const up = await upload(donors, 'donors.csv');
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ kind: 'donors', encoding: 'gb18030', totalRows: 40 });
    const dry = await waitJob(up.body.id, 'validated');
    expect(dry.counts).toMatchObject({ rows: 40, created: 40, rejected: 0 });
    expect((await t.call('POST', `/api/integration/imports/${up.body.id}/apply`, { token: admin, json: {} })).status).toBe(200);
    const done = await waitJob(up.body.id, 'done');
    expect(done).toMatchObject({ processedRows: 40, counts: { created: 40 } });

    const xlsx = path.join(t.dir, 'donations.xlsx');
    const rows = [...becsDonationRows({ donors: 10, perDonor: 2, prefix: 'UP' })];
    rows.push(['UPBAD1', 'UP000000001', '2099-01-01', '全血', '400', '']);
    rows.push(['UPBAD2', 'NOSUCH', '2025-01-01', '红细胞', '400', '']);
    await writeBecsXlsx(xlsx, [{ name: '献血记录', headers: DONATION_HEADERS, rows }]);
    const up2 = await upload(xlsx, '献血记录.xlsx');
    expect(up2.body).toMatchObject({ kind: 'donations', format: 'xlsx', totalRows: 22 });
    const dry2 = await waitJob(up2.body.id, 'validated');
    expect(dry2.counts).toMatchObject({ created: 20, rejected: 2 });
    const issues = await t.call<Page<{ code: string; row: number; sheet: string }>>('GET', `/api/integration/imports/${up2.body.id}/issues`, { token: admin });
    expect(issues.body.items.map((i) => i.code).sort()).toEqual(['DATE_IN_FUTURE', 'UNKNOWN_PRODUCT']);
    const csv = await fetch(`${t.baseUrl}/api/integration/imports/${up2.body.id}/report?format=csv`, { headers: { authorization: `Bearer ${admin}` } });
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const text = await csv.text();
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(text).toContain('DATE_IN_FUTURE');
    const x = await fetch(`${t.baseUrl}/api/integration/imports/${up2.body.id}/report?format=xlsx`, { headers: { authorization: `Bearer ${admin}` } });
    const bytes = Buffer.from(await x.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect((await t.call<ErrorBody>('POST', `/api/integration/imports/${up2.body.id}/apply`, { token: admin, json: {} })).status).toBe(409);
    await t.call('POST', `/api/integration/imports/${up2.body.id}/apply`, { token: admin, json: { skipInvalid: true } });
    const done2 = await waitJob(up2.body.id, 'done');
    expect(done2.counts).toMatchObject({ created: 20, rejected: 2 });
    expect(await count("SELECT COUNT(*) AS n FROM donation WHERE becs_donation_no LIKE 'UP%'")).toBe(20);
    expect((await t.call('GET', '/api/integration/imports', { token: t.users.agent1.token })).status).toBe(403);
  });

  it('bad uploads: missing column, wrong encoding, old .xls, truncated upload — 400 naming the problem, no job', async () => {
    const jobs = await count('SELECT COUNT(*) AS n FROM import_job');
    const miss = path.join(t.dir, 'miss.csv');
    writeFileSync(miss, '姓名,手机号码\n王,13800138000\n');
    const r1 = await upload(miss, 'miss.csv');
    expect(r1.status).toBe(400);
    expect(r1.body.details).toMatchObject({ reason: 'MISSING_COLUMNS', missing: ['donorNo'] });
    expect(r1.body.message).toContain('献血者编号');
    const gb = path.join(t.dir, 'gb.csv');
    await writeBecsCsv(gb, DONOR_HEADERS, becsDonorRows({ count: 2 }), 'gb18030');
    const r2 = await upload(gb, 'gb.csv', { encoding: 'utf-8' });
    expect(r2.status).toBe(400);
    expect(r2.body.details).toMatchObject({ reason: 'ENCODING' });
    const xls = path.join(t.dir, 'old.xls');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    expect((await upload(xls, 'old.xls')).body.details).toMatchObject({ reason: 'FILE_FORMAT' });
    // a multipart body cut off before its closing boundary
    const boundary = '----dlboundary';
    const body = Buffer.concat([Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="d.csv"\r\ncontent-type: text/csv\r\n\r\n`), Buffer.from(`${DONOR_HEADERS.join(',')}\r\nSX1,王`)]);
    const res = await fetch(`${t.baseUrl}/api/integration/imports`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).details).toMatchObject({ reason: 'TRUNCATED_UPLOAD' });
    expect(await count('SELECT COUNT(*) AS n FROM import_job')).toBe(jobs);
  });

  it('a saved column mapping per source: another layout and its product codes are read through it (audited)', async () => {
    const bad = await t.call<ErrorBody>('PUT', '/api/integration/mappings/hisx', { token: admin, json: { fields: { donations: { nosuch: ['x'] } } } });
    expect(bad.status).toBe(400);
    const saved = await t.call<{ source: string }>('PUT', '/api/integration/mappings/hisx', {
      token: admin, json: { description: '某血站导出', fields: { donations: { donationNo: ['血袋号'], donorNo: ['卡号'], date: ['采集时间'], product: ['成分'] } }, products: { 'PLT-A': 'platelets' } },
    });
    expect(saved.status).toBe(200);
    const list = await t.call<{ mappings: { source: string }[]; defaults: Record<string, unknown> }>('GET', '/api/integration/mappings', { token: admin });
    expect(list.body.mappings.map((m) => m.source)).toEqual(expect.arrayContaining(['shinow', 'hisx']));
    const file = path.join(t.dir, 'hisx.csv');
    const d = becsDonor(0, 'UP');
    writeFileSync(file, `血袋号,卡号,采集时间,成分\nHX1,${d.donorNo},2026-05-01,PLT-A\n`);
    const up = await upload(file, 'hisx.csv', { source: 'hisx' });
    expect(up.status).toBe(200);
    expect(up.body.sheets[0]!.columns).toMatchObject({ donationNo: '血袋号', donorNo: '卡号', date: '采集时间', product: '成分' });
    const dry = await waitJob(up.body.id, 'validated');
    expect(dry.counts).toMatchObject({ created: 1, rejected: 0 });
    expect((await t.services.audit.list({ action: 'integration.mapping.save' })).total).toBeGreaterThan(0);
  });

  it('the OpenAPI document describes the ingest API with the API-key scheme and examples', async () => {
    const doc = await t.call<{ paths: Record<string, Record<string, { security?: unknown; requestBody?: { content: Record<string, { schema: { examples?: unknown[] } }> } }>>; components: { securitySchemes: Record<string, unknown> } }>('GET', '/api/docs/json');
    expect(doc.body.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    const post = doc.body.paths['/api/integration/donations']!.post!;
    expect(post.security).toEqual([{ apiKey: [] }]);
    expect(JSON.stringify(post.requestBody)).toContain('机采血小板');
    expect(doc.body.paths['/api/integration/imports']).toBeTruthy();
  });
});
