import type { AttemptOutcome, ContactPurpose } from '@donorline/domain';
import type { Logger } from '../logger.js';
import type { CallChange } from './call-state.js';
import type { LiveCall } from './live-call.js';

/**
 * Every outbound attempt and its outcome (contact_attempt): a click-to-dial that reached a donor is remembered by
 * callId, and when the call ends its outcome is written for each donor it named — 'reached' when the donor answered
 * (the desk refines it with the result), 'busy' on cause 17, 'no-answer' otherwise. Only 'recruitment' attempts
 * count towards the 5-failures suppression; the others are the record of who was contacted why.
 */
export interface AttemptSink {
  recordAttempt(a: { donorId: number; purpose: ContactPurpose; channel: 'voice'; outcome: AttemptOutcome; agentId: number | null; callId: string; at: Date }): Promise<number>;
}

interface Tracked {
  donorIds: number[];
  purpose: ContactPurpose;
  agentId: number;
}

export class OutboundAttempts {
  private readonly calls = new Map<string, Tracked>();

  constructor(private readonly sink: AttemptSink, private readonly log: Logger) {}

  track(callId: string, t: Tracked): void {
    if (t.donorIds.length) this.calls.set(callId, t);
  }

  get size(): number {
    return this.calls.size;
  }

  /** Hooked on the call registry (app.ts); cleaned on the call's end, never lazily. */
  readonly onCallChange = (call: LiveCall, change: CallChange): void => {
    if (change.kind !== 'ended') return;
    const t = this.calls.get(call.callId);
    if (!t) return;
    this.calls.delete(call.callId);
    const outcome: AttemptOutcome = call.answeredAt !== null ? 'reached' : call.hangupCause === '17' ? 'busy' : 'no-answer';
    const at = new Date(call.endedAt ?? Date.now());
    for (const donorId of t.donorIds) {
      void this.sink.recordAttempt({ donorId, purpose: t.purpose, channel: 'voice', outcome, agentId: t.agentId, callId: call.callId, at })
        .catch((err) => this.log.warn({ err, callId: call.callId }, 'could not record the contact attempt'));
    }
  };
}
