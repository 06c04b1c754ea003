/**
 * 我的待办 — the work queue as the desk sees it: the counts behind the nav badge (loaded on connect, refreshed on every
 * `work:changed`), the list with its scope/filters/sort, actions on tasks, bulk actions (supervisors), call-back
 * from a task (call:dial { taskId }), and the escalations the supervisors got (`work:escalated`).
 */
import { defineStore } from 'pinia';
import { reactive, ref, shallowRef } from 'vue';
import type { TicketKind, WorkAction, WorkActBody, WorkAssignee, WorkCounts, WorkEscalated, WorkQuery, WorkTaskDetailDto, WorkTaskDto } from '@donorline/domain';
import { api } from '../api/index.js';
import { useCallStore } from './call.store.js';

const EMPTY: WorkCounts = { mine: 0, mineOverdue: 0, pool: 0, overdue: 0 };

export const useWorkStore = defineStore('work', () => {
  const counts = ref<WorkCounts>({ ...EMPTY });
  const filters = reactive<{ scope: 'mine' | 'pool' | 'all'; kind: TicketKind | ''; status: NonNullable<WorkQuery['status']>; due: NonNullable<WorkQuery['due']> | ''; sort: NonNullable<WorkQuery['sort']> }>({
    scope: 'mine', kind: '', status: 'open', due: '', sort: 'due',
  });
  const items = ref<WorkTaskDto[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  const assignees = ref<WorkAssignee[]>([]);
  const escalated = ref<WorkEscalated['tasks']>([]);
  const dialing = ref<number | null>(null);
  /** The list is on screen: changes reload it too (otherwise only the counts). */
  let watching = 0;
  let seq = 0;
  /** Only the latest counts request may set the badge: an older answer arriving late must not undo a newer one. */
  let countsSeq = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function loadCounts(): Promise<void> {
    const my = ++countsSeq;
    try {
      const c = await api.request('GET /api/work/counts', {});
      if (my === countsSeq) counts.value = c;
    } catch {
      /* the badge keeps its last figure; the next change retries */
    }
  }

  async function load(): Promise<void> {
    const my = ++seq;
    loading.value = true;
    try {
      const q: WorkQuery = { scope: filters.scope, status: filters.status, sort: filters.sort, pageSize: 200 };
      if (filters.kind) q.kind = filters.kind;
      if (filters.due) q.due = filters.due;
      const page = await api.request('GET /api/work', { query: q });
      if (my !== seq) return;
      items.value = page.items;
      total.value = page.total;
      error.value = null;
    } catch (e) {
      if (my === seq) error.value = e;
    } finally {
      if (my === seq) loading.value = false;
    }
  }

  async function loadAssignees(): Promise<void> {
    if (!assignees.value.length) assignees.value = await api.request('GET /api/work/assignees', {});
  }

  /** `work:changed`: coalesced refresh of the counts (and the list when it is on screen). */
  function changed(): void {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      void loadCounts();
      if (watching > 0) void load();
    }, 150);
  }

  function onEscalated(e: WorkEscalated): void {
    const ids = new Set(escalated.value.map((x) => x.id));
    escalated.value = [...escalated.value, ...e.tasks.filter((x) => !ids.has(x.id))].slice(-200);
  }

  function watchList(on: boolean): void {
    watching = Math.max(0, watching + (on ? 1 : -1));
  }

  async function detail(id: number): Promise<WorkTaskDetailDto> {
    return api.request('GET /api/work/:id', { params: { id } });
  }

  async function act(id: number, action: WorkAction, body: WorkActBody = {}): Promise<WorkTaskDetailDto> {
    const t = await api.request('POST /api/work/:id/:action', { params: { id, action }, body });
    const i = items.value.findIndex((x) => x.id === id);
    if (i >= 0) items.value.splice(i, 1, t);
    void loadCounts();
    return t;
  }

  async function bulk(ids: number[], action: 'assign' | 'close', extra: { ownerId?: number | null; outcome?: string } = {}): Promise<number> {
    const r = await api.request('POST /api/work/bulk', { body: { ids, action, ...extra } });
    await Promise.all([load(), loadCounts()]);
    return r.updated;
  }

  /** 回拨 from a task: the server dials the task's donor or caller and links the call to the task. */
  async function callBack(id: number): Promise<string> {
    dialing.value = id;
    try {
      return await useCallStore().dial({ taskId: id });
    } finally {
      dialing.value = null;
    }
  }

  function reset(): void {
    seq++;
    countsSeq++;
    if (timer) clearTimeout(timer);
    timer = null;
    counts.value = { ...EMPTY };
    items.value = [];
    total.value = 0;
    error.value = null;
    assignees.value = [];
    escalated.value = [];
    dialing.value = null;
    Object.assign(filters, { scope: 'mine', kind: '', status: 'open', due: '', sort: 'due' });
  }

  return { counts, filters, items, total, loading, error, assignees, escalated, dialing, loadCounts, load, loadAssignees, changed, onEscalated, watchList, detail, act, bulk, callBack, reset };
});
