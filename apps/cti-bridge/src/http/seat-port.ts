import type { AgentState } from '@donorline/domain';

/**
 * What the HTTP layer may ask of the seats (agents/AgentService in the running bridge): who sits where, and freeing a
 * seat for a supervisor. Optional in HttpDeps: without it (an API-only test app) seats show as empty and releasing
 * one answers 503.
 */
export interface SeatPort {
  seatOf(userId: number): { extension: string; state: AgentState } | null;
  /** Frees the seat at `extension` (QueueRemove; a call in progress goes on). */
  release(extension: string, by: { userId: number; displayName: string }): Promise<{ released: boolean; userId: number | null }>;
}
