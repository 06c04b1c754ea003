/**
 * Caller identification and the screen-pop, end to end: the simulated Asterisk rings an agent's device, the bridge
 * identifies the caller from the real database and pops exactly that agent's desk over a real socket.
 */
import { beforeEach, expect, it, onTestFailed } from 'vitest';
import { DEMO_DONORS, DEMO_FAMILY_NUMBER, DEMO_UNKNOWN_NUMBER } from '@donorline/domain/node';
import { describeEachDb } from '@donorline/domain/testing';
import { Desk } from './support/desk.js';
import { Harness, sleep, until } from './support/harness.js';

const digits = (phone: string): string => phone.replace(/\D/g, '');

describeEachDb('screen-pop (simulator + bridge + real sockets)', (ctx) => {
  let h: Harness;
  let agent1: Desk;
  let agent2: Desk;

  beforeEach(() => {
    onTestFailed(() => {
      if (h) console.log(`STATE AT FAILURE ${ctx.kind}:`, h.dump());
    });
  });

  it('starts the platform: two agents seated, agent2 paused', async () => {
    h = await Harness.start(ctx.db);
    agent1 = await h.seatedDesk('agent1', '8001');
    agent2 = await h.seatedDesk('agent2', '8002');
    await agent2.command('agent:pause', { reason: 'meeting' });
    expect(agent1.session).toMatchObject({ state: 'ready', extension: '8001', queues: ['hotline', 'complaints'] });
    await agent2.waitSession((s) => s.state === 'paused' && s.pauseReason === 'meeting');
  }, 60_000);

  it('pops the ringing agent — and only that agent — with the right donor, then follows the call to its record', async () => {
    const donor = DEMO_DONORS.find((d) => d.key === 'repeat-platelet')!;
    const call = h.sim.placeCall({ from: digits(donor.phone), callerName: donor.name, to: '96607' });
    const pop = await agent1.waitPop((p) => p.callId === call.linkedid);
    expect(pop).toMatchObject({ state: 'ringing', match: 'known', direction: 'inbound', queue: 'hotline', callerMasked: '199****0001', dialed: '96607' });
    expect(pop.donors).toHaveLength(1);
    expect(pop.donors[0]).toMatchObject({ name: donor.name, phoneMasked: '199****0001' });
    // the ID as every desk view shows it: the last 4 only (access/donor-view.ts)
    expect(pop.donors[0]!.nationalIdMasked).toMatch(/^\*{14}[\dX]{4}$/);
    expect(pop.popId).toBe(`pop-${call.linkedid}-${agent1.session!.user.id}`);
    await agent1.waitSession((s) => s.state === 'ringing' && s.currentCall?.callId === call.linkedid);

    await agent1.command('call:answer', { callId: call.linkedid });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'connected');
    await agent1.waitSession((s) => s.state === 'on-call');
    // recorded by the dialplan (Queue's gosub on the agent's leg), linked from MIXMONITOR_FILENAME: the desk shows it
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.recording?.active === true);
    const leg = [...h.bridge.registry.get(call.linkedid)!.recordings.values()][0]!;
    expect(leg).toMatchObject({ agentExt: '8001', active: true, paused: false });
    expect(leg.file!.startsWith(h.config.pbx.recordingsDir)).toBe(true);
    expect(leg.file).toMatch(/-queue-[\d.]+\.wav$/);
    await sleep(400);
    await agent1.command('call:hangup', { callId: call.linkedid });
    const ended = await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    expect(ended).toMatchObject({ missed: false, hangupBy: 'agent' });
    await agent1.waitSession((s) => s.state === 'wrap-up');
    await agent1.waitSession((s) => s.state === 'ready', 8000);

    expect(agent2.pops.filter((p) => p.callId === call.linkedid)).toEqual([]);
    const rec = await until(async () => {
      const r = await h.record(call.linkedid);
      return r.endedAt && r.recording && r.recording.durationSeconds > 0 ? r : null;
    }, 8000, 'the closed record with its measured recording');
    expect(rec).toMatchObject({ direction: 'inbound', queue: 'hotline', outcome: 'answered', hangupBy: 'agent', donor: { name: donor.name } });
    expect(rec.agent?.id).toBe(agent1.session!.user.id);
    expect(rec.answeredAt).not.toBeNull();
    expect(rec.recording?.format).toBe('wav');
  }, 30_000);

  it('pops an unknown caller as unknown, and a shared family number with both donors', async () => {
    const unknown = h.sim.placeCall({ from: digits(DEMO_UNKNOWN_NUMBER.phone), to: '96607' });
    const p1 = await agent1.waitPop((p) => p.callId === unknown.linkedid);
    expect(p1).toMatchObject({ match: 'unknown', donors: [], callerMasked: '199****9999' });
    h.sim.hangupCaller(unknown.callId);
    await agent1.waitUpdate((u) => u.callId === unknown.linkedid && u.state === 'ended');
    expect((await h.record(unknown.linkedid)).outcome).toBe('abandoned');
    await agent1.waitSession((s) => s.state === 'ready', 8000);

    const family = h.sim.placeCall({ from: digits(DEMO_FAMILY_NUMBER.phone), to: '96607' });
    const p2 = await agent1.waitPop((p) => p.callId === family.linkedid);
    expect(p2.match).toBe('shared');
    expect(p2.donors.map((d) => d.name).sort()).toEqual(['张伟', '张丽'].sort());
    expect(p2.callerMasked).toBe('0532-****6666');
    h.sim.hangupCaller(family.callId);
    await agent1.waitUpdate((u) => u.callId === family.linkedid && u.state === 'ended' && u.missed === true);
    await agent1.waitSession((s) => s.state === 'ready', 8000);
  }, 30_000);

  it('delivers the pop again with the same popId when the desk reconnects, and the contract state with it', async () => {
    const call = h.sim.placeCall({ from: '13812345678', to: '96607' });
    const first = await agent1.waitPop((p) => p.callId === call.linkedid);
    await agent1.reconnect();
    await until(() => agent1.pops.filter((p) => p.popId === first.popId).length >= 2, 5000, 're-delivered pop');
    const again = agent1.pops.filter((p) => p.popId === first.popId);
    expect(again[1]).toMatchObject({ callId: call.linkedid, popId: first.popId, state: 'ringing' });
    await agent1.waitSession((s) => s.currentCall?.popId === first.popId);
    h.sim.hangupCaller(call.callId);
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    await agent1.waitSession((s) => s.state === 'ready', 8000);
  }, 30_000);

  it('training mode: a simulated donor calls and the trainee\'s own phone rings first', async () => {
    const donor = DEMO_DONORS.find((d) => d.key === 'open-complaint')!;
    const [donorId] = await h.services.lookup.findDonorIdsByPhone(donor.e164);
    await agent2.command('agent:ready', {});
    const { callId } = await agent2.command('training:call', { donorId: donorId!, via: 'queue' });
    const pop = await agent2.waitPop((p) => p.callId === callId);
    expect(pop).toMatchObject({ match: 'known', queue: null });
    expect(pop.donors[0]?.name).toBe(donor.name);
    expect(agent1.pops.filter((p) => p.callId === callId)).toEqual([]);
    await agent2.command('call:answer', { callId });
    await agent2.waitUpdate((u) => u.callId === callId && u.state === 'connected');
    await agent2.command('call:hangup', { callId });
    await agent2.waitUpdate((u) => u.callId === callId && u.state === 'ended');
    await agent2.command('agent:pause', { reason: 'meeting' }).catch(() => undefined);
  }, 30_000);

  it('exposes the live state as Prometheus metrics', async () => {
    const text = await (await fetch(`${h.baseUrl}/metrics`)).text();
    expect(text).toMatch(/donorline_pbx_link_state\{link="ami",state="up"\} 1/);
    expect(text).toMatch(/donorline_live_calls \d+/);
    const pops = Number(/donorline_pops_total (\d+)/.exec(text)?.[1]);
    expect(pops).toBeGreaterThanOrEqual(4);
    expect(text).toMatch(/donorline_pop_latency_seconds_bucket/);
    expect(text).toMatch(/donorline_db_buffer_depth \d+/);
    expect(text).toMatch(/donorline_ami_frames_dropped 0/);
  });

  it('refuses sockets without a valid token', async () => {
    await expect(Desk.connect(h.baseUrl, 'not-a-jwt')).rejects.toThrow(/UNAUTHENTICATED/);
    await expect(Desk.connect(h.baseUrl, '')).rejects.toThrow(/UNAUTHENTICATED/);
    await sleep(10);
  });

  it('shuts down', async () => {
    await h?.close();
  }, 30_000);
});
