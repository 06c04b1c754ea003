/**
 * The satisfaction report over real HTTP (issue 12): post-donation SMS surveys sent through the outbox and answered
 * by the donor's reply, an IVR survey after an agent's call — per site, per agent, per donor kind; the low answers
 * and whether their callback was done; supervisors, quality staff and admins only (agents 403); XLSX export.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { localDateOf, type ErrorBody, type ReportResult } from '@donorline/domain';
import { enqueueSurveys } from '@donorline/domain/node';
import { buildDonation, buildDonor, buildSite, describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

describeEachDb('satisfaction report (HTTP)', (ctx) => {
  let t: TestApp;
  const today = localDateOf(new Date());
  const q = `from=${today}&to=${today}`;
  let siteName = '';

  beforeAll(async () => {
    t = await buildTestApp(ctx.kind, { seedDonors: 0 });
    const ds = t.db.ds;
    const site = await buildSite(ds, { name: `满意度测试屋${ctx.kind}` });
    siteName = site.name;
    const am = t.users.agent2.user;
    const donors = [await buildDonor(ds, { accountManagerId: am.id }), await buildDonor(ds), await buildDonor(ds)];
    await buildDonation(ds, donors[0]!.id, { date: '2025-03-01', siteId: site.id }); // a repeat donor
    const gifts = [];
    for (const d of donors) gifts.push(await buildDonation(ds, d.id, { date: today, siteId: site.id }));
    await enqueueSurveys(ds, { donations: gifts.map((g, i) => ({ donationId: g.id, donorId: donors[i]!.id, type: 'whole-blood' as const, date: today, outcome: 'completed' as const, created: true })) });
    // the worker hands them to the provider
    const claimed = (await t.services.messaging.store.claim({ limit: 50, leaseMs: 60_000, quiet: null })).filter((c) => c.template === 'survey');
    expect(claimed).toHaveLength(3);
    for (const c of claimed) await t.services.messaging.store.settle(c, { kind: 'sent', providerId: `p-${c.id}` }, { provider: 'sim', maxAttempts: 3, backoffMs: () => 1000 });
    const mobile = async (id: number) => String((await ds.query('SELECT e164 FROM donor_phone WHERE donor_id = ?', [id]))[0].e164);
    const low = await t.services.messaging.inbound.receive({ from: await mobile(donors[0]!.id), content: '2', provider: 'sim', seq: `sat-1-${ctx.kind}`, at: new Date() });
    await t.services.messaging.inbound.receive({ from: await mobile(donors[1]!.id), content: '5', provider: 'sim', seq: `sat-2-${ctx.kind}`, at: new Date() });
    // the account manager calls back and records the outcome
    await t.services.work.act(low.ticketId!, 'resolve', { id: am.id, role: 'agent' }, { outcome: '已致歉，献血者表示理解' });
    // an IVR survey after agent1's call
    const started = new Date(Date.now() - 120_000);
    await t.services.calls.upsert(`sat-ivr-${ctx.kind}`, { queue: 'hotline', caller: '13912340001', startedAt: started, queuedAt: started, answeredAt: started, agentExtension: t.users.agent1.user.extension, endedAt: new Date(), outcome: 'answered', ivrPath: 'welcome>menu:0>agent>survey>survey:4' });
    await t.services.surveys.record({ channel: 'ivr', score: 4, callId: `sat-ivr-${ctx.kind}` });
  }, 180_000);
  afterAll(async () => t?.close());

  const get = <T>(path: string, token?: string) => t.call<T>('GET', path, token ? { token } : {});

  it('supervisors, quality staff and admins read it; agents get 403; no token 401', async () => {
    for (const path of [`/api/reports/satisfaction?${q}`, `/api/reports/satisfaction-low?${q}`, `/api/reports/satisfaction/export?${q}&format=xlsx`]) {
      expect((await get(path)).status).toBe(401);
      const agent = await get<ErrorBody>(path, t.users.agent1.token);
      expect([agent.status, agent.body.details]).toEqual([403, { rule: 'reports.view' }]);
      for (const u of [t.users.supervisor, t.users.quality, t.users.admin]) expect((await fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${u.token}` } })).status).toBe(200);
    }
  });

  it('sent, answered, response rate, distribution, average, low and callbacks — per site, per agent, per donor kind', async () => {
    const r = await get<ReportResult<'satisfaction'>>(`/api/reports/satisfaction?${q}`, t.users.supervisor.token);
    expect(r.body.rows.map((x) => x.bucket)).toEqual([today]);
    expect(r.body.total).toMatchObject({ sent: 4, answered: 3, responseRate: 0.75, score2: 1, score4: 1, score5: 1, average: 3.67, low: 1, callbacksDone: 1, callbacksInTime: 1 });
    const bySite = await get<ReportResult<'satisfaction'>>(`/api/reports/satisfaction?${q}&satGroup=site`, t.users.quality.token);
    expect(bySite.body.rows.find((x) => x.bucket === siteName)).toMatchObject({ sent: 3, answered: 2, low: 1 });
    const byAgent = await get<ReportResult<'satisfaction'>>(`/api/reports/satisfaction?${q}&satGroup=agent&channel=ivr`, t.users.quality.token);
    expect(byAgent.body.rows).toEqual([expect.objectContaining({ bucket: t.users.agent1.user.displayName, sent: 1, answered: 1, score4: 1, average: 4 })]);
    const kinds = await get<ReportResult<'satisfaction'>>(`/api/reports/satisfaction?${q}&satGroup=donor-kind&channel=sms`, t.users.admin.token);
    expect(Object.fromEntries(kinds.body.rows.map((x) => [x.bucket, [x.sent, x.answered, x.average]]))).toEqual({ 'first-time': [2, 1, 5], repeat: [1, 1, 2] });
  });

  it('the low answers with their callback; bad filters 400; XLSX export is the table, in the language asked', async () => {
    const low = await get<ReportResult<'satisfaction-low'>>(`/api/reports/satisfaction-low?${q}`, t.users.supervisor.token);
    expect(low.body.rows).toEqual([expect.objectContaining({ channel: 'sms', site: siteName, score: 2, owner: t.users.agent2.user.displayName, taskStatus: 'resolved', done: true, inTime: true })]);
    expect(JSON.stringify(low.body)).not.toMatch(/1[3-9]\d{9}/); // no phone number in a report
    for (const bad of ['satGroup=year', 'channel=email']) expect((await get(`/api/reports/satisfaction?${q}&${bad}`, t.users.supervisor.token)).status).toBe(400);
    const res = await fetch(`${t.baseUrl}/api/reports/satisfaction/export?${q}&format=xlsx&lang=en&satGroup=site`, { headers: { authorization: `Bearer ${t.users.supervisor.token}` } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect([ws.getRow(1).getCell(1).value, ws.getRow(1).getCell(4).value, ws.getRow(1).getCell(10).value]).toEqual(['Group', 'Response rate (%)', 'Average']);
    const row = [2, 3].map((i) => ws.getRow(i)).find((x) => x.getCell(1).value === siteName)!;
    expect([row.getCell(2).value, row.getCell(4).value]).toEqual([3, 66.7]);
  });
});
