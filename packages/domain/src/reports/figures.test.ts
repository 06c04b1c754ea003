import { describe, expect, it } from 'vitest';
import { addCall, emptyTotals, occupancy, queueFigures, type CallFacts } from './figures.js';

const call = (outcome: CallFacts['outcome'], waitSeconds: number, talk = 0, hold = 0, wrap = 0, direction = 'inbound'): CallFacts => ({
  direction, outcome, waitSeconds, talkSeconds: talk, holdSeconds: hold, wrapUpSeconds: wrap,
});

describe('queue figures, defined once', () => {
  // the scripted day: abandon at 10 s and 30 s; answer at 5 s and 25 s; a transfer answered at 8 s; an IVR-only call
  const day = [
    call('abandoned', 10),
    call('abandoned', 30),
    call('answered', 5, 60, 10, 20),
    call('answered', 25, 120, 0, 30),
    call('transferred', 8, 90 + 45, 5, 15 + 10), // two agents' segments summed
    call('ivr-only', 0),
    call('no-answer', 0, 0, 0, 0, 'outbound'),
  ];
  const f = queueFigures(day.reduce((t, c) => addCall(t, c), emptyTotals()));

  it('offered/answered/abandoned: IVR-only and outbound calls were never offered', () => {
    expect([f.offered, f.answered, f.abandoned]).toEqual([5, 3, 2]);
  });

  it('service level = answered within 20 s ÷ offered (5 s and 8 s, not 25 s) = 2/5', () => {
    expect(f.answeredWithinSl).toBe(2);
    expect(f.serviceLevel).toBeCloseTo(0.4);
  });

  it('the threshold is configurable: at 30 s all three answers count', () => {
    const t = day.reduce((acc, c) => addCall(acc, c, { slThresholdSeconds: 30 }), emptyTotals());
    expect(queueFigures(t).serviceLevel).toBeCloseTo(3 / 5);
  });

  it('abandon rate 2/5; ASA = (5 + 25 + 8) / 3; AHT = (talk + hold + wrap-up) / answered', () => {
    expect(f.abandonRate).toBeCloseTo(0.4);
    expect(f.asaSeconds).toBe(12.7);
    // (60+10+20) + (120+0+30) + (135+5+25) = 405 → 405/3 = 135
    expect(f.ahtSeconds).toBe(135);
  });

  it('nothing offered: rates are null, not 0 or NaN', () => {
    const empty = queueFigures(emptyTotals());
    expect([empty.serviceLevel, empty.abandonRate, empty.asaSeconds, empty.ahtSeconds]).toEqual([null, null, null, null]);
  });

  it('occupancy = busy ÷ available; pause is outside both', () => {
    expect(occupancy({ ready: 600, ringing: 0, onCall: 1500, wrapUp: 300, paused: 5000 })).toBeCloseTo(0.75);
    expect(occupancy({ ready: 0, ringing: 0, onCall: 0, wrapUp: 0, paused: 100 })).toBeNull();
  });
});
