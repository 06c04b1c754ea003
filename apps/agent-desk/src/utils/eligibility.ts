/** Small helpers over the server-computed eligibility (DonorSummary.eligibility). */
import { DONATION_TYPES, type DonationType, type LocalDate, type TypeEligibility } from '@donorline/domain';

/** The type the donor can give soonest (eligible now beats a date; ties in DONATION_TYPES order), or null. */
export function soonestOf(byType: Partial<Record<DonationType, TypeEligibility>>): TypeEligibility | null {
  let best: TypeEligibility | null = null;
  for (const type of DONATION_TYPES) {
    const e = byType[type];
    if (!e || !e.eligibleFrom) continue;
    if (!best || e.eligibleFrom < best.eligibleFrom!) best = e;
  }
  return best;
}

/** Donation types that open on the same day: `from` null = eligible now. */
export interface EligibleGroup {
  from: LocalDate | null;
  types: DonationType[];
}

/**
 * The donor's eligibility per type, grouped by the day each type opens — eligible now first, then by date; types in
 * DONATION_TYPES order within a day. Types the donor may not give under current data are left out.
 */
export function eligibleGroups(byType: Partial<Record<DonationType, TypeEligibility>>): EligibleGroup[] {
  const groups: EligibleGroup[] = [];
  for (const type of DONATION_TYPES) {
    const e = byType[type];
    if (!e || !e.eligibleFrom) continue;
    const from = e.eligibleNow ? null : e.eligibleFrom;
    const group = groups.find((g) => g.from === from);
    if (group) group.types.push(type);
    else groups.push({ from, types: [type] });
  }
  return groups.sort((a, b) => (a.from === b.from ? 0 : a.from === null ? -1 : b.from === null ? 1 : a.from < b.from ? -1 : 1));
}
