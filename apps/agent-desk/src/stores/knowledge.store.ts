/**
 * Standard phrases (规范用语) per call type, ordered by seed 002's principles, and the knowledge base (eligibility
 * rules, sites, reimbursement, FAQ) that admins edit.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { KnowledgeArticleDto, PhraseDto, ReimbursementPolicyDto } from '@donorline/domain';
import { api } from '../api/index.js';

/**
 * The order of a service call (seed 002): open, get the bad news out first and quickly, then give two or three
 * choices, ask for a commitment on when and where, anything else, and end on a good note.
 */
export const PHRASE_STAGE_ORDER: readonly PhraseDto['stage'][] = ['opening', 'bad-news', 'choices', 'commitment', 'other', 'closing'];

export function orderPhrases(phrases: readonly PhraseDto[]): PhraseDto[] {
  const rank = (s: PhraseDto['stage']): number => PHRASE_STAGE_ORDER.indexOf(s);
  return phrases.slice().sort((a, b) => rank(a.stage) - rank(b.stage) || a.order - b.order || a.id - b.id);
}

export type ArticleDraft = Omit<KnowledgeArticleDto, 'id' | 'updatedAt'>;

export const useKnowledgeStore = defineStore('knowledge', () => {
  const phrasesByType = ref<Record<string, PhraseDto[]>>({});
  const phrasesLoading = ref(false);
  const phrasesError = shallowRef<unknown>(null);

  const articles = ref<KnowledgeArticleDto[]>([]);
  /** Reimbursement policies (a table, not articles) matching the search: the knowledge search answers from them too. */
  const policies = ref<ReimbursementPolicyDto[]>([]);
  const q = ref('');
  const category = ref<string | null>(null);
  const searching = ref(false);
  const searchError = shallowRef<unknown>(null);
  const saving = ref(false);
  let seq = 0;

  /** Phrases for a call type ('' = all), ordered by stage. */
  async function loadPhrases(callType: string): Promise<PhraseDto[]> {
    const cached = phrasesByType.value[callType];
    if (cached) return cached;
    phrasesLoading.value = true;
    phrasesError.value = null;
    try {
      const res = await api.request('GET /api/phrases', { query: callType ? { callType } : {} });
      const ordered = orderPhrases(res);
      phrasesByType.value = { ...phrasesByType.value, [callType]: ordered };
      return ordered;
    } catch (e) {
      phrasesError.value = e;
      throw e;
    } finally {
      phrasesLoading.value = false;
    }
  }

  async function search(query = q.value, cat: string | null = category.value): Promise<KnowledgeArticleDto[]> {
    const mySeq = ++seq;
    q.value = query;
    category.value = cat;
    searching.value = true;
    searchError.value = null;
    try {
      const wantPolicies = cat === 'reimbursement' || (!cat && !!query.trim());
      const [res, pol] = await Promise.all([
        api.request('GET /api/knowledge', { query: { ...(query.trim() ? { q: query.trim() } : {}), ...(cat ? { category: cat } : {}) } }),
        // a bridge without the table (or a failure) leaves the articles alone
        wantPolicies ? api.request('GET /api/reimbursement-policies', { query: query.trim() ? { q: query.trim() } : {} }).catch(() => []) : Promise.resolve([]),
      ]);
      if (mySeq === seq) {
        articles.value = res;
        policies.value = pol;
      }
      return res;
    } catch (e) {
      if (mySeq === seq) searchError.value = e;
      throw e;
    } finally {
      if (mySeq === seq) searching.value = false;
    }
  }

  async function save(id: number | null, draft: ArticleDraft): Promise<KnowledgeArticleDto> {
    saving.value = true;
    try {
      const res = id === null
        ? await api.request('POST /api/knowledge', { body: draft })
        : await api.request('PATCH /api/knowledge/:id', { params: { id }, body: draft });
      const i = articles.value.findIndex((a) => a.id === res.id);
      if (i >= 0) articles.value.splice(i, 1, res);
      else articles.value = [res, ...articles.value];
      return res;
    } finally {
      saving.value = false;
    }
  }

  function reset(): void {
    phrasesByType.value = {};
    articles.value = [];
    policies.value = [];
    q.value = '';
    category.value = null;
  }

  return { phrasesByType, phrasesLoading, phrasesError, articles, policies, q, category, searching, searchError, saving, loadPhrases, search, save, reset };
});
