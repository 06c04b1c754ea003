/**
 * One shared ticking clock for every timer on the desk (call timer, wrap-up countdown, queue waits), so the desk
 * runs one interval instead of one per component. `now` is epoch milliseconds.
 */
import { readonly, ref } from 'vue';

const nowRef = ref(Date.now());
let timer: ReturnType<typeof setInterval> | null = null;

export const now = readonly(nowRef);

export function startClock(intervalMs = 250): void {
  if (timer) return;
  nowRef.value = Date.now();
  timer = setInterval(() => {
    nowRef.value = Date.now();
  }, intervalMs);
}

export function stopClock(): void {
  if (timer) clearInterval(timer);
  timer = null;
}

/** Re-reads the time at once (after a reconnect, or in tests after moving fake timers). */
export function syncClock(): void {
  nowRef.value = Date.now();
}

/** Whole seconds from an ISO instant to now (never negative). */
export function secondsSince(iso: string | null | undefined, at: number = nowRef.value): number {
  if (!iso) return 0;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : Math.max(0, Math.floor((at - t) / 1000));
}

/** Whole seconds from now until an ISO instant (negative once passed). */
export function secondsUntil(iso: string | null | undefined, at: number = nowRef.value): number {
  if (!iso) return 0;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : Math.ceil((t - at) / 1000);
}
