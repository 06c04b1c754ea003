import type { PhoneOptions } from '@donorline/domain';
import type { CallEvent, CallEventOf } from '../pbx/pbx-events.js';
import { setCaller, type AgentLeg, type LiveCall } from './live-call.js';

/** What changed in a call: the domain events the rest of the bridge reacts to (pops, agent states, records). */
export type CallChange = { at: number } & (
  | { kind: 'started' }
  | { kind: 'caller' }
  | { kind: 'ivr' }
  | { kind: 'vars'; names: string[] }
  | { kind: 'queued' }
  | { kind: 'dequeued'; abandoned: boolean }
  | { kind: 'ringing'; ext: string }
  | { kind: 'ring-ended'; ext: string; reason: 'no-answer' | 'busy' | 'cancelled' | 'failed' | 'answered-elsewhere' }
  | { kind: 'answered'; ext: string | null }
  | { kind: 'agent-left'; ext: string }
  | { kind: 'held'; on: boolean }
  | { kind: 'transferred'; ext: string | null; target: string | null }
  | { kind: 'hangup-party' }
  | { kind: 'recording'; key: string; active: boolean; paused: boolean }
  | { kind: 'resumed' }
  | { kind: 'ended' }
);

function leg(call: LiveCall, ext: string): AgentLeg {
  let l = call.legs.get(ext);
  if (!l) call.legs.set(ext, (l = { ext, ringingAt: null, queue: null, answeredAt: null, endedAt: null, outcome: null, holdMs: 0, endReason: null }));
  return l;
}

function ringingLegs(call: LiveCall): AgentLeg[] {
  return [...call.legs.values()].filter((l) => l.ringingAt !== null && l.answeredAt === null && l.endedAt === null);
}

/** The state a call falls back to when nobody rings and nobody talks. */
function restingState(call: LiveCall): LiveCall['state'] {
  if (call.transferred) return 'transferring';
  if (call.queuedAt !== null && call.queue !== null) return 'queued';
  return call.direction === 'inbound' ? 'ivr' : 'ringing';
}

/**
 * The call state machine: applies one domain event to a live call and returns what changed (possibly nothing —
 * duplicates and late events are absorbed). Pure apart from mutating `call`.
 */
export function applyCallEvent(call: LiveCall, ev: CallEvent, phone: PhoneOptions): CallChange[] {
  const at = ev.at;
  if (call.state === 'ended') return [];
  switch (ev.type) {
    case 'call.started': {
      call.direction = ev.direction;
      call.dialed = ev.dialed;
      call.originator = ev.agentExt;
      setCaller(call, ev.caller.number, ev.caller.name, phone);
      if (ev.direction !== 'inbound' && ev.agentExt) leg(call, ev.agentExt);
      return [{ kind: 'started', at }];
    }
    case 'call.caller': {
      if (!setCaller(call, ev.caller.number, ev.caller.name, phone)) return [];
      const out: CallChange[] = [{ kind: 'caller', at }];
      out.push(...originatorRings(call, at));
      return out;
    }
    case 'call.ivr':
      call.ivrAt ??= at;
      if (call.state !== 'connected' && call.state !== 'on-hold') call.state = 'ivr';
      return [{ kind: 'ivr', at }];
    case 'call.vars': {
      const names: string[] = [];
      for (const [k, v] of Object.entries(ev.vars)) {
        if (call.vars[k] === v) continue;
        call.vars[k] = v;
        names.push(k);
      }
      return names.length ? [{ kind: 'vars', names, at }] : [];
    }
    case 'call.queued':
      call.queue = ev.queue;
      call.queuedAt ??= at;
      if (!call.agentExt) call.state = 'queued';
      return [{ kind: 'queued', at }];
    case 'call.routed':
      if (call.queue !== null && call.queuedAt !== null) return [];
      call.queue ??= ev.queue;
      call.queuedAt ??= at;
      return [{ kind: 'queued', at }];
    case 'call.dequeued':
      return [{ kind: 'dequeued', abandoned: ev.abandoned, at }];
    case 'call.ringing':
      return ringing(call, ev, at);
    case 'call.ring-ended': {
      const l = call.legs.get(ev.agentExt);
      if (!l || l.endedAt !== null || l.answeredAt !== null) return [];
      l.endedAt = at;
      l.outcome = 'missed';
      if (!call.agentExt && ringingLegs(call).length === 0) call.state = restingState(call);
      const reason = call.agentExt && ev.reason === 'cancelled' ? 'answered-elsewhere' : ev.reason;
      return [{ kind: 'ring-ended', ext: ev.agentExt, reason, at }];
    }
    case 'call.answered':
      return answered(call, ev, at);
    case 'call.agent-left': {
      const l = call.legs.get(ev.agentExt);
      if (!l || l.endedAt !== null) return [];
      l.endedAt = at;
      l.outcome = call.transferred && l.answeredAt !== null ? 'transferred' : l.answeredAt !== null ? 'answered' : 'missed';
      if (call.agentExt === ev.agentExt) {
        // who ended the call is not decided by which leg's Hangup comes first (see the translator's hangup party)
        closeHold(call, at);
        call.agentExt = null;
        call.state = restingState(call);
      }
      return [{ kind: 'agent-left', ext: ev.agentExt, at }];
    }
    case 'call.held':
      if (ev.on) {
        if (call.heldSince !== null || !call.agentExt) return [];
        call.heldSince = at;
        call.state = 'on-hold';
      } else {
        if (call.heldSince === null) return [];
        closeHold(call, at);
        call.state = 'connected';
      }
      return [{ kind: 'held', on: ev.on, at }];
    case 'call.transferred': {
      call.transferred = true;
      call.hangupBy = null;
      call.transferTarget = ev.target;
      closeHold(call, at);
      const from = call.legs.get(ev.agentExt ?? call.agentExt ?? '');
      if (from && from.answeredAt !== null) from.endReason = ev.kind === 'blind' ? 'transferred-blind' : 'transferred-attended';
      call.state = 'transferring';
      return [{ kind: 'transferred', ext: ev.agentExt, target: ev.target, at }];
    }
    case 'call.hangup-party':
      if (call.hangupBy === ev.party) return [];
      call.hangupBy = ev.party;
      return [{ kind: 'hangup-party', at }];
    case 'call.recording': {
      const before = call.recordings.get(ev.key);
      const file = ev.file ?? before?.file ?? null;
      const paused = ev.active && ev.paused;
      if (before && before.active === ev.active && before.paused === paused && before.file === file) return [];
      call.recordings.set(ev.key, { key: ev.key, file, agentExt: ev.agentExt ?? before?.agentExt ?? null, active: ev.active, paused, startedAt: before?.startedAt ?? (ev.active ? at : null) });
      return [{ kind: 'recording', key: ev.key, active: ev.active, paused, at }];
    }
    case 'call.ended':
      return ended(call, at, ev.hangupBy, ev.causeText || (ev.cause !== null ? String(ev.cause) : null));
    case 'call.snapshot':
      return snapshot(call, ev, phone);
  }
}

function originatorRings(call: LiveCall, at: number): CallChange[] {
  // click-to-dial: the originating agent's phone rings first; the pop goes out once the donor's number is known
  if (call.direction === 'inbound' || !call.originator) return [];
  const l = leg(call, call.originator);
  if (l.ringingAt !== null || l.answeredAt !== null || l.endedAt !== null) return [];
  l.ringingAt = call.startedAt;
  return [{ kind: 'ringing', ext: call.originator, at }];
}

function ringing(call: LiveCall, ev: CallEventOf<'call.ringing'>, at: number): CallChange[] {
  const l = leg(call, ev.agentExt);
  if (l.answeredAt !== null && l.endedAt === null) return [];
  // rung again (queue retry, transfer back): a new ring of the same leg
  l.ringingAt = at;
  l.queue = ev.queue;
  l.endedAt = null;
  l.outcome = null;
  if (!call.agentExt) call.state = 'ringing';
  return [{ kind: 'ringing', ext: ev.agentExt, at }];
}

function answered(call: LiveCall, ev: CallEventOf<'call.answered'>, at: number): CallChange[] {
  const ext = ev.agentExt;
  if (ext) {
    const l = leg(call, ext);
    if (l.answeredAt !== null && l.endedAt === null) return [];
    closeHold(call, at);
    l.answeredAt = at;
    l.endedAt = null;
    l.outcome = 'answered';
    l.endReason = null;
    if (ev.queue) l.queue = ev.queue;
    call.agentExt = ext;
  }
  call.answeredAt ??= at;
  if (ev.queue) call.queue = ev.queue;
  closeHold(call, at);
  call.state = 'connected';
  return [{ kind: 'answered', ext, at }];
}

/** Ends a hold in progress: it counts for the call and for the agent who was in conversation. */
function closeHold(call: LiveCall, at: number): void {
  if (call.heldSince === null) return;
  const ms = Math.max(0, at - call.heldSince);
  call.holdMs += ms;
  const l = call.agentExt ? call.legs.get(call.agentExt) : undefined;
  if (l) l.holdMs += ms;
  call.heldSince = null;
}

const REASON_OF_PARTY = { agent: 'agent-hangup', caller: 'caller-hangup', system: 'system', unknown: 'unknown' } as const;

export function ended(call: LiveCall, at: number, hangupBy: LiveCall['hangupBy'], cause: string | null): CallChange[] {
  if (call.state === 'ended') return [];
  closeHold(call, at);
  call.endedAt = at;
  call.hangupBy = call.hangupBy && hangupBy === 'unknown' ? call.hangupBy : hangupBy;
  call.hangupCause = cause;
  call.state = 'ended';
  for (const l of call.legs.values()) {
    if (l.answeredAt !== null) l.endReason ??= REASON_OF_PARTY[call.hangupBy ?? 'unknown'];
    if (l.endedAt !== null) continue;
    l.endedAt = at;
    l.outcome = l.answeredAt !== null ? (call.transferred && call.agentExt !== l.ext ? 'transferred' : 'answered') : 'missed';
  }
  for (const r of call.recordings.values()) {
    r.active = false;
    r.paused = false;
  }
  return [{ kind: 'ended', at }];
}

function snapshot(call: LiveCall, ev: CallEventOf<'call.snapshot'>, phone: PhoneOptions): CallChange[] {
  const at = ev.at;
  const out: CallChange[] = [];
  const fresh = !call.resumed && call.legs.size === 0 && call.queuedAt === null && call.answeredAt === null;
  call.resumed = true;
  call.direction = ev.direction;
  call.startedAt = Math.min(call.startedAt, ev.startedAt);
  call.dialed ??= ev.dialed;
  if (ev.direction !== 'inbound' && !call.originator && ev.agentExt) call.originator = ev.agentExt;
  setCaller(call, ev.caller.number, ev.caller.name, phone);
  const names: string[] = [];
  for (const [k, v] of Object.entries(ev.vars)) {
    if (call.vars[k] === v) continue;
    call.vars[k] = v;
    names.push(k);
  }
  if (ev.queue) call.queue = ev.queue;
  if (ev.phase === 'queued' || ev.queue) call.queuedAt ??= at - (ev.waitSeconds ?? 0) * 1000;
  for (const r of ev.recordings) {
    const before = call.recordings.get(r.key);
    call.recordings.set(r.key, { key: r.key, file: r.file ?? before?.file ?? null, agentExt: r.agentExt, active: r.active, paused: r.active && r.paused, startedAt: before?.startedAt ?? null });
  }
  out.push({ kind: 'resumed', at });
  if (names.length) out.push({ kind: 'vars', names, at });
  // agents no longer on the call
  for (const l of call.legs.values()) {
    if (l.endedAt !== null) continue;
    const still = l.ext === ev.agentExt || ev.ringingExts.includes(l.ext) || (ev.direction !== 'inbound' && l.ext === call.originator);
    if (!still) {
      l.endedAt = at;
      l.outcome = l.answeredAt !== null ? 'answered' : 'missed';
      out.push(l.answeredAt !== null ? { kind: 'agent-left', ext: l.ext, at } : { kind: 'ring-ended', ext: l.ext, reason: 'cancelled', at });
    }
  }
  if (call.agentExt && call.agentExt !== ev.agentExt) call.agentExt = null;
  if ((ev.phase === 'connected' || ev.phase === 'on-hold') && ev.agentExt) {
    out.push(...answered(call, { type: 'call.answered', callId: call.callId, at, agentExt: ev.agentExt, queue: ev.queue }, call.legs.get(ev.agentExt)?.answeredAt ?? at));
  } else {
    for (const ext of ev.ringingExts) {
      const l = call.legs.get(ext);
      if (l && l.ringingAt !== null && l.endedAt === null && l.answeredAt === null) continue;
      out.push(...ringing(call, { type: 'call.ringing', callId: call.callId, at, agentExt: ext, queue: ev.queue }, at));
    }
    if (!call.agentExt && ev.ringingExts.length === 0) call.state = ev.phase === 'queued' ? 'queued' : ev.phase === 'ivr' ? 'ivr' : restingState(call);
  }
  if (fresh && call.direction !== 'inbound' && call.callerNumber) out.push(...originatorRings(call, at));
  return out;
}
