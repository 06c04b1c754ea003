import type { DialOutcome, CampaignSpec, DialCampaignStatus, DialMode, DialTargetStatus } from './campaign-rules.js';

/** A campaign as the desk lists and edits it. */
export interface DialCampaignDto extends CampaignSpec {
  id: number;
  status: DialCampaignStatus;
  segmentId: number | null;
  agentIds: number[];
  createdAt: string;
}

/** The campaign board (活动看板). */
export interface CampaignBoardDto {
  campaignId: number;
  targets: number;
  pending: number;
  dialing: number;
  attempted: number;
  attempts: number;
  reached: number;
  booked: number;
  showedUp: number;
  donated: number;
  exhausted: number;
  blocked: number;
  blockedByReason: Record<string, number>;
  outcomes: Record<string, number>;
}

/** One target as the agent sees it (preview card, progressive pop): masked by default. */
export interface CampaignTargetView {
  targetId: number;
  campaignId: number;
  campaignName: string;
  mode: DialMode;
  script: string | null;
  donorId: number;
  nameMasked: string;
  phoneMasked: string | null;
  blood: string | null;
  lastDonation: string | null;
  attempts: number;
  status: DialTargetStatus;
}

/** socket `campaign:call` — the campaign's donor is being dialed for this agent (pop with campaign + script). */
export interface CampaignCallEvent extends CampaignTargetView {
  callId: string | null;
  state: 'dialing' | 'blocked' | 'ended';
  outcome: DialOutcome | null;
  message: string | null;
}

export interface CampaignCreateBody {
  name: string;
  mode: 'preview' | 'progressive';
  channel?: 'call' | 'sms';
  script?: string | null;
  startsOn: string;
  endsOn?: string | null;
  hoursStart?: string;
  hoursEnd?: string;
  maxAttempts?: number;
  retryMinutes?: number[];
  agentIds: number[];
  segmentId?: number | null;
  donorIds?: number[];
}

export interface CampaignTargetRow {
  targetId: number;
  donorId: number;
  nameMasked: string;
  status: string;
  attempts: number;
  lastOutcome: string | null;
  blockReason: string | null;
  nextAt: string | null;
}

export interface DialerMember {
  campaignId: number;
  mode: string;
  busy: boolean;
}

/** The campaign routes (apps/cti-bridge/src/dialer/campaigns.routes.ts). */
export interface DialerHttpApi {
  'GET /api/campaigns': { reply: DialCampaignDto[] };
  'POST /api/campaigns': { body: CampaignCreateBody; reply: DialCampaignDto };
  'GET /api/campaigns/mine': { reply: { campaigns: DialCampaignDto[]; member: DialerMember | null } };
  'GET /api/campaigns/:id': { params: { id: number }; reply: { campaign: DialCampaignDto; board: CampaignBoardDto } };
  'GET /api/campaigns/:id/targets': { params: { id: number }; query: { limit?: number }; reply: CampaignTargetRow[] };
  'POST /api/campaigns/:id/start': { params: { id: number }; reply: DialCampaignDto };
  'POST /api/campaigns/:id/pause': { params: { id: number }; reply: DialCampaignDto };
  'POST /api/campaigns/:id/stop': { params: { id: number }; reply: DialCampaignDto };
  'POST /api/campaigns/:id/join': { params: { id: number }; reply: { mode: string; target: CampaignTargetView | null } };
  'POST /api/campaigns/leave': { reply: { ok: boolean } };
  'POST /api/campaigns/:id/targets/:targetId/dial': { params: { id: number; targetId: number }; reply: { callId: string } };
  'POST /api/campaigns/:id/targets/:targetId/skip': { params: { id: number; targetId: number }; reply: { target: CampaignTargetView | null } };
  'POST /api/campaigns/:id/targets/:targetId/outcome': { params: { id: number; targetId: number }; body: { outcome: 'reached-booked' | 'reached-declined' | 'reached-later' | 'wrong-number' }; reply: { status: string } };
}
