/**
 * Reliability against the simulator's fault injection: a dropped ARI socket mid-call (the call goes on), a garbled
 * frame (ignored), and an Asterisk restart (calls vanish, the IVR reconnects on its own — past ari-client's
 * 10-retry limit — and takes the next call).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@donorline/asterisk-sim';
import { MemoryBackend } from '../src/backend/memory-backend.js';
import { loadConfig } from '../src/config.js';
import { startIvr, type IvrHandle } from '../src/ivr.js';
import type { CallOutcome } from '../src/runtime/call-runner.js';
import { silentLogger } from '../src/runtime/logger.js';
import { centerState, IN_HOURS, PHONE_UNKNOWN } from './ivr-harness.js';
import { SimDriver } from './support/sim-driver.js';

describe('IVR under simulator faults', () => {
  let sim: Simulator;
  let ivr: IvrHandle;
  let driver: SimDriver;
  const ended = new Map<string, CallOutcome>();

  beforeAll(async () => {
    sim = await startSimulator({ profile: 'donorline', amiPort: 0, ariPort: 0, timeScale: 0.05, speech: false });
    ivr = await startIvr(loadConfig({ ARI_URL: sim.ariUrl.replace('http://', `http://${sim.username}:${sim.secret}@`) }), {
      backend: new MemoryBackend(centerState()), log: silentLogger, clock: () => IN_HOURS, onCallEnd: (id, o) => ended.set(id, o),
    });
  }, 30_000);
  afterAll(async () => {
    driver?.close();
    await ivr?.stop();
    await sim?.stop();
  });
  const observe = async (): Promise<SimDriver> => {
    driver?.close();
    driver = await SimDriver.open(sim.ariUrl, sim.username, sim.secret);
    return driver;
  };
  const until = async (cond: () => boolean, ms = 10_000): Promise<void> => {
    for (const t0 = Date.now(); !cond(); ) {
      if (Date.now() - t0 > ms) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('a dropped event socket mid-call: the IVR reconnects and the call goes on', async () => {
    const d = await observe();
    const call = sim.placeCall({ from: PHONE_UNKNOWN, to: '96606' });
    const from = d.events.indexOf(await d.prompt(call.uniqueid, 'main-menu'));
    const back = new Promise((r) => ivr.connection.once('reconnected', r));
    sim.dropAri(); // drops the observer too
    await back;
    await new Promise((r) => setTimeout(r, 100)); // re-adoption ran
    const d2 = await observe();
    sim.sendDtmf(call.callId, '3');
    await d2.prompt(call.uniqueid, 'sites-intro');
    expect(from).toBeGreaterThanOrEqual(0);
    sim.hangupCaller(call.callId);
    await until(() => ended.has(call.uniqueid));
    expect(ended.get(call.uniqueid)).toBe('caller-hangup');
  }, 30_000);

  it('garbled frames are ignored; a prompt end lost with them is settled by asking the PBX', async () => {
    const d = await observe();
    const call = sim.placeCall({ from: PHONE_UNKNOWN, to: '96606' });
    await d.prompt(call.uniqueid, 'welcome');
    sim.garbleNextFrames(2, 'ari');
    await d.prompt(call.uniqueid, 'main-menu', 0, 20_000);
    sim.hangupCaller(call.callId);
    await until(() => ended.has(call.uniqueid));
  }, 30_000);

  it('an Asterisk restart: the calls vanish, the IVR reconnects by itself and answers the next call', async () => {
    const d = await observe();
    const call = sim.placeCall({ from: PHONE_UNKNOWN, to: '96606' });
    await d.prompt(call.uniqueid, 'welcome');
    await sim.restart({ downMs: 800 });
    await until(() => ended.has(call.uniqueid)); // re-adoption found the channel gone
    expect(ended.get(call.uniqueid)).toBe('caller-hangup');
    await until(() => ivr.connection.connected);
    const d2 = await observe();
    const next = sim.placeCall({ from: PHONE_UNKNOWN, to: '96606' });
    await d2.prompt(next.uniqueid, 'welcome');
    expect(ivr.dispatcher.liveCalls).toBe(1);
    sim.hangupCaller(next.callId);
    await until(() => ended.has(next.uniqueid));
  }, 30_000);
});
