import { describe, expect, it } from 'vitest';
import type { DonationType, TypeEligibility } from '@donorline/domain';
import { eligibleGroups } from './eligibility.js';

const e = (type: DonationType, eligibleNow: boolean, eligibleFrom: string | null): TypeEligibility => ({ type, eligibleNow, eligibleFrom, blockers: [] });

describe('eligibleGroups', () => {
  it('groups types by the day they open: now first, then by date, DONATION_TYPES order within a day; never-eligible left out', () => {
    expect(eligibleGroups({ 'whole-blood': e('whole-blood', false, '2026-12-01'), platelets: e('platelets', true, '2026-11-20'), plasma: e('plasma', true, '2026-11-22') })).toEqual([
      { from: null, types: ['platelets', 'plasma'] },
      { from: '2026-12-01', types: ['whole-blood'] },
    ]);
    expect(eligibleGroups({ 'whole-blood': e('whole-blood', false, '2027-01-05'), platelets: e('platelets', false, '2026-12-08'), plasma: e('plasma', false, '2026-12-08') })).toEqual([
      { from: '2026-12-08', types: ['platelets', 'plasma'] },
      { from: '2027-01-05', types: ['whole-blood'] },
    ]);
    expect(eligibleGroups({ 'whole-blood': e('whole-blood', false, null), platelets: e('platelets', false, null) })).toEqual([]);
    expect(eligibleGroups({})).toEqual([]);
  });
});
