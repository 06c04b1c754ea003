/**
 * Care (关怀管理) on the desk: the rules, the prepared actions of a period (the preview, with exclusions and their
 * reasons), generation on demand, confirmation and dismissal. The server decides and checks again at confirmation.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CareActionRow, CareRuleDto, CareRulePatch, CareStatus, CareSummary } from '@donorline/domain';
import { api } from '../api/index.js';

export const useCareStore = defineStore('care', () => {
  const rules = ref<CareRuleDto[]>([]);
  const actions = ref<CareActionRow[]>([]);
  const total = ref(0);
  const summary = ref<CareSummary | null>(null);
  const loading = ref(false);

  async function loadRules(): Promise<void> {
    rules.value = await api.request('GET /api/care/rules', {});
  }

  async function updateRule(id: number, patch: CareRulePatch): Promise<void> {
    const r = await api.request('PATCH /api/care/rules/:id', { params: { id }, body: patch });
    rules.value = rules.value.map((x) => (x.id === id ? r : x));
  }

  async function loadActions(q: { status?: CareStatus; from: string; to: string; ruleId?: number; page?: number }): Promise<void> {
    loading.value = true;
    try {
      const r = await api.request('GET /api/care/actions', { query: { ...q, pageSize: 200 } });
      actions.value = r.items;
      total.value = r.total;
      summary.value = r.summary;
    } finally {
      loading.value = false;
    }
  }

  const generate = (date?: string) => api.request('POST /api/care/generate', { body: date ? { date } : {} });
  const confirm = (ids: number[]) => api.request('POST /api/care/actions/confirm', { body: { ids } });
  const dismiss = (ids: number[]) => api.request('POST /api/care/actions/dismiss', { body: { ids } });

  return { rules, actions, total, summary, loading, loadRules, updateRule, loadActions, generate, confirm, dismiss };
});
