import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import { actionResponse, amiSession } from './support/ami-session.js';
import { EventSocket, rest } from './support/ari-client.js';
import { get } from './support/ami-transcript.js';
import { sleep, testSim, until } from './support/fixtures.js';

let sim: Simulator | undefined;
const closers: Array<() => void> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  await sim?.stop();
  sim = undefined;
});

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe('fault injection', () => {
  it('restart: Shutdown then close without Goodbye, ports refuse for a moment, ARI 404 while it loads, Uniqueids restart at 0', async () => {
    sim = await testSim();
    const c = await amiSession(sim);
    closers.push(() => c.close());
    const ws = await EventSocket.open(sim.ariUrl, 'app=donorline-ivr&api_key=donorline:donorline');
    closers.push(() => ws.close());
    const first = sim.placeCall({ from: '13800138000', to: '96607' });
    sim.placeCall({ from: '13800138001', to: '96607' });
    expect(first.uniqueid).toMatch(/\.0$/);
    const restarting = sim.restart({ downMs: 400, ariLagMs: 300 });
    await c.until(() => c.closed, 2000, 'AMI close');
    const tail = c.messages().slice(-1)[0]!;
    expect([tail.name, get(tail, 'Shutdown'), get(tail, 'Restart')]).toEqual(['Shutdown', 'Cleanly', 'True']);
    expect(c.raw).not.toContain('Goodbye');
    await until(() => ws.closed, 2000, 'ARI socket drop');
    await sleep(100);
    expect(await canConnect(sim.amiPort)).toBe(false);
    await until(() => sim!.services.stasis.apps.size === 0 && sim!.state().channels !== undefined);
    // HTTP comes back before ARI does
    let saw404 = false;
    await until(
      () => {
        void rest(sim!.ariUrl, 'GET', '/ari/asterisk/ping', { auth: 'donorline:donorline' }).then(
          (r) => {
            if (r.status === 404) saw404 = true;
          },
          () => undefined,
        );
        return saw404;
      },
      3000,
      'ARI 404 phase',
    );
    await restarting;
    expect((await rest(sim.ariUrl, 'GET', '/ari/asterisk/ping', { auth: 'donorline:donorline' })).status).toBe(200);
    const c2 = await amiSession(sim);
    closers.push(() => c2.close());
    expect(Number(get(c2.events('FullyBooted')[0]!, 'Uptime'))).toBeLessThan(5);
    expect(sim.engine.channels.size).toBe(0);
    const again = sim.placeCall({ from: '13800138000', to: '96607' });
    expect(again.uniqueid).toMatch(/\.0$/);
    expect(again.channel).toBe('PJSIP/carrier-00000000');
    // dynamic members are gone (persistentmembers = no): the bridge must add agents again
    expect(sim.services.queues.get('hotline')!.members).toEqual([]);
  });

  it('Command "core restart now" restarts like the CLI does (an AMI user with the command class)', async () => {
    sim = await testSim({ amiPrivileges: 'all' });
    const c = await amiSession(sim);
    closers.push(() => c.close());
    const r = await actionResponse(c, 'cmd', { Action: 'Command', Command: 'core restart now' });
    expect(get(r, 'Message')).toBe('Command output follows');
    await c.until(() => c.closed, 3000, 'close');
    expect(c.messages().some((m) => m.name === 'Shutdown')).toBe(true);
    await until(() => !sim!['restarting' as keyof Simulator], 4000);
  });

  it('dropAmi and dropAri cut connections abruptly', async () => {
    sim = await testSim();
    const c = await amiSession(sim);
    const ws = await EventSocket.open(sim.ariUrl, 'app=donorline-ivr&api_key=donorline:donorline');
    closers.push(() => ws.close());
    expect(sim.dropAmi()).toBe(1);
    expect(sim.dropAri()).toBe(1);
    await c.until(() => c.closed, 2000);
    await until(() => ws.closed, 2000);
    expect(c.raw).not.toContain('Goodbye');
    expect(await canConnect(sim.amiPort)).toBe(true);
  });

  it('delayFrames delays AMI responses and ARI events', async () => {
    sim = await testSim();
    const c = await amiSession(sim);
    closers.push(() => c.close());
    sim.delayFrames(150);
    const t0 = Date.now();
    await actionResponse(c, 'p1', { Action: 'Ping' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    sim.delayFrames(0);
    const t1 = Date.now();
    await actionResponse(c, 'p2', { Action: 'Ping' });
    expect(Date.now() - t1).toBeLessThan(100);
  });

  it('garbleNextFrames corrupts exactly the next n frames, and the stream recovers', async () => {
    sim = await testSim();
    const c = await amiSession(sim);
    closers.push(() => c.close());
    sim.garbleNextFrames(2, 'ami');
    c.action({ Action: 'Ping', ActionID: 'g1' });
    c.action({ Action: 'Ping', ActionID: 'g2' });
    const ok = await actionResponse(c, 'g3', { Action: 'Ping' });
    expect(get(ok, 'Ping')).toBe('Pong');
    const msgs = c.messages();
    expect(msgs.filter((m) => get(m, 'ActionID') === 'g1' || get(m, 'ActionID') === 'g2')).toEqual([]);
    expect(c.raw).toContain('\u0000');

    const ws = await EventSocket.open(sim.ariUrl, 'app=donorline-ivr&api_key=donorline:donorline&subscribeAll=true');
    closers.push(() => ws.close());
    sim.garbleNextFrames(1, 'ari');
    sim.placeCall({ from: '13800138000', to: '96607' });
    await until(() => ws.events.length >= 3);
    expect(ws.events[0]!.type).toBe('<garbled>');
    expect(ws.events[1]!.type).not.toBe('<garbled>');
  });

  it('the control API exposes the same faults', async () => {
    sim = await testSim();
    const c = await amiSession(sim);
    const auth = 'donorline:donorline';
    const r = await rest(sim.ariUrl, 'POST', '/sim/v1/faults/drop-ami', { auth, body: {} });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ dropped: 1 });
    await c.until(() => c.closed, 2000);
    expect((await rest(sim.ariUrl, 'POST', '/sim/v1/faults/delay', { auth, body: { ms: -1 } })).status).toBe(400);
    expect((await rest(sim.ariUrl, 'POST', '/sim/v1/faults/garble', { auth, body: { count: 2, target: 'nowhere' } })).json).toEqual({ error: '"target" must be ami, ari or both' });
    expect((await rest(sim.ariUrl, 'POST', '/sim/v1/faults/restart', { auth, body: { downMs: 100 } })).status).toBe(202);
    await sleep(50);
    await until(() => sim!.engine.halted === false, 3000);
  });
});
