import type { CallUpdate, ScreenPop } from '@donorline/domain';
import type { CallChange } from '../calls/call-state.js';
import { ivrCandidatesOf, ivrFindingsOf, type LiveCall } from '../calls/live-call.js';
import { silentLogger, type Logger } from '../logger.js';
import { identificationKey, type CallerIdentifier, type Identification, type IdentifyInput } from './caller-identifier.js';
import { buildPop, buildUpdate, popIdOf } from './pop-builder.js';

/** Where pops go (the realtime layer): to one user's room only. */
export interface PopSink {
  /** `sourceAt`: when the AMI event that caused the pop reached the bridge (for the latency metric). */
  showPop(userId: number, pop: ScreenPop, sourceAt: number): void;
  updateCall(userId: number, update: CallUpdate): void;
}

/** Who sits at an extension now (the agent service). */
export interface SeatDirectory {
  userAtExtension(ext: string): number | null;
}

interface Delivered {
  userId: number;
  ext: string;
  popId: string;
  pop: ScreenPop;
  lastUpdate: CallUpdate | null;
  identKey: string;
}

interface IdentState {
  key: string;
  promise: Promise<Identification>;
  value: Identification | null;
}

export interface PopServiceOptions {
  identifier: CallerIdentifier;
  seats: SeatDirectory;
  sink: PopSink;
  logger?: Logger;
  /** How long a ring waits for a lookup still running before the pop goes out as unknown (default 1500 ms). */
  identifyWaitMs?: number;
  /** A caller was identified (the record gets the donor when it is exactly one). */
  onIdentified?: (callId: string, ident: Identification) => void;
  /** Each pop sent: ms from the AMI event to the emit. */
  onPopSent?: (latencyMs: number) => void;
  recordingIdOf?: (callId: string) => number | null;
}

const UNKNOWN: Identification = { e164: null, match: 'unknown', donors: [], failed: true };

/**
 * The screen-pop: identification starts when the call starts (so the donor cards are ready before anyone rings),
 * the pop goes to exactly the agent whose device rings — nobody else — with a popId stable per (call, agent), and
 * follow-ups (answered, held, transferred, ended) go to the agents who got the pop. Pops of live calls can be
 * delivered again (socket reconnect) with the same popId.
 */
export class PopService {
  private readonly idents = new Map<string, IdentState>();
  private readonly delivered = new Map<string, Map<string, Delivered>>();
  private readonly log: Logger;
  popsSent = 0;
  popsSkippedNoSeat = 0;
  /** Pops that went out as unknown because the lookup took longer than identifyWaitMs. */
  popsIdentifyTimedOut = 0;
  /** Pops that had to wait for a lookup still running when the agent's phone rang, and the longest wait. */
  popsWaitedForLookup = 0;
  longestLookupWaitMs = 0;
  /** The slowest pops (event → emit over 100 ms), for diagnosis: how they were sent. */
  readonly slowPops: Array<{ ms: number; via: string; state: string }> = [];
  private via = 'ring';

  constructor(private readonly o: PopServiceOptions) {
    this.log = o.logger ?? silentLogger;
  }

  /** Registry listener. */
  readonly onChange = (call: LiveCall, change: CallChange): void => {
    switch (change.kind) {
      case 'started':
      case 'caller':
      case 'vars':
      case 'resumed':
        this.prefetch(call);
        return;
      case 'ringing':
        this.deliver(call, change.ext, change.at);
        return;
      case 'answered':
        // answered without a pop (adopted connected after a resync, answered before the agent was seated): pop now
        if (change.ext && !this.delivered.get(call.callId)?.has(change.ext)) {
          this.via = 'answered';
          this.deliver(call, change.ext, change.at);
          this.via = 'ring';
        } else this.updateAll(call, change.at);
        return;
      case 'ended':
        this.updateAll(call, change.at);
        this.delivered.delete(call.callId);
        this.idents.delete(call.callId);
        return;
      default:
        this.updateAll(call, change.at);
    }
  };

  /** A seat appeared (login, or restored after a bridge restart): pops for the calls its phone is already on. */
  seatReady(ext: string, calls: readonly LiveCall[]): void {
    for (const c of calls) {
      if (this.delivered.get(c.callId)?.has(ext)) continue;
      const leg = c.legs.get(ext);
      if (leg && leg.endedAt === null) this.deliver(c, ext, performance.timeOrigin + performance.now());
    }
  }

  /**
   * The caller was just linked to a donor (or a donor created from the call): identify again — the lookup cache was
   * invalidated by the write — and re-send every live pop of the call with the same popId.
   */
  reidentify(call: LiveCall): void {
    this.idents.delete(call.callId);
    for (const d of this.delivered.get(call.callId)?.values() ?? []) d.identKey = '';
    this.prefetch(call);
  }

  /** Pops of calls still live for this user (ringing or in conversation), with their latest update. */
  activeFor(userId: number): Array<{ pop: ScreenPop; update: CallUpdate | null }> {
    const out: Array<{ pop: ScreenPop; update: CallUpdate | null }> = [];
    for (const byExt of this.delivered.values()) {
      for (const d of byExt.values()) {
        if (d.userId !== userId) continue;
        const state = d.lastUpdate?.state ?? d.pop.state;
        if (state === 'ended') continue;
        out.push({ pop: d.pop, update: d.lastUpdate });
      }
    }
    return out;
  }

  /** Users who got a pop of this live call. */
  userIdsOf(callId: string): number[] {
    return [...(this.delivered.get(callId)?.values() ?? [])].map((d) => d.userId);
  }

  /** The identified donor's name (known callers only), for the wallboard. */
  donorNameOf(callId: string): string | null {
    const v = this.idents.get(callId)?.value;
    return v?.match === 'known' ? (v.donors[0]?.name ?? null) : null;
  }

  popIdFor(callId: string, ext: string): string | null {
    return this.delivered.get(callId)?.get(ext)?.popId ?? null;
  }

  private inputOf(call: LiveCall): IdentifyInput {
    return { e164: call.callerE164, ivr: ivrFindingsOf(call.vars), candidates: ivrCandidatesOf(call.vars), dialDonorId: call.dialDonorId };
  }

  private prefetch(call: LiveCall): IdentState | null {
    if (!call.callerE164 && !call.vars.DL_DONOR_ID && call.dialDonorId === null) return null;
    const input = this.inputOf(call);
    const key = identificationKey(input);
    const cur = this.idents.get(call.callId);
    if (cur && cur.key === key) return cur;
    const st: IdentState = { key, value: null, promise: this.o.identifier.identify(input) };
    this.idents.set(call.callId, st);
    void st.promise.then((v) => {
      if (this.idents.get(call.callId) !== st) return;
      st.value = v;
      this.o.onIdentified?.(call.callId, v);
      this.refresh(call, st);
    });
    return st;
  }

  /** A pop already shown with an older identification gets the newer one (same popId: the desk refreshes the card). */
  private refresh(call: LiveCall, st: IdentState): void {
    const byExt = this.delivered.get(call.callId);
    if (!byExt || !st.value) return;
    for (const d of byExt.values()) {
      if (d.identKey === st.key) continue;
      if ((d.lastUpdate?.state ?? d.pop.state) === 'ended') continue;
      d.identKey = st.key;
      d.pop = { ...d.pop, match: st.value.match, donors: st.value.donors, greenChannel: st.value.donors[0]?.greenChannel ?? false, ivr: ivrFindingsOf(call.vars) };
      this.o.sink.showPop(d.userId, d.pop, performance.timeOrigin + performance.now());
      if (d.lastUpdate) this.o.sink.updateCall(d.userId, d.lastUpdate);
    }
  }

  private deliver(call: LiveCall, ext: string, at: number): void {
    const userId = this.o.seats.userAtExtension(ext);
    if (userId === null) {
      this.popsSkippedNoSeat++;
      this.log.debug({ callId: call.callId, ext }, 'ringing extension has no seated agent: no pop');
      return;
    }
    const st = this.prefetch(call);
    if (!st) return this.send(call, ext, userId, at, { ...UNKNOWN, failed: false }, '');
    if (st.value) return this.send(call, ext, userId, at, st.value, st.key);
    const via = `${this.via}+lookup`;
    // the lookup is still running: wait for it, but never longer than identifyWaitMs
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      this.popsIdentifyTimedOut++;
      this.send(call, ext, userId, at, UNKNOWN, '');
    }, this.o.identifyWaitMs ?? 1500);
    const waitFrom = performance.now();
    this.popsWaitedForLookup++;
    void st.promise.then((v) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.longestLookupWaitMs = Math.max(this.longestLookupWaitMs, performance.now() - waitFrom);
      const prev = this.via;
      this.via = via;
      this.send(call, ext, userId, at, v, st.key);
      this.via = prev;
    });
  }

  private send(call: LiveCall, ext: string, userId: number, at: number, ident: Identification, identKey: string): void {
    if (!call.legs.get(ext) || this.o.seats.userAtExtension(ext) !== userId) return;
    // a ring that was over before the cards were ready (another agent answered, the caller hung up) still gets its
    // pop — the phone did ring — immediately followed by the update that it ended (a missed call on the desk)
    const popId = popIdOf(call.callId, userId);
    const pop = buildPop(call, ext, popId, ident);
    let byExt = this.delivered.get(call.callId);
    if (!byExt) this.delivered.set(call.callId, (byExt = new Map()));
    byExt.set(ext, { userId, ext, popId, pop, lastUpdate: null, identKey });
    this.o.sink.showPop(userId, pop, at);
    this.popsSent++;
    const ms = performance.timeOrigin + performance.now() - at;
    this.o.onPopSent?.(ms);
    if (ms > 100 && this.slowPops.length < 50) this.slowPops.push({ ms: Math.round(ms), via: this.via, state: pop.state });
    if (pop.state !== 'ringing') this.updateAll(call, at);
    if (call.state === 'ended') this.forgetIfEnded(call);
  }

  private forgetIfEnded(call: LiveCall): void {
    this.delivered.delete(call.callId);
    this.idents.delete(call.callId);
  }

  private updateAll(call: LiveCall, at: number): void {
    const byExt = this.delivered.get(call.callId);
    if (!byExt) return;
    const recordingId = this.o.recordingIdOf?.(call.callId) ?? null;
    for (const d of byExt.values()) {
      const u = buildUpdate(call, d.ext, d.popId, at, recordingId);
      const prev = d.lastUpdate;
      // an ended ring stays ended — except that a ring first reported missed may turn out answered by a colleague
      if (prev && prev.state === 'ended' && !(prev.missed && u.answeredElsewhere)) continue;
      if (prev && sameUpdate(prev, u)) continue;
      if (!prev && u.state === d.pop.state && u.state === 'ringing') continue;
      d.lastUpdate = u;
      this.o.sink.updateCall(d.userId, u);
    }
  }
}

function sameUpdate(a: CallUpdate, b: CallUpdate): boolean {
  return (
    a.state === b.state && a.answeredAt === b.answeredAt && a.answeredElsewhere === b.answeredElsewhere && a.heldSince === b.heldSince && a.holdSeconds === b.holdSeconds &&
    a.transferTarget === b.transferTarget && a.recording?.active === b.recording?.active && a.recording?.paused === b.recording?.paused &&
    a.recording?.id === b.recording?.id
  );
}
