/**
 * The work queue over a real database: routing (the account manager when active, else the pool), due times,
 * the abandoned-call task (one per number per day, closed by itself when the caller is answered), escalation, the
 * state machine's writes with the outcome required and old → new audited, and migrated tickets.
 */
import { beforeAll, expect, it } from 'vitest';
import { createDomainServices, DEMO_PII_KEYS, type DomainServices } from '../src/node.js';
import { buildDonor, buildUser, describeEachDb } from '../src/testing/index.js';

let clockNow = new Date('2026-12-07T02:00:00Z');

describeEachDb('work queue', (ctx) => {
  let svc: DomainServices;
  beforeAll(() => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => clockNow, work: { dueHours: { complaint: 24, callback: 24, 'callback:abandoned': 4 }, defaultTeam: 'hotline' } });
  });

  it('routing: a low survey score goes to the donor\'s active account manager, due in 24 h; an inactive one leaves it in the pool', async () => {
    const am = await buildUser(ctx.ds);
    const gone = await buildUser(ctx.ds, { active: false });
    const d1 = await buildDonor(ctx.ds, { accountManagerId: am.id });
    const d2 = await buildDonor(ctx.ds, { accountManagerId: gone.id });
    const a = await svc.surveys.record({ channel: 'ivr', score: 1, donorId: d1.id });
    const b = await svc.surveys.record({ channel: 'ivr', score: 2, donorId: d2.id });
    const ta = await svc.work.detail(a.callbackTicketId!);
    expect(ta).toMatchObject({ kind: 'callback', source: 'survey', status: 'assigned', owner: { id: am.id }, team: 'hotline', dueAt: '2026-12-08T02:00:00.000Z', priority: 'high' });
    expect(await svc.work.detail(b.callbackTicketId!)).toMatchObject({ status: 'new', owner: null, team: 'hotline' });
    expect((await svc.work.counts(am.id)).mine).toBe(1);
  });

  it('abandoned calls: one task per number per day in the pool, masked; a second abandon links its call; answered → closed by itself', async () => {
    const e164 = '+8613911112222';
    const first = await svc.work.abandoned({ callId: 'ab-1', e164, donorId: null, queue: 'hotline', at: clockNow });
    const again = await svc.work.abandoned({ callId: 'ab-2', e164, donorId: null, queue: 'hotline', at: new Date(clockNow.getTime() + 3_600_000) });
    expect(first.created).toBe(true);
    expect(again).toEqual({ taskId: first.taskId, created: false });
    const t = await svc.work.detail(first.taskId);
    expect(t).toMatchObject({ kind: 'callback', source: 'abandoned', status: 'new', owner: null, callerMasked: '139****2222', dueAt: '2026-12-07T06:00:00.000Z', callCount: 2 });
    expect(JSON.stringify(t)).not.toContain('13911112222');
    // the next local day (Asia/Shanghai) is a new task
    const tomorrow = await svc.work.abandoned({ callId: 'ab-3', e164, donorId: null, queue: 'hotline', at: new Date('2026-12-07T16:30:00Z') });
    expect(tomorrow.created).toBe(true);
    const closed = await svc.work.answeredFrom(e164, 'in-4');
    expect(closed.sort()).toEqual([first.taskId, tomorrow.taskId].sort());
    expect(await svc.work.detail(first.taskId)).toMatchObject({ status: 'closed', outcome: expect.stringContaining('自动关闭') });
    expect(await svc.work.answeredFrom(e164, 'in-5')).toEqual([]);
  });

  it('actions: start, resolve needs an outcome, close, reopen — audited old → new; an agent cannot touch someone else\'s task', async () => {
    const owner = await buildUser(ctx.ds);
    const other = await buildUser(ctx.ds);
    const sup = await buildUser(ctx.ds, { role: 'supervisor' });
    const d = await buildDonor(ctx.ds);
    const t = await svc.tickets.create({ kind: 'complaint', subject: '排队太久', donorId: d.id, ownerId: owner.id }, { id: sup.id, role: 'supervisor' });
    const me = { id: owner.id, role: 'agent' as const };
    await expect(svc.work.act(t.id, 'close', { id: other.id, role: 'agent' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(svc.work.act(t.id, 'assign', { id: other.id, role: 'agent' }, { ownerId: other.id })).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'work.reassign' } });
    expect(await svc.work.act(t.id, 'start', me)).toMatchObject({ status: 'in-progress' });
    await expect(svc.work.act(t.id, 'resolve', me, { outcome: '  ' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'outcome' } });
    expect(await svc.work.act(t.id, 'resolve', me, { outcome: '已致歉，改约周六' })).toMatchObject({ status: 'resolved', outcome: '已致歉，改约周六' });
    await expect(svc.work.act(t.id, 'start', me)).rejects.toMatchObject({ code: 'CONFLICT', details: { problem: 'NOT_OPEN' } });
    expect(await svc.work.act(t.id, 'reopen', me)).toMatchObject({ status: 'assigned' });
    await svc.work.bulk([t.id], 'assign', { id: sup.id, role: 'supervisor' }, { ownerId: other.id });
    await expect(svc.work.bulk([t.id], 'close', me)).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'work.bulk' } });
    const audit = (await svc.audit.list({ subjectType: 'ticket', subjectId: String(t.id) })).items.filter((r) => r.action.startsWith('work.'));
    expect(audit.map((r) => [r.action, r.detail?.changes])).toEqual([
      ['work.assign', { ownerId: { from: owner.id, to: other.id } }],
      ['work.reopen', { status: { from: 'resolved', to: 'assigned' } }],
      ['work.resolve', { status: { from: 'in-progress', to: 'resolved' }, outcome: { from: null, to: '已致歉，改约周六' } }],
      ['work.start', { status: { from: 'assigned', to: 'in-progress' } }],
    ]);
  });

  it('escalation: an overdue open task is flagged once and told to listeners', async () => {
    const seen: number[][] = [];
    const off = svc.work.on({ escalated: (e) => seen.push(e.tasks.map((x) => x.id)) });
    const { taskId } = await svc.work.abandoned({ callId: 'ab-esc', e164: '+8613922223333', donorId: null, queue: 'hotline', at: clockNow });
    expect((await svc.work.escalate()).tasks.map((x) => x.id)).not.toContain(taskId);
    clockNow = new Date(clockNow.getTime() + 5 * 3_600_000);
    try {
      expect((await svc.work.escalate()).tasks.map((x) => x.id)).toContain(taskId);
      expect((await svc.work.escalate()).tasks).toEqual([]);
      expect(seen.flat()).toContain(taskId);
      expect(await svc.work.detail(taskId)).toMatchObject({ overdue: true, escalatedAt: clockNow.toISOString() });
      const overdue = await svc.work.list({ scope: 'all', due: 'overdue' }, { id: 1, role: 'supervisor' });
      expect(overdue.items.map((x) => x.id)).toContain(taskId);
    } finally {
      off();
      clockNow = new Date('2026-12-07T02:00:00Z');
    }
  });
});
