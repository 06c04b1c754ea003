/** Administration → eligibility rule sets: the stored versions, publishing a new one, withdrawing a scheduled one. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { EligibilityRuleSet, RuleSetVersionDto } from '@donorline/domain';
import { api } from '../api/index.js';

export const useRuleSetsAdminStore = defineStore('rule-sets-admin', () => {
  const versions = ref<RuleSetVersionDto[]>([]);
  const loading = ref(false);
  const saving = ref(false);
  const error = shallowRef<unknown>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      versions.value = await api.request('GET /api/admin/rule-sets', {});
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  async function publish(rules: EligibilityRuleSet): Promise<RuleSetVersionDto> {
    saving.value = true;
    try {
      const v = await api.request('POST /api/admin/rule-sets', { body: rules });
      await load();
      return v;
    } finally {
      saving.value = false;
    }
  }

  async function withdraw(family: string, version: number): Promise<void> {
    saving.value = true;
    try {
      versions.value = await api.request('POST /api/admin/rule-sets/:family/:version/withdraw', { params: { family, version }, body: {} });
    } finally {
      saving.value = false;
    }
  }

  function reset(): void {
    versions.value = [];
    error.value = null;
  }

  return { versions, loading, saving, error, load, publish, withdraw, reset };
});
