/**
 * The desk's pick lists from the server (GET /api/lists): the pause menu's reasons and the wrap-up form's
 * dispositions, in the order and with the labels an administrator set. Refreshed when a menu opens (at most every
 * few seconds), so an entry added or disabled by an administrator shows up without a reload. Until the first
 * answer the built-in entries stand in (the desk never shows an empty menu); the server refuses a code that is not
 * (or no longer) enabled.
 */
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { BUILTIN_LIST_ITEMS, type DeskListItemDto, type DeskListName, type DeskListsDto } from '@donorline/domain';
import { api } from '../api/index.js';

const builtin = (list: DeskListName): DeskListItemDto[] =>
  BUILTIN_LIST_ITEMS[list].map((i, n) => ({ list, code: i.code, labelZh: i.zh, labelEn: i.en, sortOrder: (n + 1) * 10, active: true, builtin: true, updatedAt: '' }));

const FALLBACK: DeskListsDto = { pauseReasons: builtin('pause-reason'), dispositions: builtin('disposition'), disabled: [] };
const REFRESH_MS = 3_000;

export const useDeskListsStore = defineStore('desk-lists', () => {
  const lists = shallowRef<DeskListsDto>(FALLBACK);
  const loaded = shallowRef(false);
  let last = 0;
  let inflight: Promise<void> | null = null;

  async function load(force = false): Promise<void> {
    if (inflight) return inflight;
    if (!force && loaded.value && Date.now() - last < REFRESH_MS) return;
    inflight = (async () => {
      try {
        lists.value = await api.request('GET /api/lists', {});
        loaded.value = true;
        last = Date.now();
      } catch {
        /* keep what we have: the menus stay usable, the server checks every choice */
      } finally {
        inflight = null;
      }
    })();
    return inflight;
  }

  const pauseReasons = computed(() => lists.value.pauseReasons);
  const dispositions = computed(() => lists.value.dispositions);

  /** The label of a code in the desk's language (disabled entries too, for older records); null when unknown. */
  function label(list: DeskListName, code: string | null | undefined, locale: string): string | null {
    if (!code) return null;
    const l = lists.value;
    const i = [...(list === 'pause-reason' ? l.pauseReasons : l.dispositions), ...l.disabled].find((x) => x.list === list && x.code === code);
    return i ? (locale === 'en' ? i.labelEn : i.labelZh) : null;
  }

  function reset(): void {
    lists.value = FALLBACK;
    loaded.value = false;
    last = 0;
  }

  return { lists, loaded, pauseReasons, dispositions, load, label, reset };
});
