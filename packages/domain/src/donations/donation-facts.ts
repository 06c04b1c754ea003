import type { DonationFact, DonationType } from './donation.types.js';

/**
 * What the donor row keeps about the donor's donations (denormalised, issue 13/14): counts and dates over the
 * donations that count (outcome ≠ rejected). The segments' rule SQL and the planner's call-list pool read these
 * columns through composite indexes instead of aggregating the donation table per donor.
 * The latest donation's type: the latest date wins; on the same date the donation written last (highest id).
 */
export interface DonationFacts {
  donationCount: number;
  firstDonationDate: string | null;
  lastDonationDate: string | null;
  lastDonationType: DonationType | null;
  plateletCount: number;
  lastPlateletDate: string | null;
}

/** The facts of a donor's donations, given in the order they were written (ids ascending). */
export function donationFacts(donations: readonly Pick<DonationFact, 'type' | 'date' | 'outcome'>[]): DonationFacts {
  const f: DonationFacts = { donationCount: 0, firstDonationDate: null, lastDonationDate: null, lastDonationType: null, plateletCount: 0, lastPlateletDate: null };
  for (const d of donations) {
    if (d.outcome === 'rejected') continue;
    f.donationCount++;
    if (f.firstDonationDate === null || d.date < f.firstDonationDate) f.firstDonationDate = d.date;
    if (f.lastDonationDate === null || d.date >= f.lastDonationDate) {
      f.lastDonationDate = d.date;
      f.lastDonationType = d.type;
    }
    if (d.type === 'platelets') {
      f.plateletCount++;
      if (f.lastPlateletDate === null || d.date > f.lastPlateletDate) f.lastPlateletDate = d.date;
    }
  }
  return f;
}
