/**
 * The simulated caller's DTMF script against an IVR that plays several sounds in one ARI playback (a `media`
 * list): a prompt is one playback, however many sounds it has; `idle` means no playback running.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { EventSocket, rest } from './support/ari-client.js';
import { testSim } from './support/fixtures.js';

let sim: Simulator | undefined;
const sockets: EventSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await sim?.stop();
  sim = undefined;
});

const auth = 'donorline:donorline';
const ari = (method: string, path: string) => rest(sim!.ariUrl, method, path, { auth });

type Ev = Record<string, unknown> & { type: string };
const pbId = (e: Ev): string => (e.playback as { id: string }).id;

describe('caller scripts with multi-sound playbacks', () => {
  it('an idle step presses after a playback of several sounds has finished, not after its first sound', async () => {
    sim = await testSim({ timeScale: 0.05 });
    const ws = await EventSocket.open(sim.ariUrl, 'app=donorline-ivr&api_key=donorline:donorline');
    sockets.push(ws);
    const call = sim.placeCall({ from: '13800138000', to: '96606', dtmf: [{ digits: '1' }, { digits: '2' }] });
    await ws.waitFor((e) => e.type === 'StasisStart');
    // one playback, three sounds (each digit 600 ms): PlaybackStarted ×3, PlaybackContinuing ×2, PlaybackFinished ×1
    expect((await ari('POST', `/ari/channels/${call.uniqueid}/play?media=digits:12,digits:3,digits:45&playbackId=menu`)).status).toBe(201);
    const one = (await ws.waitFor((e) => e.type === 'ChannelDtmfReceived')) as Ev;
    expect(one.digit).toBe('1');
    const events = ws.events as Ev[];
    const started = events.filter((e) => e.type === 'PlaybackStarted' && pbId(e) === 'menu');
    const finished = events.findIndex((e) => e.type === 'PlaybackFinished' && pbId(e) === 'menu');
    expect(started).toHaveLength(3);
    expect(events.filter((e) => e.type === 'PlaybackContinuing' && pbId(e) === 'menu')).toHaveLength(2);
    expect(finished).toBeGreaterThan(-1);
    expect(finished).toBeLessThan(events.indexOf(one)); // pressed only once the whole playback had finished
    // the next idle step waits for the next playback to finish as well
    expect((await ari('POST', `/ari/channels/${call.uniqueid}/play?media=digits:6,digits:7&playbackId=again`)).status).toBe(201);
    const two = (await ws.waitFor((e) => e.type === 'ChannelDtmfReceived' && e.digit === '2')) as Ev;
    expect(events.slice(0, events.indexOf(two)).some((e) => e.type === 'PlaybackFinished' && pbId(e) === 'again')).toBe(true);
    sim.hangupCaller(call.callId);
  });

  it('a prompt step counts playbacks, not sounds: it barges in on the second playback', async () => {
    sim = await testSim({ timeScale: 0.05 });
    const ws = await EventSocket.open(sim.ariUrl, 'app=donorline-ivr&api_key=donorline:donorline');
    sockets.push(ws);
    const call = sim.placeCall({ from: '13800138000', to: '96606', dtmf: [{ digits: '9', when: 'prompt', prompt: 2, afterMs: 100 }] });
    await ws.waitFor((e) => e.type === 'StasisStart');
    // the first playback has three sounds; counted per sound, the step would fire during it
    expect((await ari('POST', `/ari/channels/${call.uniqueid}/play?media=digits:1,digits:2,digits:3&playbackId=first`)).status).toBe(201);
    expect((await ari('POST', `/ari/channels/${call.uniqueid}/play?media=digits:4567&playbackId=second`)).status).toBe(201);
    const nine = (await ws.waitFor((e) => e.type === 'ChannelDtmfReceived' && e.digit === '9')) as Ev;
    const events = ws.events as Ev[];
    const at = events.indexOf(nine);
    const before = (type: string, id: string): boolean => events.slice(0, at).some((e) => e.type === type && pbId(e) === id);
    expect(before('PlaybackFinished', 'first')).toBe(true);
    expect(before('PlaybackStarted', 'second')).toBe(true);
    const secondDone = events.findIndex((e) => e.type === 'PlaybackFinished' && pbId(e) === 'second');
    expect(secondDone === -1 || secondDone > at).toBe(true); // during the second playback (2.4 s long, pressed after 0.1 s)
    sim.hangupCaller(call.callId);
  });
});

describe('call list', () => {
  it('lists every call with its own channels (one pass over the channels)', async () => {
    sim = await testSim({ timeScale: 0.05 });
    sim.services.queues.add('hotline', 'PJSIP/8001', {});
    const ring = sim.waitFor<{ ext: string; channel: string }>('device:ringing', (e) => e.ext === '8001');
    const a = sim.placeCall({ from: '13800000001', to: '96607' });
    const agentChannel = (await ring).channel;
    const b = sim.placeCall({ from: '13800000002', to: '96607' });
    await sim.waitFor('queue:join', (e: { linkedid: string }) => e.linkedid === b.linkedid);
    const list = sim.listCalls();
    expect(list.map((c) => c.callId).sort()).toEqual([a.callId, b.callId].sort());
    expect(list.find((c) => c.callId === a.callId)!.channels.sort()).toEqual([a.channel, agentChannel].sort());
    expect(list.find((c) => c.callId === b.callId)!.channels).toEqual([b.channel]);
    expect(sim.getCall(a.callId)!.channels.sort()).toEqual([a.channel, agentChannel].sort());
  });
});
