import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.js';

describe('Scheduler', () => {
  it('scales simulated time and fires same-time timers in scheduling order', async () => {
    const s = new Scheduler(0.01);
    const order: string[] = [];
    const t0 = Date.now();
    s.after(1000, () => order.push('b1'));
    s.after(500, () => order.push('a'));
    s.after(1000, () => order.push('b2'));
    const cancelled = s.after(700, () => order.push('never'));
    s.cancel(cancelled);
    await s.sleep(1500);
    expect(order).toEqual(['a', 'b1', 'b2']);
    expect(Date.now() - t0).toBeLessThan(200);
    expect(s.simNow()).toBeGreaterThanOrEqual(1400);
    s.stop();
  });

  it('rejects a non-positive time scale', () => {
    expect(() => new Scheduler(0)).toThrow(/timeScale/);
  });
});
