/**
 * The current call and the pops of this session. A pop is identified by its popId: a second delivery of the same
 * popId (after a reconnect or a reload) refreshes the entry but never shows a second card. Follow-up `call:updated`
 * messages move the entry through ringing → connected ⇄ on hold → ended. Call-control commands act on the active
 * entry and report failures in `lastError` (and by rejecting).
 */
import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef } from 'vue';
import type { AgentSession, CallState, CallUpdate, DonorSummary, HangupParty, ScreenPop, TransferTarget } from '@donorline/domain';
import { command, CommandError, type CommandName, type CommandPayload } from '../realtime/commands.js';
import { now, secondsSince } from '../utils/clock.js';

export interface CallEntry {
  popId: string;
  callId: string;
  /** The latest delivery of the pop. */
  pop: ScreenPop;
  state: CallState;
  /** Epoch ms of the first delivery. */
  receivedAt: number;
  /** How many times the server delivered this pop (1 + re-deliveries after reconnects). */
  deliveries: number;
  answeredAt: string | null;
  heldSince: string | null;
  holdSeconds: number;
  endedAt: string | null;
  hangupBy: HangupParty | null;
  missed: boolean;
  /** The recording of this agent's part: active (captured), paused by the agent, or null (not recorded). */
  recording: { id: number | null; active: boolean; paused?: boolean } | null;
  transferTarget: string | null;
  /** An attended transfer in progress: the agent is consulting the target. */
  consult: TransferTarget | null;
  /** The donor this call is about: the known donor, the one picked for a shared number, or the one linked/created. */
  selectedDonorId: number | null;
}

export interface FailedCallCommand {
  command: CommandName;
  popId: string | null;
  error: unknown;
  at: number;
}

const LIVE_STATES: readonly CallState[] = ['connected', 'on-hold', 'transferring'];
const MAX_ENTRIES = 30;

function initialDonor(pop: ScreenPop): number | null {
  if (pop.match === 'known') return pop.donors[0]?.id ?? null;
  if (pop.match === 'shared' && pop.ivr.verified && pop.ivr.donorId !== null && pop.donors.some((d) => d.id === pop.ivr.donorId)) return pop.ivr.donorId;
  return null;
}

export const useCallStore = defineStore('call', () => {
  const entries = ref<CallEntry[]>([]);
  const activePopId = ref<string | null>(null);
  const pending = ref<{ command: CommandName; popId: string | null } | null>(null);
  const lastError = shallowRef<FailedCallCommand | null>(null);
  /** Every popId ever delivered to this page: the dedupe set (outlives the trimmed entry list). */
  const seen = new Set<string>();

  const active = computed(() => entries.value.find((e) => e.popId === activePopId.value) ?? null);
  const ringing = computed(() => active.value?.state === 'ringing');
  const live = computed(() => !!active.value && LIVE_STATES.includes(active.value.state));
  const onHold = computed(() => active.value?.state === 'on-hold');
  const ended = computed(() => active.value?.state === 'ended');
  const recent = computed(() => entries.value.filter((e) => e.popId !== activePopId.value));
  /** Talk time of the active call (frozen at its end). */
  const callSeconds = computed(() => {
    const e = active.value;
    if (!e?.answeredAt) return 0;
    return secondsSince(e.answeredAt, e.endedAt ? Date.parse(e.endedAt) : now.value);
  });
  /** Total wait of the caller: the queue wait the pop reported plus the ringing time since. */
  const waitSeconds = computed(() => {
    const e = active.value;
    if (!e) return 0;
    if (e.state !== 'ringing') return e.pop.waitSeconds;
    return e.pop.waitSeconds + secondsSince(e.pop.ringingAt, now.value);
  });
  const holdSecondsNow = computed(() => {
    const e = active.value;
    if (!e) return 0;
    return e.holdSeconds + (e.state === 'on-hold' && e.heldSince ? secondsSince(e.heldSince, now.value) : 0);
  });

  function byPop(popId: string): CallEntry | undefined {
    return entries.value.find((e) => e.popId === popId);
  }
  function byCall(callId: string): CallEntry | undefined {
    return entries.value.find((e) => e.callId === callId);
  }

  /** A pop arrived. Returns whether it is new to this page (a re-delivery returns false and shows nothing new). */
  function receivePop(pop: ScreenPop): { isNew: boolean; entry: CallEntry | null } {
    const existing = byPop(pop.popId);
    if (existing) {
      existing.pop = pop;
      existing.deliveries++;
      if (existing.state !== 'ended') existing.state = pop.state;
      // a better identification (the caller was just linked or created): the donor it names becomes the call's
      if (existing.selectedDonorId === null) existing.selectedDonorId = initialDonor(pop);
      return { isNew: false, entry: existing };
    }
    if (seen.has(pop.popId)) return { isNew: false, entry: null };
    seen.add(pop.popId);
    const entry: CallEntry = reactive({
      popId: pop.popId,
      callId: pop.callId,
      pop,
      state: pop.state,
      receivedAt: Date.now(),
      deliveries: 1,
      answeredAt: null,
      heldSince: null,
      holdSeconds: 0,
      endedAt: null,
      hangupBy: null,
      missed: false,
      recording: null,
      transferTarget: null,
      consult: null,
      selectedDonorId: initialDonor(pop),
    });
    entries.value = [entry, ...entries.value].slice(0, MAX_ENTRIES);
    // A new ring takes the screen unless the agent is in the middle of another live call.
    if (!live.value) activePopId.value = pop.popId;
    return { isNew: true, entry: byPop(pop.popId) ?? null };
  }

  function applyUpdate(u: CallUpdate): CallEntry | null {
    const entry = byPop(u.popId) ?? byCall(u.callId);
    if (!entry) return null;
    // it rang here but a colleague answered: not this agent's call, not a missed one — the card goes away
    if (u.answeredElsewhere && !entry.answeredAt) {
      entries.value = entries.value.filter((e) => e !== entry);
      if (activePopId.value === entry.popId) activePopId.value = null;
      return null;
    }
    if (entry.state === 'ended' && u.state !== 'ended') return entry; // late update after the end: ignore
    entry.state = u.state;
    if (u.answeredAt !== undefined) entry.answeredAt = u.answeredAt;
    if (u.state === 'connected' && !entry.answeredAt) entry.answeredAt = u.at;
    if (u.heldSince !== undefined) entry.heldSince = u.heldSince;
    if (u.state === 'on-hold' && !entry.heldSince) entry.heldSince = u.at;
    if (u.state !== 'on-hold') entry.heldSince = null;
    if (u.holdSeconds !== undefined) entry.holdSeconds = u.holdSeconds;
    if (u.transferTarget !== undefined) entry.transferTarget = u.transferTarget;
    if (u.recording !== undefined) entry.recording = u.recording;
    if (u.hangupBy !== undefined) entry.hangupBy = u.hangupBy;
    if (u.missed !== undefined) entry.missed = u.missed;
    if (u.state === 'ended') {
      entry.endedAt = u.at;
      entry.consult = null;
      if (!entry.answeredAt) entry.missed = u.missed ?? true;
    }
    if (u.state === 'connected' && activePopId.value !== entry.popId && !live.value) activePopId.value = entry.popId;
    return entry;
  }

  /**
   * The seat state arrived. On the first one after a (re)connect, calls this page still shows as live but the
   * server no longer has end here: they ended while the desk was away.
   */
  function syncFromSession(s: AgentSession, afterConnect: boolean): void {
    const cur = s.currentCall;
    if (cur) {
      const entry = byPop(cur.popId);
      if (entry && entry.state !== 'ended') entry.state = cur.state;
      if (entry && activePopId.value !== entry.popId && !live.value) activePopId.value = entry.popId;
    }
    if (afterConnect) {
      const at = new Date().toISOString();
      for (const e of entries.value) {
        if (e.state !== 'ended' && e.popId !== cur?.popId) {
          e.state = 'ended';
          e.endedAt = at;
          e.consult = null;
          if (!e.answeredAt) e.missed = true;
        }
      }
    }
  }

  /**
   * The agent linked the caller's number to a donor or created one from the call: the pop says who it is now (the
   * server re-sends it too, which also covers a reload).
   */
  function identify(popId: string, donor: DonorSummary): void {
    const e = byPop(popId);
    if (!e) return;
    e.pop = { ...e.pop, match: 'known', donors: [donor], greenChannel: donor.greenChannel };
    e.selectedDonorId = donor.id;
  }

  function selectDonor(popId: string, donorId: number | null): void {
    const e = byPop(popId);
    if (e) e.selectedDonorId = donorId;
  }

  function activate(popId: string): void {
    if (byPop(popId) && !live.value) activePopId.value = popId;
  }

  /** Put an ended call away (it stays in the recent list). */
  function dismiss(popId: string): void {
    const e = byPop(popId);
    if (!e || e.state !== 'ended') return;
    if (activePopId.value === popId) activePopId.value = null;
  }

  async function run<E extends CommandName>(name: E, payload: CommandPayload<E>, popId: string | null) {
    pending.value = { command: name, popId };
    try {
      const data = await command(name, payload);
      if (lastError.value?.command === name) lastError.value = null;
      return data;
    } catch (error) {
      lastError.value = { command: name, popId, error, at: Date.now() };
      throw error;
    } finally {
      if (pending.value?.command === name) pending.value = null;
    }
  }

  function target(name: CommandName): CallEntry {
    const e = active.value;
    if (!e) {
      const error = new CommandError('NO_ACTIVE_CALL', 'no active call', name);
      lastError.value = { command: name, popId: null, error, at: Date.now() };
      throw error;
    }
    return e;
  }

  async function answer(): Promise<void> {
    const e = target('call:answer');
    await run('call:answer', { callId: e.callId }, e.popId);
  }
  async function hangup(): Promise<void> {
    const e = target('call:hangup');
    await run('call:hangup', { callId: e.callId }, e.popId);
  }
  async function hold(): Promise<void> {
    const e = target('call:hold');
    await run('call:hold', { callId: e.callId }, e.popId);
  }
  async function resume(): Promise<void> {
    const e = target('call:resume');
    await run('call:resume', { callId: e.callId }, e.popId);
  }
  async function transfer(mode: 'blind' | 'attended', to: TransferTarget): Promise<void> {
    const e = target('call:transfer');
    await run('call:transfer', { callId: e.callId, mode, target: to }, e.popId);
    if (mode === 'attended') e.consult = to;
  }
  async function transferComplete(): Promise<void> {
    const e = target('call:transfer-complete');
    await run('call:transfer-complete', { callId: e.callId }, e.popId);
    e.consult = null;
  }
  async function transferCancel(): Promise<void> {
    const e = target('call:transfer-cancel');
    await run('call:transfer-cancel', { callId: e.callId }, e.popId);
    e.consult = null;
  }
  /** Resume (`on`) or pause the PBX's recording of this call; the bridge confirms with call:updated. */
  async function record(on: boolean): Promise<void> {
    const e = target('call:record');
    await run('call:record', { callId: e.callId, on }, e.popId);
    e.recording = { id: e.recording?.id ?? null, active: on, paused: !on };
  }
  async function dial(p: CommandPayload<'call:dial'>): Promise<string> {
    const res = await run('call:dial', p, null);
    return res.callId;
  }

  function clearError(): void {
    lastError.value = null;
  }

  function reset(): void {
    entries.value = [];
    activePopId.value = null;
    pending.value = null;
    lastError.value = null;
    seen.clear();
  }

  return {
    entries, activePopId, pending, lastError, active, ringing, live, onHold, ended, recent, callSeconds, waitSeconds, holdSecondsNow,
    byPop, byCall, receivePop, applyUpdate, syncFromSession, selectDonor, identify, activate, dismiss,
    answer, hangup, hold, resume, transfer, transferComplete, transferCancel, record, dial, clearError, reset,
  };
});
