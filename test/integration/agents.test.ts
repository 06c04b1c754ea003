/**
 * Agents' seats against the simulated Asterisk: login (QueueAdd), pause with a reason, required wrap-up after a
 * call, one active desk per agent (takeover), logout (QueueRemove).
 */
import { beforeEach, expect, it, onTestFailed } from 'vitest';
import { describeEachDb } from '@donorline/domain/testing';
import { Desk } from './support/desk.js';
import { Harness, sleep, until } from './support/harness.js';

interface SimMember { interface: string; name: string; paused: boolean; reason: string }
interface SimQueue { name: string; members: SimMember[] }

describeEachDb('agents: seats, pauses, wrap-up, takeover', (ctx) => {
  let h: Harness;
  let agent1: Desk;

  beforeEach(() => {
    onTestFailed(() => {
      if (h) console.log(`STATE AT FAILURE ${ctx.kind}:`, h.dump());
    });
  });

  const members = (ext: string): Array<SimMember & { queue: string }> =>
    (h.sim.state() as { queues: SimQueue[] }).queues.flatMap((q) => q.members.filter((m) => m.interface === `PJSIP/${ext}`).map((m) => ({ ...m, queue: q.name })));

  it('starts (a disposition is required after each call)', async () => {
    h = await Harness.start(ctx.db, { wrapUpSeconds: 1, wrapUpRequired: true });
    agent1 = await h.desk('agent1');
    await agent1.waitSession(() => true);
    expect(agent1.session).toMatchObject({ state: 'logged-out', extension: null, wrapUpRequired: true, pbxMode: 'sim' });
  }, 60_000);

  it('logs in to a seat: the phone joins every queue under the agent\'s username, ready', async () => {
    const s = await agent1.command('agent:login', { extension: '8001' });
    expect(s).toMatchObject({ state: 'ready', extension: '8001', queues: ['hotline', 'complaints'] });
    expect(members('8001').map((m) => [m.queue, m.name, m.paused])).toEqual([['hotline', 'agent1', false], ['complaints', 'agent1', false]]);
    const bad = await agent1.ack('agent:login', { extension: '80a1' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const agent2 = await h.desk('agent2');
    const taken = await agent2.ack('agent:login', { extension: '8001' });
    expect(taken).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'extension', allowed: ['8002'] } } }); // not agent2's extension
    agent2.close();
  });

  it('pauses with a reason and becomes ready again (QueuePause)', async () => {
    const p = await agent1.command('agent:pause', { reason: 'meal' });
    expect(p).toMatchObject({ state: 'paused', pauseReason: 'meal' });
    expect(members('8001').every((m) => m.paused && m.reason === 'meal')).toBe(true);
    const bad = await agent1.ack('agent:pause', { reason: 'nap' as never });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const r = await agent1.command('agent:ready', {});
    expect(r).toMatchObject({ state: 'ready', pauseReason: null });
    expect(members('8001').every((m) => !m.paused)).toBe(true);
  });

  it('after a call: wrap-up (paused "wrap-up" in Asterisk) until the disposition is saved', async () => {
    const call = h.sim.placeCall({ from: '13600001111', to: '96607' });
    await agent1.waitPop((p) => p.callId === call.linkedid);
    await agent1.command('call:answer', { callId: call.linkedid });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'connected');
    const onCall = await agent1.ack('agent:logout', {});
    expect(onCall).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    h.sim.hangupCaller(call.callId);
    const w = await agent1.waitSession((s) => s.state === 'wrap-up');
    expect(w.wrapUpEndsAt).not.toBeNull();
    expect(members('8001').every((m) => m.paused && m.reason === 'wrap-up')).toBe(true);
    await sleep(1500); // the wrap-up time is over, but the disposition is missing
    expect(agent1.session?.state).toBe('wrap-up');
    const early = await agent1.ack('agent:wrap-up-done', {});
    expect(early).toMatchObject({ ok: false, error: { code: 'WRAP_UP_REQUIRED' } });
    const ready = await agent1.ack('agent:ready', {});
    expect(ready).toMatchObject({ ok: false, error: { code: 'WRAP_UP_REQUIRED' } });
    await until(async () => (await h.services.calls.getByLinkedid(call.linkedid).catch(() => null))?.endedAt, 5000, 'record');
    const token = await h.token('agent1');
    const saved = await h.api('POST', `/api/calls/${encodeURIComponent(call.linkedid)}/disposition`, token, { disposition: 'consultation', notes: '咨询献血间隔' });
    expect(saved.status).toBe(200);
    // saved in overtime: still in wrap-up (not silently 就绪) until the agent says so
    expect(members('8001').every((m) => m.paused && m.reason === 'wrap-up')).toBe(true);
    expect(h.bridge.agents.statuses().find((x) => x.agent.extension === '8001')?.state).toBe('wrap-up');
    const done = await agent1.ack('agent:wrap-up-done', {});
    expect(done).toMatchObject({ ok: true });
    await agent1.waitSession((s) => s.state === 'ready');
    expect(members('8001').every((m) => !m.paused)).toBe(true);
  }, 30_000);

  it('one desk per agent: a second login is refused unless it takes over; the old desk is told and closed', async () => {
    const second = await h.desk('agent1');
    const refused = await second.ack('agent:login', { extension: '8001' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'SESSION_TAKEN' } });
    const cmd = await second.ack('agent:pause', { reason: 'break' });
    expect(cmd).toMatchObject({ ok: false, error: { code: 'SESSION_TAKEN' } });
    const took = await second.command('agent:login', { extension: '8001', takeover: true });
    expect(took).toMatchObject({ state: 'ready', extension: '8001' });
    await until(() => agent1.replaced, 3000, 'session:replaced');
    await until(() => !agent1.socket.connected, 3000, 'old desk closed');
    await second.command('agent:pause', { reason: 'break' });
    agent1 = second;
  });

  it('logs out: the phone leaves the queues', async () => {
    const s = await agent1.command('agent:logout', {});
    expect(s).toMatchObject({ state: 'logged-out', extension: null });
    expect(members('8001')).toEqual([]);
    const noSeat = await agent1.ack('agent:ready', {});
    expect(noSeat).toMatchObject({ ok: false, error: { code: 'NOT_LOGGED_IN' } });
  });

  it('supervisors see the wallboard; agents do not', async () => {
    const sup = await h.desk('supervisor');
    await until(() => sup.socket.connected, 2000);
    const got: unknown[] = [];
    sup.socket.on('wallboard:agents', (a) => got.push(a));
    await sup.reconnect();
    await until(() => got.length > 0, 4000, 'wallboard');
    const agent = await Desk.connect(h.baseUrl, await h.token('agent2'));
    const seen: unknown[] = [];
    agent.socket.on('wallboard:agents', (a) => seen.push(a));
    await sleep(300);
    expect(seen).toEqual([]);
    agent.close();
  });

  it('shuts down', async () => {
    await h?.close();
  }, 30_000);
});
