/**
 * Production install from zero, on a throwaway MariaDB database (random name, dropped after): `npm run db:migrate`
 * on the empty database → the bridge with ADMIN_USERNAME/ADMIN_PASSWORD (no demo data) → the admin signs in over
 * HTTP, creates an agent at extension 8001, a site with a platelet template, generates slots, creates an API key,
 * ingests 1,000 donors and their donations and imports one XLSX file → a simulated call from an imported donor's
 * number pops that donor on agent 8001's socket with the right next eligible date → an IVR call from another
 * imported donor books one of the generated slots over DTMF. The README's "从空数据库到第一通电话" walks the same path.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@donorline/asterisk-sim';
import type { DataSource } from 'typeorm';
import { addDays, addMonths, localDateOf, openDatabase, type GenerateReport, type ImportJobDto, type IngestResult, type SiteAdminDto, type SlotDto, type StaffDto } from '@donorline/domain/node';
import { becsDonationRows, becsDonor, becsDonorRows, DONATION_HEADERS, DONOR_HEADERS, MYSQL_TEST, writeBecsXlsx } from '@donorline/domain/testing';
import { DomainBackend, loadConfig as loadIvrConfig, startIvr, type IvrHandle } from '@donorline/ivr-flows';
import { buildBridge, type Bridge } from '../../apps/cti-bridge/src/app.js';
import { loadConfig } from '../../apps/cti-bridge/src/config.js';
import { prepareBridgeDatabase, type BridgeDatabase } from '../../apps/cti-bridge/src/db/index.js';
import { Desk } from './support/desk.js';
import { until } from './support/harness.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ADMIN = { username: 'zhanglei', password: 'Install-From-Zero-2026' };
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const N = 1000;

/** A fixture cohort born 1980–1995 (any age rule passes), so eligibility depends on the donations only. */
const PREFIX = ['ZA', 'ZB', 'ZC', 'ZD', 'ZE', 'ZF', 'ZG', 'ZH', 'ZJ', 'ZK', 'ZL', 'ZM', 'ZN', 'ZP', 'ZQ', 'ZR', 'ZS', 'ZT'].find((p) => {
  const first = becsDonor(0, p).birthDate;
  const last = becsDonor(N + 50, p).birthDate;
  return first >= '1980-01-01' && last <= '1995-12-31' && first < last;
})!;

describe.skipIf(!MYSQL_TEST.ok)('production install from zero on MariaDB', () => {
  const server = MYSQL_TEST.ok ? MYSQL_TEST.serverUrl : '';
  const dbName = `dl_t_${Math.floor(Date.now() / 1000)}_zero_${randomBytes(3).toString('hex')}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'dl-zero-'));
  let sim: Simulator;
  let ds: DataSource;
  let database: BridgeDatabase;
  let bridge: Bridge;
  let ivr: IvrHandle | undefined;
  let base = '';
  let admin = '';
  let desk: Desk | undefined;
  let slots: SlotDto[] = [];

  const call = async <T>(method: string, url: string, opts: { token?: string; json?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: T }> => {
    const r = await fetch(`${base}${url}`, {
      method, headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.json !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      body: opts.json !== undefined ? JSON.stringify(opts.json) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const count = async (sql: string): Promise<number> => Number(((await ds.query(sql)) as { n: number }[])[0]!.n);

  beforeAll(async () => {
    const c = await createConnection({ uri: server });
    await c.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await c.end();
  });

  afterAll(async () => {
    desk?.close();
    await ivr?.stop().catch(() => undefined);
    await bridge?.stop().catch(() => undefined);
    await sim?.stop().catch(() => undefined);
    await database?.close().catch(() => undefined);
    const c = await createConnection({ uri: server });
    await c.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
    await c.end();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('npm run db:migrate on the empty database creates the schema', () => {
    const r = spawnSync('npm', ['run', '-s', 'db:migrate'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DB_URL: `${server}/${dbName}` } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/applied: InitialSchema\d+.*SitesCalendar1765200000000/s);
  }, 120_000);

  it('the bridge starts on it with ADMIN_USERNAME / ADMIN_PASSWORD (no demo data), and the admin signs in over HTTP', async () => {
    sim = await startSimulator({ profile: 'donorline', amiPort: 0, ariPort: 0, timeScale: 0.1, speech: false, recordingsDir: path.join(dir, 'recordings') });
    const config = loadConfig({
      DB_URL: `${server}/${dbName}`, DATA_DIR: path.join(dir, 'data'), DESK_DIR: '', RECORDINGS_DIR: path.join(dir, 'recordings'),
      PII_KEY: 'c3'.repeat(32), JWT_SECRET: 'install-from-zero-secret-0123456789abcdef', SIM_AMI_PORT: String(sim.amiPort), SIM_ARI_PORT: String(sim.ariPort),
      ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, AGENT_START_PAUSED: 'false', WRAP_UP_SECONDS: '1', LOG_LEVEL: 'warn',
    }, dir);
    expect(config.seedDemo).toBe(false);
    ds = await openDatabase(config.db);
    database = await prepareBridgeDatabase(ds, config, { log: quiet });
    bridge = await buildBridge(config, { database, logger: false, defaultMetrics: false });
    await bridge.start();
    await bridge.fastify.listen({ host: '127.0.0.1', port: 0 });
    const addr = bridge.fastify.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    await until(() => bridge.pbx.status().ami === 'up', 10_000, 'the bridge linked to the simulator');
    expect(await count('SELECT COUNT(*) AS n FROM donor')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM app_user')).toBe(1);
    const login = await call<{ token: string; user: { role: string } }>('POST', '/api/auth/login', { json: ADMIN });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe('admin');
    admin = login.body.token;
  }, 60_000);

  it('creates an agent at 8001, a site with a platelet template, and generates slots', async () => {
    const agent = await call<StaffDto>('POST', '/api/admin/staff', { token: admin, json: { username: 'liuyang', displayName: '刘洋', role: 'agent', password: 'agent-pass-8001', employeeNo: 'A8001', extensions: ['8001'] } });
    expect(agent.status).toBe(200);
    const site = await call<SiteAdminDto>('POST', '/api/admin/sites', {
      token: admin, json: { code: 'QD-CENTER', name: '青岛市中心血站献血屋', kind: 'fixed', district: '市北区', address: '青岛市市北区隆德路9号', phone: '0532-85717612', hours: '每天 08:30-17:30', transport: '公交2路隆德路站', capabilities: ['whole-blood', 'platelets'] },
    });
    expect(site.status).toBe(200);
    // platelets 09:00–11:00, 4 places, every day (so tomorrow has one whatever today is)
    for (let weekday = 1; weekday <= 7; weekday++) {
      const r = await call('POST', `/api/admin/sites/${site.body.id}/templates`, { token: admin, json: { weekday, type: 'platelets', start: '09:00', end: '11:00', capacity: 4 } });
      expect(r.status).toBe(200);
    }
    const gen = await call<GenerateReport>('POST', '/api/admin/sites/generate', { token: admin, json: { days: 14 } });
    expect(gen.body).toMatchObject({ created: 0, kept: [] }); // each template already generated its slots
    slots = (await call<SlotDto[]>('GET', `/api/admin/sites/${site.body.id}/slots?days=14`, { token: admin })).body;
    expect(slots.length).toBeGreaterThanOrEqual(13);
    expect(slots.every((s) => s.type === 'platelets' && s.capacity === 4)).toBe(true);
  }, 60_000);

  it('an API key ingests 1,000 donors and their donations; one XLSX file goes through the file import', async () => {
    const key = await call<{ key: string }>('POST', '/api/integration/api-keys', { token: admin, json: { name: 'SHINOW 夜间同步', scopes: ['donors', 'donations', 'deferrals'] } });
    expect(key.status).toBe(200);
    const headers = { 'x-api-key': key.body.key };
    const donors = [...becsDonorRows({ count: N, prefix: PREFIX })].map(([donorNo, name, gender, birthDate, nationalId, mobile, phone, bloodType, rhd]) => ({ donorNo: donorNo!, name: name!, gender, birthDate, nationalId, mobile, phone, bloodType, rhd }));
    const d = await call<IngestResult>('POST', '/api/integration/donors', { json: { records: donors }, headers });
    expect(d.status).toBe(200);
    expect(d.body.counts).toMatchObject({ created: N, rejected: 0 });
    const donations = [...becsDonationRows({ donors: N, perDonor: 2, prefix: PREFIX })].map(([donationNo, donorNo, date, product, volume]) => ({ donationNo: donationNo!, donorNo: donorNo!, date: date!, product: product!, volume }));
    // donor #1 gave whole blood 30 days ago: the pop must say when they may give again
    const recent = addDays(localDateOf(new Date()), -30);
    donations.push({ donationNo: `${PREFIX}RECENT01`, donorNo: becsDonor(0, PREFIX).donorNo, date: recent, product: '全血', volume: '400ml' });
    const dn = await call<IngestResult>('POST', '/api/integration/donations', { json: { records: donations }, headers });
    expect(dn.status).toBe(200);
    expect(dn.body.counts).toMatchObject({ created: 2 * N + 1, rejected: 0 });

    const file = path.join(dir, '血站导出.xlsx');
    await writeBecsXlsx(file, [
      { name: '献血者', headers: DONOR_HEADERS, rows: becsDonorRows({ count: 20, start: N, prefix: PREFIX }) },
      { name: '献血记录', headers: DONATION_HEADERS, rows: becsDonationRows({ donors: 20, start: N, perDonor: 1, prefix: PREFIX }) },
    ]);
    const form = new FormData();
    form.append('file', new Blob([await import('node:fs').then((fs) => fs.readFileSync(file))]), '血站导出.xlsx');
    const up = await fetch(`${base}/api/integration/imports`, { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: form });
    expect(up.status).toBe(200);
    const job = (await up.json()) as ImportJobDto;
    const waitJob = (status: string) => until(async () => {
      const r = await call<ImportJobDto>('GET', `/api/integration/imports/${job.id}`, { token: admin });
      if (r.body.status === 'failed') throw new Error(`import failed: ${r.body.message}`);
      return r.body.status === status ? r.body : null;
    }, 60_000, `import ${status}`);
    await waitJob('validated');
    expect((await call('POST', `/api/integration/imports/${job.id}/apply`, { token: admin, json: {} })).status).toBe(200);
    await waitJob('done');
    expect(await count('SELECT COUNT(*) AS n FROM donor')).toBe(N + 20);
    expect(await count('SELECT COUNT(*) AS n FROM donation')).toBe(2 * N + 1 + 20);
  }, 240_000);

  it('a call from an imported donor\'s number pops that donor on agent 8001 with the right next eligible date', async () => {
    // the IVR answers 96606 (agents around the clock for this test); 0 asks for an agent
    ivr = await startIvr(loadIvrConfig({ ARI_URL: `http://donorline:donorline@127.0.0.1:${sim.ariPort}`, IVR_HOURS: '00:00-24:00', IVR_ARI_RECORDINGS_DIR: path.join(dir, 'recordings', 'ari') }), {
      backend: new DomainBackend({ services: database.services, ariRecordingsDir: path.join(dir, 'recordings', 'ari'), sitesCacheMs: 0 }), log: quiet,
    });
    const login = await call<{ token: string }>('POST', '/api/auth/login', { json: { username: 'liuyang', password: 'agent-pass-8001' } });
    desk = await Desk.connect(base, login.body.token);
    await desk.command('agent:login', { extension: '8001' });
    const donor = becsDonor(0, PREFIX);
    const c = sim.placeCall({ from: donor.mobile, to: '96606', dtmf: '0' });
    const pop = await desk.waitPop((p) => p.callId === c.linkedid, 30_000);
    expect(pop.match).toBe('known');
    expect(pop.donors[0]!.name).toBe(donor.name);
    const recent = addDays(localDateOf(new Date()), -30);
    expect(pop.donors[0]!.eligibility['whole-blood']).toMatchObject({ eligibleNow: false, eligibleFrom: addMonths(recent, 6) }); // whole → whole: 6 months
    expect(pop.donors[0]!.eligibility.platelets).toMatchObject({ eligibleNow: false, eligibleFrom: addMonths(recent, 3) }); // whole → platelets: 3 months
    sim.hangupCaller(c.callId);
  }, 60_000);

  it('an IVR call from another imported donor books one of the generated slots over DTMF', async () => {
    const donor = becsDonor(5, PREFIX);
    const [row] = (await ds.query('SELECT id FROM donor WHERE becs_donor_no = ?', [donor.donorNo])) as { id: number }[];
    // 2 booking → the ID's last four → 2 platelets → first day → first time → 1 confirm
    const c = sim.placeCall({ from: donor.mobile, to: '96606', dtmf: ['2', donor.nationalId.slice(-4).replace(/x/i, '*'), '2', '1', '1', '1'].join(',') });
    const [appt] = await until(async () => {
      const r = (await ds.query("SELECT slot_id, channel, status FROM appointment WHERE donor_id = ? AND status = 'booked'", [row!.id])) as { slot_id: number; channel: string; status: string }[];
      return r.length ? r : null;
    }, 60_000, 'the IVR booking');
    expect(appt).toMatchObject({ channel: 'ivr', status: 'booked' });
    expect(slots.map((s) => s.id)).toContain(Number(appt!.slot_id));
    expect(await count(`SELECT booked AS n FROM appointment_slot WHERE id = ${Number(appt!.slot_id)}`)).toBe(1);
    sim.hangupCaller(c.callId);
  }, 90_000);
});
