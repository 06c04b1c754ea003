/**
 * Recruitment CRM on the desk (issue 13): the segment being built (its rule, live count and masked preview — counted
 * again a moment after each edit, the last answer wins), the saved segments, bulk assignment, 我的献血者 and the
 * workload per manager. Everything is decided on the server; this store only asks and keeps the answers.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ManagerWorkload, PortfolioRow, SavedSegmentDto, SegmentGroup, SegmentPreviewRow, WorkAssignee } from '@donorline/domain';
import { api } from '../api/index.js';

export const useCrmStore = defineStore('crm', () => {
  const rule = ref<SegmentGroup>({ op: 'and', rules: [] });
  const count = ref<number | null>(null);
  const countMs = ref<number | null>(null);
  const preview = ref<SegmentPreviewRow[]>([]);
  const ruleError = shallowRef<unknown>(null);
  const counting = ref(false);
  const saved = ref<SavedSegmentDto[]>([]);
  const managers = ref<WorkAssignee[]>([]);
  const workload = ref<ManagerWorkload[]>([]);
  const portfolio = ref<PortfolioRow[]>([]);
  const portfolioTotal = ref(0);
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  /** Count and preview the current rule now (the builder calls `recount` on edits). */
  async function evaluate(): Promise<void> {
    const my = ++seq;
    counting.value = true;
    try {
      const body = { rule: rule.value };
      const [c, p] = await Promise.all([api.request('POST /api/crm/segments/count', { body }), api.request('POST /api/crm/segments/preview', { body: { ...body, limit: 20 } })]);
      if (my !== seq) return;
      count.value = c.count;
      countMs.value = c.ms;
      preview.value = p;
      ruleError.value = null;
    } catch (e) {
      if (my !== seq) return;
      ruleError.value = e;
      count.value = null;
      preview.value = [];
    } finally {
      if (my === seq) counting.value = false;
    }
  }

  /** Debounced: typing a value does not send a count per key. */
  function recount(delayMs = 300): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void evaluate(), delayMs);
  }

  async function loadSaved(): Promise<void> {
    saved.value = await api.request('GET /api/crm/segments', {});
  }

  async function save(name: string): Promise<SavedSegmentDto> {
    const s = await api.request('POST /api/crm/segments', { body: { name, rule: rule.value } });
    await loadSaved();
    return s;
  }

  async function update(id: number, patch: { name?: string; rule?: SegmentGroup }): Promise<SavedSegmentDto> {
    const s = await api.request('PATCH /api/crm/segments/:id', { params: { id }, body: patch });
    await loadSaved();
    return s;
  }

  function open(s: SavedSegmentDto): void {
    rule.value = structuredClone(s.rule);
    void evaluate();
  }

  async function loadManagers(): Promise<void> {
    if (!managers.value.length) managers.value = await api.request('GET /api/work/assignees', {});
  }

  async function loadWorkload(): Promise<void> {
    workload.value = await api.request('GET /api/crm/workload', {});
  }

  async function bulkAssign(segmentId: number, managerIds: number[], onlyUnassigned: boolean): Promise<{ assigned: number; perManager: Record<string, number> }> {
    const r = await api.request('POST /api/crm/assignments/bulk', { body: { segmentId, managerIds, onlyUnassigned } });
    await loadWorkload().catch(() => undefined);
    return r;
  }

  async function loadPortfolio(q: { dueOnly?: boolean; managerId?: number } = {}): Promise<void> {
    const page = await api.request('GET /api/crm/portfolio', { query: { ...q, pageSize: 100 } });
    portfolio.value = page.items;
    portfolioTotal.value = page.total;
  }

  function reset(): void {
    rule.value = { op: 'and', rules: [] };
    count.value = null;
    preview.value = [];
    ruleError.value = null;
  }

  return {
    rule, count, countMs, preview, ruleError, counting, saved, managers, workload, portfolio, portfolioTotal,
    evaluate, recount, loadSaved, save, update, open, loadManagers, loadWorkload, bulkAssign, loadPortfolio, reset,
  };
});
