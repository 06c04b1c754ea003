/**
 * The agent's seat: extension, ready / paused (reason) / ringing / on call / wrap-up. The bridge is the source of
 * truth (`session:state` on connect and on every change); commands answer with the new session, applied at once.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AgentSession, AgentState, PauseReason } from '@donorline/domain';
import { command, type CommandName, type CommandPayload } from '../realtime/commands.js';
import { now, secondsSince, secondsUntil } from '../utils/clock.js';

export interface FailedCommand {
  command: CommandName;
  error: unknown;
  at: number;
}

export const useSessionStore = defineStore('session', () => {
  const session = shallowRef<AgentSession | null>(null);
  /** The command in flight, to show a spinner on the right button and avoid double submits. */
  const pending = ref<CommandName | null>(null);
  const lastError = shallowRef<FailedCommand | null>(null);
  /** How many session:state messages arrived (a reconnect shows up here too). */
  const updates = ref(0);

  const state = computed<AgentState>(() => session.value?.state ?? 'logged-out');
  const extension = computed(() => session.value?.extension ?? null);
  const seated = computed(() => state.value !== 'logged-out' && extension.value !== null);
  const pauseReason = computed(() => session.value?.pauseReason ?? null);
  const pbxMode = computed(() => session.value?.pbxMode ?? null);
  const training = computed(() => pbxMode.value === 'sim');
  const queues = computed(() => session.value?.queues ?? []);
  const wrapUpRequired = computed(() => session.value?.wrapUpRequired ?? false);
  const stateSeconds = computed(() => secondsSince(session.value?.stateSince, now.value));
  /** Seconds of automatic wrap-up left (negative once over), or null outside wrap-up. */
  const wrapUpRemaining = computed(() =>
    state.value === 'wrap-up' && session.value?.wrapUpEndsAt ? secondsUntil(session.value.wrapUpEndsAt, now.value) : null,
  );
  const onCall = computed(() => state.value === 'on-call' || state.value === 'ringing');

  function apply(s: AgentSession): void {
    session.value = s;
    updates.value++;
  }

  async function run<E extends 'agent:login' | 'agent:logout' | 'agent:ready' | 'agent:pause' | 'agent:wrap-up-done'>(
    name: E,
    payload: CommandPayload<E>,
  ): Promise<AgentSession> {
    pending.value = name;
    try {
      const s = (await command(name, payload)) as AgentSession;
      apply(s);
      if (lastError.value?.command === name) lastError.value = null;
      return s;
    } catch (error) {
      lastError.value = { command: name, error, at: Date.now() };
      throw error;
    } finally {
      if (pending.value === name) pending.value = null;
    }
  }

  const loginSeat = (extensionNo: string, takeover = false, force = false) =>
    run('agent:login', { extension: extensionNo, ...(takeover ? { takeover: true } : {}), ...(force ? { force: true } : {}) });
  /** `force` during a call: the seat is freed, the call goes on (the desk asks the agent first). */
  const logoutSeat = (force = false) => run('agent:logout', force ? { force: true } : {});
  const ready = () => run('agent:ready', {});
  const pause = (reason: PauseReason) => run('agent:pause', { reason });
  const wrapUpDone = () => run('agent:wrap-up-done', {});

  function clearError(): void {
    lastError.value = null;
  }

  function reset(): void {
    session.value = null;
    pending.value = null;
    lastError.value = null;
    updates.value = 0;
  }

  return {
    session, pending, lastError, updates, state, extension, seated, pauseReason, pbxMode, training, queues, wrapUpRequired,
    stateSeconds, wrapUpRemaining, onCall, apply, loginSeat, logoutSeat, ready, pause, wrapUpDone, clearError, reset,
  };
});
