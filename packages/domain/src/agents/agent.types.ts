export const ROLES = ['agent', 'supervisor', 'quality', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles allowed to hear other agents' recordings and see every call. */
export const OVERSIGHT_ROLES: readonly Role[] = ['supervisor', 'quality', 'admin'];

/** Roles that take calls and may therefore sit at a seat (an extension in the queues). */
export const SEAT_ROLES: readonly Role[] = ['agent', 'supervisor'];

export function canTakeSeat(role: Role): boolean {
  return SEAT_ROLES.includes(role);
}

export function canSeeAllRecordings(role: Role): boolean {
  return OVERSIGHT_ROLES.includes(role);
}

/**
 * An agent's seat state as the status bar shows it. 'unavailable': the seat would be ready but cannot take calls
 * (the PBX link is down) — never shown as ready while calls cannot reach it.
 */
export const AGENT_STATES = ['logged-out', 'ready', 'paused', 'ringing', 'on-call', 'wrap-up', 'unavailable'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/**
 * The built-in pause reasons (小休原因); sent to Asterisk as QueuePause Reason. `not-ready` (未就绪) is the state a
 * fresh seat starts in (AGENT_START_PAUSED) until the agent chooses to become ready. The pause menu itself is data
 * (admin/desk-lists.ts): administrators add, rename, reorder and disable reasons; these codes cannot be deleted.
 */
export const PAUSE_REASONS = ['not-ready', 'break', 'meal', 'meeting', 'training', 'callback', 'admin-work', 'other'] as const;
export type BuiltinPauseReason = (typeof PAUSE_REASONS)[number];
/** A pause reason's code: a built-in one or one an administrator added (LIST_CODE_PATTERN). */
export type PauseReason = string;

/** Why a seat is 'unavailable'. */
export const UNAVAILABLE_REASONS = ['pbx-down'] as const;
export type UnavailableReason = (typeof UNAVAILABLE_REASONS)[number];

/** Pauses the system makes on its own, with an end: after rejecting a ringing queue call (拒接). */
export const AUTO_PAUSE_REASONS = ['rejected'] as const;
export type AutoPauseReason = (typeof AUTO_PAUSE_REASONS)[number];
