import { counts, DONATION_TYPES, type DonationFact, type DonationType } from '../donations/donation.types.js';
import type { Gender } from '../donors/donor.types.js';
import { addDays, addMonths, addYears, ageOn, type LocalDate } from '../time/local-date.js';
import { DEFAULT_RULE_SET, type EligibilityRuleSet, type Interval } from './rule-set.js';

/**
 * Next eligible date per donation type, from the donor's history, age, the yearly platelet cap and deferrals.
 * Pure: the caller supplies "today" (the center's local date) and the rule set version to apply.
 */

export interface DeferralFact {
  /** First day the donor may donate again; null = permanent deferral. */
  until: LocalDate | null;
  reason: string;
  /** Donation types the deferral applies to; absent/empty = all types. */
  types?: DonationType[] | null;
}

export interface EligibilityInput {
  today: LocalDate;
  birthDate: LocalDate | null;
  gender: Gender;
  weightKg?: number | null;
  /** A past adverse reaction (献血反应) keeps the donor to the first-time age limit. */
  hadAdverseReaction?: boolean;
  donations: readonly DonationFact[];
  deferrals: readonly DeferralFact[];
}

export type BlockerCode =
  | 'interval'
  | 'yearly-cap'
  | 'deferral'
  | 'permanent-deferral'
  | 'too-young'
  | 'too-old'
  | 'underweight';

export interface EligibilityBlocker {
  code: BlockerCode;
  /** The date this blocker lifts (null = it does not lift under current data). */
  until: LocalDate | null;
  /** Data for the message: the previous donation type and date, the deferral reason, the age limit, … */
  detail: Readonly<Record<string, string | number>>;
}

export interface TypeEligibility {
  type: DonationType;
  eligibleNow: boolean;
  /** Earliest date the donor may give this type; null = not under current data (too old, permanent deferral, …). */
  eligibleFrom: LocalDate | null;
  /** Only the blockers that matter: those that push the date beyond today or forbid the type. */
  blockers: EligibilityBlocker[];
}

export interface EligibilityResult {
  computedFor: LocalDate;
  ruleSet: { id: string; version: number; standard: string; effectiveFrom: string };
  /** True when the age check could not run because the birth date is unknown. */
  ageUnchecked: boolean;
  byType: Record<DonationType, TypeEligibility>;
}

function plus(d: LocalDate, iv: Interval): LocalDate {
  return addDays(addMonths(d, iv.months ?? 0), iv.days ?? 0);
}

function applies(def: DeferralFact, type: DonationType): boolean {
  return !def.types || def.types.length === 0 || def.types.includes(type);
}

function latestByType(donations: readonly DonationFact[]): Partial<Record<DonationType, LocalDate>> {
  const last: Partial<Record<DonationType, LocalDate>> = {};
  for (const d of donations) {
    if (!counts(d)) continue;
    const prev = last[d.type];
    if (!prev || d.date > prev) last[d.type] = d.date;
  }
  return last;
}

/** The date the yearly platelet cap allows a donation on or after `candidate`, or the same date when under the cap. */
function capDate(dates: readonly LocalDate[], candidate: LocalDate, rules: EligibilityRuleSet): LocalDate {
  const { count: cap, window } = rules.plateletYearlyCap;
  if (window === 'calendar-year') {
    let c = candidate;
    for (;;) {
      const year = c.slice(0, 4);
      if (dates.filter((d) => d.startsWith(year)).length < cap) return c;
      c = `${Number(year) + 1}-01-01`;
    }
  }
  let c = candidate;
  for (;;) {
    const windowStart = addMonths(c, -12); // donations strictly after this date are inside the window
    const inside = dates.filter((d) => d > windowStart && d <= c).sort();
    if (inside.length < cap) return c;
    // the oldest (inside.length - cap + 1) donations must leave the window
    const leaving = inside[inside.length - cap]!;
    const next = addMonths(leaving, 12);
    c = next > c ? next : addDays(c, 1);
  }
}

export function computeEligibility(input: EligibilityInput, rules: EligibilityRuleSet = DEFAULT_RULE_SET): EligibilityResult {
  const { today } = input;
  const last = latestByType(input.donations);
  const isRepeat = input.donations.some(counts);
  const maxAge = isRepeat && !input.hadAdverseReaction ? rules.age.maxRepeat : rules.age.maxFirstTime;
  const plateletDates = input.donations.filter((d) => counts(d) && d.type === 'platelets').map((d) => d.date);
  const minWeight = input.gender === 'female' ? rules.minWeightKg.female : input.gender === 'male' ? rules.minWeightKg.male : Math.min(rules.minWeightKg.female, rules.minWeightKg.male);

  const byType = {} as Record<DonationType, TypeEligibility>;
  for (const type of DONATION_TYPES) {
    const blockers: EligibilityBlocker[] = [];
    let candidate: LocalDate | null = today;

    const permanent = input.deferrals.find((d) => d.until === null && applies(d, type));
    if (permanent) {
      blockers.push({ code: 'permanent-deferral', until: null, detail: { reason: permanent.reason } });
      candidate = null;
    }

    if (candidate !== null && input.weightKg != null && input.weightKg < minWeight) {
      blockers.push({ code: 'underweight', until: null, detail: { weightKg: input.weightKg, minWeightKg: minWeight } });
      candidate = null;
    }

    // Intervals, deferrals and the yearly cap can push each other; iterate to a fixed point.
    for (let guard = 0; candidate !== null && guard < 50; guard++) {
      let c: LocalDate = candidate;
      for (const prev of Object.keys(last) as DonationType[]) {
        const lastDate = last[prev]!;
        const allowed = plus(lastDate, rules.intervals[prev][type]);
        if (allowed > c) c = allowed;
      }
      for (const def of input.deferrals) {
        if (def.until !== null && applies(def, type) && def.until > c) c = def.until;
      }
      if (type === 'platelets') c = capDate(plateletDates, c, rules);
      if (c === candidate) break;
      candidate = c;
    }

    if (candidate !== null && candidate > today) {
      // Explain what pushed the date: every rule whose own date is after today.
      for (const prev of Object.keys(last) as DonationType[]) {
        const allowed = plus(last[prev]!, rules.intervals[prev][type]);
        if (allowed > today) blockers.push({ code: 'interval', until: allowed, detail: { previousType: prev, previousDate: last[prev]! } });
      }
      for (const def of input.deferrals) {
        if (def.until !== null && applies(def, type) && def.until > today) blockers.push({ code: 'deferral', until: def.until, detail: { reason: def.reason } });
      }
      if (type === 'platelets') {
        const capped = capDate(plateletDates, today, rules);
        if (capped > today) blockers.push({ code: 'yearly-cap', until: capped, detail: { cap: rules.plateletYearlyCap.count } });
      }
    }

    if (candidate !== null && input.birthDate) {
      if (ageOn(input.birthDate, candidate) < rules.age.min) {
        const adult = addYears(input.birthDate, rules.age.min);
        blockers.push({ code: 'too-young', until: adult, detail: { minAge: rules.age.min } });
        candidate = adult;
      }
      if (ageOn(input.birthDate, candidate) > maxAge) {
        blockers.push({ code: 'too-old', until: null, detail: { maxAge } });
        candidate = null;
      }
    }

    byType[type] = { type, eligibleNow: candidate !== null && candidate <= today, eligibleFrom: candidate, blockers };
  }

  return {
    computedFor: today,
    ruleSet: { id: rules.id, version: rules.version, standard: rules.standard, effectiveFrom: rules.effectiveFrom },
    ageUnchecked: !input.birthDate,
    byType,
  };
}

/** The type a donor can give soonest (ties broken in DONATION_TYPES order), or null when none. */
export function soonestEligible(result: EligibilityResult): TypeEligibility | null {
  let best: TypeEligibility | null = null;
  for (const t of DONATION_TYPES) {
    const e = result.byType[t];
    if (e.eligibleFrom && (!best || e.eligibleFrom < best.eligibleFrom!)) best = e;
  }
  return best;
}
