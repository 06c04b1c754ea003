/** The audit log for admins: who unmasked what, who played which recording, logins, takeovers. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AuditEntryDto, HttpApi } from '@donorline/domain';
import { api, ApiError } from '../api/index.js';

export type AuditQuery = HttpApi['GET /api/audit']['query'];

export const useAuditStore = defineStore('audit', () => {
  const query = ref<AuditQuery>({ page: 1, pageSize: 50 });
  const items = ref<AuditEntryDto[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  const forbidden = ref(false);

  async function load(q: AuditQuery = query.value): Promise<void> {
    query.value = { ...q };
    loading.value = true;
    error.value = null;
    forbidden.value = false;
    try {
      const page = await api.request('GET /api/audit', { query: q });
      items.value = page.items;
      total.value = page.total;
    } catch (e) {
      error.value = e;
      forbidden.value = e instanceof ApiError && e.status === 403;
      items.value = [];
      total.value = 0;
    } finally {
      loading.value = false;
    }
  }

  return { query, items, total, loading, error, forbidden, load };
});
