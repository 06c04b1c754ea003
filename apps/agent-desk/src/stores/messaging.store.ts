/** SMS: the supervisor's outbox (status filter, counts, retry, park) and a donor's SMS for the contact history. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { SmsCounts, SmsHistoryItem, SmsMessageDto, SmsRefState, SmsStatus } from '@donorline/domain';
import { api } from '../api/index.js';

export type SmsFilter = SmsStatus | 'problems' | '';

export const useMessagingStore = defineStore('messaging', () => {
  const items = ref<SmsMessageDto[]>([]);
  const total = ref(0);
  const page = ref(1);
  const filter = ref<SmsFilter>('problems');
  const counts = ref<SmsCounts | null>(null);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const [list, c] = await Promise.all([
        api.request('GET /api/sms', { query: { ...(filter.value ? { status: filter.value } : {}), page: page.value, pageSize: 50 } }),
        api.request('GET /api/sms/counts', {}),
      ]);
      items.value = list.items;
      total.value = list.total;
      counts.value = c;
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  async function act(id: number, fn: () => Promise<SmsMessageDto>): Promise<void> {
    error.value = null;
    try {
      const m = await fn();
      items.value = items.value.map((x) => (x.id === id ? m : x));
    } catch (e) {
      error.value = e;
    }
  }

  const retry = (id: number): Promise<void> => act(id, () => api.request('POST /api/sms/:id/retry', { params: { id } }));
  const park = (id: number, reason: string): Promise<void> => act(id, () => api.request('POST /api/sms/:id/park', { params: { id }, body: { reason } }));

  function historyOf(donorId: number): Promise<SmsHistoryItem[]> {
    return api.request('GET /api/donors/:id/sms', { params: { id: donorId } });
  }

  function refStates(refs: string[]): Promise<SmsRefState[]> {
    return api.request('GET /api/sms/refs', { query: { ref: refs } });
  }

  return { items, total, page, filter, counts, loading, error, load, retry, park, historyOf, refStates };
});
