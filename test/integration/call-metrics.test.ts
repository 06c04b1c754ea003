/**
 * Call figures as stored (issue 10): calls routed to the account manager first — here a training call "straight to
 * the queue", which rings the trainee's seat through the dialplan's preferred-agent step — carry their queue and a
 * wait from the queue routing; a rejected one is not `ivr-only`. Definitions: packages/domain/src/calls/call-metrics.ts.
 */
import { afterAll, beforeAll, beforeEach, expect, it, onTestFailed } from 'vitest';
import { describeEachDb } from '@donorline/domain/testing';
import type { Desk } from './support/desk.js';
import { Harness, until } from './support/harness.js';

describeEachDb('call figures as stored', (ctx) => {
  let h: Harness;
  let agent: Desk;
  let token = '';

  beforeAll(async () => {
    h = await Harness.start(ctx.db);
    agent = await h.seatedDesk('agent1', '8001');
    token = await h.token('agent1');
  }, 60_000);
  afterAll(async () => h?.close(), 30_000);
  beforeEach(() => {
    onTestFailed(() => {
      if (h) console.log(`STATE AT FAILURE ${ctx.kind}:`, h.dump());
    });
  });

  async function trainingCall(number: string): Promise<string> {
    await agent.waitSession((s) => s.state === 'ready' || s.state === 'wrap-up' || s.state === 'paused', 8000);
    if (agent.session?.state !== 'ready') await agent.command('agent:ready', {});
    const r = await h.api<{ callId: string }>('POST', '/api/training/calls', token, { number, via: 'queue' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.callId;
  }

  it('a training call straight to the queue, answered by the trainee (the preferred agent), carries its queue', async () => {
    const callId = await trainingCall('13900008001');
    await agent.waitPop((p) => p.callId === callId);
    await agent.command('call:answer', { callId });
    await agent.waitUpdate((u) => u.callId === callId && u.state === 'connected');
    await agent.command('call:hangup', { callId });
    await agent.waitUpdate((u) => u.callId === callId && u.state === 'ended');
    const rec = await h.record(callId);
    expect(rec).toMatchObject({ queue: 'hotline', outcome: 'answered', hangupBy: 'agent' });
    expect(rec.queuedAt).not.toBeNull();
    // wait = queue routing → answer (bounded by the ring, a few seconds at most)
    expect(rec.waitSeconds).toBeLessThan(15);
    expect(rec.segments.map((s) => s.queue)).toEqual(['hotline']);
    // the call list's queue filter finds it
    const byQueue = await h.api<{ items: Array<{ callId: string }> }>('GET', '/api/calls?queue=hotline&pageSize=50', token);
    expect(byQueue.body.items.map((c) => c.callId)).toContain(callId);
  }, 30_000);

  it('a rejected training call is not stored as ivr-only', async () => {
    const callId = await trainingCall('13900008002');
    await agent.waitPop((p) => p.callId === callId);
    await agent.command('call:hangup', { callId }); // 拒接 while it rings
    const live = await until(() => h.bridge.registry.get(callId), 5000, 'live call');
    h.sim.hangupCaller(live.callId);
    await until(() => !h.bridge.registry.get(callId), 8000, 'call over');
    const rec = await h.record(callId);
    expect(rec.outcome).not.toBe('ivr-only');
    expect(rec).toMatchObject({ outcome: 'abandoned', queue: 'hotline', answeredAt: null });
  }, 30_000);
});
