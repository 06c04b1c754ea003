/**
 * Queue distribution never loses a caller: whatever makes a member available again (wrap-up over, unpause,
 * hang-up, transfer, re-login) rings the caller waiting for one. Regression for the system test that waited 8 s
 * in queue `hotline` while agent1 was free (the wake-up at the end of wrap-up could run a moment before the
 * wrap-up ended, found nobody available, and nothing ever woke the caller again).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../src/index.js';
import type { SimEvent } from '../src/model/events.js';
import { testSim } from './support/fixtures.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

type Ring = { ext: string; linkedid: string };

/** The next ring of `ext` for call `linkedid` (subscribe before acting). */
function nextRing(s: Simulator, ext: string, linkedid?: string, timeoutMs = 5000): Promise<Ring> {
  return s.waitFor<Ring>('device:ringing', (e) => e.ext === ext && (!linkedid || e.linkedid === linkedid), timeoutMs);
}

/** Every AgentComplete with the simulated time it happened. */
function completions(s: Simulator): Array<{ at: number; iface: string }> {
  const out: Array<{ at: number; iface: string }> = [];
  s.engine.addSink((e: SimEvent) => {
    if (e.t === 'AgentComplete') out.push({ at: s.engine.now(), iface: e.member.interface });
  });
  return out;
}

describe('queue wake-ups', () => {
  it('a caller who arrives during the only free member\'s wrap-up is rung when the wrap-up ends, round after round', async () => {
    // tiny time scale: the 5 s wrap-up of `hotline` lasts 10 ms of real time, so timer jitter is large against it
    sim = await testSim({ timeScale: 0.002 });
    const s = sim;
    expect(s.services.queues.add('hotline', 'PJSIP/8001', { name: 'agent1' })).toEqual({ ok: true });
    const done = completions(s);
    const wrapMs = s.services.queues.get('hotline')!.wrapuptime * 1000;
    let ring = nextRing(s, '8001');
    let call = s.placeCall({ from: '13900000000', to: '96607' });
    for (let round = 1; round <= 40; round++) {
      await ring;
      s.device('8001').answer();
      await s.waitFor('queue:connect', (e: { linkedid: string }) => e.linkedid === call.linkedid);
      const ended = s.waitFor('call:ended', (e: { callId: string }) => e.callId === call.callId);
      s.hangupCaller(call.callId);
      await ended;
      const wrapStart = done.at(-1)!.at;
      // the next caller arrives while agent1 is in wrap-up
      const next = s.placeCall({ from: `1390000${String(round).padStart(4, '0')}`, to: '96607' });
      ring = nextRing(s, '8001', next.linkedid, 5000);
      const rang = await ring.then(
        () => s.engine.now(),
        () => expect.fail(`round ${round}: agent1 never rang for the caller who came during its wrap-up`),
      );
      // rung once the wrap-up is over — not at the queue timeout (600 s) or never
      expect(rang - wrapStart, `round ${round}`).toBeGreaterThanOrEqual(wrapMs);
      expect(rang - wrapStart, `round ${round}`).toBeLessThan(wrapMs + 60_000);
      call = next;
      ring = Promise.resolve({ ext: '8001', linkedid: next.linkedid });
    }
  }, 60_000);
});
