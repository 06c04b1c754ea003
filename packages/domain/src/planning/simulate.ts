/**
 * The planner's backtest on generated history with a known demand pattern (weekday shape × slow trend, Poisson
 * noise): the forecast's error, then 60 days lived twice on the same actual demand — once collecting what the
 * plan says each day, once collecting a fixed daily quota of the same average — counting the days stock stayed
 * at or above safety, the units wasted (expired unused) and the units short. Seeded, so the numbers repeat.
 */
import type { BloodType } from '../donors/donor.types.js';
import { addDays, type LocalDate } from '../time/local-date.js';
import { backtest, dailySeries, errorOf, weekdayIndexOf } from './forecast.js';
import { buildPlan } from './plan.js';
import type { ForecastError, IssueFact, PlanSettings } from './planning.types.js';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function poisson(lambda: number, r: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r())));
  const L = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > L);
  return k - 1;
}

/** Elective surgery Mon–Fri, lighter weekends (Mon = index 0). */
export const WEEKDAY_PATTERN = [1.15, 1.2, 1.15, 1.1, 1.05, 0.7, 0.65] as const;

export interface DemandPattern {
  /** Mean units per day per group at the start. */
  base: Partial<Record<BloodType, number>>;
  /** Relative growth per day (0.001 = +0.1 %/day). */
  trendPerDay: number;
  weekday: readonly number[];
}

export const DEFAULT_PATTERN: DemandPattern = { base: { 'O+': 12, 'A+': 9, 'B+': 9, 'AB+': 3, 'O-': 1.5 }, trendPerDay: 0.001, weekday: WEEKDAY_PATTERN };

export function generateIssues(start: LocalDate, days: number, pattern: DemandPattern, r: () => number): IssueFact[] {
  const out: IssueFact[] = [];
  for (let i = 0; i < days; i++) {
    const day = addDays(start, i);
    for (const [g, base] of Object.entries(pattern.base) as [BloodType, number][]) {
      const units = poisson(base * pattern.weekday[weekdayIndexOf(day)]! * (1 + pattern.trendPerDay * i), r);
      if (units > 0) out.push({ day, group: g, units });
    }
  }
  return out;
}

export interface PolicyOutcome {
  /** Share of group-days that ended at or above safety (%). */
  daysAboveSafetyPct: number;
  wasteUnits: number;
  shortageUnits: number;
  collectedUnits: number;
}

export interface SimulationResult {
  forecastError: ForecastError | null;
  days: number;
  plan: PolicyOutcome;
  fixedQuota: PolicyOutcome & { quota: Partial<Record<BloodType, number>> };
}

/** A lot on (or on its way to) the shelf; `released` = first day it may be issued. */
interface Lot { expiresOn: LocalDate; units: number; group: BloodType; released?: LocalDate }

const onShelf = (shelf: Lot[], day: LocalDate): Lot[] => shelf.filter((l) => !l.released || l.released <= day);

/** One day on the shelf: releases, FIFO issues of the actual demand, expiry at the end of the day. */
function live(shelf: Lot[], day: LocalDate, demand: Partial<Record<BloodType, number>>, safety: number, groups: readonly BloodType[], o: PolicyOutcome & { above: number; n: number }): void {
  for (const g of groups) {
    const lots = shelf.filter((l) => l.group === g).sort((a, b) => (a.expiresOn < b.expiresOn ? -1 : 1));
    let need = demand[g] ?? 0;
    for (const l of lots) {
      const take = Math.min(l.units, need);
      l.units -= take;
      need -= take;
    }
    o.shortageUnits += need;
    for (const l of lots) if (l.expiresOn <= day) {
      o.wasteUnits += l.units;
      l.units = 0;
    }
    const left = lots.reduce((a, l) => a + l.units, 0);
    o.n++;
    if (left >= safety) o.above++;
  }
  for (let k = shelf.length - 1; k >= 0; k--) if (shelf[k]!.units <= 0) shelf.splice(k, 1);
}

export function simulatePlanner(opts: { seed?: number; historyDays?: number; days?: number; safety?: number; pattern?: DemandPattern; settings?: Partial<PlanSettings> } = {}): SimulationResult {
  const r = rng(opts.seed ?? 14);
  const pattern = opts.pattern ?? DEFAULT_PATTERN;
  const groups = Object.keys(pattern.base) as BloodType[];
  const historyDays = opts.historyDays ?? 182;
  const simDays = opts.days ?? 60;
  const safety = opts.safety ?? 4;
  const start: LocalDate = '2026-01-05';
  const all = generateIssues(start, historyDays + simDays, pattern, r);
  const simStart = addDays(start, historyDays);
  const settings: Partial<PlanSettings> = { horizonDays: 7, defaultSafety: safety, ...opts.settings };
  const capacity = (day: LocalDate): { siteId: number; siteName: string; day: LocalDate; capacity: number; booked: number }[] =>
    Array.from({ length: 7 }, (_, i) => ({ siteId: 1, siteName: 'sim', day: addDays(day, i), capacity: 1000, booked: 0 }));
  const actual = (day: LocalDate): Partial<Record<BloodType, number>> => Object.fromEntries(all.filter((i) => i.day === day).map((i) => [i.group, i.units]));
  const initial = (): Lot[] => groups.map((g) => ({ group: g, expiresOn: addDays(simStart, 2), units: Math.round((pattern.base[g] ?? 0) * 2) + safety }));
  const blank = (): PolicyOutcome & { above: number; n: number } => ({ daysAboveSafetyPct: 0, wasteUnits: 0, shortageUnits: 0, collectedUnits: 0, above: 0, n: 0 });

  // the forecast's own error on the known pattern, for the groups together
  const errs = groups.map((g) => {
    const s = dailySeries(all.filter((i) => i.group === g && i.day < simStart), simStart);
    return backtest(s.values, s.start).pairs;
  }).flat();

  const planned = blank();
  const perGroup: Partial<Record<BloodType, number>> = {};
  let shelf = initial();
  for (let t = 0; t < simDays; t++) {
    const day = addDays(simStart, t);
    const plan = buildPlan({
      today: day, stock: shelf.map((l) => ({ group: l.group, expiresOn: l.expiresOn, units: l.units })), issues: all.filter((i) => i.day < day), capacity: capacity(day), groups, settings,
    });
    for (const p of plan.projections) {
      const u = p.plannedCollections[0] ?? 0;
      if (u > 0) shelf.push({ group: p.group, expiresOn: addDays(day, 4), units: u, released: addDays(day, 1) });
      planned.collectedUnits += u;
      perGroup[p.group] = (perGroup[p.group] ?? 0) + u;
    }
    live(onShelf(shelf, day), day, actual(day), safety, groups, planned);
    shelf = shelf.filter((l) => l.units > 0);
  }

  // the fixed quota: the same average per group, every day
  const quota = Object.fromEntries(groups.map((g) => [g, (perGroup[g] ?? 0) / simDays])) as Partial<Record<BloodType, number>>;
  const fixed = blank();
  shelf = initial();
  for (let t = 0; t < simDays; t++) {
    const day = addDays(simStart, t);
    for (const g of groups) {
      shelf.push({ group: g, expiresOn: addDays(day, 4), units: quota[g]!, released: addDays(day, 1) });
      fixed.collectedUnits += quota[g]!;
    }
    live(onShelf(shelf, day), day, actual(day), safety, groups, fixed);
    shelf = shelf.filter((l) => l.units > 0);
  }
  const done = (o: PolicyOutcome & { above: number; n: number }): PolicyOutcome => ({
    daysAboveSafetyPct: Math.round((1000 * o.above) / Math.max(1, o.n)) / 10, wasteUnits: Math.round(o.wasteUnits * 10) / 10, shortageUnits: Math.round(o.shortageUnits * 10) / 10, collectedUnits: Math.round(o.collectedUnits * 10) / 10,
  });
  return { forecastError: errorOf(errs), days: simDays, plan: done(planned), fixedQuota: { ...done(fixed), quota: Object.fromEntries(Object.entries(quota).map(([g, q]) => [g, Math.round(q! * 100) / 100])) } };
}
