/** Supervisor view: live calls and agent states (socket room `oversight`). */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { DEFAULT_FIGURE_OPTIONS, DEFAULT_WALLBOARD_THRESHOLDS, type AgentStatusDto, type LiveCallDto, type WallboardInfoDto } from '@donorline/domain';
import { api } from '../api/index.js';

export const useWallboardStore = defineStore('wallboard', () => {
  const calls = ref<LiveCallDto[]>([]);
  const agents = ref<AgentStatusDto[]>([]);
  const error = ref<unknown>(null);
  /** Thresholds and the overdue task count (GET /api/reports/wallboard), re-read while the wallboard is open. */
  const info = ref<WallboardInfoDto>({
    slThresholdSeconds: DEFAULT_FIGURE_OPTIONS.slThresholdSeconds, slTarget: DEFAULT_FIGURE_OPTIONS.slTarget, thresholds: { ...DEFAULT_WALLBOARD_THRESHOLDS }, overdueTasks: 0,
  });

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
  async function loadInfo(): Promise<void> {
    try {
      info.value = await api.request('GET /api/reports/wallboard', {});
    } catch {
      /* keep the defaults: the wallboard still colours and alerts */
    }
  }
  function reset(): void {
    calls.value = [];
    agents.value = [];
    error.value = null;
  }
  return { calls, agents, error, info, setCalls, setAgents, loadAgents, loadInfo, reset };
});
