export const ROLES = ['agent', 'supervisor', 'quality', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles allowed to hear other agents' recordings and see every call. */
export const OVERSIGHT_ROLES: readonly Role[] = ['supervisor', 'quality', 'admin'];

export function canSeeAllRecordings(role: Role): boolean {
  return OVERSIGHT_ROLES.includes(role);
}

/** An agent's seat state as the status bar shows it. */
export const AGENT_STATES = ['logged-out', 'ready', 'paused', 'ringing', 'on-call', 'wrap-up'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** Pause reasons (小休原因) offered in the desk; sent to Asterisk as QueuePause Reason. */
export const PAUSE_REASONS = ['break', 'meal', 'meeting', 'training', 'callback', 'admin-work', 'other'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];
