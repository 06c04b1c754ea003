/**
 * The work queue over real HTTP (issue 12): who may act on which task, the outcome required to resolve, the 400/403/409
 * messages in both languages, counts for the badge, the supervisor's view of everything and bulk actions.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditEntryDto, Donor360, ErrorBody, Page, TicketBrief, WorkCounts, WorkTaskDetailDto, WorkTaskDto } from '@donorline/domain';
import { describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

describeEachDb('work queue (HTTP)', (ctx) => {
  let t: TestApp;
  let donorId: number;
  const act = (token: string, id: number, action: string, json: object = {}) => t.call<WorkTaskDetailDto & ErrorBody>('POST', `/api/work/${id}/${action}`, { token, json });

  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
    const created = await t.call<Donor360>('POST', '/api/donors', { token: t.users.agent1.token, json: { name: '韩冬', phone: '13955558821' } });
    donorId = created.body.id;
    // the donor's account manager is agent1 (a supervisor's decision)
    expect((await t.call('PATCH', `/api/donors/${donorId}`, { token: t.users.supervisor.token, json: { accountManagerId: t.users.agent1.user.id } })).status).toBe(200);
  }, 120_000);
  afterAll(async () => t?.close());

  it('a low survey score becomes a callback for the donor\'s account manager, due within 24 h, in 我的待办 with the badge count', async () => {
    const { agent1, agent2 } = t.users;
    const before = (await t.call<WorkCounts>('GET', '/api/work/counts', { token: agent1.token })).body;
    const s = await t.services.surveys.record({ channel: 'ivr', score: 1, donorId });
    const mine = await t.call<Page<WorkTaskDto>>('GET', '/api/work?scope=mine&kind=callback', { token: agent1.token });
    const task = mine.body.items.find((x) => x.id === s.callbackTicketId)!;
    expect(task).toMatchObject({ source: 'survey', status: 'assigned', owner: { id: agent1.user.id }, donor: { id: donorId, name: '韩冬' }, overdue: false });
    const hours = (Date.parse(task.dueAt!) - Date.parse(task.createdAt)) / 3_600_000;
    expect(hours).toBe(24);
    expect((await t.call<WorkCounts>('GET', '/api/work/counts', { token: agent1.token })).body.mine).toBe(before.mine + 1);
    expect((await t.call<Page<WorkTaskDto>>('GET', '/api/work?scope=mine', { token: agent2.token })).body.items.map((x) => x.id)).not.toContain(task.id);
  });

  it('role checks: an agent cannot reassign, close or view others\' work; quality only reads; the owner resolves only with an outcome', async () => {
    const { agent1, agent2, quality, supervisor } = t.users;
    const tk = await t.call<TicketBrief>('POST', '/api/tickets', { token: agent1.token, json: { kind: 'complaint', subject: '采血护士态度', donorId } });
    expect(tk.body).toMatchObject({ status: 'assigned', owner: { id: agent1.user.id } }); // routed to the account manager
    const id = tk.body.id;
    const steal = await act(agent2.token, id, 'assign', { ownerId: agent2.user.id });
    expect([steal.status, steal.body.code, steal.body.message]).toEqual([403, 'FORBIDDEN', '只有工单负责人、主管或管理员可以转派该工单 / only the task\'s owner, a supervisor or an admin may reassign it']);
    expect((await act(agent2.token, id, 'close')).status).toBe(403);
    expect((await act(quality.token, id, 'start')).body.details).toMatchObject({ rule: 'work.read-only' });
    const all = await t.call<ErrorBody>('GET', '/api/work?scope=all', { token: agent2.token });
    expect([all.status, all.body.details]).toEqual([403, { rule: 'work.view-all' }]);
    expect((await t.call('GET', '/api/work?scope=all', { token: quality.token })).status).toBe(200);

    expect((await act(agent1.token, id, 'start')).body.status).toBe('in-progress');
    const noOutcome = await act(agent1.token, id, 'resolve', { outcome: '   ' });
    expect([noOutcome.status, noOutcome.body.message]).toEqual([400, '解决工单需要填写处理结果 / an outcome is required to resolve a task']);
    const tooLong = await act(agent1.token, id, 'resolve', { outcome: '长'.repeat(501) });
    expect(tooLong.status).toBe(400);
    const bad = await act(agent1.token, id, 'fly');
    expect(bad.status).toBe(400);
    const done = await act(agent1.token, id, 'resolve', { outcome: '已致歉，护士长回电说明' });
    expect(done.body).toMatchObject({ status: 'resolved', outcome: '已致歉，护士长回电说明' });
    const again = await act(agent1.token, id, 'start');
    expect([again.status, again.body.message]).toEqual([409, '该工单已解决或关闭，请先重新打开 / the task is resolved or closed — reopen it first']);
    expect((await act(supervisor.token, id, 'reopen')).body.status).toBe('assigned');
    const reassigned = await act(supervisor.token, id, 'assign', { ownerId: agent2.user.id });
    expect(reassigned.body).toMatchObject({ status: 'assigned', owner: { id: agent2.user.id } });
    const audit = (await t.call<Page<AuditEntryDto>>('GET', `/api/audit?action=work.assign&subjectId=${id}`, { token: t.users.admin.token })).body.items;
    expect(audit.map((r) => [r.actor?.id, r.detail?.changes])).toEqual([[supervisor.user.id, { ownerId: { from: agent1.user.id, to: agent2.user.id } }]]);
  });

  it('the pool: anyone takes a task for themselves; supervisors see everything, reassign and bulk close; agents cannot bulk', async () => {
    const { agent1, agent2, supervisor } = t.users;
    const a = await t.services.work.abandoned({ callId: `http-ab-${ctx.kind}-1`, e164: '+8613700001111', donorId: null, queue: 'hotline', at: new Date() });
    const b = await t.services.work.abandoned({ callId: `http-ab-${ctx.kind}-2`, e164: '+8613700002222', donorId: null, queue: 'hotline', at: new Date() });
    const pool = (await t.call<Page<WorkTaskDto>>('GET', '/api/work?scope=pool&sort=priority', { token: agent2.token })).body.items;
    expect(pool.find((x) => x.id === a.taskId)).toMatchObject({ source: 'abandoned', status: 'new', callerMasked: '137****1111', owner: null, priority: 'high' });
    expect(JSON.stringify(pool)).not.toContain('13700001111');
    expect((await act(agent2.token, a.taskId, 'assign', { ownerId: agent1.user.id })).status).toBe(403);
    expect((await act(agent2.token, a.taskId, 'assign', { ownerId: agent2.user.id })).body).toMatchObject({ status: 'assigned', owner: { id: agent2.user.id } });

    const denied = await t.call<ErrorBody>('POST', '/api/work/bulk', { token: agent2.token, json: { ids: [a.taskId, b.taskId], action: 'close' } });
    expect([denied.status, denied.body.message]).toEqual([403, '批量操作需要主管或管理员 / bulk actions need a supervisor or an admin']);
    const bulk = await t.call<{ updated: number }>('POST', '/api/work/bulk', { token: supervisor.token, json: { ids: [a.taskId, b.taskId], action: 'assign', ownerId: agent1.user.id } });
    expect(bulk.body).toEqual({ updated: 2 });
    const everything = (await t.call<Page<WorkTaskDto>>('GET', `/api/work?scope=all&ownerId=${agent1.user.id}&kind=callback`, { token: supervisor.token })).body.items.map((x) => x.id);
    expect(everything).toEqual(expect.arrayContaining([a.taskId, b.taskId]));
    expect((await t.call('POST', '/api/work/bulk', { token: supervisor.token, json: { ids: [], action: 'close' } })).status).toBe(400);
    expect((await t.call('POST', '/api/work/bulk', { token: supervisor.token, json: { ids: [a.taskId, b.taskId], action: 'close', outcome: '重复来电，已处理' } })).status).toBe(200);
    expect((await t.call<WorkTaskDetailDto>('GET', `/api/work/${b.taskId}`, { token: agent1.token })).body).toMatchObject({ status: 'closed', outcome: '重复来电，已处理', calls: [{ callId: `http-ab-${ctx.kind}-2` }] });
    expect((await t.call('GET', '/api/work/99999999', { token: agent1.token })).status).toBe(404);
  });
});
