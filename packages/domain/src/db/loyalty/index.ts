/** Points, referrals and rewards on the database (issue 13). */
export { LoyaltyService } from './loyalty.service.js';
export { appendEntries, settleDonationPoints, type LedgerWrite } from './points-ledger.js';
export { convertReferrals, createReferral } from './referrals.js';
export { backfillDonationPoints } from './points-backfill.js';
