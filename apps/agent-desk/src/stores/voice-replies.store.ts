/**
 * 语音留言 (voice messages and their replies): the list by state, one message's audio (fetched with the session's
 * Bearer header and played from a blob: URL — never a token in a URL), and the replies: a WAV recorded in the desk,
 * a typed text, or a call back through the work queue (a service call, linked to the task).
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { VoiceMessageItemDto, VoiceMessageState } from '@donorline/domain';
import { api, ApiError } from '../api/index.js';
import { useAuthStore } from './auth.store.js';
import { useWorkStore } from './work.store.js';

async function raw(method: 'GET' | 'POST', url: string, body?: Blob): Promise<Response> {
  const token = useAuthStore().token;
  let res: Response;
  try {
    res = await fetch(url, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'audio/wav' } : {}) }, ...(body ? { body } : {}) });
  } catch (e) {
    throw new ApiError('NETWORK', e instanceof Error ? e.message : String(e), 0);
  }
  if (res.ok) return res;
  const err = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
  throw new ApiError((err?.code ?? (res.status === 413 ? 'VALIDATION_FAILED' : 'HTTP')) as never, err?.message ?? res.statusText, res.status);
}

export const useVoiceRepliesStore = defineStore('voice-replies', () => {
  const items = ref<VoiceMessageItemDto[]>([]);
  const total = ref(0);
  const page = ref(1);
  const state = ref<VoiceMessageState>('unanswered');
  const loading = ref(false);
  const error = shallowRef<unknown>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const r = await api.request('GET /api/voice-messages', { query: { state: state.value, page: page.value, pageSize: 50 } });
      items.value = r.items;
      total.value = r.total;
    } catch (e) {
      error.value = e;
    } finally {
      loading.value = false;
    }
  }

  function replace(m: VoiceMessageItemDto): void {
    items.value = items.value.map((x) => (x.id === m.id ? m : x));
  }

  /** The audio as a blob: URL (the caller revokes it). Audited on the server. */
  async function audioUrl(id: number, part: 'message' | 'reply'): Promise<string> {
    const res = await raw('GET', api.url('GET /api/voice-messages/:id/audio', { params: { id }, query: { part } }));
    return URL.createObjectURL(await res.blob());
  }

  async function replyRecording(id: number, wav: Blob): Promise<VoiceMessageItemDto> {
    const res = await raw('POST', api.url('POST /api/voice-messages/:id/reply/recording', { params: { id } }), wav);
    const m = (await res.json()) as VoiceMessageItemDto;
    replace(m);
    return m;
  }

  async function replyText(id: number, text: string): Promise<VoiceMessageItemDto> {
    const m = await api.request('POST /api/voice-messages/:id/reply/text', { params: { id }, body: { text } });
    replace(m);
    return m;
  }

  /** Calls the donor back from the message's task (the work queue's call-back: a service call). */
  function callBack(ticketId: number): Promise<string> {
    return useWorkStore().callBack(ticketId);
  }

  return { items, total, page, state, loading, error, load, audioUrl, replyRecording, replyText, callBack };
});
