/** Administration → lists: every entry of the pause-reason and disposition lists, and each change through the audited API. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { DeskListItemCreate, DeskListItemDto, DeskListItemUpdate, DeskListName } from '@donorline/domain';
import { api } from '../api/index.js';
import { useDeskListsStore } from './desk-lists.store.js';

export const useListsAdminStore = defineStore('lists-admin', () => {
  const items = ref<Record<DeskListName, DeskListItemDto[]>>({ 'pause-reason': [], disposition: [] });
  const loading = ref(false);
  const saving = ref(false);
  const error = shallowRef<unknown>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const [p, d] = await Promise.all([
        api.request('GET /api/admin/lists/:list', { params: { list: 'pause-reason' } }),
        api.request('GET /api/admin/lists/:list', { params: { list: 'disposition' } }),
      ]);
      items.value = { 'pause-reason': p, disposition: d };
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  /** Runs a change, then re-reads the list (and the desk's own copy, so this desk's menus follow at once). */
  async function change<T>(list: DeskListName, fn: () => Promise<T>): Promise<T> {
    saving.value = true;
    try {
      const out = await fn();
      items.value[list] = await api.request('GET /api/admin/lists/:list', { params: { list } });
      void useDeskListsStore().load(true);
      return out;
    } finally {
      saving.value = false;
    }
  }

  const create = (list: DeskListName, body: DeskListItemCreate) => change(list, () => api.request('POST /api/admin/lists/:list', { params: { list }, body }));
  const update = (list: DeskListName, code: string, body: DeskListItemUpdate) =>
    change(list, () => api.request('PATCH /api/admin/lists/:list/:code', { params: { list, code }, body }));
  const remove = (list: DeskListName, code: string) => change(list, () => api.request('DELETE /api/admin/lists/:list/:code', { params: { list, code } }));

  /** Moves an entry one place up (-1) or down (+1). */
  function move(list: DeskListName, code: string, by: -1 | 1): Promise<unknown> {
    const codes = items.value[list].map((i) => i.code);
    const i = codes.indexOf(code);
    const j = i + by;
    if (i < 0 || j < 0 || j >= codes.length) return Promise.resolve();
    [codes[i], codes[j]] = [codes[j]!, codes[i]!];
    return change(list, () => api.request('PUT /api/admin/lists/:list/order', { params: { list }, body: { codes } }));
  }

  function reset(): void {
    items.value = { 'pause-reason': [], disposition: [] };
    error.value = null;
  }

  return { items, loading, saving, error, load, create, update, remove, move, reset };
});
