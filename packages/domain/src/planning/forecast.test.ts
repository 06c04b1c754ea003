import { describe, expect, it } from 'vitest';
import { addDays } from '../time/local-date.js';
import { backtest, dailySeries, errorOf, forecastSeries, weekdayIndexOf } from './forecast.js';
import { generateIssues, rng, WEEKDAY_PATTERN } from './simulate.js';

describe('planning — forecast (Holt on weekday-adjusted issues)', () => {
  it('weekdays are ISO, Monday = 0', () => {
    expect(weekdayIndexOf('2026-12-07')).toBe(0); // a Monday
    expect(weekdayIndexOf('2026-12-13')).toBe(6);
  });

  it('fills days without issues with zero and stops the day before today', () => {
    const s = dailySeries([{ day: '2026-12-01', units: 3 }, { day: '2026-12-03', units: 2 }, { day: '2026-12-07', units: 9 }], '2026-12-05');
    expect(s).toEqual({ start: '2026-12-01', values: [3, 0, 2, 0] });
  });

  it('recovers a known weekday shape: weekday forecasts above weekend ones, near the true means', () => {
    const pattern = { base: { 'O+': 20 }, trendPerDay: 0, weekday: WEEKDAY_PATTERN };
    const issues = generateIssues('2026-06-01', 140, pattern, rng(7));
    const s = dailySeries(issues, addDays('2026-06-01', 140));
    const f = forecastSeries(s.values, s.start, 7);
    const start = addDays('2026-06-01', 140);
    f.forEach((v, h) => {
      const truth = 20 * WEEKDAY_PATTERN[weekdayIndexOf(addDays(start, h))]!;
      expect(Math.abs(v - truth)).toBeLessThan(truth * 0.2);
    });
  });

  it('follows a rising trend', () => {
    const values = Array.from({ length: 84 }, (_, i) => 10 + i * 0.2);
    const f = forecastSeries(values, '2026-01-05', 7);
    expect(f[0]!).toBeGreaterThan(24);
    expect(f[6]!).toBeGreaterThan(f[0]!);
  });

  it('short history falls back to the mean, no history to zero, never negative', () => {
    expect(forecastSeries([2, 4], '2026-01-01', 3)).toEqual([3, 3, 3]);
    expect(forecastSeries([], '2026-01-01', 2)).toEqual([0, 0]);
    const falling = Array.from({ length: 60 }, (_, i) => Math.max(0, 30 - i));
    expect(Math.min(...forecastSeries(falling, '2026-01-01', 7))).toBeGreaterThanOrEqual(0);
  });

  it('the backtest compares 8 weeks of 7-day-ahead forecasts with what was issued', () => {
    const issues = generateIssues('2026-01-05', 182, { base: { 'A+': 10 }, trendPerDay: 0, weekday: WEEKDAY_PATTERN }, rng(3));
    const s = dailySeries(issues, '2026-07-06');
    const bt = backtest(s.values, s.start);
    expect(bt.pairs).toHaveLength(56);
    expect(bt.error!.days).toBe(56);
    expect(bt.error!.wape).toBeGreaterThan(5); // Poisson noise cannot be forecast away
    expect(bt.error!.wape).toBeLessThan(40);
    expect(errorOf([{ forecast: 4, actual: 2 }, { forecast: 0, actual: 0 }])).toEqual({ mae: 1, mape: 100, wape: 100, days: 2 });
  });
});
