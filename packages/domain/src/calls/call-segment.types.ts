/**
 * A call's agent segments: every agent who answered the call keeps their own part of it — from when their phone
 * rang to when they left — with their own talk/hold time, how it ended for them, and their own wrap-up.
 */

/** How a segment ended for its agent. */
export const SEGMENT_END_REASONS = [
  'transferred-blind', // the agent handed the caller on without consulting (BlindTransfer)
  'transferred-attended', // the agent consulted a colleague, then joined the caller to them (AttendedTransfer)
  'agent-hangup', // the agent ended the call
  'caller-hangup', // the caller (the donor) ended the call
  'system', // the PBX ended it (orphaned, failure)
  'unknown',
] as const;
export type SegmentEndReason = (typeof SEGMENT_END_REASONS)[number];
