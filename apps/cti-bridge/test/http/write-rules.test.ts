/**
 * Issue 10: no ownership or role checks on writes — any role could close or reassign any ticket and edit any donor's
 * national ID, consents, do-not-call or account manager (an agent could make themselves a donor's account manager).
 * The rules per action (access/write-policy.ts) over real HTTP, with old → new in the audit.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { completeNationalId, type AuditEntryDto, type Donor360, type ErrorBody, type Page, type TicketBrief } from '@donorline/domain';
import { describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

describeEachDb('who may change what (HTTP)', (ctx) => {
  let t: TestApp;
  let donorId: number;
  const audit = async (action: string, subjectId: number): Promise<AuditEntryDto[]> =>
    (await t.call<Page<AuditEntryDto>>('GET', `/api/audit?action=${action}&subjectId=${subjectId}`, { token: t.users.admin.token })).body.items;

  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
    const created = await t.call<Donor360>('POST', '/api/donors', {
      token: t.users.agent1.token,
      json: { name: '周建', phone: '13955558801', nationalId: completeNationalId('37020219880808301'), consentSms: true, consentRecruitment: false },
    });
    expect(created.status).toBe(200);
    donorId = created.body.id;
  }, 120_000);
  afterAll(async () => t?.close());

  it('donors: an agent cannot make themselves account manager, rewrite the ID, lift do-not-call or grant consent — a supervisor can', async () => {
    const { agent1, supervisor } = t.users;
    const patch = (token: string, json: object) => t.call<Donor360 & ErrorBody>('PATCH', `/api/donors/${donorId}`, { token, json });
    const self = await patch(agent1.token, { accountManagerId: agent1.user.id });
    expect(self.status).toBe(403);
    expect(self.body).toMatchObject({ code: 'FORBIDDEN', details: { rule: 'donor.account-manager' } });
    expect(self.body.message).toMatch(/指定客户经理需要主管或管理员操作 \/ assigning an account manager needs a supervisor or an admin/);
    expect((await patch(agent1.token, { nationalId: completeNationalId('37020219880808302') })).status).toBe(403);
    expect((await patch(agent1.token, { nationalId: null })).status).toBe(403);
    expect((await patch(agent1.token, { consentRecruitment: true })).status).toBe(403);
    // the donor asks not to be called, withdraws SMS consent: the agent records it
    const dnc = await patch(agent1.token, { doNotCall: true, consentSms: false, occupation: '教师' });
    expect(dnc.status).toBe(200);
    expect(dnc.body).toMatchObject({ doNotCall: true, consent: { sms: false }, occupation: '教师' });
    expect((await patch(agent1.token, { doNotCall: false })).status).toBe(403);
    // nothing of the refused requests was written
    const [row] = (await t.services.ds.query('SELECT account_manager_id, consent_recruitment, do_not_call FROM donor WHERE id = ?', [donorId])) as Record<string, unknown>[];
    expect([row!.account_manager_id, Number(row!.consent_recruitment), Number(row!.do_not_call)]).toEqual([null, 0, 1]);

    const sup = await patch(supervisor.token, { accountManagerId: agent1.user.id, doNotCall: false, consentRecruitment: true });
    expect(sup.status).toBe(200);
    expect(sup.body).toMatchObject({ accountManager: { id: agent1.user.id }, doNotCall: false });

    const rows = await audit('donor.update', donorId);
    expect(rows.map((r) => [r.actor?.id, r.detail?.changes])).toEqual([
      [supervisor.user.id, { consentRecruitment: { from: false, to: true }, doNotCall: { from: true, to: false }, accountManagerId: { from: null, to: agent1.user.id } }],
      [agent1.user.id, { occupation: { from: null, to: '教师' }, consentSms: { from: true, to: false }, doNotCall: { from: false, to: true } }],
    ]);
  });

  it('tickets: only the owner, a supervisor or an admin closes or reassigns; anyone adds a note; old → new audited', async () => {
    const { agent1, agent2, supervisor, quality } = t.users;
    const mine = await t.call<TicketBrief>('POST', '/api/tickets', { token: agent1.token, json: { kind: 'callback', subject: '回电确认预约', donorId, ownerId: agent1.user.id } });
    expect(mine.status).toBe(200);
    const forOther = await t.call<ErrorBody>('POST', '/api/tickets', { token: agent1.token, json: { kind: 'callback', subject: '请同事回电', ownerId: agent2.user.id } });
    expect(forOther.status).toBe(403);
    const patch = (token: string, json: object) => t.call<TicketBrief & ErrorBody>('PATCH', `/api/tickets/${mine.body.id}`, { token, json });
    for (const who of [agent2, quality]) {
      expect((await patch(who.token, { status: 'closed' })).status).toBe(403);
      expect((await patch(who.token, { ownerId: who.user.id })).status).toBe(403);
      expect((await patch(who.token, { dueAt: '2030-01-01T00:00:00Z' })).status).toBe(403);
    }
    expect((await patch(agent2.token, { note: '献血者又来电询问' })).status).toBe(200);
    expect((await t.call<TicketBrief>('GET', `/api/tickets?donorId=${donorId}`, { token: agent2.token })).body).toMatchObject({ items: [{ id: mine.body.id, status: 'assigned', owner: { id: agent1.user.id } }] });
    const handOver = await patch(agent1.token, { ownerId: agent2.user.id });
    expect(handOver.status).toBe(200);
    expect((await patch(agent1.token, { status: 'resolved', outcome: '已确认' })).status).toBe(403); // no longer the owner
    const noOutcome = await patch(agent2.token, { status: 'resolved' });
    expect([noOutcome.status, noOutcome.body.message]).toEqual([400, '解决工单需要填写处理结果 / an outcome is required to resolve a task']);
    expect((await patch(agent2.token, { status: 'resolved', outcome: '已确认预约' })).body.status).toBe('resolved');
    expect((await patch(supervisor.token, { status: 'assigned', ownerId: agent1.user.id })).status).toBe(200);

    const rows = await audit('ticket.update', mine.body.id);
    expect(rows.map((r) => [r.actor?.id, r.detail])).toEqual([
      [supervisor.user.id, { changes: { status: { from: 'resolved', to: 'assigned' }, ownerId: { from: agent2.user.id, to: agent1.user.id } }, note: false }],
      [agent2.user.id, { changes: { status: { from: 'assigned', to: 'resolved' }, outcome: { from: null, to: '已确认预约' } }, note: false }],
      [agent1.user.id, { changes: { ownerId: { from: agent1.user.id, to: agent2.user.id } }, note: false }],
      [agent2.user.id, { changes: {}, note: true }],
    ]);
  });
});
