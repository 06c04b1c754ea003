/** Queue statistics for the status bar (waiting calls, longest wait) and the wallboard. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { QueueStats } from '@donorline/domain';
import { api } from '../api/index.js';
import { now } from '../utils/clock.js';

export const useQueueStore = defineStore('queue', () => {
  const stats = ref<QueueStats[]>([]);
  /** When the stats arrived: the longest wait keeps growing on screen between updates. */
  const receivedAt = ref<number | null>(null);

  function set(s: QueueStats[]): void {
    stats.value = s;
    receivedAt.value = Date.now();
  }

  async function load(): Promise<void> {
    set(await api.request('GET /api/queues/stats', {}));
  }

  const waiting = computed(() => stats.value.reduce((n, q) => n + q.waiting, 0));
  const longestWaitSeconds = computed(() => {
    const base = stats.value.reduce((m, q) => (q.waiting > 0 ? Math.max(m, q.longestWaitSeconds) : m), 0);
    if (!waiting.value || receivedAt.value === null) return base;
    return base + Math.max(0, Math.floor((now.value - receivedAt.value) / 1000));
  });
  const mine = (queues: readonly string[]) => computed(() => stats.value.filter((q) => queues.includes(q.queue)));

  function reset(): void {
    stats.value = [];
    receivedAt.value = null;
  }

  return { stats, receivedAt, waiting, longestWaitSeconds, set, load, mine, reset };
});
