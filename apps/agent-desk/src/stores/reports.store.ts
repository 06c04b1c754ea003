/** 统计报表: the filter, the report on screen, and the CSV/XLSX download (with the session's token, as a file). */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ReportExportFormat, ReportKind, ReportQuery, ReportResult } from '@donorline/domain';
import { api } from '../api/index.js';
import { ApiError } from '../api/http.client.js';
import { todayLocal } from '../utils/format.js';
import { useAuthStore } from './auth.store.js';

const shift = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export const useReportsStore = defineStore('reports', () => {
  const kind = ref<ReportKind>('volume');
  const today = todayLocal();
  const query = ref<ReportQuery>({ from: shift(today, -6), to: today, group: 'day', satGroup: 'day' });
  const result = shallowRef<ReportResult | null>(null);
  const loading = ref(false);
  const error = ref<unknown>(null);
  let seq = 0;

  /** Sets the dates to a preset relative to today (local). */
  function preset(p: 'today' | 'yesterday' | 'week' | 'month'): void {
    const d = todayLocal();
    const [from, to] = p === 'today' ? [d, d] : p === 'yesterday' ? [shift(d, -1), shift(d, -1)] : p === 'week' ? [shift(d, -6), d] : [shift(d, -29), d];
    query.value = { ...query.value, from, to };
  }

  async function load(): Promise<void> {
    const mine = ++seq;
    loading.value = true;
    try {
      const r = await api.request('GET /api/reports/:kind', { params: { kind: kind.value }, query: query.value });
      if (mine !== seq) return;
      result.value = r;
      error.value = null;
    } catch (e) {
      if (mine === seq) error.value = e;
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  /** Downloads the report on screen as a file (a link cannot carry the bearer token, so fetch → blob → save). */
  async function download(format: ReportExportFormat, lang: 'zh' | 'en'): Promise<void> {
    const url = api.url('GET /api/reports/:kind/export', { params: { kind: kind.value }, query: { ...query.value, format, lang } });
    const token = useAuthStore().token;
    const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
      throw new ApiError((body?.code as never) ?? 'HTTP', body?.message ?? res.statusText, res.status);
    }
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `report.${format}`;
    const href = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  }

  function reset(): void {
    result.value = null;
    error.value = null;
  }

  return { kind, query, result, loading, error, preset, load, download, reset };
});
