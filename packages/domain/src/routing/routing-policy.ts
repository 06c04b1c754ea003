/**
 * Where a call from the IVR goes (seed 002: let donors keep their habits — the same person each time — and
 * seed 000: a green channel for repeat donors).
 *  - a donor the IVR knows — verified in the IVR, or recognised by the caller's number alone when that number
 *    belongs to exactly one donor — rings their account manager first for N seconds, but only when the manager is
 *    signed in and free (ready: not paused, not on a call, not ringing, not in wrap-up); otherwise straight to the queue;
 *  - repeat donors (≥ 2 counted donations) get a higher queue priority (绿色通道), whether known by verification
 *    or by caller ID;
 *  - complaints go to the complaints queue, everything else to the hotline.
 * A shared (family) number recognises nobody: the caller verifies in the IVR to get their own manager and priority.
 */
import type { AgentState } from '../agents/agent.types.js';

export interface RoutingRules {
  preferAccountManagerSecs: number;
  repeatDonorMinDonations: number;
  repeatDonorPriority: number;
  defaultPriority: number;
  queues: { default: string; complaint: string };
}

export const DEFAULT_ROUTING_RULES: RoutingRules = Object.freeze({
  preferAccountManagerSecs: 20,
  repeatDonorMinDonations: 2,
  repeatDonorPriority: 10,
  defaultPriority: 0,
  queues: { default: 'hotline', complaint: 'complaints' },
}) as RoutingRules;

/** How the IVR knows who is calling: verified in the IVR (ID's last four / birth date) or by the number alone. */
export const CALLER_KNOWN_BY = ['verified', 'caller-id'] as const;
export type CallerKnownBy = (typeof CALLER_KNOWN_BY)[number];

/**
 * Why a call rang one agent directly instead of waiting in a queue — shown on that agent's pop (DL_ROUTE_REASON).
 * 'account-manager-caller-id': the caller's number belongs to exactly one donor, whose account manager this is;
 * 'account-manager-verified': the caller proved in the IVR to be the donor whose account manager this is.
 */
export const ROUTING_REASONS = ['account-manager-caller-id', 'account-manager-verified'] as const;
export type RoutingReason = (typeof ROUTING_REASONS)[number];

/** The account manager's seat as the bridge last reported it (state 'logged-out', ext null: not signed in). */
export interface ManagerSeat {
  ext: string | null;
  state: AgentState;
}

export interface RoutingInput {
  topic: string | null;
  donor: {
    donationCount: number;
    knownBy: CallerKnownBy;
    /** The donor's account manager's seat; null when the donor has no account manager. */
    accountManager: ManagerSeat | null;
  } | null;
}

export interface RoutingDecision {
  queue: string;
  priority: number;
  preferredAgent: string | null;
  preferredSecs: number;
  greenChannel: boolean;
  /** Why the preferred agent is rung first (null when nobody is). */
  reason: RoutingReason | null;
  /** The manager's state when the donor has one but they were passed over (busy, paused, signed out); else null. */
  accountManagerSkipped: AgentState | null;
}

/** The donor a caller is recognised as by the number alone: the number must belong to exactly one donor. */
export function recogniseByCallerId(donorIds: readonly number[]): number | null {
  const distinct = [...new Set(donorIds)];
  return distinct.length === 1 ? distinct[0]! : null;
}

/** Signed in and free: a seat in the ready state with an extension to ring. */
export function managerIsFree(seat: ManagerSeat | null): seat is ManagerSeat & { ext: string } {
  return !!seat && seat.state === 'ready' && !!seat.ext;
}

export function routeCall(input: RoutingInput, rules: RoutingRules = DEFAULT_ROUTING_RULES): RoutingDecision {
  const donor = input.donor;
  const greenChannel = (donor?.donationCount ?? 0) >= rules.repeatDonorMinDonations;
  const manager = donor?.accountManager ?? null;
  const free = managerIsFree(manager);
  const preferredAgent = free && rules.preferAccountManagerSecs > 0 ? manager.ext : null;
  return {
    queue: input.topic === 'complaint' ? rules.queues.complaint : rules.queues.default,
    priority: greenChannel ? rules.repeatDonorPriority : rules.defaultPriority,
    preferredAgent,
    preferredSecs: preferredAgent ? rules.preferAccountManagerSecs : 0,
    greenChannel,
    reason: preferredAgent && donor ? (donor.knownBy === 'verified' ? 'account-manager-verified' : 'account-manager-caller-id') : null,
    accountManagerSkipped: manager && !free ? manager.state : null,
  };
}
