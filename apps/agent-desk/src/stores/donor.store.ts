/**
 * Donor 360° views: loaded on demand (and prefetched the moment a known caller's pop arrives, so one click opens it
 * instantly), searched, created from a call, linked to a caller's number, and the audited unmasking of one phone.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { toHalfWidth, type Donor360, type DonorCreate, type DonorSummary, type DonorUpdate, type PhoneDto } from '@donorline/domain';
import { api } from '../api/index.js';

export const useDonorStore = defineStore('donor', () => {
  const cache = ref(new Map<number, Donor360>());
  const loading = ref(new Set<number>());
  const errors = shallowRef(new Map<number, unknown>());
  const currentId = ref<number | null>(null);
  const inflight = new Map<number, Promise<Donor360>>();

  const current = computed(() => (currentId.value !== null ? cache.value.get(currentId.value) ?? null : null));
  const currentLoading = computed(() => currentId.value !== null && loading.value.has(currentId.value));
  const currentError = computed(() => (currentId.value !== null ? errors.value.get(currentId.value) ?? null : null));

  const searchQuery = ref('');
  const searchResults = ref<DonorSummary[]>([]);
  const searchTotal = ref(0);
  const searching = ref(false);
  const searchError = shallowRef<unknown>(null);
  let searchSeq = 0;

  function setError(id: number, e: unknown): void {
    const m = new Map(errors.value);
    if (e === null) m.delete(id);
    else m.set(id, e);
    errors.value = m;
  }

  function load(id: number, opts: { force?: boolean } = {}): Promise<Donor360> {
    const cached = cache.value.get(id);
    if (cached && !opts.force) return Promise.resolve(cached);
    const running = inflight.get(id);
    if (running && !opts.force) return running;
    loading.value.add(id);
    setError(id, null);
    const p = api
      .request('GET /api/donors/:id', { params: { id } })
      .then((d) => {
        cache.value.set(id, d);
        return d;
      })
      .catch((e: unknown) => {
        setError(id, e);
        throw e;
      })
      .finally(() => {
        loading.value.delete(id);
        inflight.delete(id);
      });
    inflight.set(id, p);
    return p;
  }

  /** Warm the cache without surfacing errors (pop arrival). */
  function prefetch(id: number): void {
    load(id).catch(() => {});
  }

  async function open(id: number): Promise<void> {
    currentId.value = id;
    await load(id).catch(() => {});
  }

  function close(): void {
    currentId.value = null;
  }

  function refresh(id: number): Promise<Donor360> {
    return load(id, { force: true });
  }

  /** The server says this donor's data changed (donor:changed): reload the open view, forget a cached one. */
  function changed(id: number): void {
    if (currentId.value === id) {
      refresh(id).catch(() => {});
      return;
    }
    if (cache.value.has(id)) cache.value.delete(id);
  }

  async function search(q: string): Promise<DonorSummary[]> {
    const seq = ++searchSeq;
    searchQuery.value = q;
    // digits typed with a Chinese IME (１９９０…) are digits: made half-width before deciding what was typed
    const query = toHalfWidth(q).trim();
    if (!query) {
      searchResults.value = [];
      searchTotal.value = 0;
      return [];
    }
    searching.value = true;
    searchError.value = null;
    try {
      const isDigits = /^\+?[\d\s-]+$/.test(query);
      const digits = query.replace(/[^\d]/g, '');
      const params = isDigits && digits.length === 4 ? { q: query, idLast4: digits } : isDigits && digits.length >= 7 ? { phone: query } : { q: query };
      const page = await api.request('GET /api/donors', { query: { ...params, pageSize: 20 } });
      if (seq === searchSeq) {
        searchResults.value = page.items;
        searchTotal.value = page.total;
      }
      return page.items;
    } catch (e) {
      if (seq === searchSeq) searchError.value = e;
      throw e;
    } finally {
      if (seq === searchSeq) searching.value = false;
    }
  }

  function clearSearch(): void {
    searchSeq++;
    searchQuery.value = '';
    searchResults.value = [];
    searchTotal.value = 0;
    searching.value = false;
    searchError.value = null;
  }

  async function create(body: DonorCreate): Promise<Donor360> {
    const d = await api.request('POST /api/donors', { body });
    cache.value.set(d.id, d);
    return d;
  }

  async function update(id: number, body: DonorUpdate): Promise<Donor360> {
    const d = await api.request('PATCH /api/donors/:id', { params: { id }, body });
    cache.value.set(d.id, d);
    return d;
  }

  /** Link the caller's number of a call to a donor (the desk never holds it unmasked). */
  async function linkCallerNumber(donorId: number, callId: string): Promise<PhoneDto> {
    const phone = await api.request('POST /api/donors/:id/phones', { params: { id: donorId }, body: { callId } });
    await refresh(donorId).catch(() => {});
    return phone;
  }

  /** Audited on the server. The value is handed to the caller and never stored here. */
  async function unmaskPhone(donorId: number, phoneId: number, reason: string): Promise<string> {
    const res = await api.request('POST /api/donors/:id/unmask', { params: { id: donorId }, body: { field: 'phone', phoneId, reason } });
    return res.value;
  }

  function reset(): void {
    cache.value = new Map();
    loading.value = new Set();
    errors.value = new Map();
    currentId.value = null;
    inflight.clear();
    clearSearch();
  }

  return {
    cache, loading, errors, currentId, current, currentLoading, currentError, searchQuery, searchResults, searchTotal, searching, searchError,
    load, prefetch, open, close, refresh, changed, search, clearSearch, create, update, linkCallerNumber, unmaskPhone, reset,
  };
});
