/**
 * Recruitment CRM over real HTTP (issue 13): role gating of every route, a bad rule is a 400 naming the path, live
 * count and masked preview, saved segments (audited, unique names), one donor's manager with compare-and-set,
 * bulk assignment by segment, 我的献血者 and the workload.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ErrorBody, ManagerWorkload, PortfolioRow, SavedSegmentDto, SegmentCountReply, SegmentPreviewRow } from '@donorline/domain';
import { describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

describeEachDb('recruitment CRM (HTTP)', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
  }, 120_000);
  afterAll(async () => t?.close());

  const everyone = { op: 'and', rules: [] };

  it('role gating: no token 401; quality staff are not recruiters; agents count and preview but do not save, bulk-assign or see the workload', async () => {
    const { agent1, quality } = t.users;
    expect((await t.call('POST', '/api/crm/segments/count', { json: { rule: everyone } })).status).toBe(401);
    expect((await t.call('POST', '/api/crm/segments/count', { token: quality.token, json: { rule: everyone } })).status).toBe(403);
    expect((await t.call('POST', '/api/crm/segments/count', { token: agent1.token, json: { rule: everyone } })).status).toBe(200);
    expect((await t.call('POST', '/api/crm/segments', { token: agent1.token, json: { name: 'x', rule: everyone } })).status).toBe(403);
    expect((await t.call('POST', '/api/crm/assignments/bulk', { token: agent1.token, json: { segmentId: 1, managerIds: [agent1.user.id] } })).status).toBe(403);
    expect((await t.call('GET', '/api/crm/workload', { token: agent1.token })).status).toBe(403);
    const other = await t.call<ErrorBody>('GET', `/api/crm/portfolio?managerId=${t.users.agent2.user.id}`, { token: agent1.token });
    expect([other.status, other.body.details]).toEqual([403, { rule: 'crm.portfolio-others' }]);
  });

  it('a bad rule is a 400 with the path and the reason in both languages; nothing is saved', async () => {
    const { supervisor } = t.users;
    const bad = await t.call<ErrorBody>('POST', '/api/crm/segments/count', { token: supervisor.token, json: { rule: { op: 'and', rules: [{ field: 'age', op: 'between', value: [50, 20] }] } } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { path: 'rule.rules[0].value' } });
    expect(bad.body.message).toMatch(/分群规则无效.*invalid segment rule.*from is after to/);
    const unknown = await t.call<ErrorBody>('POST', '/api/crm/segments', { token: supervisor.token, json: { name: '坏', rule: { field: 'income', op: 'gte', value: 1 } } });
    expect([unknown.status, unknown.body.details]).toEqual([400, { path: 'rule.field' }]);
    expect((await t.call<SavedSegmentDto[]>('GET', '/api/crm/segments', { token: supervisor.token })).body.some((s) => s.name === '坏')).toBe(false);
  });

  it('live count and a masked preview; save, rename (audited); a duplicate name is a 409', async () => {
    const { supervisor, agent1 } = t.users;
    const rule = { op: 'or', rules: [{ field: 'gender', op: 'in', value: ['male'] }, { field: 'gender', op: 'in', value: ['female'] }] };
    const c = await t.call<SegmentCountReply>('POST', '/api/crm/segments/count', { token: agent1.token, json: { rule } });
    expect(c.status).toBe(200);
    expect(c.body.count).toBeGreaterThan(10);
    const p = await t.call<SegmentPreviewRow[]>('POST', '/api/crm/segments/preview', { token: agent1.token, json: { rule, limit: 5 } });
    expect(p.body).toHaveLength(5);
    for (const row of p.body) {
      expect(row.nameMasked).toMatch(/\*/);
      if (row.phoneMasked) expect(row.phoneMasked).toMatch(/\*{4}\d{4}$/);
    }
    expect(JSON.stringify(p.body)).not.toMatch(/1[3-9]\d{9}/);
    const s = await t.call<SavedSegmentDto>('POST', '/api/crm/segments', { token: supervisor.token, json: { name: '男女全体', rule } });
    expect(s.status).toBe(200);
    const dup = await t.call<ErrorBody>('POST', '/api/crm/segments', { token: supervisor.token, json: { name: '男女全体', rule } });
    expect([dup.status, dup.body.code]).toEqual([409, 'CONFLICT']);
    const r = await t.call<SavedSegmentDto>('PATCH', `/api/crm/segments/${s.body.id}`, { token: supervisor.token, json: { name: '全体献血者' } });
    expect(r.body.name).toBe('全体献血者');
    const audit = await t.services.audit.list({ subjectType: 'segment', subjectId: String(s.body.id) });
    expect(audit.items.map((a) => a.action).sort()).toEqual(['segment.create', 'segment.update']);
  });

  it('account manager: an agent takes an unassigned donor; a second recruiter gets 409 naming who has it; bulk, portfolio, workload', async () => {
    const { agent1, agent2, supervisor } = t.users;
    const donorId = (await t.call<{ id: number }>('POST', '/api/donors', { token: agent1.token, json: { name: '邵明', phone: '13955550101' } })).body.id;
    const take = await t.call('PUT', `/api/crm/donors/${donorId}/account-manager`, { token: agent1.token, json: { managerId: agent1.user.id, expected: null } });
    expect(take.status).toBe(200);
    const late = await t.call<ErrorBody>('PUT', `/api/crm/donors/${donorId}/account-manager`, { token: agent2.token, json: { managerId: agent2.user.id, expected: null } });
    expect(late.status).toBe(409);
    expect(late.body.message).toContain(agent1.user.displayName);
    const steal = await t.call<ErrorBody>('PUT', `/api/crm/donors/${donorId}/account-manager`, { token: agent2.token, json: { managerId: agent2.user.id, expected: agent1.user.id } });
    expect([steal.status, steal.body.details]).toEqual([403, { rule: 'crm.assign-others' }]);

    const seg = await t.call<SavedSegmentDto>('POST', '/api/crm/segments', { token: supervisor.token, json: { name: '女性献血者', rule: { field: 'gender', op: 'in', value: ['female'] } } });
    const bulk = await t.call<{ assigned: number; perManager: Record<string, number> }>('POST', '/api/crm/assignments/bulk', { token: supervisor.token, json: { segmentId: seg.body.id, managerIds: [agent1.user.id, agent2.user.id] } });
    expect(bulk.status).toBe(200);
    const n1 = bulk.body.perManager[agent1.user.id] ?? 0;
    const n2 = bulk.body.perManager[agent2.user.id] ?? 0;
    expect(n1 + n2).toBe(bulk.body.assigned);
    const mine = await t.call<{ items: PortfolioRow[]; total: number }>('GET', '/api/crm/portfolio', { token: agent1.token });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((x) => x.donorId)).toContain(donorId);
    const w = await t.call<ManagerWorkload[]>('GET', '/api/crm/workload', { token: supervisor.token });
    const a1 = w.body.find((x) => x.managerId === agent1.user.id)!;
    const a2 = w.body.find((x) => x.managerId === agent2.user.id)!;
    expect(a1.donors).toBe(mine.body.total);
    // balanced, counting what each held before (agent1 had taken one): they end within one of each other
    expect([a1.donors, a2.donors]).toEqual([1 + n1, n2]);
    expect(Math.abs(a1.donors - a2.donors)).toBeLessThanOrEqual(1);
  });
});
