import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../model/events.js';
import { hangupOrderer, seededRandom } from './hangup-order.js';

const ch = (name: string, linkedid = 'L1') => ({ name, linkedid }) as unknown as Extract<SimEvent, { t: 'Hangup' }>['ch'];
const hangup = (name: string, linkedid = 'L1'): SimEvent => ({ t: 'Hangup', ch: ch(name, linkedid), cause: 16 });
const req = (name: string): SimEvent => ({ t: 'HangupRequest', ch: ch(name), cause: 16, soft: false });
const label = (e: SimEvent): string => `${e.t}:${'ch' in e ? (e.ch as { name: string }).name : ''}`;

/** A caller hang-up as the model emits it: the caller's request, the caller's Hangup, then the agent's. */
const callerHangsUp = (): SimEvent[] => [req('PJSIP/carrier-00000001'), hangup('PJSIP/carrier-00000001'), hangup('PJSIP/8001-00000002')];

function run(order: Parameters<typeof hangupOrderer>[0], events: SimEvent[], seed = 1): Promise<string[]> {
  const out: string[] = [];
  const sink = hangupOrderer(order, seed, (e) => out.push(label(e)));
  for (const e of events) sink(e);
  return new Promise((r) => setImmediate(() => r(out)));
}

describe('the order of the two legs\' Hangup events', () => {
  it('natural: as the model emits them', async () => {
    expect(await run('natural', callerHangsUp())).toEqual(['HangupRequest:PJSIP/carrier-00000001', 'Hangup:PJSIP/carrier-00000001', 'Hangup:PJSIP/8001-00000002']);
  });

  it('agent-first: the agent leg\'s Hangup comes first although the caller hung up; the request still names the caller', async () => {
    expect(await run('agent-first', callerHangsUp())).toEqual(['HangupRequest:PJSIP/carrier-00000001', 'Hangup:PJSIP/8001-00000002', 'Hangup:PJSIP/carrier-00000001']);
  });

  it('caller-first keeps a caller hang-up as it is and reorders an agent hang-up', async () => {
    expect(await run('caller-first', callerHangsUp())).toEqual(['HangupRequest:PJSIP/carrier-00000001', 'Hangup:PJSIP/carrier-00000001', 'Hangup:PJSIP/8001-00000002']);
    const agentHangsUp = [req('PJSIP/8001-00000002'), hangup('PJSIP/8001-00000002'), hangup('PJSIP/carrier-00000001')];
    expect((await run('caller-first', agentHangsUp)).slice(1)).toEqual(['Hangup:PJSIP/carrier-00000001', 'Hangup:PJSIP/8001-00000002']);
  });

  it('a lone Hangup held for a partner that never comes is released at the end of the turn', async () => {
    expect(await run('reversed', [hangup('PJSIP/carrier-00000009', 'L9')])).toEqual(['Hangup:PJSIP/carrier-00000009']);
  });

  it('random: per call, reproducible from the seed, and both orders occur', async () => {
    const calls = Array.from({ length: 40 }, (_, i) => [hangup(`PJSIP/carrier-${i}`, `C${i}`), hangup(`PJSIP/8001-${i}`, `C${i}`)]).flat();
    const a = await run('random', calls, 7);
    expect(await run('random', calls, 7)).toEqual(a);
    const agentFirst = a.filter((l, i) => i % 2 === 0 && l.includes('8001')).length;
    expect(agentFirst).toBeGreaterThan(5);
    expect(agentFirst).toBeLessThan(35);
    expect(seededRandom(1)()).toBe(seededRandom(1)());
  });
});
