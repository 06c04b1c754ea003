/**
 * Points (积分) and referrals (推荐), pure rules. Points are earned per donation unit (the honours' unit: 200 ml of
 * whole blood = 1, one platelet therapeutic unit = 1; a refused donation earns nothing) and per referred donor whose
 * first donation arrives; they are spent on the redemption catalogue. Every change is one ledger entry keyed by its
 * source event (donation:<id>, referral:<id>, redeem:<request>), so a repeated event never counts twice.
 */
import type { DonationFact } from '../donations/donation.types.js';
import { DEFAULT_HONOUR_RULES, donationUnits, unitsToNextHonour, honourLevel, type HonourLevel, type HonourRules } from '../honours/honours.js';

export interface PointsRules {
  perDonationUnit: number;
  perReferralDonated: number;
}

/** Today's values (the demo seed and the BECS recompute used 10 per unit; referrals were rewarded 50). */
export const DEFAULT_POINTS_RULES: PointsRules = Object.freeze({ perDonationUnit: 10, perReferralDonated: 50 });

export const POINTS_KINDS = ['donation', 'referral', 'redeem', 'adjust'] as const;
export type PointsKind = (typeof POINTS_KINDS)[number];

/** Points one donation earns. */
export function donationPoints(d: DonationFact, rules: PointsRules = DEFAULT_POINTS_RULES, honour: HonourRules = DEFAULT_HONOUR_RULES): number {
  return donationUnits([d], honour) * rules.perDonationUnit;
}

export type RedeemRefusal = 'inactive' | 'out-of-stock' | 'insufficient-points' | 'bad-quantity';

/** May `quantity` of an item costing `cost` be redeemed with `balance` points while `stock` are left? */
export function redeemRefusal(balance: number, item: { cost: number; stock: number; active: boolean }, quantity = 1): RedeemRefusal | null {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > 10) return 'bad-quantity';
  if (!item.active) return 'inactive';
  if (item.stock < quantity) return 'out-of-stock';
  if (balance < item.cost * quantity) return 'insufficient-points';
  return null;
}

export const REDEEM_REFUSAL_TEXT: Readonly<Record<RedeemRefusal, string>> = Object.freeze({
  inactive: '该礼品已下架 / the item is no longer offered',
  'out-of-stock': '库存不足 / out of stock',
  'insufficient-points': '积分不足 / not enough points',
  'bad-quantity': '数量须为 1–10 / quantity must be 1–10',
});

/** Where a donor stands on the honours ladder: units, level, and what is missing for the next level. */
export interface HonourProgress {
  units: number;
  level: HonourLevel;
  next: { level: Exclude<HonourLevel, null>; at: number; missing: number } | null;
  /** 0–100: progress from the previous threshold (or 0) to the next one. */
  percent: number;
}

export function honourProgress(units: number, rules: HonourRules = DEFAULT_HONOUR_RULES): HonourProgress {
  const level = honourLevel(units, rules);
  const n = unitsToNextHonour(units, rules);
  if (!n) return { units, level, next: null, percent: 100 };
  const from = level ? rules[level] : 0;
  const at = rules[n.level];
  return { units, level, next: { level: n.level, at, missing: n.missing }, percent: Math.floor(((units - from) / (at - from)) * 100) };
}
