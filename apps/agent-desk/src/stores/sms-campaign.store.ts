/**
 * SMS campaigns on the desk (短信邀约): creating one (from a saved segment or the planner's list), the selected one's
 * results and recipients (masked). Launch, pause, resume and stop are the campaigns' own (campaign.store transition).
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SmsCampaignCreateBody, SmsCampaignDetail, SmsRecipientRow, SmsRecipientState } from '@donorline/domain';
import { api } from '../api/index.js';

export const useSmsCampaignStore = defineStore('sms-campaign', () => {
  const detail = ref<SmsCampaignDetail | null>(null);
  const recipients = ref<SmsRecipientRow[]>([]);
  const state = ref<SmsRecipientState | null>(null);

  async function create(body: SmsCampaignCreateBody): Promise<SmsCampaignDetail> {
    const d = await api.request('POST /api/sms-campaigns', { body });
    detail.value = d;
    return d;
  }

  /** The campaign's results and the recipients of the chosen state (all when none). */
  async function load(id: number): Promise<void> {
    const [d, list] = await Promise.all([
      api.request('GET /api/sms-campaigns/:id', { params: { id } }),
      api.request('GET /api/sms-campaigns/:id/recipients', { params: { id }, query: { limit: 200, ...(state.value ? { state: state.value } : {}) } }),
    ]);
    detail.value = d;
    recipients.value = list;
  }

  return { detail, recipients, state, create, load };
});
