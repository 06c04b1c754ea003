/**
 * What a real Asterisk 22 showed and the simulator now does too:
 * - after `core restart now` the phones are UNAVAILABLE until Asterisk qualifies them again (up to qualify_frequency,
 *   30 s): a caller waits in the queue meanwhile, and rings the agent once the phone is back;
 * - an unreachable carrier: PJSIP/carrier UNAVAILABLE, and click-to-dial rings the agent, then the Dial through the
 *   carrier fails at once (CHANUNAVAIL).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { actionResponse, amiSession } from './support/ami-session.js';
import { rest } from './support/ari-client.js';
import { get } from './support/ami-transcript.js';
import { record, testSim, until } from './support/fixtures.js';

let sim: Simulator | undefined;
const closers: Array<() => void> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  await sim?.stop();
  sim = undefined;
});

async function session(s: Simulator): ReturnType<typeof amiSession> {
  const c = await amiSession(s);
  closers.push(() => c.close());
  return c;
}

describe('phones after a restart, and the carrier', () => {
  it('after a restart a phone is UNAVAILABLE and is not rung until it is qualified again; then the waiting caller rings it', async () => {
    // timeScale 0.02: the phone is qualified 0.9 × 20 s (simulated) after the restart = 360 ms of real time
    sim = await testSim({ requalifyMs: 20_000, requalifyRandom: () => 0.9 });
    const auth = `${sim.username}:${sim.secret}`;
    await sim.restart({ downMs: 50, ariLagMs: 10 });
    expect(sim.device('8001').state()).toMatchObject({ registered: false, deviceState: 'UNAVAILABLE' });
    expect((await rest(sim.ariUrl, 'GET', '/ari/endpoints/PJSIP/8001', { auth })).json).toMatchObject({ state: 'offline' });

    const c = await session(sim);
    const added = await actionResponse(c, 'add', { Action: 'QueueAdd', Queue: 'hotline', Interface: 'PJSIP/8001', MemberName: 'Agent 8001' });
    expect(get(added, 'Response')).toBe('Success');
    const rings = record<{ ext: string }>(sim, 'device:ringing');
    const qualified = record<{ ext: string }>(sim, 'device:qualified');
    sim.placeCall({ from: '13800138000', to: '96607' });
    await c.waitFor((m) => m.name === 'QueueCallerJoin', 3000, 'QueueCallerJoin');
    // the member is unavailable: status 5 in the queue, no ring
    const member = c.events('QueueMemberAdded').find((m) => get(m, 'Interface') === 'PJSIP/8001');
    expect(get(member!, 'Status')).toBe('5');
    expect(rings).toEqual([]);

    await until(() => qualified.some((q) => q.ext === '8001'), 3000, '8001 qualified again');
    await c.waitFor((m) => m.name === 'DeviceStateChange' && get(m, 'Device') === 'PJSIP/8001' && get(m, 'State') === 'NOT_INUSE', 3000, 'NOT_INUSE');
    await until(() => rings.some((r) => r.ext === '8001'), 3000, 'the waiting caller rings 8001');
    expect(sim.device('8001').state()).toMatchObject({ registered: true });
  });

  it('an unreachable carrier: PJSIP/carrier UNAVAILABLE; click-to-dial rings the agent, then fails with CHANUNAVAIL (control API scriptable)', async () => {
    sim = await testSim({ autoAnswerMs: 100 });
    const auth = `${sim.username}:${sim.secret}`;
    const c = await session(sim);
    const put = await rest(sim.ariUrl, 'PUT', '/sim/v1/carrier', { auth, body: { reachable: false } });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ reachable: false, deviceState: 'UNAVAILABLE' });
    await c.waitFor((m) => m.name === 'DeviceStateChange' && get(m, 'Device') === 'PJSIP/carrier' && get(m, 'State') === 'UNAVAILABLE', 3000, 'carrier UNAVAILABLE');
    expect((await rest(sim.ariUrl, 'PUT', '/sim/v1/carrier', { auth, body: { reachable: 'no' } })).status).toBe(400);

    const r = await actionResponse(c, 'dial', { Action: 'Originate', Channel: 'PJSIP/8001', Context: 'dl-outbound', Exten: '13800138000', Priority: '1', Async: 'true' });
    expect(get(r, 'Response')).toBe('Success');
    // as on a real Asterisk 22.10.1: no carrier channel at all (no DialBegin/DialEnd), DIALSTATUS CHANUNAVAIL on the
    // agent's channel, which hangs up with cause 3
    const status = await c.waitFor((m) => m.name === 'VarSet' && get(m, 'Variable') === 'DIALSTATUS' && get(m, 'Value') === 'CHANUNAVAIL', 5000, 'DIALSTATUS');
    expect(get(status, 'Channel')).toMatch(/^PJSIP\/8001-/);
    expect(get(status, 'Context')).toBe('dl-outbound');
    const hangup = await c.waitFor((m) => m.name === 'Hangup' && (get(m, 'Channel') ?? '').startsWith('PJSIP/8001-'), 5000, 'the agent hangs up');
    expect(get(hangup, 'Cause')).toBe('3');
    expect(c.events('DialBegin').filter((m) => (get(m, 'DestChannel') ?? '').startsWith('PJSIP/carrier-'))).toEqual([]);

    sim.setCarrierReachable(true);
    expect(sim.carrierState()).toEqual({ reachable: true, deviceState: 'NOT_INUSE' });
  });
});
