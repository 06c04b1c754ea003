/**
 * Reliability: the AMI link dropped mid-call, Asterisk restarted mid-call, the bridge restarted mid-call — no call
 * record lost, none left open, agents' seats and pops back without anyone doing anything.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, expect, it, onTestFailed } from 'vitest';
import { describeEachDb } from '@donorline/domain/testing';
import type { Desk } from './support/desk.js';
import { Harness, sleep, until } from './support/harness.js';

describeEachDb('faults: link drops and restarts', (ctx) => {
  let h: Harness;
  let agent1: Desk;

  beforeEach(() => {
    onTestFailed(() => {
      if (h) console.log(`STATE AT FAILURE ${ctx.kind}:`, h.dump());
    });
  });

  async function connectedCall(from: string): Promise<string> {
    const call = h.sim.placeCall({ from, to: '96607' });
    await agent1.waitPop((p) => p.callId === call.linkedid);
    await agent1.command('call:answer', { callId: call.linkedid });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'connected');
    return call.linkedid;
  }

  /** Resolves when the simulator bridges the caller with an agent (the queue's gosub has run: the CDR knows the agent). */
  function bridged(linkedid: string): Promise<void> {
    return new Promise((resolve) => {
      const on = (e: { linkedid: string }): void => {
        if (e.linkedid !== linkedid) return;
        h.sim.events.off('call:bridged', on);
        resolve();
      };
      h.sim.events.on('call:bridged', on);
    });
  }

  async function readyAgain(): Promise<void> {
    await agent1.waitSession((s) => s.state === 'ready' || s.state === 'wrap-up', 8000);
    await agent1.waitSession((s) => s.state === 'ready', 8000);
  }

  it('starts', async () => {
    // the simulator's clock runs 1/timeScale as fast as the wall clock: the log's instants are not compared
    h = await Harness.start(ctx.db, { env: { RECONCILE_TIME_TOLERANCE_SECONDS: '0' } });
    agent1 = await h.seatedDesk('agent1', '8001');
  }, 60_000);

  it('AMI dropped mid-call: the bridge reconnects, resyncs, keeps the call and records its end', async () => {
    const callId = await connectedCall('13700001111');
    const before = h.bridge.pbx.ami.session;
    h.sim.dropAmi();
    await until(() => h.bridge.pbx.ami.session > before && h.bridge.pbx.status().ami === 'up', 3000, 'AMI back');
    await until(() => h.bridge.pbx.resyncs >= 2, 3000, 'resync');
    expect(h.bridge.registry.get(callId)).toMatchObject({ state: 'connected', agentExt: '8001' });
    expect(agent1.updates.filter((u) => u.callId === callId && u.state === 'ended')).toEqual([]);
    await agent1.command('call:hangup', { callId });
    await agent1.waitUpdate((u) => u.callId === callId && u.state === 'ended');
    const rec = await h.record(callId);
    expect(rec).toMatchObject({ outcome: 'answered', hangupBy: 'agent' });
    expect(rec.endedAt).not.toBeNull();
    await readyAgain();
  }, 30_000);

  it('AMI dropped and the call ended meanwhile: closed from the resync, not left open', async () => {
    const callId = await connectedCall('13700002222');
    h.sim.dropAmi();
    h.sim.device('8001').hangup(); // the hangup's events are lost with the link
    await until(() => !h.bridge.registry.get(callId), 5000, 'call ended by the resync');
    const ended = await agent1.waitUpdate((u) => u.callId === callId && u.state === 'ended');
    expect(ended.missed).toBe(false);
    const rec = await h.record(callId);
    expect(rec.endedAt).not.toBeNull();
    expect(rec.outcome).toBe('answered');
    expect((await h.services.calls.findOpen()).map((c) => c.callId)).not.toContain(callId);
    await readyAgain();
  }, 30_000);

  it('Asterisk restarted mid-call: the call is closed (orphaned), the seat is added back, the next call pops again', async () => {
    const callId = await connectedCall('13700003333');
    await h.sim.restart({ downMs: 300 });
    await until(() => !h.bridge.registry.get(callId), 8000, 'call closed after the restart');
    const rec = await h.record(callId);
    expect(rec).toMatchObject({ hangupCause: 'orphaned', outcome: 'answered' });
    expect(rec.endedAt).not.toBeNull();
    await until(() => (h.sim.state() as { queues: Array<{ name: string; members: Array<{ interface: string }> }> }).queues
      .find((q) => q.name === 'hotline')?.members.some((m) => m.interface === 'PJSIP/8001'), 8000, 'seat back in the queue');
    await readyAgain();
    const next = h.sim.placeCall({ from: '13700004444', to: '96607' });
    await agent1.waitPop((p) => p.callId === next.linkedid, 8000);
    h.sim.hangupCaller(next.callId);
    await agent1.waitUpdate((u) => u.callId === next.linkedid && u.state === 'ended');
    await readyAgain();
  }, 40_000);

  it('the bridge restarted mid-call: state rebuilt from Asterisk, the seat restored, the desk gets its call back', async () => {
    const callId = await connectedCall('13700005555');
    const popId = agent1.pops.find((p) => p.callId === callId)!.popId;
    // a second call that ends while the bridge is away: its record must not stay open
    await h.stopBridge();
    await sleep(200);
    await h.startBridge();
    expect(h.bridge.registry.get(callId)).toMatchObject({ state: 'connected', agentExt: '8001' });
    const desk = await h.desk('agent1');
    const session = await desk.waitSession((s) => s.state === 'on-call');
    expect(session).toMatchObject({ extension: '8001', currentCall: { callId, popId } });
    const again = await desk.waitPop((p) => p.callId === callId);
    expect(again.popId).toBe(popId);
    await desk.command('call:hangup', { callId });
    await desk.waitUpdate((u) => u.callId === callId && u.state === 'ended');
    const page = await h.services.calls.list({ phone: '13700005555' });
    expect(page.total).toBe(1);
    const rec = await h.record(callId);
    expect(rec).toMatchObject({ outcome: 'answered' });
    expect(rec.endedAt).not.toBeNull();
    agent1 = desk;
    await readyAgain();
  }, 40_000);

  it('a call that ended while the bridge was down is closed at the next start, from the PBX call log', async () => {
    const call = h.sim.placeCall({ from: '13700006666', to: '96607' });
    await agent1.waitPop((p) => p.callId === call.linkedid);
    await h.bridge.writer.flush();
    await h.stopBridge();
    h.sim.hangupCaller(call.callId);
    await sleep(300);
    expect((await h.services.calls.findOpen()).map((c) => c.callId)).toContain(call.linkedid);
    await h.startBridge();
    await until(async () => !(await h.services.calls.findOpen()).some((c) => c.callId === call.linkedid), 5000, 'orphan closed');
    const rec = await h.record(call.linkedid);
    // Asterisk logged how it ended (the caller hung up in the queue): not an "orphaned" guess any more
    expect(rec).toMatchObject({ outcome: 'abandoned', hangupBy: 'caller', queue: 'hotline', hangupCause: null });
  }, 40_000);

  it('calls that began and ended while no bridge listened: their records come from the PBX call log, exactly once', async () => {
    await h.stopBridge();
    const answered = h.sim.placeCall({ from: '13700007777', to: '96607' });
    const talking = bridged(answered.linkedid);
    await until(() => h.sim.device('8001').state().ringing.length > 0, 5000, '8001 ringing');
    h.sim.device('8001').answer();
    await talking;
    h.sim.device('8001').hangup(); // the agent ends it; the caller goes on in the dialplan, then hangs up
    const abandoned = h.sim.placeCall({ from: '13700008888', to: '96607' });
    await until(() => h.sim.device('8001').state().ringing.length > 0, 5000, '8001 ringing again');
    h.sim.hangupCaller(abandoned.callId);
    const log = h.config.pbx.cdrLogFile!;
    const logged = (id: string): boolean => readFileSync(log, 'utf8').includes(`"${id}","${id}"`);
    await until(() => logged(answered.linkedid) && logged(abandoned.linkedid), 5000, 'both calls in the CDR file');

    await h.startBridge();
    await until(() => h.bridge.reconcile.reconciler!.figures.passes > 0, 5000, 'the first reconcile pass');
    const a = await h.record(answered.linkedid);
    expect(a).toMatchObject({ outcome: 'answered', queue: 'hotline', hangupBy: 'agent', agent: { extension: '8001' } });
    expect(a.recording).not.toBeNull();
    expect(a.endedAt).not.toBeNull();
    expect(a.segments.map((s) => s.agent?.extension)).toEqual(['8001']);
    const b = await h.record(abandoned.linkedid);
    expect(b).toMatchObject({ outcome: 'abandoned', queue: 'hotline', agent: null, hangupBy: 'caller' });
    const marks = (await h.services.ds.query('SELECT linkedid, reconciled_at FROM call_record WHERE linkedid IN (?, ?)', [answered.linkedid, abandoned.linkedid])) as Array<{ reconciled_at: unknown }>;
    expect(marks).toHaveLength(2);
    expect(marks.every((r) => r.reconciled_at !== null)).toBe(true);
    // a second pass (and the next start) creates nothing more
    const again = await h.bridge.reconcile.run('again');
    expect(again).toMatchObject({ created: 0, completed: 0 });
    expect((await h.services.calls.list({ phone: '13700007777' })).total).toBe(1);
    agent1 = await h.desk('agent1');
    await agent1.waitSession((s) => s.state === 'ready', 8000);
  }, 40_000);

  it('answered and ended while the bridge was down after its pop: the record says answered, with its agent and recording', async () => {
    const call = h.sim.placeCall({ from: '13700009999', to: '96607' });
    await agent1.waitPop((p) => p.callId === call.linkedid);
    await h.bridge.writer.flush();
    await h.stopBridge();
    const talking = bridged(call.linkedid);
    h.sim.device('8001').answer();
    await talking;
    h.sim.hangupCaller(call.callId);
    await until(() => readFileSync(h.config.pbx.cdrLogFile!, 'utf8').includes(`"${call.linkedid}","${call.linkedid}"`), 5000, 'the call in the CDR file');
    await h.startBridge();
    await until(() => h.bridge.reconcile.reconciler!.figures.passes > 0, 5000, 'the first reconcile pass');
    const rec = await h.record(call.linkedid);
    expect(rec).toMatchObject({ outcome: 'answered', agent: { extension: '8001' }, hangupBy: 'caller' });
    expect(rec.recording).not.toBeNull();
    expect(rec.answeredAt).not.toBeNull();
    agent1 = await h.desk('agent1');
    await agent1.waitSession((s) => s.state === 'ready' || s.state === 'wrap-up', 8000);
    await agent1.waitSession((s) => s.state === 'ready', 8000);
  }, 40_000);

  it('what the bridge saw live and what the PBX logged agree: every logged call has its record, ended, in agreement', async () => {
    const check = await h.bridge.reconcile.reconciler!.check();
    expect(check.calls).toBeGreaterThanOrEqual(5);
    expect(check.compared).toBeGreaterThan(0);
    expect({ missing: check.missing, open: check.open, disagreements: check.disagreements }).toEqual({ missing: [], open: [], disagreements: {} });
  }, 20_000);

  it('shuts down', async () => {
    await h?.close();
  }, 30_000);
});
