/**
 * What the bridge saw live and what the PBX logged must agree. A pure check of one call record against the PBX's
 * facts: each disagreement named, so the reconciler can log and count them and the fault suite can fail on them.
 */
import type { CallOutcome } from '../calls/call.types.js';
import type { PbxCall } from './pbx-call.js';

/** The parts of a stored call record the check looks at. */
export interface LiveFacts {
  outcome: CallOutcome | null;
  agentExt: string | null;
  startedAt: string | Date | null;
  endedAt: string | Date | null;
  queue: string | null;
}

export type DisagreementField = 'outcome' | 'agent' | 'queue' | 'ended' | 'started';

export interface Disagreement {
  field: DisagreementField;
  live: string | null;
  pbx: string | null;
}

/** How far apart two instants of the same moment may be (AMI event time vs CDR time, second-rounded ${EPOCH}). */
export const INSTANT_TOLERANCE_MS = 3000;

const ms = (v: string | Date | null): number | null => (v === null ? null : new Date(v).getTime());

export function compareWithPbx(live: LiveFacts, pbx: PbxCall, toleranceMs = INSTANT_TOLERANCE_MS): Disagreement[] {
  const out: Disagreement[] = [];
  const answeredLive = live.outcome === 'answered' || live.outcome === 'transferred';
  if (answeredLive !== (pbx.outcome === 'answered')) out.push({ field: 'outcome', live: live.outcome, pbx: pbx.outcome });
  if (pbx.outcome === 'answered' && pbx.direction === 'inbound' && live.agentExt !== pbx.agentExt) {
    // a transferred call's record names its last agent; the PBX log its first: only a missing agent disagrees then
    if (!(live.outcome === 'transferred' && live.agentExt)) out.push({ field: 'agent', live: live.agentExt, pbx: pbx.agentExt });
  }
  if (pbx.queue && live.queue && pbx.queue !== live.queue && live.outcome !== 'transferred') out.push({ field: 'queue', live: live.queue, pbx: pbx.queue });
  const le = ms(live.endedAt);
  if (le === null) out.push({ field: 'ended', live: null, pbx: pbx.endedAt.toISOString() });
  // a tolerance of 0: the clocks are not comparable (a simulator running faster than time), instants not checked
  if (toleranceMs <= 0) return out;
  if (le !== null && Math.abs(le - pbx.endedAt.getTime()) > toleranceMs) out.push({ field: 'ended', live: new Date(le).toISOString(), pbx: pbx.endedAt.toISOString() });
  const ls = ms(live.startedAt);
  if (ls !== null && Math.abs(ls - pbx.startedAt.getTime()) > toleranceMs) out.push({ field: 'started', live: new Date(ls).toISOString(), pbx: pbx.startedAt.toISOString() });
  return out;
}
