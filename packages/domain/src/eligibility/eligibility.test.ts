import { describe, expect, it } from 'vitest';
import type { DonationFact } from '../donations/donation.types.js';
import { computeEligibility, soonestEligible, type EligibilityInput } from './eligibility.js';
import { GB18467_2001, GB18467_2011, validateRuleSet } from './rule-set.js';

const base = (over: Partial<EligibilityInput> = {}): EligibilityInput => ({
  today: '2026-11-22',
  birthDate: '1990-05-10',
  gender: 'male',
  donations: [],
  deferrals: [],
  ...over,
});
const wb = (date: string, outcome: DonationFact['outcome'] = 'completed'): DonationFact => ({ type: 'whole-blood', date, outcome, volumeMl: 400 });
const plt = (date: string, outcome: DonationFact['outcome'] = 'completed'): DonationFact => ({ type: 'platelets', date, outcome, units: 2 });
const pls = (date: string): DonationFact => ({ type: 'plasma', date, outcome: 'completed' });

describe('eligibility — intervals (GB 18467-2011)', () => {
  it('a donor with no history may give every type today', () => {
    const r = computeEligibility(base());
    for (const t of ['whole-blood', 'platelets', 'plasma'] as const) {
      expect(r.byType[t]).toMatchObject({ eligibleNow: true, eligibleFrom: '2026-11-22', blockers: [] });
    }
    expect(r.ruleSet).toEqual({ id: 'GB18467', version: 2011, standard: GB18467_2011.standard, effectiveFrom: '2012-07-01' });
  });

  it('whole blood → whole blood needs 6 calendar months: eligible on the day, not the day before', () => {
    const onDay = computeEligibility(base({ today: '2026-11-22', donations: [wb('2026-05-22')] }));
    expect(onDay.byType['whole-blood']).toMatchObject({ eligibleNow: true, eligibleFrom: '2026-11-22' });
    const dayBefore = computeEligibility(base({ today: '2026-11-21', donations: [wb('2026-05-22')] }));
    expect(dayBefore.byType['whole-blood']).toMatchObject({ eligibleNow: false, eligibleFrom: '2026-11-22' });
    expect(dayBefore.byType['whole-blood'].blockers).toEqual([
      { code: 'interval', until: '2026-11-22', detail: { previousType: 'whole-blood', previousDate: '2026-05-22' } },
    ]);
  });

  it('month arithmetic clamps to the end of the month (Aug 31 + 6 months = Feb 28)', () => {
    const r = computeEligibility(base({ today: '2026-10-01', donations: [wb('2026-08-31')] }));
    expect(r.byType['whole-blood'].eligibleFrom).toBe('2027-02-28');
  });

  it('whole blood → platelets needs 3 months', () => {
    const r = computeEligibility(base({ today: '2026-11-22', donations: [wb('2026-08-23')] }));
    expect(r.byType.platelets).toMatchObject({ eligibleNow: false, eligibleFrom: '2026-11-23' });
    const r2 = computeEligibility(base({ today: '2026-11-23', donations: [wb('2026-08-23')] }));
    expect(r2.byType.platelets.eligibleNow).toBe(true);
  });

  it('platelets → platelets needs 2 weeks (14 days)', () => {
    const r = computeEligibility(base({ today: '2026-11-14', donations: [plt('2026-11-01')] }));
    expect(r.byType.platelets).toMatchObject({ eligibleNow: false, eligibleFrom: '2026-11-15' });
    const r2 = computeEligibility(base({ today: '2026-11-15', donations: [plt('2026-11-01')] }));
    expect(r2.byType.platelets.eligibleNow).toBe(true);
  });

  it('platelets → whole blood needs 4 weeks (28 days)', () => {
    const r = computeEligibility(base({ today: '2026-11-28', donations: [plt('2026-11-01')] }));
    expect(r.byType['whole-blood']).toMatchObject({ eligibleNow: false, eligibleFrom: '2026-11-29' });
  });

  it('the latest donation of each type decides, and the strictest rule wins', () => {
    // platelets on 11-01 allows whole blood from 11-29; whole blood on 06-01 allows whole blood from 12-01
    const r = computeEligibility(base({ today: '2026-11-22', donations: [wb('2026-06-01'), plt('2026-11-01'), wb('2025-01-01')] }));
    expect(r.byType['whole-blood'].eligibleFrom).toBe('2026-12-01');
    expect(r.byType['whole-blood'].blockers.map((b) => b.until).sort()).toEqual(['2026-11-29', '2026-12-01']);
    // platelets: 14 days after 11-01 (11-15) but 3 months after whole blood 06-01 (09-01) → 11-15, already past
    expect(r.byType.platelets.eligibleNow).toBe(true);
  });

  it('rejected attempts (nothing collected) do not count; partial collections do', () => {
    expect(computeEligibility(base({ donations: [wb('2026-11-01', 'rejected')] })).byType['whole-blood'].eligibleNow).toBe(true);
    expect(computeEligibility(base({ donations: [wb('2026-11-01', 'partial')] })).byType['whole-blood'].eligibleNow).toBe(false);
  });

  it('apheresis plasma uses the apheresis intervals', () => {
    const r = computeEligibility(base({ today: '2026-11-22', donations: [pls('2026-11-10')] }));
    expect(r.byType.plasma.eligibleFrom).toBe('2026-11-24');
    expect(r.byType['whole-blood'].eligibleFrom).toBe('2026-12-08');
  });
});

describe('eligibility — yearly platelet cap', () => {
  // 24 donations, every 14 days, the last on 2026-11-08
  const dates: string[] = [];
  for (let i = 23, d = new Date(Date.UTC(2026, 10, 8)); i >= 0; i--) {
    dates.push(new Date(d.getTime() - i * 14 * 86_400_000).toISOString().slice(0, 10));
  }
  const history = dates.map((d) => plt(d));

  it('the 25th donation in a rolling 12 months waits until the oldest leaves the window', () => {
    const r = computeEligibility(base({ today: '2026-11-22', donations: history }));
    const oldest = dates[0]!; // 2025-12-21
    expect(oldest).toBe('2025-12-21');
    expect(r.byType.platelets).toMatchObject({ eligibleNow: false, eligibleFrom: '2026-12-21' });
    expect(r.byType.platelets.blockers).toContainEqual({ code: 'yearly-cap', until: '2026-12-21', detail: { cap: 24 } });
    // the cap does not touch whole blood (28 days after platelets)
    expect(r.byType['whole-blood'].eligibleFrom).toBe('2026-12-06');
  });

  it('23 donations in the window are under the cap', () => {
    const r = computeEligibility(base({ today: '2026-11-22', donations: history.slice(1) }));
    expect(r.byType.platelets.eligibleNow).toBe(true);
  });

  it('a calendar-year cap resets on 1 January', () => {
    const rules = { ...GB18467_2011, plateletYearlyCap: { count: 2, window: 'calendar-year' as const } };
    const r = computeEligibility(base({ today: '2026-11-22', donations: [plt('2026-03-01'), plt('2026-06-01')] }), rules);
    expect(r.byType.platelets.eligibleFrom).toBe('2027-01-01');
  });
});

describe('eligibility — deferrals', () => {
  it('a deferral overrides the intervals until its date', () => {
    const r = computeEligibility(base({ deferrals: [{ until: '2027-01-15', reason: '感冒服药' }] }));
    for (const t of ['whole-blood', 'platelets', 'plasma'] as const) {
      expect(r.byType[t]).toMatchObject({ eligibleNow: false, eligibleFrom: '2027-01-15' });
      expect(r.byType[t].blockers).toEqual([{ code: 'deferral', until: '2027-01-15', detail: { reason: '感冒服药' } }]);
    }
  });

  it('a lapsed deferral no longer blocks; the day it ends is eligible', () => {
    const r = computeEligibility(base({ today: '2026-11-22', deferrals: [{ until: '2026-11-22', reason: '出行' }] }));
    expect(r.byType['whole-blood'].eligibleNow).toBe(true);
  });

  it('a deferral may name only some types', () => {
    const r = computeEligibility(base({ deferrals: [{ until: '2027-01-01', reason: '血小板计数偏低', types: ['platelets'] }] }));
    expect(r.byType.platelets.eligibleNow).toBe(false);
    expect(r.byType['whole-blood'].eligibleNow).toBe(true);
  });

  it('a permanent deferral makes every type ineligible with no date', () => {
    const r = computeEligibility(base({ deferrals: [{ until: null, reason: '检测不合格' }] }));
    expect(r.byType['whole-blood']).toMatchObject({ eligibleNow: false, eligibleFrom: null });
    expect(r.byType['whole-blood'].blockers[0]).toMatchObject({ code: 'permanent-deferral' });
    expect(soonestEligible(r)).toBeNull();
  });

  it('a deferral that ends before the interval does not change the date', () => {
    const r = computeEligibility(base({ today: '2026-11-22', donations: [wb('2026-11-01')], deferrals: [{ until: '2026-12-01', reason: 'x' }] }));
    expect(r.byType['whole-blood'].eligibleFrom).toBe('2027-05-01');
  });
});

describe('eligibility — age and weight', () => {
  it('under 18: eligible from the 18th birthday', () => {
    const r = computeEligibility(base({ today: '2026-11-22', birthDate: '2009-01-05' }));
    expect(r.byType['whole-blood']).toMatchObject({ eligibleNow: false, eligibleFrom: '2027-01-05' });
    expect(r.byType['whole-blood'].blockers).toEqual([{ code: 'too-young', until: '2027-01-05', detail: { minAge: 18 } }]);
  });

  it('the 18th birthday itself is eligible', () => {
    expect(computeEligibility(base({ today: '2026-11-22', birthDate: '2008-11-22' })).byType['whole-blood'].eligibleNow).toBe(true);
  });

  it('first-time donors up to 55 inclusive; 56 is too old', () => {
    expect(computeEligibility(base({ today: '2026-11-22', birthDate: '1970-11-23' })).byType['whole-blood'].eligibleNow).toBe(true); // 55
    const r = computeEligibility(base({ today: '2026-11-22', birthDate: '1970-11-22' })); // 56 today
    expect(r.byType['whole-blood']).toMatchObject({ eligibleNow: false, eligibleFrom: null });
    expect(r.byType['whole-blood'].blockers).toEqual([{ code: 'too-old', until: null, detail: { maxAge: 55 } }]);
  });

  it('repeat donors without reactions up to 60; with a past reaction the first-time limit applies', () => {
    const history = [wb('2020-01-01')];
    expect(computeEligibility(base({ birthDate: '1965-11-23', donations: history })).byType['whole-blood'].eligibleNow).toBe(true); // 60, 61 tomorrow
    expect(computeEligibility(base({ birthDate: '1965-11-22', donations: history })).byType['whole-blood'].eligibleFrom).toBeNull(); // 61 today
    expect(computeEligibility(base({ birthDate: '1966-11-22', donations: history, hadAdverseReaction: true })).byType['whole-blood'].eligibleFrom).toBeNull();
  });

  it('a donor who turns too old before the interval ends is not eligible', () => {
    // 60 today, 61 on 2027-01-10; whole blood on 2026-10-01 allows the next one on 2027-04-01, when he is 61
    const r = computeEligibility(base({ today: '2026-11-22', birthDate: '1966-01-10', donations: [wb('2026-10-01')] }));
    expect(r.byType['whole-blood']).toMatchObject({ eligibleNow: false, eligibleFrom: null });
    expect(r.byType['whole-blood'].blockers.map((b) => b.code)).toEqual(['interval', 'too-old']);
    // platelets (3 months after whole blood → 2027-01-01) still fit before the 61st birthday
    expect(r.byType.platelets.eligibleFrom).toBe('2027-01-01');
  });

  it('unknown birth date: the age check is skipped and flagged', () => {
    const r = computeEligibility(base({ birthDate: null }));
    expect(r.ageUnchecked).toBe(true);
    expect(r.byType['whole-blood'].eligibleNow).toBe(true);
  });

  it('weight under the minimum for the gender blocks; on the limit is fine', () => {
    expect(computeEligibility(base({ gender: 'female', weightKg: 45 })).byType['whole-blood'].eligibleNow).toBe(true);
    const r = computeEligibility(base({ gender: 'female', weightKg: 44.5 }));
    expect(r.byType['whole-blood'].blockers[0]).toMatchObject({ code: 'underweight', detail: { minWeightKg: 45 } });
    expect(computeEligibility(base({ gender: 'male', weightKg: 49 })).byType['whole-blood'].eligibleNow).toBe(false);
  });
});

describe('rule sets are versioned', () => {
  it('the 2001 standard asked 28 days between platelet donations', () => {
    const input = base({ today: '2026-11-10', donations: [plt('2026-11-01')] });
    expect(computeEligibility(input, GB18467_2011).byType.platelets.eligibleFrom).toBe('2026-11-15');
    expect(computeEligibility(input, GB18467_2001).byType.platelets.eligibleFrom).toBe('2026-11-29');
    expect(computeEligibility(input, GB18467_2001).ruleSet.version).toBe(2001);
  });

  it('validateRuleSet accepts the defaults and rejects broken sets', () => {
    expect(validateRuleSet(GB18467_2011)).toEqual([]);
    expect(validateRuleSet(GB18467_2001)).toEqual([]);
    const broken = { ...GB18467_2011, age: { min: 18, maxFirstTime: 17, maxRepeat: 60 }, intervals: { ...GB18467_2011.intervals, platelets: { ...GB18467_2011.intervals.platelets, platelets: { days: 0 } } } };
    const problems = validateRuleSet(broken);
    expect(problems).toContain('ages must satisfy 16 ≤ min ≤ maxFirstTime ≤ maxRepeat ≤ 70');
    expect(problems).toContain('interval platelets → platelets must be positive');
  });
});
