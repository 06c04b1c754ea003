/**
 * Demand forecast per blood group: Holt's linear trend (damped) on weekday-adjusted daily issues, re-seasonalised
 * with multiplicative weekday indices. Chosen because hospital issues have a strong weekday shape (elective surgery
 * Mon–Fri) and a slow drift, the history is short (weeks, not years) and a planner can follow the arithmetic.
 * The error is measured by a rolling-origin backtest: from each of the last 8 weekly origins, forecast the next 7
 * days from what was known then and compare with what was issued.
 */
import { addDays, daysBetween, type LocalDate } from '../time/local-date.js';
import type { ForecastError } from './planning.types.js';

export interface ForecastParams {
  alpha: number;
  beta: number;
  /** Trend damping per day ahead (1 = no damping). */
  phi: number;
  /** Weeks of history the weekday indices are taken from. */
  seasonWeeks: number;
}

export const DEFAULT_FORECAST_PARAMS: ForecastParams = Object.freeze({ alpha: 0.25, beta: 0.05, phi: 0.9, seasonWeeks: 8 });

/** ISO weekday 0..6 (Mon = 0) of a local date. */
export function weekdayIndexOf(d: LocalDate): number {
  const t = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return (new Date(t).getUTCDay() + 6) % 7;
}

/** A contiguous daily series ending the day before `today` (missing days are days without issues). */
export function dailySeries(points: readonly { day: LocalDate; units: number }[], today: LocalDate, maxDays = 366): { start: LocalDate; values: number[] } {
  const first = points.reduce<LocalDate | null>((m, p) => (p.day < today && (m === null || p.day < m) ? p.day : m), null);
  if (first === null) return { start: today, values: [] };
  const len = Math.min(daysBetween(first, today), maxDays);
  const start = addDays(today, -len);
  const values = new Array<number>(len).fill(0);
  for (const p of points) {
    const i = daysBetween(start, p.day);
    if (i >= 0 && i < len) values[i]! += p.units;
  }
  return { start, values };
}

function weekdayIndices(values: readonly number[], start: LocalDate, weeks: number): number[] {
  const from = Math.max(0, values.length - weeks * 7);
  const sum = new Array<number>(7).fill(0);
  const n = new Array<number>(7).fill(0);
  for (let i = from; i < values.length; i++) {
    const w = weekdayIndexOf(addDays(start, i));
    sum[w]! += values[i]!;
    n[w]!++;
  }
  const means = sum.map((s, w) => (n[w] ? s / n[w]! : 0));
  const overall = means.reduce((a, b) => a + b, 0) / 7;
  return means.map((m) => (overall > 0 && n.every((c) => c > 0) ? m / overall : 1));
}

/** Forecast `horizon` days from the day after the series ends. Never negative. */
export function forecastSeries(values: readonly number[], start: LocalDate, horizon: number, p: ForecastParams = DEFAULT_FORECAST_PARAMS): number[] {
  if (values.length === 0) return new Array<number>(horizon).fill(0);
  if (values.length < 14) {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return new Array<number>(horizon).fill(mean);
  }
  const idx = weekdayIndices(values, start, p.seasonWeeks);
  const adj = values.map((v, i) => {
    const s = idx[weekdayIndexOf(addDays(start, i))]!;
    return s > 0 ? v / s : v;
  });
  let level = adj.slice(0, 7).reduce((a, b) => a + b, 0) / 7;
  let trend = 0;
  for (let i = 7; i < adj.length; i++) {
    const prev = level;
    level = p.alpha * adj[i]! + (1 - p.alpha) * (prev + p.phi * trend);
    trend = p.beta * (level - prev) + (1 - p.beta) * p.phi * trend;
  }
  const end = addDays(start, values.length);
  const out: number[] = [];
  let damp = 0;
  for (let h = 1; h <= horizon; h++) {
    damp += p.phi ** h;
    const w = weekdayIndexOf(addDays(end, h - 1));
    out.push(Math.max(0, (level + damp * trend) * idx[w]!));
  }
  return out;
}

/** Rolling-origin backtest over the last `weeks` weeks: 7-day-ahead forecasts against what was issued. */
export function backtest(values: readonly number[], start: LocalDate, weeks = 8, p: ForecastParams = DEFAULT_FORECAST_PARAMS): { error: ForecastError | null; pairs: { day: LocalDate; forecast: number; actual: number }[] } {
  const pairs: { day: LocalDate; forecast: number; actual: number }[] = [];
  for (let k = weeks; k >= 1; k--) {
    const origin = values.length - 7 * k;
    if (origin < 14) continue;
    const f = forecastSeries(values.slice(0, origin), start, 7, p);
    for (let h = 0; h < 7; h++) pairs.push({ day: addDays(start, origin + h), forecast: f[h]!, actual: values[origin + h]! });
  }
  return { error: errorOf(pairs), pairs };
}

export function errorOf(pairs: readonly { forecast: number; actual: number }[]): ForecastError | null {
  if (!pairs.length) return null;
  let abs = 0;
  let act = 0;
  let ape = 0;
  let apeN = 0;
  for (const { forecast, actual } of pairs) {
    const e = Math.abs(forecast - actual);
    abs += e;
    act += actual;
    if (actual > 0) {
      ape += e / actual;
      apeN++;
    }
  }
  const r = (x: number): number => Math.round(x * 100) / 100;
  return { mae: r(abs / pairs.length), mape: r(apeN ? (100 * ape) / apeN : 0), wape: r(act > 0 ? (100 * abs) / act : 0), days: pairs.length };
}
