import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { EventSocket, rest } from './support/ari-client.js';
import { sleep, testSim, until } from './support/fixtures.js';

let sim: Simulator | undefined;
const sockets: EventSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await sim?.stop();
  sim = undefined;
});

const auth = 'donorline:donorline';
const ari = (method: string, path: string, body?: unknown) => rest(sim!.ariUrl, method, path, { auth, ...(body !== undefined ? { body } : {}) });

async function twoCallsInStasis(): Promise<[EventSocket, string, string]> {
  sim = await testSim({ timeScale: 0.05 });
  const ws = await EventSocket.open(sim.ariUrl, 'app=donorline-ivr&api_key=donorline:donorline');
  sockets.push(ws);
  const a = sim.placeCall({ from: '13800000001', to: '96606' });
  const b = sim.placeCall({ from: '13800000002', to: '96606' });
  await until(() => ws.events.filter((e) => e.type === 'StasisStart').length === 2);
  return [ws, a.uniqueid, b.uniqueid];
}

describe('ARI resources', () => {
  it('bridges: create, add two Stasis channels, events, remove, destroy', async () => {
    const [ws, a, b] = await twoCallsInStasis();
    const created = await ari('POST', '/ari/bridges?type=mixing&name=conf-1');
    expect(created.json).toMatchObject({ technology: 'simple_bridge', bridge_type: 'mixing', bridge_class: 'stasis', name: 'conf-1', channels: [] });
    const id = (created.json as { id: string }).id;
    expect((await ari('POST', `/ari/bridges/${id}/addChannel?channel=${a},${b}`)).status).toBe(204);
    await ws.waitFor((e) => e.type === 'ChannelEnteredBridge' && (e.channel as { id: string }).id === b);
    expect(((await ari('GET', `/ari/bridges/${id}`)).json as { channels: string[] }).channels).toEqual([a, b]);
    expect((await ari('POST', `/ari/bridges/${id}/removeChannel?channel=${a}`)).status).toBe(204);
    await ws.waitFor((e) => e.type === 'ChannelLeftBridge');
    expect((await ari('POST', `/ari/bridges/${id}/removeChannel?channel=${a}`)).json).toEqual({ message: 'Channel not in this bridge' });
    expect((await ari('POST', `/ari/bridges/nope/addChannel?channel=${a}`)).status).toBe(404);
    expect((await ari('DELETE', `/ari/bridges/${id}`)).status).toBe(204);
    expect((await ari('GET', `/ari/bridges/${id}`)).json).toEqual({ message: 'Bridge not found' });
    // channels stay in their application when their bridge goes
    expect(sim!.getCall(b)!.stasisApp).toBe('donorline-ivr');
  });

  it('channels: 404 vs 409 vs 412, hangup reasons, variables of functions', async () => {
    const [ws, a] = await twoCallsInStasis();
    expect((await ari('POST', '/ari/channels/nope/answer')).json).toEqual({ message: 'Channel not found' });
    // an outbound channel still ringing refuses media operations
    const out = await ari('POST', '/ari/channels?endpoint=PJSIP%2F8001&app=donorline-ivr');
    const outId = (out.json as { id: string; state: string }).id;
    expect((out.json as { state: string }).state).toBe('Down');
    await until(() => sim!.deviceState('8001').ringing.length === 1);
    // the ringing agent channel is not yet in Stasis (it enters when answered)
    expect((await ari('POST', `/ari/channels/${outId}/play?media=sound:beep`)).json).toEqual({ message: 'Channel not in Stasis application' });
    expect((await ari('DELETE', `/ari/channels/${outId}?reason=bogus`)).json).toEqual({ message: 'Invalid reason for hangup reason provided' });
    expect((await ari('DELETE', `/ari/channels/${outId}?reason=busy`)).status).toBe(204);
    expect((await ari('GET', `/ari/channels/${a}/variable?variable=CALLERID(num)`)).json).toEqual({ value: '13800000001' });
    expect((await ari('GET', `/ari/channels/${a}/variable?variable=NOPE`)).json).toEqual({ message: 'Provided variable was not found' });
    expect((await ari('POST', `/ari/channels/${a}/variable?variable=CALLERID(name)&value=${encodeURIComponent('王五')}`)).status).toBe(204);
    expect((await ari('GET', `/ari/channels/${a}`)).json).toMatchObject({ caller: { name: '王五', number: '13800000001' } });
    expect((await ari('POST', `/ari/channels/${a}/dtmf`)).json).toEqual({ message: 'DTMF is required' });
    expect((await ari('POST', `/ari/channels/${a}/continue?context=dl-queue&extension=complaints&label=queue`)).status).toBe(204);
    await ws.waitFor((e) => e.type === 'StasisEnd' && (e.channel as { id: string }).id === a);
    await until(() => sim!.getCall(a)?.application === 'Queue');
    expect(sim!.getCall(a)).toMatchObject({ context: 'dl-queue', exten: 'complaints' });
    expect((await ari('POST', `/ari/channels/${a}/answer`)).json).toEqual({ message: 'Channel not in Stasis application' });
  });

  it('applications, subscriptions, asterisk info, endpoints, sounds, mailboxes (not loaded)', async () => {
    const [, a] = await twoCallsInStasis();
    const app = await ari('GET', '/ari/applications/donorline-ivr');
    expect((app.json as { channel_ids: string[] }).channel_ids.sort()).toHaveLength(2);
    const sub = await ari('POST', '/ari/applications/donorline-ivr/subscription?eventSource=deviceState:PJSIP/8001');
    expect((sub.json as { device_names: string[] }).device_names).toEqual(['PJSIP/8001']);
    expect((await ari('POST', '/ari/applications/donorline-ivr/subscription?eventSource=channel:nope')).status).toBe(422);
    expect((await ari('GET', '/ari/asterisk/info')).json).toMatchObject({ system: { version: '22.10.1', entity_id: '02:fc:00:00:00:01' } });
    expect(Object.keys((await ari('GET', '/ari/asterisk/info?only=status')).json as object)).toEqual(['status']);
    const endpoints = (await ari('GET', '/ari/endpoints')).json as Array<{ resource: string; state: string; channel_ids: string[] }>;
    expect(endpoints).toHaveLength(51);
    expect(endpoints[0]).toMatchObject({ resource: 'carrier', state: 'online' });
    expect(endpoints[0]!.channel_ids).toContain(a);
    expect((await ari('GET', '/ari/mailboxes')).json).toEqual({ message: 'Resource not found' });
    expect((await ari('PUT', '/ari/channels')).json).toEqual({ message: 'Invalid method' });
    expect((await ari('GET', '/ari/sounds')).json).toEqual([]);
  });

  it('the caller script: press after the IVR stops talking, or barge in on a given prompt', async () => {
    sim = await testSim({ timeScale: 0.05 });
    const ws = await EventSocket.open(sim.ariUrl, 'app=donorline-ivr&api_key=donorline:donorline');
    sockets.push(ws);
    const call = sim.placeCall({ from: '13800138000', to: '96606', dtmf: [{ digits: '1' }, { digits: '9', when: 'prompt', prompt: 3, afterMs: 200 }] });
    await ws.waitFor((e) => e.type === 'StasisStart');
    const play = (id: string, media: string) => ari('POST', `/ari/channels/${call.uniqueid}/play?media=${media}&playbackId=${id}`);
    await play('p1', 'digits:123');
    await play('p2', 'digits:45');
    const one = await ws.waitFor((e) => e.type === 'ChannelDtmfReceived');
    const p2done = ws.events.find((e) => e.type === 'PlaybackFinished' && (e.playback as { id: string }).id === 'p2');
    expect(one.digit).toBe('1');
    expect(p2done).toBeDefined(); // pressed only after both prompts had finished
    await play('p3', 'digits:6789');
    const nine = await ws.waitFor((e) => e.type === 'ChannelDtmfReceived' && e.digit === '9');
    await sleep(10);
    const p3done = ws.events.findIndex((e) => e.type === 'PlaybackFinished' && (e.playback as { id: string }).id === 'p3');
    expect(p3done === -1 || p3done > ws.events.indexOf(nine)).toBe(true); // barge-in during prompt 3
  });
});

describe('ARI application lifecycle', () => {
  it('an app whose socket dropped keeps its channels: after reconnecting it gets their events again', async () => {
    sim = await testSim({ timeScale: 0.05 });
    const first = await EventSocket.open(sim.ariUrl, 'app=donorline-ivr&api_key=donorline:donorline');
    const call = sim.placeCall({ from: '13800138000', to: '96606' });
    await first.waitFor((e) => e.type === 'StasisStart');
    sim.dropAri();
    await until(() => first.closed);
    // while deactivated, new calls cannot enter the app: Stasis() fails, the dialplan tries the second IVR
    // (donorline-ivr-2, not running either), apologises and queues the caller for an agent
    const lost = sim.placeCall({ from: '13800138001', to: '96606' });
    await until(() => sim!.getCall(lost.callId)?.application === 'Queue');
    expect(sim.getCall(lost.callId)?.stasisApp).toBeUndefined();
    sim.hangupCaller(lost.callId);
    const again = await EventSocket.open(sim.ariUrl, 'app=donorline-ivr&api_key=donorline:donorline');
    sockets.push(again);
    expect((await ari('POST', `/ari/channels/${call.uniqueid}/play?media=digits:1`)).status).toBe(201);
    await again.waitFor((e) => e.type === 'PlaybackFinished');
    sim.hangupCaller(call.callId);
    await again.waitFor((e) => e.type === 'StasisEnd');
  });
});

describe('ARI event delivery', () => {
  it('one socket with two apps and subscribeAll gets each event once per app; a plain app only its own channels', async () => {
    sim = await testSim({ timeScale: 0.05 });
    const both = await EventSocket.open(sim.ariUrl, 'app=donorline-ivr,observer&api_key=donorline:donorline&subscribeAll=true');
    const plain = await EventSocket.open(sim.ariUrl, 'app=other-app&api_key=donorline:donorline');
    sockets.push(both, plain);
    const call = sim.placeCall({ from: '13800138000', to: '96607' });
    await both.waitFor((e) => e.type === 'ChannelDialplan' && e.dialplan_app === 'Queue' && e.application === 'observer');
    const created = both.events.filter((e) => e.type === 'ChannelCreated');
    expect(created.map((e) => e.application).sort()).toEqual(['donorline-ivr', 'observer']);
    expect(plain.events).toEqual([]);
    sim.hangupCaller(call.callId);
    await both.waitFor((e) => e.type === 'ChannelDestroyed' && e.application === 'observer');
  });
});
