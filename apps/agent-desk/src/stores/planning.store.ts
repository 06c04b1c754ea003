/**
 * 血小板计划 — the planner page's data: the plan (forecast, projection, donations, slots), the latest stock, known
 * needs, safety levels, and the ranked call list with the one-click "create call tasks". Everything is computed on
 * the bridge; the store only loads and posts.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { HttpApi, PlanningListDto, PlanView } from '@donorline/domain';
import { api } from '../api/index.js';

type TasksReply = HttpApi['POST /api/planning/tasks']['reply'];

export const usePlanningStore = defineStore('planning', () => {
  const plan = shallowRef<PlanView | null>(null);
  const list = shallowRef<PlanningListDto | null>(null);
  const safety = ref<Record<string, number>>({});
  const loading = ref(false);
  const listLoading = ref(false);
  const error = shallowRef<unknown>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const [p, s] = await Promise.all([api.request('GET /api/planning/plan', {}), api.request('GET /api/planning/safety', {})]);
      plan.value = p;
      safety.value = s;
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  async function saveStock(lots: { group: string; expiresOn: string; units: number }[]): Promise<void> {
    await api.request('POST /api/planning/stock', { body: { lots } });
    await load();
  }

  async function importIssues(records: { day: string; group: string; units: number }[]): Promise<number> {
    const r = await api.request('POST /api/planning/issues', { body: { records, source: 'import' } });
    await load();
    return r.written;
  }

  async function addNeed(n: { day: string; group: string; units: number; note?: string | null }): Promise<void> {
    await api.request('POST /api/planning/needs', { body: n });
    await load();
  }

  async function removeNeed(id: number): Promise<void> {
    await api.request('DELETE /api/planning/needs/:id', { params: { id } });
    await load();
  }

  async function saveSafety(s: Record<string, number>): Promise<void> {
    safety.value = await api.request('PUT /api/planning/safety', { body: s });
    await load();
  }

  async function loadList(q: { group: string; targetDay: string; emergency: boolean }): Promise<void> {
    listLoading.value = true;
    try {
      list.value = await api.request('GET /api/planning/list', { query: { ...q, limit: 200 } });
    } finally {
      listLoading.value = false;
    }
  }

  function createTasks(body: HttpApi['POST /api/planning/tasks']['body']): Promise<TasksReply> {
    return api.request('POST /api/planning/tasks', { body });
  }

  return { plan, list, safety, loading, listLoading, error, load, saveStock, importIssues, addNeed, removeNeed, saveSafety, loadList, createTasks };
});
