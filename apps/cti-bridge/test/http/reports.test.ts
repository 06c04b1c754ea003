/**
 * Reports over real HTTP (issue 15): role gate (supervisor, quality, admin; agents 403; no token 401), a day's
 * figures as the domain defines them, bad filters 400, CSV and XLSX exports that match the table and are audited,
 * and no phone number anywhere in a report.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditEntryDto, ErrorBody, Page, ReportResult, WallboardInfoDto } from '@donorline/domain';
import { describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

const t0 = (hms: string): Date => new Date(`2026-12-01T${hms}Z`);
const DAY = 'from=2026-12-01&to=2026-12-01';

describeEachDb('reports (HTTP)', (ctx) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
    const c = t.services.calls;
    await c.upsert('h-ab', { queue: 'hotline', caller: '13912345678', startedAt: t0('01:00:00'), queuedAt: t0('01:00:00'), endedAt: t0('01:00:30'), waitSeconds: 30, outcome: 'abandoned' });
    await c.upsert('h-an', { queue: 'hotline', caller: '13912345679', startedAt: t0('02:00:00'), queuedAt: t0('02:00:00'), answeredAt: t0('02:00:05'), endedAt: t0('02:01:05'), waitSeconds: 5, talkSeconds: 60, outcome: 'answered', ivrPath: 'welcome>menu:0>agent' });
  }, 120_000);
  afterAll(async () => t?.close());

  const get = <T>(path: string, token?: string) => t.call<T>('GET', path, token ? { token } : {});

  it('only supervisors, quality staff and admins; agents get 403, no token 401', async () => {
    for (const path of ['/api/reports/wallboard', `/api/reports/volume?${DAY}`, `/api/reports/agents/export?${DAY}&format=csv`]) {
      expect((await get(path)).status).toBe(401);
      const agent = await get<ErrorBody>(path, t.users.agent1.token);
      expect([agent.status, agent.body.code, agent.body.details]).toEqual([403, 'FORBIDDEN', { rule: 'reports.view' }]);
    }
    for (const u of [t.users.supervisor, t.users.quality, t.users.admin]) expect((await get(`/api/reports/ivr?${DAY}`, u.token)).status).toBe(200);
    const info = await get<WallboardInfoDto>('/api/reports/wallboard', t.users.supervisor.token);
    expect(info.body).toMatchObject({ slThresholdSeconds: 20, slTarget: 0.8, overdueTasks: 0 });
    expect(info.body.thresholds.longWaitWarnSeconds).toBe(60);
  });

  it('the day\'s volume: offered 2, answered 1, abandoned 1, SL ½ (20 s), ASA 5 s', async () => {
    const r = await get<ReportResult<'volume'>>(`/api/reports/volume?${DAY}&group=hour`, t.users.quality.token);
    expect(r.status).toBe(200);
    expect(r.body.total).toMatchObject({ offered: 2, answered: 1, abandoned: 1, serviceLevel: 0.5, abandonRate: 0.5, asaSeconds: 5, ahtSeconds: 60 });
    expect(r.body.rows.map((x) => x.bucket)).toEqual(['2026-12-01 09', '2026-12-01 10']);
    // the SL threshold is a query parameter: within 4 s nobody was answered
    expect((await get<ReportResult<'volume'>>(`/api/reports/volume?${DAY}&slSeconds=4`, t.users.quality.token)).body.total).toMatchObject({ serviceLevel: 0 });
  });

  it('bad filters: 400 with a message, nothing read', async () => {
    for (const q of ['from=2026-12-05&to=2026-12-01', 'from=2026-12-01', 'from=2024-01-01&to=2026-12-01', `${DAY}&group=month`, `${DAY}&queue=a%27b`]) {
      const r = await get<ErrorBody>(`/api/reports/volume?${q}`, t.users.supervisor.token);
      expect([q, r.status]).toEqual([q, 400]);
      expect(r.body.message).toBeTruthy();
    }
    expect((await get(`/api/reports/salaries?${DAY}`, t.users.supervisor.token)).status).toBe(400);
  });

  it('CSV and XLSX exports are the table on screen, audited as report.export', async () => {
    const fetchFile = (q: string) => fetch(`${t.baseUrl}/api/reports/volume/export?${DAY}&${q}`, { headers: { authorization: `Bearer ${t.users.supervisor.token}` } });
    const csv = await fetchFile('format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="report-volume-2026-12-01_2026-12-01.csv"');
    // ignoreBOM: keep the BOM in the text, to see that it is there
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.split('\r\n')[0]).toBe('\uFEFF时段,呼入量,接通量,放弃量,服务水平 (%),放弃率 (%),平均应答时长 (秒),平均处理时长 (秒)');
    expect(text.split('\r\n')[1]).toBe('2026-12-01,2,1,1,50,50,5,60');

    const xlsx = await fetchFile('format=xlsx&lang=en');
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('Period');
    expect(ws.getRow(2).getCell(2).value).toBe(2);
    expect(ws.getRow(2).getCell(5).value).toBe(50);

    const audit = await t.call<Page<AuditEntryDto>>('GET', '/api/audit?action=report.export', { token: t.users.admin.token });
    expect(audit.body.items.filter((e) => e.action === 'report.export' && e.actor?.id === t.users.supervisor.user.id).length).toBeGreaterThanOrEqual(2);
  });

  it('no report carries a phone number, masked or not', async () => {
    for (const kind of ['volume', 'agents', 'ivr', 'work-sla', 'attribution']) {
      const r = await get(`/api/reports/${kind}?${DAY}`, t.users.admin.token);
      expect(JSON.stringify(r.body)).not.toMatch(/139\d|\*\*\*\*/);
    }
  });
}, ['sqlite']);
