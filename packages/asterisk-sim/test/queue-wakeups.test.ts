/**
 * Queue distribution never loses a caller: whatever makes a member available again (wrap-up over, unpause,
 * hang-up, transfer, re-login) rings the caller waiting for one. Regression for the system test that waited 8 s
 * in queue `hotline` while agent1 was free (the wake-up at the end of wrap-up could run a moment before the
 * wrap-up ended, found nobody available, and nothing ever woke the caller again).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import type { SimEvent } from '../src/model/events.js';
import { actionResponse, amiSession } from './support/ami-session.js';
import { get } from './support/ami-transcript.js';
import { testSim } from './support/fixtures.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

describe('queue wake-ups', () => {
  it('a caller who arrives during the only free member\'s wrap-up is rung when the wrap-up ends, round after round', async () => {
    // small time scale: the 5 s wrap-up of `hotline` lasts 100 ms of real time, so timer jitter is large against it
    // (at 0.002 the 15 s ring timeout was 30 ms of wall clock: one stall of a loaded machine timed a ring out and
    // the rounds no longer lined up)
    sim = await testSim({ timeScale: 0.02 });
    const s = sim;
    expect(s.services.queues.add('hotline', 'PJSIP/8001', { name: 'agent1' })).toEqual({ ok: true });
    s.device('8001').setAutoAnswer(0);
    const wrapMs = s.services.queues.get('hotline')!.wrapuptime * 1000;
    const rounds = 40;
    const rings: number[] = [];
    const wrapEnds: number[] = [];
    const wrapLeft: number[] = [];
    // each caller talks 1 s; the moment agent1's call completes, the next caller arrives (during the wrap-up)
    const place = (n: number): void => void s.placeCall({ from: `1390000${String(n).padStart(4, '0')}`, to: '96607', talkMs: 1000 });
    s.engine.addSink((e: SimEvent) => {
      if (e.t === 'AgentCalled') rings.push(s.engine.now());
      if (e.t === 'AgentComplete') {
        wrapLeft.push(e.member.wrapUpUntil - s.engine.now());
        wrapEnds.push(e.member.wrapUpUntil);
        if (wrapEnds.length < rounds) queueMicrotask(() => place(wrapEnds.length));
      }
    });
    const allRung = s.waitFor('queue:connect', () => rings.length >= rounds, 45_000).catch(() => undefined);
    place(0);
    await allRung;
    expect(rings.length, `agent1 rang ${rings.length} times for ${rounds} callers: a caller who came during its wrap-up was never rung`).toBe(rounds);
    // AgentComplete goes out as the wrap-up starts (a real millisecond is 50 simulated ones here)
    for (const left of wrapLeft) expect(left).toBeGreaterThan(wrapMs - 1000);
    for (let i = 1; i < rounds; i++) {
      // rung once the wrap-up is over — not before, and not at the queue timeout (600 s)
      expect(rings[i]! - wrapEnds[i - 1]!, `round ${i}`).toBeGreaterThanOrEqual(0);
      // (half the queue timeout: the bug this guards against waited the full 600 s)
      expect(rings[i]! - wrapEnds[i - 1]!, `round ${i}`).toBeLessThan(300_000);
    }
  }, 60_000);

  it('after the system test\'s transfers, pauses, re-logins and abandons, nobody is left busy: the next caller rings agent1 once its wrap-up ends', async () => {
    sim = await testSim({ timeScale: 0.05 });
    const s = sim;
    const ami = await amiSession(s);
    let seq = 0;
    const act = async (fields: Record<string, string>): Promise<void> => {
      const r = await actionResponse(ami, `a${++seq}`, fields);
      expect(get(r, 'Response'), `${fields.Action} ${JSON.stringify(fields)}: ${get(r, 'Message')}`).toBe('Success');
    };
    const login = async (ext: string, name: string): Promise<void> => {
      for (const queue of ['hotline', 'complaints']) await act({ Action: 'QueueAdd', Queue: queue, Interface: `PJSIP/${ext}`, MemberName: name });
    };
    const pause = (ext: string, paused: boolean, reason = ''): Promise<void> => act({ Action: 'QueuePause', Interface: `PJSIP/${ext}`, Paused: String(paused), Reason: reason });
    type Ringing = { ext: string; channel: string; linkedid: string };
    const ringOf = (linkedid: string, ext?: string): Promise<Ringing> => s.waitFor<Ringing>('device:ringing', (e) => e.linkedid === linkedid && (!ext || e.ext === ext));
    const ended = (callId: string): Promise<unknown> => s.waitFor('call:ended', (e: { callId: string }) => e.callId === callId);
    const connected = (linkedid: string): Promise<unknown> => s.waitFor('queue:connect', (e: { linkedid: string }) => e.linkedid === linkedid);
    let n = 0;
    const call = (): ReturnType<Simulator['placeCall']> => s.placeCall({ from: `1390000${String(++n).padStart(4, '0')}`, to: '96607' });

    await login('8001', 'agent1');
    await login('8002', 'agent2');

    // an abandoned call while both are paused
    await pause('8001', true, 'break');
    await pause('8002', true, 'meal');
    let c = call();
    await s.waitFor('queue:join', (e: { linkedid: string }) => e.linkedid === c.linkedid);
    let gone = ended(c.callId);
    s.hangupCaller(c.callId);
    await gone;

    // blind transfer to agent2's extension
    await pause('8001', false);
    c = call();
    let ring = await ringOf(c.linkedid, '8001');
    let conn = connected(c.linkedid);
    s.device('8001').answer();
    await conn;
    let ring2 = ringOf(c.linkedid, '8002');
    await act({ Action: 'BlindTransfer', Channel: ring.channel, Context: 'dl-transfer', Exten: '8002' });
    await ring2;
    const answered2 = s.waitFor('device:answered', (e: { ext: string }) => e.ext === '8002');
    s.device('8002').answer();
    await answered2;
    gone = ended(c.callId);
    s.hangupCaller(c.callId);
    await gone;

    // blind transfer to the complaints queue; the caller gives up while it rings there
    await pause('8002', true, 'training');
    c = call();
    ring = await ringOf(c.linkedid, '8001');
    conn = connected(c.linkedid);
    s.device('8001').answer();
    await conn;
    await pause('8002', false);
    ring2 = ringOf(c.linkedid, '8002');
    await act({ Action: 'BlindTransfer', Channel: ring.channel, Context: 'dl-queue', Exten: 'complaints' });
    await ring2;
    gone = ended(c.callId);
    s.hangupCaller(c.callId);
    await gone;

    // whoever gets the next call hangs up on it
    c = call();
    const who = await ringOf(c.linkedid);
    conn = connected(c.linkedid);
    s.device(who.ext).answer();
    await conn;
    gone = ended(c.callId);
    s.device(who.ext).hangup();
    await gone;

    // attended transfer: agent1 consults agent2 and completes by hanging up
    await pause('8002', true, 'admin-work');
    c = call();
    ring = await ringOf(c.linkedid, '8001');
    conn = connected(c.linkedid);
    s.device('8001').answer();
    await conn;
    ring2 = ringOf(c.linkedid, '8002');
    await act({ Action: 'Atxfer', Channel: ring.channel, Context: 'dl-transfer', Exten: '8002' });
    await ring2;
    const answered3 = s.waitFor('device:answered', (e: { ext: string }) => e.ext === '8002');
    s.device('8002').answer();
    await answered3;
    const merged = s.waitFor('transfer:attended');
    s.device('8001').hangup();
    await merged;
    gone = ended(c.callId);
    s.hangupCaller(c.callId);
    await gone;

    // a re-login (takeover) while in a call, and a caller who hangs up while agent1's phone rings
    c = call();
    await ringOf(c.linkedid, '8001');
    conn = connected(c.linkedid);
    s.device('8001').answer();
    await conn;
    for (const queue of ['hotline', 'complaints']) await act({ Action: 'QueueRemove', Queue: queue, Interface: 'PJSIP/8001' });
    await login('8001', 'agent1');
    gone = ended(c.callId);
    s.hangupCaller(c.callId);
    await gone;
    c = call();
    await ringOf(c.linkedid, '8001');
    gone = ended(c.callId);
    s.hangupCaller(c.callId);
    await gone;

    // nothing is left marked busy, and the next caller (the hold test's) rings agent1 — after its wrap-up at most
    for (const q of s.services.queues.all()) {
      for (const m of q.members) expect({ queue: q.name, iface: m.interface, ringing: m.ringing, inCall: m.inCall }).toMatchObject({ ringing: false, inCall: false });
    }
    expect(s.services.queues.busyAnywhere('pjsip/8001')).toBe(false);
    c = call();
    await ringOf(c.linkedid, '8001'); // within 5 s of real time = 100 s simulated (the queue timeout is 600 s)
    ami.close();
  }, 60_000);

  it('AMI Hangup of a member phone that still rings (a desk\'s 拒接) ends that ring at once, as app_queue does — not at the ring timeout', async () => {
    sim = await testSim({ timeScale: 0.05 });
    const s = sim;
    const ami = await amiSession(s);
    expect(s.services.queues.add('hotline', 'PJSIP/8001', { name: 'agent1' })).toEqual({ ok: true });
    const c = s.placeCall({ from: '13900001234', to: '96607' });
    const ring = await s.waitFor<{ ext: string; channel: string; linkedid: string }>('device:ringing', (e) => e.linkedid === c.linkedid);
    const noAnswer = s.waitFor('queue:ringnoanswer', (e: { linkedid: string }) => e.linkedid === c.linkedid);
    const before = s.engine.now();
    const r = await actionResponse(ami, 'h1', { Action: 'Hangup', Channel: ring.channel, Cause: '16' });
    expect(get(r, 'Response')).toBe('Success');
    await noAnswer;
    const ringTimeoutMs = s.services.queues.get('hotline')!.timeout * 1000;
    expect(s.engine.now() - before, 'ended by the hangup, not by the 15 s ring timeout').toBeLessThan(ringTimeoutMs / 2);
    s.hangupCaller(c.callId);
  }, 30_000);
});
