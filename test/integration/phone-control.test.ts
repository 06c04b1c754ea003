/**
 * The desk controls the call on a real PBX: the bridge runs as against a real Asterisk (AMI_URL/ARI_URL at the
 * simulator), so answer and hold/resume go out as SIP NOTIFY to the hard phone ([dl-phone-keys] → PJSIPNotify; the
 * simulated phones honour it like phones with remote control), mute as MUTEAUDIO on the agent's channel and DTMF as
 * PlayDTMF towards the caller — the production paths, not the training keys.
 */
import { afterAll, expect, it } from 'vitest';
import { describeEachDb } from '@donorline/domain/testing';
import type { Desk } from './support/desk.js';
import { Harness, until } from './support/harness.js';

describeEachDb('phone control from the desk with a (simulated) real PBX', (ctx) => {
  let h: Harness;
  let agent1: Desk;
  afterAll(async () => {
    await h?.close();
  });

  it('starts in PBX mode (no training keys)', async () => {
    h = await Harness.start(ctx.db, { asReal: true });
    expect(h.config.pbx.mode).toBe('asterisk');
    agent1 = await h.seatedDesk('agent1', '8001');
  }, 60_000);

  it('answer, hold and resume from the desk reach the hard phone as SIP NOTIFY talk/hold; the desk follows the real state', async () => {
    const notifies: Array<{ ext: string; event: string }> = [];
    h.sim.events.on('device:notify', (n: { ext: string; event: string }) => notifies.push(n));
    const call = h.sim.placeCall({ from: '13700006666', to: '96607' });
    await agent1.waitPop((p) => p.callId === call.linkedid);
    await agent1.command('call:answer', { callId: call.linkedid });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'connected');
    expect(notifies).toEqual([{ ext: '8001', event: 'talk' }]);
    // no call is made of the Local channels that carried the NOTIFY
    expect([...h.bridge.registry.callsOfAgent('8001')].map((c) => c.callId)).toEqual([call.linkedid]);

    await agent1.command('call:hold', { callId: call.linkedid });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'on-hold');
    const from = agent1.updates.length;
    await agent1.command('call:resume', { callId: call.linkedid });
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'connected', 8000, from);
    expect(notifies.map((n) => n.event)).toEqual(['talk', 'hold', 'talk']);
    expect(agent1.notices.filter((n) => n.code === 'PHONE_KEY_IGNORED')).toEqual([]);

    // mute: MUTEAUDIO(in) on the agent's own channel (a function: no VarSet)
    expect(await agent1.command('call:mute', { callId: call.linkedid, on: true })).toEqual({ muted: true });
    const agentChannel = [...h.sim.engine.channels.values()].find((c) => c.name.startsWith('PJSIP/8001-'))!;
    expect(agentChannel.data<string[]>('muteaudio')).toEqual(['in']);
    expect(await agent1.command('call:mute', { callId: call.linkedid, on: false })).toEqual({ muted: false });
    expect(agentChannel.data<string[]>('muteaudio')).toEqual([]);

    // DTMF: sent out of the caller's channel, digit by digit; bad digits are refused with nothing sent
    const sent: Array<{ channel: string; digit: string }> = [];
    h.sim.events.on('dtmf:sent', (d: { channel: string; digit: string }) => sent.push(d));
    await agent1.command('call:dtmf', { callId: call.linkedid, digits: '1*#' });
    await until(() => sent.length === 3, 3000, 'three digits');
    expect(sent.map((d) => d.digit).join('')).toBe('1*#');
    expect(sent.every((d) => d.channel === call.channel)).toBe(true);
    const bad = await agent1.ack('call:dtmf', { callId: call.linkedid, digits: '1; hangup' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(sent.length).toBe(3);

    h.sim.hangupCaller(call.callId);
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    await agent1.waitSession((s) => s.state === 'ready', 8000);
  }, 30_000);

  it('a phone without remote control ignores the NOTIFY: nothing is pretended, the desk says to use the phone\'s key', async () => {
    h.sim.device('8001').setRemoteControl(false);
    const call = h.sim.placeCall({ from: '13700007777', to: '96607' });
    await agent1.waitPop((p) => p.callId === call.linkedid);
    await agent1.command('call:answer', { callId: call.linkedid });
    await until(() => agent1.notices.find((n) => n.code === 'PHONE_KEY_IGNORED'), 8000, 'the notice');
    expect(agent1.notices.find((n) => n.code === 'PHONE_KEY_IGNORED')!.message).toMatch(/请在话机上接听.*answer on the phone/);
    expect(agent1.updates.filter((u) => u.callId === call.linkedid && u.state === 'connected')).toEqual([]);
    h.sim.device('8001').setRemoteControl(true);
    h.sim.hangupCaller(call.callId);
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
  }, 30_000);
});
