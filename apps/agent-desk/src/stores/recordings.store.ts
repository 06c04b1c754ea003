/**
 * Recordings for quality managers: search (date range, agent, donor, full phone number, queue, disposition,
 * duration), one recording open in the player. The server decides who sees what; a 403 is kept as `forbidden` so the
 * page can say why.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { CallDto, CallFilter, RecordingDto } from '@donorline/domain';
import { api, ApiError } from '../api/index.js';

export const useRecordingsStore = defineStore('recordings', () => {
  const filter = ref<CallFilter>({ page: 1, pageSize: 20 });
  const items = ref<RecordingDto[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = shallowRef<unknown>(null);
  const forbidden = ref(false);
  const selected = shallowRef<RecordingDto | null>(null);
  const selectedError = shallowRef<unknown>(null);
  const selectedForbidden = ref(false);
  /** The selected recording's call, for who handled it (segments); null while loading or when not visible. */
  const call = shallowRef<CallDto | null>(null);
  let seq = 0;

  async function search(f: CallFilter = filter.value): Promise<void> {
    const mySeq = ++seq;
    filter.value = { ...f };
    loading.value = true;
    error.value = null;
    forbidden.value = false;
    try {
      const page = await api.request('GET /api/recordings', { query: f });
      if (mySeq !== seq) return;
      items.value = page.items;
      total.value = page.total;
    } catch (e) {
      if (mySeq !== seq) return;
      error.value = e;
      forbidden.value = e instanceof ApiError && e.status === 403;
      items.value = [];
      total.value = 0;
    } finally {
      if (mySeq === seq) loading.value = false;
    }
  }

  /** Opens one recording (by id, e.g. from a link): the metadata request tells a 403 apart before any audio loads. */
  async function open(id: number): Promise<RecordingDto | null> {
    selectedError.value = null;
    selectedForbidden.value = false;
    const known = items.value.find((r) => r.id === id);
    if (known) selected.value = known;
    try {
      const rec = await api.request('GET /api/recordings/:id', { params: { id } });
      selected.value = rec;
      if (call.value?.id !== rec.callRecordId) call.value = null;
      void loadCall(rec);
      return rec;
    } catch (e) {
      selected.value = null;
      selectedError.value = e;
      selectedForbidden.value = e instanceof ApiError && e.status === 403;
      return null;
    }
  }

  /** The call behind a recording (its segments: every agent who handled it); a call the user may not see stays null. */
  async function loadCall(rec: RecordingDto): Promise<void> {
    try {
      const c = await api.request('GET /api/calls/:id', { params: { id: rec.callRecordId } });
      if (selected.value?.id === rec.id) call.value = c;
    } catch {
      if (selected.value?.id === rec.id) call.value = null;
    }
  }

  function close(): void {
    call.value = null;
    selected.value = null;
    selectedError.value = null;
    selectedForbidden.value = false;
  }

  /**
   * A short-lived URL for <audio src> and wavesurfer (they cannot send headers): it opens this one recording only,
   * for minutes, and only while this session lasts — the session token itself never goes into a URL.
   */
  async function mediaUrl(id: number): Promise<string> {
    const r = await api.request('POST /api/recordings/:id/media-url', { params: { id } });
    return `${api.baseUrl}${r.url}`;
  }

  return { filter, items, total, loading, error, forbidden, selected, selectedError, selectedForbidden, call, search, open, close, mediaUrl };
});
