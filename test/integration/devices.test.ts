/**
 * What the desk says when calls cannot reach the agent or cannot go out (found on a real Asterisk 22, modelled by
 * the simulator): after `core restart now` the phones are UNAVAILABLE until re-qualified; an unreachable carrier
 * makes click-to-dial ring the agent and then fail.
 */
import { afterAll, expect, it } from 'vitest';
import { describeEachDb } from '@donorline/domain/testing';
import type { Desk } from './support/desk.js';
import { Harness, until } from './support/harness.js';

describeEachDb('devices: the agent\'s phone and the carrier trunk on the desk', (ctx) => {
  let h: Harness;
  let agent1: Desk;
  afterAll(async () => {
    await h?.close();
  });

  it('starts: a seated agent learns the phone and the trunk are available', async () => {
    // the phone is qualified again 0.8 × 10 s (simulated, × 0.2) = 1.6 s after a restart
    h = await Harness.start(ctx.db, { sim: { requalifyMs: 10_000, requalifyRandom: () => 0.8 } });
    agent1 = await h.seatedDesk('agent1', '8001');
    await agent1.waitDevice((s) => s.extension === '8001' && s.phone === 'available' && s.trunk === 'available');
  }, 60_000);

  it('after a PBX restart the desk says the phone is unavailable until it is qualified again, then available', async () => {
    const from = agent1.devices.length;
    await h.sim.restart({ downMs: 200 });
    const down = await agent1.waitDevice((s) => s.phone === 'unavailable', 8000, from);
    expect(down.extension).toBe('8001');
    const back = agent1.devices.length;
    await agent1.waitDevice((s) => s.phone === 'available', 8000, back);
    // the seat is back in the queue and a caller reaches the agent again
    await until(() => h.bridge.pbx.status().ami === 'up', 5000, 'AMI up');
    await agent1.waitSession((s) => s.state === 'ready', 8000);
    const call = h.sim.placeCall({ from: '13700005555', to: '96607' });
    await agent1.waitPop((p) => p.callId === call.linkedid, 8000);
    h.sim.hangupCaller(call.callId);
    await agent1.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
    await agent1.waitSession((s) => s.state === 'ready', 8000);
  }, 30_000);

  it('an unreachable carrier: the desk shows the trunk down, and a click-to-dial that fails there gets a clear notice', async () => {
    const from = agent1.devices.length;
    h.sim.setCarrierReachable(false);
    await agent1.waitDevice((s) => s.trunk === 'unavailable', 5000, from);
    h.sim.device('8001').setAutoAnswer(100);
    const { callId } = await agent1.command('call:dial', { number: '13900139000' });
    await until(() => agent1.notices.find((n) => n.code === 'DIAL_TRUNK_UNAVAILABLE'), 8000, 'the trunk notice');
    expect(agent1.notices.find((n) => n.code === 'DIAL_TRUNK_UNAVAILABLE')!.message).toMatch(/运营商线路不可用.*carrier trunk is unavailable \(CHANUNAVAIL\)/);
    await agent1.waitUpdate((u) => u.callId === callId && u.state === 'ended', 8000);
    h.sim.device('8001').setAutoAnswer(null);
    const back = agent1.devices.length;
    h.sim.setCarrierReachable(true);
    await agent1.waitDevice((s) => s.trunk === 'available', 5000, back);
  }, 30_000);
});
