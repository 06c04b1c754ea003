/** Small helpers over the server-computed eligibility (DonorSummary.eligibility). */
import { DONATION_TYPES, type DonationType, type TypeEligibility } from '@donorline/domain';

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
