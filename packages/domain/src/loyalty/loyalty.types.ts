/** Points, referrals and the redemption catalogue on the wire (issue 13), shared by the bridge and the desk. */
import type { HonourProgress, PointsKind } from './points-rules.js';

export interface PointsEntryDto {
  id: number;
  kind: PointsKind;
  delta: number;
  /** The source event: donation:12, referral:3, redeem:<uuid>, adjust:<uuid>. */
  sourceKey: string;
  note: string | null;
  rewardName: string | null;
  at: string;
}

export interface ReferralDto {
  id: number;
  referrerId: number;
  /** The referee as the desk may show them: masked name and phone. */
  referredNameMasked: string;
  referredPhoneMasked: string | null;
  referredDonorId: number | null;
  converted: boolean;
  rewardPoints: number;
  at: string;
}

export interface RewardItemDto {
  id: number;
  name: string;
  cost: number;
  stock: number;
  active: boolean;
}

export interface DonorLoyaltyDto {
  donorId: number;
  balance: number;
  honour: HonourProgress;
  history: PointsEntryDto[];
  referrals: ReferralDto[];
  /** Who referred this donor (masked), if anyone. */
  referredBy: { referralId: number; referrerId: number; referrerNameMasked: string } | null;
}

export interface ReferralCreate {
  referrerId: number;
  /** An existing donor, or a name and phone of someone not registered yet (linked by phone when they are). */
  referredDonorId?: number;
  referredName?: string;
  referredPhone?: string;
}

export interface LoyaltyHttpApi {
  'GET /api/loyalty/donors/:id': { params: { id: number }; reply: DonorLoyaltyDto };
  'POST /api/loyalty/referrals': { body: ReferralCreate; reply: ReferralDto };
  'GET /api/loyalty/rewards': { reply: RewardItemDto[] };
  'POST /api/loyalty/rewards': { body: { name: string; cost: number; stock: number }; reply: RewardItemDto };
  'PATCH /api/loyalty/rewards/:id': { params: { id: number }; body: { name?: string; cost?: number; stockDelta?: number; active?: boolean }; reply: RewardItemDto };
  'POST /api/loyalty/donors/:id/redeem': { params: { id: number }; body: { rewardId: number; quantity?: number; requestId: string }; reply: { balance: number; entryId: number; stock: number } };
}
