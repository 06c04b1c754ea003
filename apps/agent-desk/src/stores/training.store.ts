/** Training mode (PBX mode 'sim'): demo donors and simulated calls an agent places to their own queue to practise. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { HttpApi } from '@donorline/domain';
import { api } from '../api/index.js';
import { command, type CommandPayload } from '../realtime/commands.js';

export type DemoDonor = HttpApi['GET /api/training/donors']['reply'][number];

export const useTrainingStore = defineStore('training', () => {
  const donors = ref<DemoDonor[]>([]);
  const loaded = ref(false);
  const loadError = shallowRef<unknown>(null);
  const placing = ref(false);
  const error = shallowRef<unknown>(null);
  const lastCallId = ref<string | null>(null);

  async function loadDonors(): Promise<DemoDonor[]> {
    if (loaded.value) return donors.value;
    try {
      donors.value = await api.request('GET /api/training/donors', {});
      loaded.value = true;
      loadError.value = null;
    } catch (e) {
      loadError.value = e;
    }
    return donors.value;
  }

  async function placeCall(p: CommandPayload<'training:call'>): Promise<string> {
    placing.value = true;
    error.value = null;
    try {
      const res = await command('training:call', p);
      lastCallId.value = res.callId;
      return res.callId;
    } catch (e) {
      error.value = e;
      throw e;
    } finally {
      placing.value = false;
    }
  }

  return { donors, loaded, loadError, placing, error, lastCallId, loadDonors, placeCall };
});
