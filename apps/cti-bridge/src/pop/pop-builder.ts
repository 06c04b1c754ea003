import { IVR_VARS, ROUTING_REASONS, type CallState, type CallUpdate, type RoutingReason, type ScreenPop } from '@donorline/domain';
import { deskRecording, holdSecondsAt, ivrFindingsOf, priorityOf, type LiveCall } from '../calls/live-call.js';
import type { Identification } from './caller-identifier.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function popIdOf(callId: string, userId: number): string {
  return `pop-${callId}-${userId}`;
}

/** The call's state as one agent sees it. */
export function stateFor(call: LiveCall, ext: string): CallState {
  const leg = call.legs.get(ext);
  if (!leg || leg.endedAt !== null || call.state === 'ended') return 'ended';
  if (leg.answeredAt !== null) return call.agentExt === ext ? call.state : 'transferring';
  return 'ringing';
}

/**
 * Why this agent's phone rang directly: the IVR's DL_ROUTE_REASON, on the direct ring (no queue) of the extension the
 * IVR preferred — the account manager's own pop; the queue agent who gets the call after the manager's ring does not.
 */
export function routeReasonFor(call: LiveCall, ext: string): RoutingReason | null {
  const leg = call.legs.get(ext);
  if (!leg || leg.queue !== null || call.vars[IVR_VARS.preferredAgent] !== ext) return null;
  const r = call.vars[IVR_VARS.routeReason] ?? '';
  return (ROUTING_REASONS as readonly string[]).includes(r) ? (r as RoutingReason) : null;
}

export function buildPop(call: LiveCall, ext: string, popId: string, ident: Identification): ScreenPop {
  const leg = call.legs.get(ext);
  const ringingAt = leg?.ringingAt ?? call.startedAt;
  const ivr = ivrFindingsOf(call.vars);
  return {
    popId,
    callId: call.callId,
    direction: call.direction,
    state: stateFor(call, ext),
    callerMasked: call.callerMasked,
    callerName: call.callerName,
    dialed: call.dialed,
    // a direct ring (account manager, transfer target) names no queue even if the call came through one
    queue: leg ? leg.queue : call.queue,
    queuedAt: iso(call.queuedAt),
    ringingAt: new Date(ringingAt).toISOString(),
    waitSeconds: Math.max(0, Math.round((ringingAt - (call.queuedAt ?? call.startedAt)) / 1000)),
    priority: priorityOf(call.vars),
    ivr,
    match: ident.match,
    donors: ident.donors,
    greenChannel: ident.donors[0]?.greenChannel ?? false,
    routeReason: routeReasonFor(call, ext),
  };
}

/** The follow-up for one agent after a change. */
export function buildUpdate(call: LiveCall, ext: string, popId: string, at: number, recordingId: number | null): CallUpdate {
  const leg = call.legs.get(ext);
  const state = stateFor(call, ext);
  const rec = deskRecording(call, ext);
  const running = !!rec?.active && state !== 'ended';
  const u: CallUpdate = {
    popId,
    callId: call.callId,
    state,
    at: new Date(at).toISOString(),
    answeredAt: iso(leg?.answeredAt ?? null),
    heldSince: call.agentExt === ext ? iso(call.heldSince) : null,
    holdSeconds: Math.round(holdSecondsAt(call, at)),
    transferTarget: call.transferTarget,
    recording: rec ? { id: recordingId, active: running && !rec.paused, paused: running && rec.paused } : null,
  };
  if (state === 'ended') {
    u.hangupBy = call.hangupBy;
    u.hangupCause = call.hangupCause;
    const mine = leg?.answeredAt !== null && leg?.answeredAt !== undefined;
    // a colleague took it (ringall, or the next agent after this one's ring timed out): not a missed call
    const elsewhere = !mine && [...call.legs.values()].some((l) => l.ext !== ext && l.answeredAt !== null);
    u.missed = !mine && !elsewhere;
    if (elsewhere) u.answeredElsewhere = true;
  }
  return u;
}
