/**
 * Stock projection for one group: lots on the shelf are issued oldest-expiry first (FIFO), a lot not issued by the
 * end of its expiry day is wasted, collections reach the shelf after testing (releaseLagDays) and keep
 * shelfLifeDays counted from the collection day. Pure arithmetic over the horizon; fractional demand is fine.
 */
import { addDays, type LocalDate } from '../time/local-date.js';

export interface ProjectionInput {
  days: readonly LocalDate[];
  /** Lots on the shelf at the start of days[0]. */
  lots: readonly { expiresOn: LocalDate; units: number }[];
  demand: readonly number[];
  /** Units collected on each day of the horizon (index = collection day). */
  collections: readonly number[];
  shelfLifeDays: number;
  releaseLagDays: number;
}

export interface ProjectionResult {
  stock: number[];
  shortage: number[];
  waste: number[];
}

export function project(p: ProjectionInput): ProjectionResult {
  const shelf = p.lots.filter((l) => l.units > 0 && l.expiresOn >= p.days[0]!).map((l) => ({ ...l }));
  const stock: number[] = [];
  const shortage: number[] = [];
  const waste: number[] = [];
  for (let i = 0; i < p.days.length; i++) {
    const day = p.days[i]!;
    const j = i - p.releaseLagDays;
    if (j >= 0 && (p.collections[j] ?? 0) > 0) shelf.push({ expiresOn: addDays(p.days[j]!, p.shelfLifeDays - 1), units: p.collections[j]! });
    shelf.sort((a, b) => (a.expiresOn < b.expiresOn ? -1 : a.expiresOn > b.expiresOn ? 1 : 0));
    let need = p.demand[i] ?? 0;
    for (const lot of shelf) {
      if (need <= 0) break;
      const take = Math.min(lot.units, need);
      lot.units -= take;
      need -= take;
    }
    shortage.push(round(need));
    let wasted = 0;
    for (const lot of shelf) if (lot.expiresOn <= day) {
      wasted += lot.units;
      lot.units = 0;
    }
    for (let k = shelf.length - 1; k >= 0; k--) if (shelf[k]!.units <= 1e-9) shelf.splice(k, 1);
    waste.push(round(wasted));
    stock.push(round(shelf.reduce((a, l) => a + l.units, 0)));
  }
  return { stock, shortage, waste };
}

const round = (x: number): number => Math.round(x * 100) / 100;

/**
 * The smallest collections (whole units) that keep end-of-day stock at or above `safety` on every day a collection
 * can still reach, within the free capacity per collection day (units). Each deficit is covered by the latest
 * collection day that can reach it — the freshest units, so the least likely to expire unused. `unplaced` = units
 * per day that no collection day with capacity could reach (the plan's honest "we will be short here").
 */
export function planCollections(p: Omit<ProjectionInput, 'collections'> & { base: readonly number[]; safety: number; capacityUnits: number[] }): { planned: number[]; unplaced: number[]; result: ProjectionResult } {
  const planned = new Array<number>(p.days.length).fill(0);
  const unplaced = new Array<number>(p.days.length).fill(0);
  const total = (): number[] => p.base.map((b, i) => b + planned[i]!);
  let result = project({ ...p, collections: total() });
  for (let i = p.releaseLagDays; i < p.days.length; i++) {
    let deficit = Math.ceil(p.safety - result.stock[i]! + result.shortage[i]! - 1e-6);
    for (let j = i - p.releaseLagDays; deficit > 0 && j >= 0 && j > i - p.shelfLifeDays; j--) {
      const take = Math.min(deficit, Math.floor(p.capacityUnits[j]! + 1e-9));
      if (take <= 0) continue;
      planned[j]! += take;
      p.capacityUnits[j]! -= take;
      deficit -= take;
    }
    if (deficit > 0) unplaced[i] = deficit;
    result = project({ ...p, collections: total() });
  }
  return { planned, unplaced, result };
}
