/** Supervisor view: live calls and agent states (socket room `oversight`). */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AgentStatusDto, LiveCallDto } from '@donorline/domain';
import { api } from '../api/index.js';

export const useWallboardStore = defineStore('wallboard', () => {
  const calls = ref<LiveCallDto[]>([]);
  const agents = ref<AgentStatusDto[]>([]);
  const error = ref<unknown>(null);

  function setCalls(c: LiveCallDto[]): void {
    calls.value = c;
  }
  function setAgents(a: AgentStatusDto[]): void {
    agents.value = a;
  }
  async function loadAgents(): Promise<AgentStatusDto[]> {
    try {
      agents.value = await api.request('GET /api/agents/status', {});
      error.value = null;
    } catch (e) {
      error.value = e;
    }
    return agents.value;
  }
  function reset(): void {
    calls.value = [];
    agents.value = [];
    error.value = null;
  }
  return { calls, agents, error, setCalls, setAgents, loadAgents, reset };
});
