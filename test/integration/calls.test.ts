/**
 * Calls end to end: abandon, blind and attended transfer, hold, click-to-dial and pausing/resuming the recording —
 * each ends in a durable call record with the right outcome.
 */
import { beforeEach, expect, it, onTestFailed } from 'vitest';
import { DEMO_DONORS } from '@donorline/domain/node';
import { describeEachDb } from '@donorline/domain/testing';
import type { Desk } from './support/desk.js';
import { Harness, sleep, until } from './support/harness.js';

describeEachDb('calls, transfers and click-to-dial', (ctx) => {
  let h: Harness;
  let agent1: Desk;
  let agent2: Desk;

  async function answered(desk: Desk, callId: string): Promise<void> {
    await desk.waitPop((p) => p.callId === callId);
    await desk.command('call:answer', { callId });
    await desk.waitUpdate((u) => u.callId === callId && u.state === 'connected');
  }

  async function ready(...desks: Desk[]): Promise<void> {
    for (const d of desks) {
      await d.waitSession((s) => s.state === 'ready' || s.state === 'paused' || s.state === 'wrap-up', 8000);
      if (d.session?.state !== 'ready') await d.command('agent:ready', {});
    }
  }

  beforeEach(() => {
    onTestFailed(() => {
      if (h) console.log(`STATE AT FAILURE ${ctx.kind}:`, h.dump());
    });
  });

  it('starts', async () => {
    h = await Harness.start(ctx.db);
    agent1 = await h.seatedDesk('agent1', '8001');
    agent2 = await h.seatedDesk('agent2', '8002');
  }, 60_000);

  it('records an abandoned call (nobody ready) without popping anyone', async () => {
    await agent1.command('agent:pause', { reason: 'break' });
    await agent2.command('agent:pause', { reason: 'meal' });
    const call = h.sim.placeCall({ from: '13900001111', to: '96607' });
    await until(() => h.bridge.registry.get(call.linkedid)?.state === 'queued', 5000, 'queued');
    await sleep(300);
    h.sim.hangupCaller(call.callId);
    await until(() => !h.bridge.registry.get(call.linkedid), 5000, 'call gone from the registry');
    const rec = await h.record(call.linkedid);
    expect(rec).toMatchObject({ outcome: 'abandoned', queue: 'hotline', hangupBy: 'caller', agent: null, answeredAt: null });
    expect(rec.queuedAt).not.toBeNull();
    expect(rec.endedAt).not.toBeNull();
    expect(agent1.pops.concat(agent2.pops).filter((p) => p.callId === call.linkedid)).toEqual([]);
  }, 20_000);

  it('blind-transfers to another agent\'s extension: the target gets its own pop, the record says transferred', async () => {
    await agent1.command('agent:ready', {});
    const donor = DEMO_DONORS.find((d) => d.key === 'deferred')!;
    const call = h.sim.placeCall({ from: donor.phone.replace(/\D/g, ''), to: '96607' });
    await answered(agent1, call.linkedid);
    await agent1.command('call:transfer', { callId: call.linkedid, mode: 'blind', target: { kind: 'extension', value: '8002' } });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    const pop2 = await agent2.waitPop((p) => p.callId === call.linkedid);
    expect(pop2).toMatchObject({ match: 'known', queue: null, state: 'ringing' });
    expect(pop2.donors[0]?.name).toBe(donor.name);
    expect(pop2.popId).not.toBe(agent1.pops.find((p) => p.callId === call.linkedid)?.popId);
    await agent2.command('call:answer', { callId: call.linkedid });
    await agent2.waitUpdate((u) => u.callId === call.linkedid && u.state === 'connected');
    // the target's leg has its own recording (Dial(…,U(dl-record^transfer))), shown on the target's desk
    await agent2.waitUpdate((u) => u.callId === call.linkedid && u.recording?.active === true);
    await agent1.waitSession((s) => s.state === 'wrap-up' || s.state === 'ready');
    h.sim.hangupCaller(call.callId);
    await agent2.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    const rec = await h.record(call.linkedid);
    expect(rec.outcome).toBe('transferred');
    expect(rec.agent?.id).toBe(agent2.session!.user.id);
    expect(rec.endedAt).not.toBeNull();
    // both legs' recordings are linked to the one call record
    const files = (await h.db.ds.query(
      'SELECT r.file_path AS f FROM recording r JOIN call_record c ON c.id = r.call_record_id WHERE c.linkedid = ? ORDER BY r.id',
      [call.linkedid],
    )) as Array<{ f: string }>;
    expect(files.map((r) => r.f.replace(/^.*\/[\d.]+-(\w+)-[\d.]+\.wav$/, '$1'))).toEqual(['queue', 'transfer']);
    await ready(agent1, agent2);
  }, 30_000);

  it('blind-transfers to a queue: the call waits there and pops whoever the queue rings', async () => {
    await agent2.command('agent:pause', { reason: 'training' });
    const call = h.sim.placeCall({ from: '13900002222', to: '96607' });
    await answered(agent1, call.linkedid);
    await agent2.command('agent:ready', {});
    await agent1.command('call:transfer', { callId: call.linkedid, mode: 'blind', target: { kind: 'queue', value: 'complaints' } });
    const pop2 = await agent2.waitPop((p) => p.callId === call.linkedid, 8000);
    expect(pop2.queue).toBe('complaints');
    h.sim.hangupCaller(call.callId);
    await agent2.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    expect((await h.record(call.linkedid)).endedAt).not.toBeNull();
    await ready(agent1, agent2);
  }, 30_000);

  it('rejects a transfer to a queue that does not exist, with a clear error', async () => {
    const call = h.sim.placeCall({ from: '13900003333', to: '96607' });
    const who = await until(() => [agent1, agent2].find((d) => d.pops.some((p) => p.callId === call.linkedid)), 8000, 'a pop');
    await answered(who, call.linkedid);
    const r = await who.ack('call:transfer', { callId: call.linkedid, mode: 'blind', target: { kind: 'queue', value: 'nope' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const other = await who.ack('call:hangup', { callId: 'no-such-call' });
    expect(other).toMatchObject({ ok: false, error: { code: 'NO_ACTIVE_CALL' } });
    await who.command('call:hangup', { callId: call.linkedid });
    await who.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    await ready(agent1, agent2);
  }, 30_000);

  it('attended transfer: consult the target, complete, and the caller talks to the target', async () => {
    await agent2.command('agent:pause', { reason: 'admin-work' });
    const call = h.sim.placeCall({ from: '13900004444', to: '96607' });
    await answered(agent1, call.linkedid);
    await agent1.command('call:transfer', { callId: call.linkedid, mode: 'attended', target: { kind: 'extension', value: '8002' } });
    await agent2.waitPop((p) => p.callId === call.linkedid);
    await agent2.command('call:answer', { callId: call.linkedid });
    await agent2.waitUpdate((u) => u.callId === call.linkedid && u.state === 'connected');
    await agent1.command('call:transfer-complete', { callId: call.linkedid });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    await until(() => h.bridge.registry.get(call.linkedid)?.agentExt === '8002', 5000, 'caller with agent2');
    h.sim.hangupCaller(call.callId);
    await agent2.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    const rec = await h.record(call.linkedid);
    expect(rec.outcome).toBe('transferred');
    expect(rec.endedAt).not.toBeNull();
    await ready(agent1, agent2);
  }, 30_000);

  it('holds and resumes (training phone), and the hold time reaches the record', async () => {
    await agent2.command('agent:pause', { reason: 'break' });
    const call = h.sim.placeCall({ from: '13900005555', to: '96607' });
    await answered(agent1, call.linkedid);
    await agent1.command('call:hold', { callId: call.linkedid });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'on-hold');
    await sleep(1200);
    await agent1.command('call:resume', { callId: call.linkedid });
    const back = await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'connected' && (u.holdSeconds ?? 0) >= 1);
    expect(back.heldSince).toBeNull();
    await agent1.command('call:hangup', { callId: call.linkedid });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    const rec = await h.record(call.linkedid);
    expect(rec.holdSeconds).toBeGreaterThanOrEqual(1);
    expect(rec.outcome).toBe('answered');
    await ready(agent1, agent2);
  }, 30_000);

  it('click-to-dial: the agent\'s phone first, then the donor; the dialplan records the donor leg; paused and resumed on demand; an outbound record with the donor', async () => {
    const donor = DEMO_DONORS.find((d) => d.key === 'first-timer')!;
    const [donorId] = await h.services.lookup.findDonorIdsByPhone(donor.e164);
    await agent1.command('agent:pause', { reason: 'callback' });
    const { callId } = await agent1.command('call:dial', { donorId: donorId! });
    const pop = await agent1.waitPop((p) => p.callId === callId);
    expect(pop).toMatchObject({ direction: 'outbound', match: 'known', callerMasked: '199****0004' });
    expect(pop.donors[0]?.name).toBe(donor.name);
    await agent1.command('call:answer', { callId });
    await agent1.waitUpdate((u) => u.callId === callId && u.state === 'connected', 8000);
    // Dial(…,U(dl-record^outbound)) starts MixMonitor on the donor's leg once the donor answers: nobody asks for it
    await agent1.waitUpdate((u) => u.callId === callId && u.recording?.active === true && u.recording.paused === false, 8000);
    const live = h.bridge.registry.get(callId)!;
    const [rec] = [...live.recordings.values()];
    expect(rec).toMatchObject({ active: true, agentExt: null });
    expect(rec!.file).toMatch(new RegExp(`/\\d{8}/${callId.replace('.', '\\.')}-outbound-[\\d.]+\\.wav$`));
    // "record on demand" pauses and resumes that recording (MixMonitorMute); the desk follows the PBX's event
    await agent1.command('call:record', { callId, on: false });
    await agent1.waitUpdate((u) => u.callId === callId && u.recording?.paused === true && u.recording.active === false);
    await agent1.command('call:record', { callId, on: false }); // already paused: nothing to do
    await sleep(300);
    const beforeResume = agent1.updates.length;
    await agent1.command('call:record', { callId, on: true });
    await agent1.waitUpdate((u) => u.callId === callId && u.recording?.active === true && u.recording.paused === false, 8000, beforeResume);
    await sleep(600);
    await agent1.command('call:hangup', { callId });
    await agent1.waitUpdate((u) => u.callId === callId && u.state === 'ended');
    const record = await until(async () => {
      const r = await h.record(callId);
      return r.endedAt && r.recording && r.recording.durationSeconds > 0 ? r : null;
    }, 8000, 'outbound record with its measured recording');
    expect(record).toMatchObject({ direction: 'outbound', outcome: 'answered', donor: { id: donorId }, recording: { format: 'wav' } });
    expect(record.agent?.id).toBe(agent1.session!.user.id);
    const bad = await agent1.ack('call:dial', { number: '12' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_PHONE' } });
  }, 30_000);

  it('shuts down', async () => {
    await h?.close();
  }, 30_000);
});
