import { callOutcome, talkSeconds, waitSeconds, type CallOutcome } from '@donorline/domain';
import type { CallRecordPatch, SegmentPatch } from '@donorline/domain/node';
import type { CallChange } from './call-state.js';
import { holdSecondsAt, ivrFindingsOf, type LiveCall } from './live-call.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function outcomeOf(call: LiveCall): CallOutcome {
  return callOutcome({
    direction: call.direction, answered: call.answeredAt !== null, transferred: call.transferred, queued: call.queuedAt !== null,
    rang: [...call.legs.values()].some((l) => l.ringingAt !== null), hangupCause: call.hangupCause,
  });
}

/** When the last agent left the conversation (the caller may stay on, e.g. for the survey). */
export function agentsLeftAt(call: LiveCall): number | null {
  let last: number | null = null;
  for (const l of call.legs.values()) {
    if (l.answeredAt === null) continue;
    if (l.endedAt === null) return null;
    last = last === null ? l.endedAt : Math.max(last, l.endedAt);
  }
  return last;
}

/** The durable facts a change adds to the call record (CallRecordService.upsert merges them order-independently). */
export function patchFor(call: LiveCall, change: CallChange): CallRecordPatch | null {
  switch (change.kind) {
    case 'started':
    case 'resumed':
    case 'caller':
      return {
        direction: call.direction,
        caller: call.callerNumber,
        dialed: call.dialed,
        startedAt: iso(call.startedAt),
        queue: call.queue,
        queuedAt: iso(call.queuedAt),
        ...(call.dialDonorId !== null ? { donorId: call.dialDonorId } : {}),
      };
    case 'vars': {
      const ivr = ivrFindingsOf(call.vars);
      return { ivrPath: ivr.path.length ? ivr.path : null, ivrVerified: ivr.verified || null, ...(ivr.verified && ivr.donorId !== null ? { donorId: ivr.donorId } : {}) };
    }
    case 'queued':
      return { queue: call.queue, queuedAt: iso(call.queuedAt) };
    case 'answered':
      return {
        answeredAt: iso(call.answeredAt),
        agentExtension: call.agentExt,
        queue: call.queue,
        waitSeconds: waitSeconds({ queuedAt: call.queuedAt, answeredAt: call.answeredAt, endedAt: null }),
      };
    case 'hangup-party':
      return { hangupBy: call.hangupBy };
    case 'held':
      return change.on ? null : { holdSeconds: holdSecondsAt(call, change.at) };
    case 'agent-left':
    case 'transferred':
      return { holdSeconds: holdSecondsAt(call, change.at) };
    case 'ended': {
      const endedAt = call.endedAt ?? change.at;
      return {
        endedAt: iso(endedAt),
        talkSeconds: talkSeconds({ startedAt: call.startedAt, queuedAt: call.queuedAt, answeredAt: call.answeredAt, agentsLeftAt: agentsLeftAt(call), endedAt, holdMs: holdSecondsAt(call, endedAt) * 1000 }),
        waitSeconds: waitSeconds({ queuedAt: call.queuedAt, answeredAt: call.answeredAt, endedAt }),
        holdSeconds: holdSecondsAt(call, endedAt),
        hangupBy: call.hangupBy,
        hangupCause: call.hangupCause,
        outcome: outcomeOf(call),
      };
    }
    default:
      return null;
  }
}

/** Merges two patches the way the upsert would: earliest instants, largest seconds, latest non-null otherwise. */
export function mergePatch(a: CallRecordPatch, b: CallRecordPatch): CallRecordPatch {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined || v === null) continue;
    const prev = out[k];
    if (prev === undefined || prev === null) {
      out[k] = v;
      continue;
    }
    if (k.endsWith('At')) out[k] = new Date(String(v)).getTime() < new Date(String(prev)).getTime() ? v : prev;
    else if (k.endsWith('Seconds')) out[k] = Math.max(Number(prev), Number(v));
    else if (k === 'ivrPath') out[k] = String(Array.isArray(v) ? v.join('>') : v).length >= String(Array.isArray(prev) ? prev.join('>') : prev).length ? v : prev;
    else if (k === 'ivrVerified') out[k] = Boolean(prev) || Boolean(v);
    else out[k] = v;
  }
  return out as CallRecordPatch;
}

/** Merges two segment patches of the same agent the way upsertSegment would (the end: the latest). */
export function mergeSegment(a: SegmentPatch, b: SegmentPatch): SegmentPatch {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined || v === null) continue;
    const prev = out[k];
    if (prev === undefined || prev === null) out[k] = v;
    else if (k === 'endedAt') out[k] = new Date(String(v)).getTime() > new Date(String(prev)).getTime() ? v : prev;
    else if (k.endsWith('At')) out[k] = new Date(String(v)).getTime() < new Date(String(prev)).getTime() ? v : prev;
    else if (k.endsWith('Seconds')) out[k] = Math.max(Number(prev), Number(v));
    else out[k] = v;
  }
  return out as unknown as SegmentPatch;
}
