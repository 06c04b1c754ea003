/**
 * The work queue over real sockets with the simulated Asterisk (issue 12): a caller who hangs up in the queue before
 * anyone answers becomes a callback task in the pool (masked number, pushed to the desks); the same number
 * abandoning again that day is the same task; when the caller calls back and an agent answers, the task closes
 * itself; overdue work is escalated to the supervisors over the socket.
 */
import { beforeEach, expect, it, onTestFailed } from 'vitest';
import type { Page, WorkChanged, WorkEscalated, WorkTaskDetailDto, WorkTaskDto } from '@donorline/domain';
import { describeEachDb } from '@donorline/domain/testing';
import type { Desk } from './support/desk.js';
import { Harness, until } from './support/harness.js';

describeEachDb('work queue: abandoned calls become callback tasks', (ctx) => {
  let h: Harness;
  let agent1: Desk;
  let supervisor: Desk;
  let token: string;
  const changes: WorkChanged[] = [];
  const escalations: WorkEscalated[] = [];
  const raw: string[] = [];
  const NUMBER = '13900007777';

  beforeEach(() => {
    onTestFailed(() => {
      if (h) console.log(`STATE AT FAILURE ${ctx.kind}:`, h.dump());
    });
  });

  const poolTasks = async (): Promise<WorkTaskDto[]> =>
    (await h.api<Page<WorkTaskDto>>('GET', '/api/work?scope=pool&kind=callback&status=any&sort=created', token)).body.items.filter((x) => x.callerMasked === '139****7777');

  async function abandon(): Promise<string> {
    const call = h.sim.placeCall({ from: NUMBER, to: '96607' });
    await until(() => h.bridge.registry.get(call.linkedid)?.state === 'queued', 8000, 'queued');
    h.sim.hangupCaller(call.callId);
    await until(() => !h.bridge.registry.get(call.linkedid), 8000, 'call gone from the registry');
    return call.linkedid;
  }

  it('starts', async () => {
    // abandoned-call work is due in ~2 s here so the escalation shows within the test; the tick runs every second
    h = await Harness.start(ctx.db, { env: { WORK_DUE_HOURS: 'callback:abandoned=0.0006', WORK_TICK_SECONDS: '1' } });
    agent1 = await h.seatedDesk('agent1', '8001');
    supervisor = await h.desk('supervisor');
    token = await h.token('agent1');
    for (const d of [agent1, supervisor]) {
      d.socket.on('work:changed', (e) => {
        changes.push(e);
        raw.push(JSON.stringify(e));
      });
    }
    supervisor.socket.on('work:escalated', (e) => {
      escalations.push(e);
      raw.push(JSON.stringify(e));
    });
    await agent1.command('agent:pause', { reason: 'break' });
  }, 60_000);

  it('a caller who hangs up in the queue becomes a callback task for the pool, masked, pushed to the desks', async () => {
    const linkedid = await abandon();
    const [task] = await until(async () => {
      const l = await poolTasks();
      return l.length ? l : null;
    }, 8000, 'the callback task');
    expect(task).toMatchObject({ kind: 'callback', source: 'abandoned', status: 'new', owner: null, team: 'hotline', callerMasked: '139****7777', priority: 'high', callCount: 1 });
    await until(() => changes.some((c) => c.taskIds.includes(task!.id)), 5000, 'work:changed on the desks');
    const detail = (await h.api<WorkTaskDetailDto>('GET', `/api/work/${task!.id}`, token)).body;
    expect(detail.calls.map((c) => c.callId)).toEqual([linkedid]);
    expect(JSON.stringify(detail)).not.toContain(NUMBER);
  }, 30_000);

  it('the same number abandoning again the same day is the same task (its call linked)', async () => {
    const second = await abandon();
    const [task] = await until(async () => {
      const l = await poolTasks();
      return l.length === 1 && l[0]!.callCount === 2 ? l : null;
    }, 8000, 'the second call linked to the one task');
    const detail = (await h.api<WorkTaskDetailDto>('GET', `/api/work/${task!.id}`, token)).body;
    expect(detail.calls.map((c) => c.callId)).toContain(second);
    expect((await poolTasks()).length).toBe(1);
  }, 30_000);

  it('overdue work is escalated to the supervisors over the socket (masked number) and flagged', async () => {
    const [task] = await poolTasks();
    const e = await until(() => escalations.find((x) => x.tasks.some((t) => t.id === task!.id)), 10_000, 'work:escalated');
    expect(e.tasks.find((t) => t.id === task!.id)).toMatchObject({ kind: 'callback', ownerId: null, callerMasked: '139****7777' });
    const detail = (await h.api<WorkTaskDetailDto>('GET', `/api/work/${task!.id}`, token)).body;
    expect(detail).toMatchObject({ overdue: true });
    expect(detail.escalatedAt).not.toBeNull();
  }, 30_000);

  it('the caller calls back and is answered: the task closes itself', async () => {
    const [task] = await poolTasks();
    await agent1.command('agent:ready', {});
    const call = h.sim.placeCall({ from: NUMBER, to: '96607' });
    await agent1.waitPop((p) => p.callId === call.linkedid);
    await agent1.command('call:answer', { callId: call.linkedid });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'connected');
    const closed = await until(async () => {
      const d = (await h.api<WorkTaskDetailDto>('GET', `/api/work/${task!.id}`, token)).body;
      return d.status === 'closed' ? d : null;
    }, 8000, 'the task closed by itself');
    expect(closed.outcome).toMatch(/来电已接通，自动关闭/);
    expect(closed.calls.map((c) => c.callId)).toContain(call.linkedid);
    await until(() => changes.some((c) => c.reason === 'closed-by-callback' && c.taskIds.includes(task!.id)), 5000, 'work:changed closed-by-callback');
    await agent1.command('call:hangup', { callId: call.linkedid });
    // no socket event carried the full number
    expect(raw.join('\n')).not.toContain(NUMBER);
  }, 30_000);

  it('stops', async () => {
    await h.close();
  }, 30_000);
});
