import { describe, expect, it } from 'vitest';
import { ivrFigures, ivrNodes, lastIvrNode } from './ivr-figures.js';

describe('IVR containment and drop-off', () => {
  it('nodes drop their details', () => {
    expect(ivrNodes('welcome>menu:2>identity:ok>appointments>booked')).toEqual(['welcome', 'menu', 'identity', 'appointments', 'booked']);
    expect(lastIvrNode(null)).toBeNull();
  });

  it('containment = IVR-only ÷ entered; drop-off counted at the last node of contained calls', () => {
    const f = ivrFigures([
      { ivrPath: 'welcome>menu:1>identity:failed', outcome: 'ivr-only' },
      { ivrPath: 'welcome>menu:2>appointments>booked', outcome: 'ivr-only', count: 2 },
      { ivrPath: 'welcome>menu:0>agent', outcome: 'answered', count: 3 },
      { ivrPath: 'welcome>menu:0>agent', outcome: 'abandoned' },
      { ivrPath: null, outcome: 'answered' }, // straight to the queue: never entered the IVR
    ]);
    expect([f.entered, f.contained, f.toAgent]).toEqual([7, 3, 4]);
    expect(f.containment).toBeCloseTo(3 / 7);
    const node = (n: string) => f.nodes.find((x) => x.node === n)!;
    expect(node('welcome').reached).toBe(7);
    expect(node('identity')).toMatchObject({ reached: 1, endedHere: 1, completes: false });
    expect(node('booked')).toMatchObject({ reached: 2, endedHere: 2, completes: true });
    expect(node('agent')).toMatchObject({ reached: 4, endedHere: 0 });
  });
});
