import type { DialOutcome, CampaignChannel, DialCampaignStatus, DialMode, DialTargetStatus } from './campaign-rules.js';

/** A campaign as the desk lists and edits it. */
export interface DialCampaignDto {
  id: number;
  name: string;
  status: DialCampaignStatus;
  mode: DialMode;
  channel: CampaignChannel;
  script: string | null;
  startsOn: string;
  endsOn: string | null;
  hoursStart: string;
  hoursEnd: string;
  maxAttempts: number;
  retryMinutes: number[];
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
