/**
 * Where a call from the IVR goes (seed 002: let donors keep their habits — the same person each time — and
 * seed 000: a green channel for repeat donors).
 *  - the donor's account manager is tried first for N seconds when they are logged in;
 *  - repeat donors (≥ 2 counted donations) get a higher queue priority;
 *  - complaints go to the complaints queue, everything else to the hotline.
 */
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

export interface RoutingInput {
  topic: string | null;
  donor: {
    donationCount: number;
    /** Extension of the account manager, when the donor has one and that person is logged in and ready. */
    accountManagerExtension: string | null;
  } | null;
}

export interface RoutingDecision {
  queue: string;
  priority: number;
  preferredAgent: string | null;
  preferredSecs: number;
  greenChannel: boolean;
}

export function routeCall(input: RoutingInput, rules: RoutingRules = DEFAULT_ROUTING_RULES): RoutingDecision {
  const greenChannel = (input.donor?.donationCount ?? 0) >= rules.repeatDonorMinDonations;
  const preferredAgent = input.donor?.accountManagerExtension ?? null;
  return {
    queue: input.topic === 'complaint' ? rules.queues.complaint : rules.queues.default,
    priority: greenChannel ? rules.repeatDonorPriority : rules.defaultPriority,
    preferredAgent,
    preferredSecs: preferredAgent ? rules.preferAccountManagerSecs : 0,
    greenChannel,
  };
}
