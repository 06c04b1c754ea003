import type { DonationType } from '../donations/donation.types.js';

/**
 * A versioned, configurable eligibility rule set. Administrators change values by publishing a new version;
 * every computed eligibility records which version (and which standard) it used.
 */
export interface Interval {
  months?: number;
  days?: number;
}

export interface EligibilityRuleSet {
  /** Stable key of the rule family, e.g. 'GB18467'. */
  id: string;
  /** Monotonic version within the family. */
  version: number;
  /** The standard the values cite. */
  standard: string;
  /** First day the rule set applies (YYYY-MM-DD). */
  effectiveFrom: string;
  age: {
    min: number;
    /** Oldest age (inclusive, full years) for first-time donors. */
    maxFirstTime: number;
    /** Oldest age (inclusive) for repeat donors without past adverse reactions. */
    maxRepeat: number;
  };
  /** Minimum body weight; checked only when a weight is on file. */
  minWeightKg: { male: number; female: number };
  /** intervals[previous][next]: how long after a donation of `previous` one may give `next`. */
  intervals: Record<DonationType, Record<DonationType, Interval>>;
  /** Apheresis platelet donations per year. */
  plateletYearlyCap: { count: number; window: 'rolling-12-months' | 'calendar-year' };
  wholeBloodVolumesMl: number[];
  plateletUnits: { min: number; max: number };
  plateletShelfLifeDays: number;
  /** Free-text notes shown to agents (e.g. "≥ 1 week between platelet donations with physician approval"). */
  notes: string[];
}

/**
 * GB 18467-2011 献血者健康检查要求 (in force since 2012-07-01).
 * Apheresis plasma, which the standard treats together with other apheresis components, uses the platelet intervals.
 */
export const GB18467_2011: EligibilityRuleSet = Object.freeze({
  id: 'GB18467',
  version: 2011,
  standard: 'GB 18467-2011 献血者健康检查要求',
  effectiveFrom: '2012-07-01',
  age: { min: 18, maxFirstTime: 55, maxRepeat: 60 },
  minWeightKg: { male: 50, female: 45 },
  intervals: {
    'whole-blood': { 'whole-blood': { months: 6 }, platelets: { months: 3 }, plasma: { months: 3 } },
    platelets: { 'whole-blood': { days: 28 }, platelets: { days: 14 }, plasma: { days: 14 } },
    plasma: { 'whole-blood': { days: 28 }, platelets: { days: 14 }, plasma: { days: 14 } },
  },
  plateletYearlyCap: { count: 24, window: 'rolling-12-months' },
  wholeBloodVolumesMl: [200, 300, 400],
  plateletUnits: { min: 1, max: 2 },
  plateletShelfLifeDays: 5,
  notes: [
    '单采血小板间隔可在医师同意下缩短至1周（不低于1周）。',
    '既往无献血反应、符合健康检查要求的多次献血者，年龄可延长至60周岁。',
  ],
}) as EligibilityRuleSet;

/** The rule before GB 18467-2011 (28 days between platelet donations), kept to show and test versioning. */
export const GB18467_2001: EligibilityRuleSet = Object.freeze({
  ...GB18467_2011,
  version: 2001,
  standard: 'GB 18467-2001 献血者健康检查要求',
  effectiveFrom: '2001-12-01',
  age: { min: 18, maxFirstTime: 55, maxRepeat: 55 },
  intervals: {
    'whole-blood': { 'whole-blood': { months: 6 }, platelets: { months: 3 }, plasma: { months: 3 } },
    platelets: { 'whole-blood': { days: 28 }, platelets: { days: 28 }, plasma: { days: 28 } },
    plasma: { 'whole-blood': { days: 28 }, platelets: { days: 28 }, plasma: { days: 28 } },
  },
  notes: ['单采血小板间隔不少于4周。'],
}) as EligibilityRuleSet;

export const DEFAULT_RULE_SET = GB18467_2011;

/** Checks a rule set an administrator submits; returns human-readable problems (empty = valid). */
export function validateRuleSet(r: EligibilityRuleSet): string[] {
  const problems: string[] = [];
  if (!r.id) problems.push('id is required');
  if (!Number.isInteger(r.version) || r.version < 1) problems.push('version must be a positive integer');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(r.effectiveFrom)) problems.push('effectiveFrom must be YYYY-MM-DD');
  if (!(r.age.min >= 16 && r.age.min <= r.age.maxFirstTime && r.age.maxFirstTime <= r.age.maxRepeat && r.age.maxRepeat <= 70)) {
    problems.push('ages must satisfy 16 ≤ min ≤ maxFirstTime ≤ maxRepeat ≤ 70');
  }
  const types: DonationType[] = ['whole-blood', 'platelets', 'plasma'];
  for (const a of types) {
    for (const b of types) {
      const iv = r.intervals[a]?.[b];
      if (!iv) problems.push(`interval ${a} → ${b} is missing`);
      else if ((iv.days ?? 0) < 0 || (iv.months ?? 0) < 0 || ((iv.days ?? 0) === 0 && (iv.months ?? 0) === 0)) {
        problems.push(`interval ${a} → ${b} must be positive`);
      }
    }
  }
  if (!(r.plateletYearlyCap.count >= 1)) problems.push('plateletYearlyCap.count must be ≥ 1');
  return problems;
}

/** What version selection needs to know of a stored rule set. */
export interface RuleSetVersionKey {
  version: number;
  effectiveFrom: string;
}

/**
 * The version in force on `date` (YYYY-MM-DD, the center's local day): of the versions whose effectiveFrom is on or
 * before the date, the one that took effect last (the higher version when two start the same day). A date before
 * every version gets the earliest one (a donation older than the first stored standard is still judged by
 * something); null only when there are no versions. A version with a later effectiveFrom is scheduled, not in force.
 */
export function ruleSetInForce<T extends RuleSetVersionKey>(versions: readonly T[], date: string): T | null {
  let best: T | null = null;
  for (const v of versions) {
    if (v.effectiveFrom > date) continue;
    if (!best || v.effectiveFrom > best.effectiveFrom || (v.effectiveFrom === best.effectiveFrom && v.version > best.version)) best = v;
  }
  if (best) return best;
  let earliest: T | null = null;
  for (const v of versions) if (!earliest || v.effectiveFrom < earliest.effectiveFrom || (v.effectiveFrom === earliest.effectiveFrom && v.version > earliest.version)) earliest = v;
  return earliest;
}

/** How a stored version stands on a date: in force, scheduled (takes effect later) or superseded. */
export const RULE_SET_STANDINGS = ['in-force', 'scheduled', 'superseded'] as const;
export type RuleSetStanding = (typeof RULE_SET_STANDINGS)[number];

/** A stored version as administrators see it (GET /api/admin/rule-sets). */
export interface RuleSetVersionDto {
  id: string;
  version: number;
  standard: string;
  effectiveFrom: string;
  /** In force today (the center's local day). */
  active: boolean;
  standing: RuleSetStanding;
  createdAt: string | null;
  createdBy: { id: number; username: string } | null;
  rules: EligibilityRuleSet;
}

export function ruleSetStanding<T extends RuleSetVersionKey>(versions: readonly T[], v: T, date: string): RuleSetStanding {
  if (ruleSetInForce(versions, date) === v) return 'in-force';
  return v.effectiveFrom > date ? 'scheduled' : 'superseded';
}

/** The values that differ between two rule sets, by path (for the audit's old → new). */
export function diffRuleSets(a: EligibilityRuleSet, b: EligibilityRuleSet): { path: string; old: unknown; new: unknown }[] {
  const out: { path: string; old: unknown; new: unknown }[] = [];
  const walk = (x: unknown, y: unknown, path: string): void => {
    if (x && y && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x) && !Array.isArray(y)) {
      const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
      for (const k of keys) walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
      return;
    }
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push({ path, old: x ?? null, new: y ?? null });
  };
  walk(a, b, '');
  return out;
}
