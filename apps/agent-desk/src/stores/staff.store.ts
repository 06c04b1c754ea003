/** Administration → Staff: the list, the choices (roles, queues), and every change through the audited API. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Role, StaffCreate, StaffDto, StaffOptions, StaffUpdate } from '@donorline/domain';
import { api, ApiError } from '../api/index.js';

export const useStaffStore = defineStore('staff', () => {
  const items = ref<StaffDto[]>([]);
  const options = shallowRef<StaffOptions | null>(null);
  const loading = ref(false);
  const saving = ref(false);
  const error = shallowRef<unknown>(null);
  const forbidden = ref(false);
  const filter = ref<{ q: string; role: Role | ''; showDisabled: boolean }>({ q: '', role: '', showDisabled: false });
  let seq = 0;

  async function load(): Promise<void> {
    const mine = ++seq;
    loading.value = true;
    error.value = null;
    try {
      const f = filter.value;
      const [list, opts] = await Promise.all([
        api.request('GET /api/admin/staff', { query: { ...(f.q.trim() ? { q: f.q.trim() } : {}), ...(f.role ? { role: f.role } : {}), ...(f.showDisabled ? {} : { active: true }) } }),
        options.value ? Promise.resolve(options.value) : api.request('GET /api/admin/staff/options', {}),
      ]);
      if (mine !== seq) return;
      items.value = list;
      options.value = opts;
      forbidden.value = false;
    } catch (e) {
      if (mine !== seq) return;
      error.value = e;
      forbidden.value = e instanceof ApiError && e.status === 403;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  function put(s: StaffDto): StaffDto {
    const i = items.value.findIndex((x) => x.id === s.id);
    if (i >= 0) items.value.splice(i, 1, s);
    else items.value.unshift(s);
    return s;
  }

  async function saving$<T>(fn: () => Promise<T>): Promise<T> {
    saving.value = true;
    try {
      return await fn();
    } finally {
      saving.value = false;
    }
  }

  const create = (c: StaffCreate) => saving$(async () => put(await api.request('POST /api/admin/staff', { body: c })));
  const update = (id: number, u: StaffUpdate) => saving$(async () => put(await api.request('PATCH /api/admin/staff/:id', { params: { id }, body: u })));
  const resetPassword = (id: number, password: string) => saving$(async () => put(await api.request('POST /api/admin/staff/:id/password', { params: { id }, body: { password } })));
  const setPin = (id: number, pin: string) => saving$(async () => put(await api.request('PUT /api/admin/staff/:id/ivr-pin', { params: { id }, body: { pin } })));
  const clearPin = (id: number) => saving$(async () => put(await api.request('DELETE /api/admin/staff/:id/ivr-pin', { params: { id } })));
  const endSessions = (id: number) => saving$(async () => (await api.request('POST /api/admin/staff/:id/sessions/revoke', { params: { id } })).revoked);

  return { items, options, loading, saving, error, forbidden, filter, load, create, update, resetPassword, setPin, clearPin, endSessions };
});
