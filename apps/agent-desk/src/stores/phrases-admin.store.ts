/**
 * 规范用语维护 (admins): the scripts per call type, their versions, saving a new version and making an old one active
 * again. After a change the desk's own phrase cache for that call type is dropped, so agents read the new lines.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { PhraseLine, PhraseScriptSummary, PhraseScriptVersionDto } from '@donorline/domain';
import { api } from '../api/index.js';
import { useKnowledgeStore } from './knowledge.store.js';

export const usePhrasesAdminStore = defineStore('phrases-admin', () => {
  const summaries = ref<PhraseScriptSummary[]>([]);
  const history = ref<Record<string, PhraseScriptVersionDto[]>>({});
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  const saving = ref(false);

  async function loadSummaries(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      summaries.value = await api.request('GET /api/admin/phrases', {});
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  async function loadHistory(callType: string): Promise<PhraseScriptVersionDto[]> {
    const list = await api.request('GET /api/admin/phrases/:callType', { params: { callType } });
    history.value = { ...history.value, [callType]: list };
    return list;
  }

  function changed(callType: string): void {
    const k = useKnowledgeStore();
    const { [callType]: _drop, ...rest } = k.phrasesByType;
    k.phrasesByType = rest;
  }

  async function save(callType: string, lines: PhraseLine[], note: string | null): Promise<PhraseScriptVersionDto> {
    saving.value = true;
    try {
      const v = await api.request('POST /api/admin/phrases/:callType', { params: { callType }, body: { lines, note } });
      changed(callType);
      await Promise.all([loadSummaries(), loadHistory(callType)]);
      return v;
    } finally {
      saving.value = false;
    }
  }

  async function activate(callType: string, version: number): Promise<PhraseScriptVersionDto> {
    saving.value = true;
    try {
      const v = await api.request('POST /api/admin/phrases/:callType/versions/:version/activate', { params: { callType, version }, body: {} });
      changed(callType);
      await Promise.all([loadSummaries(), loadHistory(callType)]);
      return v;
    } finally {
      saving.value = false;
    }
  }

  function reset(): void {
    summaries.value = [];
    history.value = {};
    error.value = null;
  }

  return { summaries, history, loading, error, saving, loadSummaries, loadHistory, save, activate, reset };
});
