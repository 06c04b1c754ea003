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

  it('never runs a timer while the simulated clock still reads before its due time', async () => {
    // Node runs setTimeout callbacks up to ~1 ms early against performance.now(); the scheduler batches timers
    // that are almost due. A callback must still see the clock at or after its due time — app_queue's wrap-up
    // end, for one, is checked against the clock by the timer that ends it.
    for (const timeScale of [1, 0.2, 0.002]) {
      const s = new Scheduler(timeScale);
      const early: number[] = [];
      await new Promise<void>((resolve) => {
        let left = 200;
        for (let i = 0; i < 200; i++) {
          const simMs = (1 + (i % 17) * 0.37) / timeScale;
          const due = s.simNow() + simMs;
          s.after(simMs, () => {
            if (s.simNow() < due) early.push(due - s.simNow());
            if (--left === 0) resolve();
          });
        }
      });
      expect(early, `timeScale ${timeScale}`).toEqual([]);
      s.stop();
    }
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
