/**
 * Campaigns with a dialer on the desk (issue 13): the campaigns, the selected one's board and targets, creating one
 * (from a saved segment, or the planner's list), start/pause/stop; and the agent's side — joining a running campaign,
 * the preview donor with the script, dial/skip, the result of a conversation — with `campaign:call` from the socket
 * (the donor being dialed for this agent, blocked by the policy, or the call's end). The server decides everything.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { CampaignBoardDto, CampaignCallEvent, CampaignCreateBody, CampaignTargetRow, CampaignTargetView, DialCampaignDto, DialerMember, WorkAssignee } from '@donorline/domain';
import { api } from '../api/index.js';

export const useCampaignStore = defineStore('campaign', () => {
  const list = ref<DialCampaignDto[]>([]);
  const selected = ref<DialCampaignDto | null>(null);
  const board = ref<CampaignBoardDto | null>(null);
  const targets = ref<CampaignTargetRow[]>([]);
  const mine = ref<DialCampaignDto[]>([]);
  const member = ref<DialerMember | null>(null);
  const preview = ref<CampaignTargetView | null>(null);
  /** The last campaign call event of this agent (the pop's campaign + script, or a refusal). */
  const current = ref<CampaignCallEvent | null>(null);
  const recent = ref<CampaignCallEvent[]>([]);
  const agents = ref<WorkAssignee[]>([]);
  /** A list handed over by the planner (donor ids in rank order) for the create dialog. */
  const handoff = ref<{ donorIds: number[]; label: string; channel?: 'call' | 'sms'; inviteDate?: string } | null>(null);

  async function load(): Promise<void> {
    list.value = await api.request('GET /api/campaigns', {});
  }

  async function select(id: number, withTargets = false): Promise<void> {
    const r = await api.request('GET /api/campaigns/:id', { params: { id } });
    selected.value = r.campaign;
    board.value = r.board;
    if (withTargets) targets.value = await api.request('GET /api/campaigns/:id/targets', { params: { id }, query: { limit: 200 } });
  }

  async function loadAgents(): Promise<void> {
    if (!agents.value.length) agents.value = await api.request('GET /api/work/assignees', {});
  }

  async function create(body: CampaignCreateBody): Promise<DialCampaignDto> {
    const c = await api.request('POST /api/campaigns', { body });
    handoff.value = null;
    await load();
    return c;
  }

  async function transition(id: number, action: 'start' | 'pause' | 'stop'): Promise<void> {
    const path = action === 'start' ? 'POST /api/campaigns/:id/start' : action === 'pause' ? 'POST /api/campaigns/:id/pause' : 'POST /api/campaigns/:id/stop';
    await api.request(path, { params: { id } });
    await Promise.all([load(), select(id)]);
  }

  async function loadMine(): Promise<void> {
    const r = await api.request('GET /api/campaigns/mine', {});
    mine.value = r.campaigns;
    member.value = r.member;
  }

  async function join(id: number): Promise<void> {
    const r = await api.request('POST /api/campaigns/:id/join', { params: { id } });
    preview.value = r.target;
    await loadMine();
  }

  async function leave(): Promise<void> {
    await api.request('POST /api/campaigns/leave', {});
    preview.value = null;
    await loadMine();
  }

  async function dialPreview(): Promise<void> {
    const p = preview.value;
    if (!p) return;
    await api.request('POST /api/campaigns/:id/targets/:targetId/dial', { params: { id: p.campaignId, targetId: p.targetId } });
  }

  async function skip(): Promise<void> {
    const p = preview.value;
    if (!p) return;
    preview.value = (await api.request('POST /api/campaigns/:id/targets/:targetId/skip', { params: { id: p.campaignId, targetId: p.targetId } })).target;
  }

  async function recordOutcome(outcome: 'reached-booked' | 'reached-declined' | 'reached-later' | 'wrong-number'): Promise<void> {
    const c = current.value;
    if (!c) return;
    await api.request('POST /api/campaigns/:id/targets/:targetId/outcome', { params: { id: c.campaignId, targetId: c.targetId }, body: { outcome } });
    current.value = { ...c, outcome };
  }

  /** Preview: after a call ended, the next donor (joins again, which returns the held or next donor). */
  async function nextPreview(): Promise<void> {
    const m = member.value;
    if (m) await join(m.campaignId);
  }

  function onCall(e: CampaignCallEvent): void {
    current.value = e;
    recent.value = [e, ...recent.value].slice(0, 20);
    if (e.state === 'dialing' && preview.value?.targetId === e.targetId) preview.value = null;
  }

  return { list, selected, board, targets, mine, member, preview, current, recent, agents, handoff, load, select, loadAgents, create, transition, loadMine, join, leave, dialPreview, skip, recordOutcome, nextPreview, onCall };
});
