/**
 * 本班通话: the agent's calls of today as the server knows them (GET /api/me/calls) — what they handled and what rang
 * them unanswered — so the list survives a reload. Refreshed when the desk connects and a moment after each call
 * ends or is wrapped up (the records are written behind the events). 回拨 calls a missed caller back by the call's
 * id: the number never reaches the desk.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ShiftCallDto } from '@donorline/domain';
import { api } from '../api/index.js';
import { useCallStore } from './call.store.js';

/** How long after a call ends its record is read again (the bridge writes records behind the events). */
export const SHIFT_REFRESH_DELAY_MS = 1500;

export const useShiftStore = defineStore('shift', () => {
  const items = ref<ShiftCallDto[]>([]);
  const loaded = ref(false);
  const error = shallowRef<unknown>(null);
  const callingBack = ref<string | null>(null);
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function load(): Promise<void> {
    const my = ++seq;
    try {
      const list = await api.request('GET /api/me/calls', {});
      if (my !== seq) return;
      items.value = list;
      loaded.value = true;
      error.value = null;
    } catch (e) {
      if (my === seq) error.value = e;
    }
  }

  /** Read the list again shortly (a call just ended or was wrapped up). */
  function refreshSoon(delayMs = SHIFT_REFRESH_DELAY_MS): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void load();
    }, delayMs);
  }

  /** 回拨: dial the caller of a missed call (the server looks the number up and checks the call rang this agent). */
  async function callBack(callId: string): Promise<string> {
    callingBack.value = callId;
    try {
      return await useCallStore().dial({ callbackOf: callId });
    } finally {
      callingBack.value = null;
    }
  }

  function reset(): void {
    seq++;
    if (timer) clearTimeout(timer);
    timer = null;
    items.value = [];
    loaded.value = false;
    error.value = null;
    callingBack.value = null;
  }

  return { items, loaded, error, callingBack, load, refreshSoon, callBack, reset };
});
