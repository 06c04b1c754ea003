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

describe('Scheduler housekeeping', () => {
  it('drops cancelled long timers from the heap instead of keeping them until due', () => {
    const s = new Scheduler(1);
    const handles = Array.from({ length: 5000 }, () => s.after(600_000, () => undefined));
    for (const h of handles.slice(0, 4000)) s.cancel(h);
    expect(s.pending).toBeLessThan(2500);
    expect(s.pending).toBeGreaterThanOrEqual(1000);
    s.stop();
  });
});
