import type { CallDirection, CallState, HangupParty } from '../calls/call.types.js';
import type { RoutingReason } from '../routing/routing-policy.js';
import type { DonorSummary, IvrFindings } from './dto.js';

/**
 * The screen-pop: pushed to the one agent whose device starts ringing, the instant it rings.
 * `popId` is stable for (call, agent): a re-delivery after a reconnect carries the same id, so the desk never
 * shows a pop twice.
 */
export interface ScreenPop {
  popId: string;
  /** Asterisk Linkedid of the call. */
  callId: string;
  direction: CallDirection;
  state: CallState;
  callerMasked: string;
  /** CallerID name as the network sent it (may be empty or a donor's own name), any number in it masked (138****8000). */
  callerName: string | null;
  dialed: string | null;
  queue: string | null;
  queuedAt: string | null;
  ringingAt: string;
  waitSeconds: number;
  priority: number;
  ivr: IvrFindings;
  /** known = exactly one donor; shared = the number belongs to several donors; unknown = none. */
  match: 'known' | 'shared' | 'unknown';
  /** 1 for known, ≥ 2 for shared (the IVR-verified donor first), 0 for unknown. */
  donors: DonorSummary[];
  /** Whether the caller is a repeat donor (绿色通道). */
  greenChannel: boolean;
  /**
   * Why the call rang this agent directly, ahead of the queue (the donor's account manager, recognised by caller ID or
   * verified in the IVR); null for a queue ring, a transfer, a click-to-dial.
   */
  routeReason: RoutingReason | null;
}

/** Follow-ups to a pop, in the order they happen. */
export interface CallUpdate {
  popId: string;
  callId: string;
  state: CallState;
  at: string;
  answeredAt?: string | null;
  heldSince?: string | null;
  holdSeconds?: number;
  transferTarget?: string | null;
  hangupBy?: HangupParty | null;
  hangupCause?: string | null;
  /**
   * The recording of this agent's part of the call (the PBX records every answered leg): `active` while audio is
   * being captured, `paused` while the agent has paused it ("record on demand"); null when nothing is recorded.
   */
  recording?: { id: number | null; active: boolean; paused?: boolean } | null;
  /** Set when the call ended for this agent without anybody answering it (the caller hung up, nobody picked up). */
  missed?: boolean;
  /**
   * The call rang this agent but a colleague answered it (a ringall queue, or the next agent after a ring timeout):
   * not a missed call — the desk puts the card away. May follow an earlier `missed: true` for the same pop.
   */
  answeredElsewhere?: boolean;
}
