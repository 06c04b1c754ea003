/**
 * The supervisor's live monitoring (监听 / 耳语 / 强插): the one running session (from monitor:state and the commands'
 * acks) and the commands. The modes this account may use come from the domain's rules (the bridge checks them too).
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { monitorModesFor, type MonitorMode, type MonitorSessionDto } from '@donorline/domain';
import { command } from '../realtime/commands.js';
import { useAuthStore } from './auth.store.js';

export const useMonitorStore = defineStore('monitor', () => {
  const auth = useAuthStore();
  /** The running session, or the last one after it ended (until the next start), so the bar can say why. */
  const session = ref<MonitorSessionDto | null>(null);
  const pending = ref<'start' | 'mode' | 'stop' | null>(null);
  const lastError = ref<unknown>(null);

  const modes = computed<readonly MonitorMode[]>(() => (auth.role ? monitorModesFor(auth.role) : []));
  const running = computed(() => (session.value && session.value.state !== 'ended' ? session.value : null));
  /** A start is on its way or the phone rings for it: the softphone answers the spy leg by itself meanwhile. */
  const waiting = computed(() => pending.value === 'start' || running.value?.state === 'ringing');

  /** monitor:state from the bridge (and the commands' own answers). */
  function apply(s: MonitorSessionDto): void {
    if (session.value && session.value.sessionId !== s.sessionId && session.value.state !== 'ended' && s.state === 'ended') return;
    session.value = s;
  }

  async function run<T>(what: 'start' | 'mode' | 'stop', fn: () => Promise<T>): Promise<T> {
    pending.value = what;
    try {
      const r = await fn();
      lastError.value = null;
      return r;
    } catch (e) {
      lastError.value = e;
      throw e;
    } finally {
      pending.value = null;
    }
  }

  async function start(target: { callId: string } | { agent: string }, mode: MonitorMode): Promise<void> {
    apply(await run('start', () => command('monitor:start', { ...target, mode } as { callId: string; mode: MonitorMode })));
  }
  async function setMode(mode: MonitorMode): Promise<void> {
    apply(await run('mode', () => command('monitor:mode', { mode })));
  }
  async function stop(): Promise<void> {
    const s = await run('stop', () => command('monitor:stop', {}));
    if (s) apply(s);
  }
  function reset(): void {
    session.value = null;
    pending.value = null;
    lastError.value = null;
  }
  return { session, running, waiting, pending, lastError, modes, apply, start, setMode, stop, reset };
});
