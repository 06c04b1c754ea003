import type { CallOutcome } from '@donorline/domain';
import type { CallRecordPatch } from '@donorline/domain/node';
import type { CallChange } from './call-state.js';
import { holdSecondsAt, ivrFindingsOf, secondsBetween, type LiveCall } from './live-call.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function outcomeOf(call: LiveCall): CallOutcome {
  if (call.answeredAt !== null) return call.transferred ? 'transferred' : 'answered';
  if (call.direction !== 'inbound') return /busy|^17$/i.test(call.hangupCause ?? '') ? 'busy' : 'no-answer';
  if (call.queuedAt !== null) return 'abandoned';
  return 'ivr-only';
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
        waitSeconds: secondsBetween(call.queuedAt ?? call.startedAt, call.answeredAt),
      };
    case 'held':
      return change.on ? null : { holdSeconds: holdSecondsAt(call, change.at) };
    case 'agent-left':
    case 'transferred':
      return { holdSeconds: holdSecondsAt(call, change.at) };
    case 'ended': {
      const endedAt = call.endedAt ?? change.at;
      return {
        endedAt: iso(endedAt),
        talkSeconds: call.answeredAt !== null ? secondsBetween(call.answeredAt, endedAt) - holdSecondsAt(call, endedAt) : 0,
        waitSeconds: call.answeredAt === null && call.queuedAt !== null ? secondsBetween(call.queuedAt, endedAt) : null,
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
