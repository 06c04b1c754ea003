/**
 * Wrap-up (话后小结): one draft per answered call — disposition (required), notes, an optional follow-up ticket or
 * callback, and the donor it concerns. Agents can write during the call; drafts survive a reload of the tab.
 * When the seat requires it, the agent cannot go ready before the disposition is saved.
 */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { LIST_CODE_PATTERN, type CallDto, type DispositionBuffered, type Disposition, type DispositionSubmit, type TicketKind } from '@donorline/domain';
import { api } from '../api/index.js';
import { useCallStore, type CallEntry } from './call.store.js';
import { useDonorStore } from './donor.store.js';
import { useShiftStore } from './shift.store.js';
import { useSessionStore } from './session.store.js';

export interface WrapUpDraft {
  callId: string;
  popId: string;
  disposition: Disposition | null;
  notes: string;
  followUp: { enabled: boolean; kind: TicketKind; subject: string; dueAt: string | null };
  donorId: number | null;
  savedAt: string | null;
}

export type WrapUpProblem = 'disposition' | 'followUpSubject';

const STORAGE_KEY = 'donorline.wrapup';

function loadDrafts(): Record<string, WrapUpDraft> {
  try {
    const raw = globalThis.sessionStorage?.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Record<string, WrapUpDraft>) : {};
  } catch {
    return {};
  }
}

export function validateDraft(d: WrapUpDraft): WrapUpProblem[] {
  const problems: WrapUpProblem[] = [];
  // the list is data: any code of it (the server refuses one that is unknown or disabled, with the reason)
  if (!d.disposition || !new RegExp(LIST_CODE_PATTERN).test(d.disposition)) problems.push('disposition');
  if (d.followUp.enabled && !d.followUp.subject.trim()) problems.push('followUpSubject');
  return problems;
}

export const useWrapUpStore = defineStore('wrapup', () => {
  const drafts = ref<Record<string, WrapUpDraft>>(loadDrafts());
  const saving = ref<string | null>(null);
  const errors = ref<Record<string, unknown>>({});
  /** Problems found on the last save attempt, per call (the form shows them). */
  const problems = ref<Record<string, WrapUpProblem[]>>({});
  const calls = useCallStore();
  const session = useSessionStore();

  watch(
    drafts,
    (v) => {
      try {
        const keep = Object.fromEntries(Object.entries(v).slice(-30));
        globalThis.sessionStorage?.setItem(STORAGE_KEY, JSON.stringify(keep));
      } catch {
        /* storage unavailable */
      }
    },
    { deep: true },
  );

  function ensureDraft(entry: CallEntry): WrapUpDraft {
    let d = drafts.value[entry.callId];
    if (!d) {
      drafts.value[entry.callId] = {
        callId: entry.callId,
        popId: entry.popId,
        disposition: null,
        notes: '',
        followUp: { enabled: false, kind: 'callback', subject: '', dueAt: null },
        donorId: entry.selectedDonorId,
        savedAt: null,
      };
      d = drafts.value[entry.callId]!;
    } else if (d.donorId === null && entry.selectedDonorId !== null && !d.savedAt) {
      d.donorId = entry.selectedDonorId;
    }
    return d;
  }

  const needsWrapUp = (e: CallEntry): boolean => e.answeredAt !== null && !e.missed;

  /** Answered calls that ended without a saved disposition, newest first. */
  const unsaved = computed(() => calls.entries.filter((e) => e.state === 'ended' && needsWrapUp(e) && !drafts.value[e.callId]?.savedAt));

  /** The call the form is about: the active answered call (notes during the call), else the newest unsaved one. */
  const currentEntry = computed<CallEntry | null>(() => {
    const a = calls.active;
    if (a && needsWrapUp(a)) return a;
    return unsaved.value[0] ?? null;
  });

  /** Going ready is blocked: the seat requires a disposition and one is missing. */
  const blocking = computed(() => session.wrapUpRequired && unsaved.value.length > 0);

  async function save(callId: string): Promise<CallDto | DispositionBuffered> {
    const d = drafts.value[callId];
    if (!d) throw new Error(`no wrap-up draft for ${callId}`);
    const found = validateDraft(d);
    problems.value = { ...problems.value, [callId]: found };
    if (found.length) throw Object.assign(new Error('wrap-up incomplete'), { problems: found });
    const body: DispositionSubmit = {
      disposition: d.disposition!,
      ...(d.notes.trim() ? { notes: d.notes.trim() } : {}),
      donorId: d.donorId,
      followUp: d.followUp.enabled ? { kind: d.followUp.kind, subject: d.followUp.subject.trim(), dueAt: d.followUp.dueAt } : null,
    };
    saving.value = callId;
    const { [callId]: _drop, ...rest } = errors.value;
    errors.value = rest;
    try {
      const res = await api.request('POST /api/calls/:callId/disposition', { params: { callId }, body });
      d.savedAt = new Date().toISOString();
      // the contact record (and follow-up ticket) just written belong in the donor's 360° view now, not after F5
      const donorId = res.donor?.id ?? d.donorId;
      if (donorId !== null && donorId !== undefined) void useDonorStore().refresh(donorId).catch(() => {});
      useShiftStore().refreshSoon(0);
      return res;
    } catch (e) {
      errors.value = { ...errors.value, [callId]: e };
      throw e;
    } finally {
      saving.value = null;
    }
  }

  /** Save, then end the wrap-up early (go ready) when the seat is in wrap-up. */
  async function saveAndReady(callId: string): Promise<void> {
    await save(callId);
    if (session.state === 'wrap-up') await session.wrapUpDone();
    else if (session.state === 'paused') await session.ready();
  }

  function reset(): void {
    drafts.value = {};
    errors.value = {};
    problems.value = {};
    saving.value = null;
  }

  return { drafts, saving, errors, problems, unsaved, currentEntry, blocking, ensureDraft, save, saveAndReady, reset };
});
