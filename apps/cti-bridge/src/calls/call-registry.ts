import type { PhoneOptions } from '@donorline/domain';
import { silentLogger, type Logger } from '../logger.js';
import type { CallEvent, ResyncedEvent } from '../pbx/pbx-events.js';
import { applyCallEvent, ended, type CallChange } from './call-state.js';
import { DIAL_VAR, type DialBook } from './dial-book.js';
import { newLiveCall, setCaller, type LiveCall } from './live-call.js';

export type CallListener = (call: LiveCall, change: CallChange) => void;

/**
 * The one registry of live calls, keyed by callId (Asterisk's Linkedid). A call enters on its first event and leaves
 * in the same turn as its `ended` change is dispatched — never lazily. After a resync, calls Asterisk no longer has
 * are ended at once (hangup cause "orphaned").
 */
export class CallRegistry {
  private readonly calls = new Map<string, LiveCall>();
  private readonly listeners: CallListener[] = [];
  private readonly log: Logger;

  constructor(private readonly opts: { phone: PhoneOptions; dials?: DialBook; logger?: Logger }) {
    this.log = opts.logger ?? silentLogger;
  }

  onChange(l: CallListener): () => void {
    this.listeners.push(l);
    return () => {
      const i = this.listeners.indexOf(l);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  get size(): number {
    return this.calls.size;
  }

  get(callId: string): LiveCall | undefined {
    return this.calls.get(callId);
  }

  all(): IterableIterator<LiveCall> {
    return this.calls.values();
  }

  /** The live calls an agent extension is part of now (ringing, talking, holding). */
  callsOfAgent(ext: string): LiveCall[] {
    const out: LiveCall[] = [];
    for (const c of this.calls.values()) {
      const l = c.legs.get(ext);
      if (l && l.endedAt === null && (l.ringingAt !== null || l.answeredAt !== null)) out.push(c);
    }
    return out;
  }

  apply(ev: CallEvent | ResyncedEvent): void {
    if (ev.type === 'pbx.resynced') return this.endMissing(new Set(ev.callIds), ev.at);
    let call = this.calls.get(ev.callId);
    if (!call) {
      if (ev.type !== 'call.started' && ev.type !== 'call.snapshot') return;
      call = newLiveCall(ev.callId, ev.type === 'call.snapshot' ? ev.startedAt : ev.at, ev.direction === 'inbound' ? 'inbound' : ev.direction);
      this.calls.set(ev.callId, call);
    }
    const changes = applyCallEvent(call, ev, this.opts.phone);
    if (ev.type === 'call.vars' && ev.vars[DIAL_VAR]) changes.push(...this.linkDial(call, ev.vars[DIAL_VAR], ev.at));
    this.dispatch(call, changes);
  }

  /** Ends a call now (the link is gone for good, or a resync did not find it). */
  endCall(callId: string, at: number, cause: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    this.dispatch(call, ended(call, at, 'unknown', cause));
  }

  private endMissing(alive: ReadonlySet<string>, at: number): void {
    for (const id of [...this.calls.keys()]) if (!alive.has(id)) this.endCall(id, at, 'orphaned');
  }

  private linkDial(call: LiveCall, token: string, at: number): CallChange[] {
    const d = this.opts.dials?.take(token);
    if (!d) return [];
    call.dialDonorId = d.donorId;
    call.originator ??= d.ext;
    d.resolve(call.callId);
    // the number the agent asked for; the translator may learn it again from the trunk leg
    const caller = applyCallEvent(call, { type: 'call.caller', callId: call.callId, at, caller: { number: d.number, name: null } }, this.opts.phone);
    if (caller.length === 0 && setCaller(call, d.number, null, this.opts.phone)) return [{ kind: 'caller', at }];
    return caller;
  }

  private dispatch(call: LiveCall, changes: CallChange[]): void {
    for (const ch of changes) {
      for (const l of this.listeners) {
        try {
          l(call, ch);
        } catch (e) {
          this.log.error({ err: e, callId: call.callId, change: ch.kind }, 'call listener failed');
        }
      }
    }
    if (call.state === 'ended') this.calls.delete(call.callId);
  }
}
