import { counts, type DonationFact } from '../donations/donation.types.js';

/**
 * 全国无偿献血奉献奖: counted in "donation units": 200 ml of whole blood counts as 1 (400 ml as 2),
 * one apheresis platelet therapeutic unit counts as 1. Thresholds are configurable.
 */
export interface HonourRules {
  bronze: number;
  silver: number;
  gold: number;
  mlPerUnit: number;
}
export const DEFAULT_HONOUR_RULES: HonourRules = { bronze: 20, silver: 30, gold: 40, mlPerUnit: 200 };

export type HonourLevel = 'gold' | 'silver' | 'bronze' | null;

export function donationUnits(donations: readonly DonationFact[], rules: HonourRules = DEFAULT_HONOUR_RULES): number {
  let units = 0;
  for (const d of donations) {
    if (!counts(d)) continue;
    if (d.type === 'whole-blood') units += Math.max(1, Math.floor((d.volumeMl ?? rules.mlPerUnit) / rules.mlPerUnit));
    else if (d.type === 'platelets') units += d.units ?? 1;
    else units += 1;
  }
  return units;
}

export function honourLevel(units: number, rules: HonourRules = DEFAULT_HONOUR_RULES): HonourLevel {
  if (units >= rules.gold) return 'gold';
  if (units >= rules.silver) return 'silver';
  if (units >= rules.bronze) return 'bronze';
  return null;
}

/** Units still missing for the next level, or null at gold. */
export function unitsToNextHonour(units: number, rules: HonourRules = DEFAULT_HONOUR_RULES): { level: Exclude<HonourLevel, null>; missing: number } | null {
  for (const level of ['bronze', 'silver', 'gold'] as const) if (units < rules[level]) return { level, missing: rules[level] - units };
  return null;
}
