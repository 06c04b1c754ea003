/**
 * Honours and points follow the donations: on `donation.recorded` the donors' donations are settled against the
 * points ledger (db/loyalty/points-ledger.ts: donation:<id> per counting donation, a correcting entry when one is
 * corrected; donor.points is the ledger's balance) and referrers whose referee's first donation arrived are
 * rewarded (db/loyalty/referrals.ts). Honour levels are computed on read from the donations, so they follow at once.
 */
import type { DataSource } from 'typeorm';
import type { IntegrationEvents } from '../../integration/integration-events.js';
import { DEFAULT_POINTS_RULES } from '../../loyalty/points-rules.js';
import { settleDonationPoints } from '../loyalty/points-ledger.js';
import { convertReferrals } from '../loyalty/referrals.js';

/** Points per donation unit (the demo seed uses the same). */
export const POINTS_PER_UNIT = DEFAULT_POINTS_RULES.perDonationUnit;

/** Settles the donation points of these donors; returns the ledger entries appended. */
export function recomputePoints(ds: DataSource, donorIds: readonly number[], now: Date = new Date()): Promise<number> {
  return settleDonationPoints(ds, donorIds, now);
}

export function subscribePoints(ds: DataSource, events: IntegrationEvents, clock: () => Date = () => new Date()): () => void {
  return events.on('donation.recorded', async (e) => {
    await settleDonationPoints(ds, e.donations.map((d) => d.donorId), clock());
    await convertReferrals(ds, e.donations.filter((d) => d.outcome !== 'rejected').map((d) => d.donorId), clock());
  });
}
