/**
 * The planner over real HTTP (issue 14): role gates (quality and anonymous out, safety levels for supervisors), the
 * BECS posting stock and issues with an API key of scope 'planning', bad numbers → 400 with a clear message and
 * nothing written, the plan, the ranked list with masked phones, and the list turned into callback tasks.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ErrorBody, PlanResult } from '@donorline/domain';
import { addDays } from '@donorline/domain';
import { buildDonation, buildDonor, buildSite, buildSlot, describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

describeEachDb('planner (HTTP)', (ctx) => {
  let t: TestApp;
  let today: string;
  let key: string;
  let donorId: number;
  let siteId: number;
  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
    today = t.services.planning.today();
    const site = await buildSite(t.db.ds, { name: '中心血站' });
    siteId = site.id;
    for (let i = 0; i < 7; i++) {
      const d = addDays(today, i);
      await buildSlot(t.db.ds, site.id, { type: 'platelets', startsAt: new Date(`${d}T01:00:00Z`), capacity: i === 3 ? 0 : 8 });
    }
    const donor = await buildDonor(t.db.ds, { name: '常客甲', bloodAbo: 'O', bloodRh: '+', phones: ['13812345678'] });
    donorId = donor.id;
    await buildDonation(t.db.ds, donor.id, { type: 'platelets', date: addDays(today, -40), siteId: site.id });
    const k = await t.call<{ key: string }>('POST', '/api/integration/api-keys', { token: t.users.admin.token, json: { name: 'becs-planner', scopes: ['planning'] } });
    expect(k.status).toBe(200);
    key = k.body.key;
  }, 120_000);
  afterAll(async () => t?.close());

  it('gates: anonymous 401, quality 403, agents read and write, safety levels only for supervisors', async () => {
    expect((await t.call('GET', '/api/planning/plan')).status).toBe(401);
    expect((await t.call('GET', '/api/planning/plan', { token: t.users.quality.token })).status).toBe(403);
    expect((await t.call('PUT', '/api/planning/safety', { token: t.users.agent1.token, json: { 'O+': 6 } })).status).toBe(403);
    const s = await t.call('PUT', '/api/planning/safety', { token: t.users.supervisor.token, json: { 'O+': 6 } });
    expect([s.status, s.body]).toEqual([200, { 'O+': 6 }]);
    // a desk token is not an API key, and a key is not a desk login
    expect((await t.call('POST', '/api/integration/planning/stock', { token: t.users.admin.token, json: { lots: [] } })).status).toBe(401);
    expect((await t.call('GET', '/api/planning/stock', { headers: { 'x-api-key': key } })).status).toBe(401);
  });

  it('the BECS posts stock and issues with its key; bad numbers are refused with a clear message and write nothing', async () => {
    const lots = [{ group: 'O+', expiresOn: addDays(today, 2), units: 5 }, { group: 'A+', expiresOn: addDays(today, 3), units: 4 }];
    const posted = await t.call<{ source: string }>('POST', '/api/integration/planning/stock', { headers: { 'x-api-key': key }, json: { lots } });
    expect(posted.status).toBe(200);
    expect(posted.body.source).toBe('becs');
    const records = Array.from({ length: 56 }, (_, i) => ({ day: addDays(today, -56 + i), group: 'O+', units: 4 + (i % 7) }));
    expect((await t.call('POST', '/api/integration/planning/issues', { headers: { 'x-api-key': key }, json: { records } })).body).toEqual({ written: 56 });

    const neg = await t.call<ErrorBody>('POST', '/api/integration/planning/stock', { headers: { 'x-api-key': key }, json: { lots: [{ group: 'O+', expiresOn: addDays(today, 2), units: -4 }] } });
    expect([neg.status, neg.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(neg.body.message).toMatch(/units must be a number from 0/);
    const impossible = await t.call<ErrorBody>('POST', '/api/planning/stock', { token: t.users.agent1.token, json: { lots: [{ group: 'O+', expiresOn: addDays(today, 30), units: 4 }] } });
    expect([impossible.status, impossible.body.details]).toEqual([400, { field: 'stock.expiresOn', problem: 'impossible-expiry' }]);
    const unknown = await t.call<ErrorBody>('POST', '/api/planning/needs', { token: t.users.agent1.token, json: { day: addDays(today, 2), group: 'C+', units: 3 } });
    expect([unknown.status, unknown.body.message]).toEqual([400, '未知血型 C+（应为 A+、O- 等）/ unknown blood group C+ (expected A+, O-, …)']);
    const latest = await t.call<{ lots: unknown[]; source: string }>('GET', '/api/planning/stock', { token: t.users.agent1.token });
    expect(latest.body).toMatchObject({ source: 'becs', lots });
  });

  it('the plan, the ranked list (masked phones, reasons), a day without capacity → 400, tasks from the list', async () => {
    const plan = await t.call<PlanResult>('GET', '/api/planning/plan', { token: t.users.agent1.token });
    expect(plan.status).toBe(200);
    expect(plan.body.days[0]).toBe(today);
    expect(plan.body.projections.find((p) => p.group === 'O+')).toMatchObject({ safety: 6 });
    expect(plan.body.forecasts.find((f) => f.group === 'O+')!.error!.days).toBeGreaterThan(0);

    const target = addDays(today, 2);
    const list = await t.call<{ items: { donorId: number; phoneMasked: string; reasons: { code: string }[] }[] }>('GET', `/api/planning/list?group=O%2B&targetDay=${target}`, { token: t.users.agent1.token });
    expect(list.status).toBe(200);
    const row = list.body.items.find((i) => i.donorId === donorId)!;
    expect(row.phoneMasked).toBe('138****5678');
    expect(JSON.stringify(list.body)).not.toContain('13812345678');
    expect(row.reasons.map((r) => r.code)).toContain('platelet-history');
    const full = await t.call<ErrorBody>('GET', `/api/planning/list?group=O%2B&targetDay=${addDays(today, 3)}&siteIds=${siteId}`, { token: t.users.agent1.token });
    expect([full.status, full.body.details]).toMatchObject([400, { problem: 'no-capacity' }]);
    expect((await t.call('GET', `/api/planning/list?group=Q&targetDay=${target}`, { token: t.users.agent1.token })).status).toBe(400);

    const tasks = await t.call<{ created: { donorId: number; taskId: number }[] }>('POST', '/api/planning/tasks', { token: t.users.agent1.token, json: { donorIds: [donorId], targetDay: target, group: 'O+' } });
    expect(tasks.status).toBe(200);
    expect(tasks.body.created.map((c) => c.donorId)).toEqual([donorId]);
    const task = await t.call<{ source: string; status: string }>('GET', `/api/work/${tasks.body.created[0]!.taskId}`, { token: t.users.supervisor.token });
    expect(task.body).toMatchObject({ source: 'planner', status: 'new' });
    expect((await t.call('POST', '/api/planning/tasks', { token: t.users.agent1.token, json: { donorIds: [], targetDay: target, group: 'O+' } })).status).toBe(400);
  });
});
