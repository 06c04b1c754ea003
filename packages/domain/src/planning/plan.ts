/**
 * The plan: forecast per group + known needs → projected stock with and without planned collections → donations per
 * day and group → slots per site and day → invitations, through the conversion funnel. Bad numbers stop here with
 * a DomainError (VALIDATION_FAILED, the problem named), so no plan is ever built on them.
 */
import type { BloodType } from '../donors/donor.types.js';
import { DomainError } from '../errors.js';
import { addDays, daysBetween, isLocalDate, type LocalDate } from '../time/local-date.js';
import { backtest, dailySeries, forecastSeries } from './forecast.js';
import {
  DEFAULT_FUNNEL, DEFAULT_PLAN_SETTINGS, FORECAST_METHOD, FORECAST_METHOD_LABEL, isPlanGroup, PLAN_GROUPS,
  type Funnel, type GroupForecast, type GroupProjection, type IssueFact, type KnownNeed, type PlanResult, type PlanSettings, type SiteDayCapacity, type SiteDayNeed, type StockLot,
} from './planning.types.js';
import { planCollections, project } from './projection.js';

export interface PlanInput {
  today: LocalDate;
  stock: readonly StockLot[];
  issues: readonly IssueFact[];
  known?: readonly KnownNeed[];
  capacity: readonly SiteDayCapacity[];
  funnel?: Funnel;
  settings?: Partial<PlanSettings>;
  /** Limit the plan to these groups (default: all eight). */
  groups?: readonly BloodType[];
}

const MAX_UNITS = 100_000;

function bad(message: string, detail: Record<string, unknown>): DomainError {
  return new DomainError('VALIDATION_FAILED', message, detail);
}

function checkUnits(units: unknown, where: string, field: string): void {
  if (typeof units !== 'number' || !Number.isFinite(units) || units < 0 || units > MAX_UNITS) {
    throw bad(`${where}：数量必须是 0–${MAX_UNITS} 的数字 / ${where}: units must be a number from 0 to ${MAX_UNITS} (got ${String(units)})`, { field, problem: 'bad-units' });
  }
}

function checkGroup(g: unknown, field: string): void {
  if (!isPlanGroup(g)) throw bad(`未知血型 ${String(g)}（应为 A+、O- 等）/ unknown blood group ${String(g)} (expected A+, O-, …)`, { field, problem: 'unknown-group' });
}

/** Every number the plan rests on, checked before anything is computed. */
export function validatePlanInput(p: PlanInput, s: PlanSettings): void {
  if (!isLocalDate(p.today)) throw bad(`无效日期 ${String(p.today)} / invalid date`, { field: 'today' });
  if (!Number.isInteger(s.horizonDays) || s.horizonDays < 2 || s.horizonDays > 28) throw bad('计划天数应为 2–28 / horizon must be 2–28 days', { field: 'horizonDays' });
  if (!(s.unitsPerDonation > 0 && s.unitsPerDonation <= 3)) throw bad('每次采集治疗量应在 0–3 之间 / units per donation must be in (0, 3]', { field: 'unitsPerDonation' });
  for (const [g, v] of Object.entries(s.safety)) {
    checkGroup(g, 'safety');
    checkUnits(v, `安全库存 ${g}`, 'safety');
  }
  checkUnits(s.defaultSafety, '安全库存', 'defaultSafety');
  if (!(s.serviceZ >= 0 && s.serviceZ <= 4)) throw bad('服务水平系数 z 应在 0–4 / serviceZ must be 0–4', { field: 'serviceZ' });
  for (const l of p.stock) {
    checkGroup(l.group, 'stock.group');
    checkUnits(l.units, `库存 ${l.group}`, 'stock.units');
    if (!isLocalDate(l.expiresOn)) throw bad(`库存 ${l.group} 的有效期无效 / invalid expiry ${String(l.expiresOn)}`, { field: 'stock.expiresOn', problem: 'bad-date' });
    if (daysBetween(p.today, l.expiresOn) > s.shelfLifeDays) {
      throw bad(`库存 ${l.group} 有效期 ${l.expiresOn} 超过血小板 ${s.shelfLifeDays} 天保存期，不可能 / expiry ${l.expiresOn} is beyond the ${s.shelfLifeDays}-day shelf life — impossible`, { field: 'stock.expiresOn', problem: 'impossible-expiry' });
    }
  }
  for (const i of p.issues) {
    checkGroup(i.group, 'issues.group');
    checkUnits(i.units, `发血 ${i.day}`, 'issues.units');
  }
  for (const k of p.known ?? []) {
    checkGroup(k.group, 'known.group');
    checkUnits(k.units, `已知需求 ${k.day}`, 'known.units');
    if (!isLocalDate(k.day)) throw bad(`已知需求日期无效 / invalid need date ${String(k.day)}`, { field: 'known.day' });
  }
  for (const c of p.capacity) {
    if (!Number.isInteger(c.capacity) || c.capacity < 0 || !Number.isInteger(c.booked) || c.booked < 0) {
      throw bad(`采集点 ${c.siteName} ${c.day} 的容量/预约数无效 / bad capacity or bookings for ${c.siteName} on ${c.day}`, { field: 'capacity', problem: 'bad-capacity' });
    }
  }
  const f = p.funnel ?? DEFAULT_FUNNEL;
  if (!(f.bookRate > 0 && f.bookRate <= 1 && f.showRate > 0 && f.showRate <= 1)) throw bad('转化率应在 (0, 1] / conversion rates must be in (0, 1]', { field: 'funnel' });
}

export function buildPlan(input: PlanInput): PlanResult {
  const settings: PlanSettings = { ...DEFAULT_PLAN_SETTINGS, ...input.settings, safety: { ...DEFAULT_PLAN_SETTINGS.safety, ...input.settings?.safety } };
  validatePlanInput(input, settings);
  const funnel = input.funnel ?? DEFAULT_FUNNEL;
  const H = settings.horizonDays;
  const days = Array.from({ length: H }, (_, i) => addDays(input.today, i));
  const groups = input.groups ?? PLAN_GROUPS;
  for (const g of groups) checkGroup(g, 'groups');

  // capacity per day (donations): free = slots − bookings; bookings already made are expected collections
  const free = days.map((d) => input.capacity.filter((c) => c.day === d).reduce((a, c) => a + Math.max(0, c.capacity - c.booked), 0));
  const booked = days.map((d) => input.capacity.filter((c) => c.day === d).reduce((a, c) => a + c.booked, 0));
  const capacityUnits = free.map((n) => n * settings.unitsPerDonation);
  const allIssues = input.issues.reduce((a, i) => a + i.units, 0);

  const forecasts: GroupForecast[] = [];
  const projections: GroupProjection[] = [];
  const donations: PlanResult['donations'] = [];
  // urgent groups first: the one that runs below safety soonest takes the capacity first
  const order = [...groups].map((g) => {
    const series = dailySeries(input.issues.filter((i) => i.group === g), input.today);
    const forecast = forecastSeries(series.values, series.start, H);
    const known = days.map((d) => (input.known ?? []).filter((k) => k.group === g && k.day === d).reduce((a, k) => a + k.units, 0));
    const bt = backtest(series.values, series.start);
    forecasts.push({ group: g, forecast: forecast.map(r2), known, error: bt.error, backtest: bt.pairs.map((x) => ({ ...x, forecast: r2(x.forecast) })) });
    const demand = forecast.map((f, i) => f + known[i]!);
    const groupIssues = input.issues.filter((i) => i.group === g).reduce((a, i) => a + i.units, 0);
    // bookings are not typed by group here: spread them by the group's share of issues
    const share = allIssues > 0 ? groupIssues / allIssues : 1 / groups.length;
    const base = booked.map((b) => r2(b * funnel.showRate * settings.unitsPerDonation * share));
    const lots = input.stock.filter((l) => l.group === g);
    const without = project({ days, lots, demand, collections: base, shelfLifeDays: settings.shelfLifeDays, releaseLagDays: settings.releaseLagDays });
    const firstShort = without.stock.findIndex((s) => s < (settings.safety[g] ?? settings.defaultSafety));
    // σ of a day's forecast error ≈ 1.25 × MAE (normal errors); without a backtest, Poisson's √mean
    const mean = demand.reduce((a, b) => a + b, 0) / H;
    const sigma = bt.error ? 1.25 * bt.error.mae : Math.sqrt(mean);
    const buffer = r2(settings.serviceZ * sigma * Math.sqrt(settings.releaseLagDays + 1));
    return { g, demand, base, lots, without, buffer, urgency: firstShort < 0 ? H : firstShort };
  }).sort((a, b) => a.urgency - b.urgency);

  const short = days.map(() => 0);
  for (const o of order) {
    const safety = settings.safety[o.g] ?? settings.defaultSafety;
    const { planned, unplaced, result } = planCollections({ days, lots: o.lots, demand: o.demand, base: o.base, safety: safety + o.buffer, capacityUnits, shelfLifeDays: settings.shelfLifeDays, releaseLagDays: settings.releaseLagDays });
    projections.push({
      group: o.g, safety, buffer: o.buffer, demand: o.demand.map(r2), bookedCollections: o.base, plannedCollections: planned,
      stockWithout: o.without.stock, stockWith: result.stock, shortageWithout: o.without.shortage, shortageWith: result.shortage, wasteWithout: o.without.waste, wasteWith: result.waste,
    });
    unplaced.forEach((u, i) => {
      if (u > 0) short[i]! += Math.ceil(u / settings.unitsPerDonation - 1e-9);
    });
    planned.forEach((u, i) => {
      if (u > 0) donations.push({ day: days[i]!, group: o.g, donations: Math.ceil(u / settings.unitsPerDonation - 1e-9) });
    });
  }
  projections.sort((a, b) => groups.indexOf(a.group) - groups.indexOf(b.group));
  const { siteNeeds } = spreadOverSites(days, donations, input.capacity, funnel);
  const capacityShort = days.map((day, i) => ({ day, donations: short[i]! })).filter((x) => x.donations > 0);
  return {
    today: input.today, days, method: { id: FORECAST_METHOD, ...FORECAST_METHOD_LABEL }, funnel, settings,
    forecasts: forecasts.sort((a, b) => groups.indexOf(a.group) - groups.indexOf(b.group)), projections, donations, siteNeeds, capacityShort,
  };
}

/** Donations per day → slots per site (in proportion to each site's free capacity) → invitations via the funnel. */
export function spreadOverSites(days: readonly LocalDate[], donations: PlanResult['donations'], capacity: readonly SiteDayCapacity[], funnel: Funnel): { siteNeeds: SiteDayNeed[] } {
  const siteNeeds: SiteDayNeed[] = [];
  for (const day of days) {
    const need = donations.filter((d) => d.day === day).reduce((a, d) => a + d.donations, 0);
    const sites = capacity.filter((c) => c.day === day).map((c) => ({ ...c, free: Math.max(0, c.capacity - c.booked) }));
    const totalFree = sites.reduce((a, s) => a + s.free, 0);
    const place = Math.min(need, totalFree);
    // largest remainder, never more than a site's free slots
    const raw = sites.map((s) => (totalFree > 0 ? (place * s.free) / totalFree : 0));
    const slots = raw.map(Math.floor);
    let left = place - slots.reduce((a, b) => a + b, 0);
    for (const i of raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac).map((x) => x.i)) {
      if (left <= 0) break;
      if (slots[i]! < sites[i]!.free) {
        slots[i]!++;
        left--;
      }
    }
    sites.forEach((s, i) => siteNeeds.push({ siteId: s.siteId, siteName: s.siteName, day, free: s.free, slots: slots[i]!, invites: invitesFor(slots[i]!, funnel) }));
  }
  return { siteNeeds };
}

/** Invitations needed for `slots` donations: slots ÷ (book rate × show rate), rounded up. */
export function invitesFor(slots: number, f: Funnel): number {
  return slots <= 0 ? 0 : Math.ceil(slots / (f.bookRate * f.showRate) - 1e-9);
}

/** The measured funnel once there are enough invitations (≥ minBasis), else the stated default. */
export function funnelFrom(counts: { invited: number; booked: number; showed: number }, minBasis = 100): Funnel {
  if (counts.invited < minBasis || counts.booked <= 0) return { ...DEFAULT_FUNNEL };
  return { bookRate: r2(counts.booked / counts.invited), showRate: r2(Math.min(1, counts.showed / counts.booked)) || DEFAULT_FUNNEL.showRate, source: 'measured', basis: counts.invited };
}

const r2 = (x: number): number => Math.round(x * 100) / 100;
