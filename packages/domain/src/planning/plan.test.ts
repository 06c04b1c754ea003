import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { addDays } from '../time/local-date.js';
import { buildPlan, funnelFrom, invitesFor, type PlanInput } from './plan.js';
import { DEFAULT_FUNNEL } from './planning.types.js';
import { generateIssues, rng, simulatePlanner, WEEKDAY_PATTERN } from './simulate.js';

const today = '2026-12-07';
const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  today,
  stock: [{ group: 'O+', expiresOn: '2026-12-09', units: 10 }, { group: 'A+', expiresOn: '2026-12-10', units: 6 }],
  issues: generateIssues('2026-06-01', 189, { base: { 'O+': 8, 'A+': 5 }, trendPerDay: 0, weekday: WEEKDAY_PATTERN }, rng(5)),
  capacity: Array.from({ length: 7 }, (_, i) => [
    { siteId: 1, siteName: '中心站', day: addDays(today, i), capacity: 30, booked: 2 },
    { siteId: 2, siteName: '东区', day: addDays(today, i), capacity: 6, booked: 0 },
  ]).flat(),
  groups: ['O+', 'A+'],
  ...over,
});

function rejects(p: PlanInput, problem: RegExp): DomainError {
  let err: unknown;
  try {
    buildPlan(p);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).code).toBe('VALIDATION_FAILED');
  expect((err as DomainError).message).toMatch(problem);
  return err as DomainError;
}

describe('planning — the plan', () => {
  it('forecasts, projects with and without collections, and turns donations into slots and invitations', () => {
    const plan = buildPlan(input());
    expect(plan.days).toHaveLength(7);
    expect(plan.method.id).toBe('holt-weekday');
    const o = plan.projections.find((p) => p.group === 'O+')!;
    expect(o.plannedCollections.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    // with the plan the stock stays at safety from the first day a collection can reach; without it, it does not
    for (let i = 1; i < 7; i++) expect(o.stockWith[i]!).toBeGreaterThanOrEqual(o.safety);
    expect(Math.min(...o.stockWithout.slice(1))).toBeLessThan(o.safety);
    expect(plan.forecasts[0]!.error!.days).toBe(56);
    const donations = plan.donations.reduce((a, d) => a + d.donations, 0);
    const slots = plan.siteNeeds.reduce((a, s) => a + s.slots, 0);
    expect(slots).toBe(donations);
    for (const s of plan.siteNeeds) {
      expect(s.slots).toBeLessThanOrEqual(s.free);
      expect(s.invites).toBe(invitesFor(s.slots, DEFAULT_FUNNEL));
    }
    expect(plan.capacityShort).toEqual([]);
  });

  it('known needs raise the planned collections', () => {
    const a = buildPlan(input());
    const b = buildPlan(input({ known: [{ day: addDays(today, 3), group: 'A+', units: 8 }] }));
    const sum = (p: typeof a): number => p.projections.find((x) => x.group === 'A+')!.plannedCollections.reduce((x, y) => x + y, 0);
    expect(sum(b)).toBeGreaterThanOrEqual(sum(a) + 8);
  });

  it('reports the donations capacity cannot take', () => {
    const plan = buildPlan(input({ capacity: [{ siteId: 1, siteName: '中心站', day: today, capacity: 1, booked: 0 }] }));
    expect(plan.capacityShort.length).toBeGreaterThan(0);
    expect(plan.projections.some((p) => p.shortageWith.some((s) => s > 0) || p.stockWith.some((s, i) => i > 0 && s < p.safety))).toBe(true);
  });

  it('refuses bad numbers with a clear message and builds nothing', () => {
    rejects(input({ stock: [{ group: 'O+', expiresOn: '2026-12-09', units: -3 }] }), /units must be a number/);
    rejects(input({ stock: [{ group: 'O+', expiresOn: '2027-01-30', units: 3 }] }), /beyond the 5-day shelf life/);
    rejects(input({ known: [{ day: today, group: 'X+' as never, units: 3 }] }), /unknown blood group X\+/);
    rejects(input({ issues: [{ day: today, group: 'O+', units: Number.NaN }] }), /units must be a number/);
    rejects(input({ capacity: [{ siteId: 1, siteName: '中心站', day: today, capacity: -1, booked: 0 }] }), /bad capacity/);
    rejects(input({ settings: { safety: { 'O+': -1 } } }), /units must be a number/);
  });

  it('uses the measured funnel once there is history, the stated default before', () => {
    expect(funnelFrom({ invited: 20, booked: 10, showed: 9 })).toEqual(DEFAULT_FUNNEL);
    expect(funnelFrom({ invited: 400, booked: 100, showed: 80 })).toEqual({ bookRate: 0.25, showRate: 0.8, source: 'measured', basis: 400 });
    expect(invitesFor(3, { ...DEFAULT_FUNNEL, bookRate: 0.3, showRate: 0.85 })).toBe(12);
  });
});

describe('planning — backtest on a known demand pattern (loose)', () => {
  it('following the plan keeps stock above safety on most days with less waste and shortage than a fixed quota', () => {
    const r = simulatePlanner({ seed: 14, days: 60 });
    expect(r.forecastError!.wape).toBeLessThan(45);
    expect(r.plan.daysAboveSafetyPct).toBeGreaterThanOrEqual(90);
    expect(r.plan.shortageUnits).toBeLessThan(r.fixedQuota.shortageUnits);
    expect(r.plan.wasteUnits).toBeLessThanOrEqual(r.fixedQuota.wasteUnits * 1.1);
    expect(r.plan.collectedUnits).toBeCloseTo(r.fixedQuota.collectedUnits, 0);
  });
});
