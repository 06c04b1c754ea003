/**
 * Points, referrals and rewards of the donor open in the 360 (积分与推荐): the server keeps the ledger and decides;
 * a redemption carries a request id so a retried click redeems once.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DonorLoyaltyDto, RewardItemDto } from '@donorline/domain';
import { api } from '../api/index.js';

export const useLoyaltyStore = defineStore('loyalty', () => {
  const donor = ref<DonorLoyaltyDto | null>(null);
  const rewards = ref<RewardItemDto[]>([]);

  async function load(donorId: number): Promise<void> {
    const [d, r] = await Promise.all([api.request('GET /api/loyalty/donors/:id', { params: { id: donorId } }), api.request('GET /api/loyalty/rewards', {})]);
    donor.value = d;
    rewards.value = r;
  }

  async function refer(referrerId: number, referredName: string, referredPhone: string): Promise<void> {
    await api.request('POST /api/loyalty/referrals', { body: { referrerId, referredName, referredPhone } });
    await load(referrerId);
  }

  async function redeem(donorId: number, rewardId: number, quantity: number, requestId: string): Promise<void> {
    await api.request('POST /api/loyalty/donors/:id/redeem', { params: { id: donorId }, body: { rewardId, quantity, requestId } });
    await load(donorId);
  }

  return { donor, rewards, load, refer, redeem };
});
