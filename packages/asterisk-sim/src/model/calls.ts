import { STATE, type Channel } from './channel.js';
import { receiveDtmf } from './stasis.js';
import type { SimServices } from './services.js';

/** One scripted DTMF step of a simulated caller. */
export interface DtmfStep {
  digits: string;
  /**
   * When to press: `idle` (default) waits until the IVR has played something and stopped talking (no
   * playback running); `prompt` waits for the N-th prompt on the call to start (barge-in); `immediate`
   * presses `afterMs` after the previous step. A prompt is one playback — one ARI `play` — however many
   * sounds its `media` list has: `play?media=sound:a,sound:b` is one prompt, finished when both have played.
   */
  when?: 'idle' | 'prompt' | 'immediate';
  prompt?: number;
  afterMs?: number;
  gapMs?: number;
}

export interface PlaceCallOptions {
  from: string;
  callerName?: string;
  to: string;
  /** `"1,2"` (one step per comma group) or explicit steps. */
  dtmf?: string | DtmfStep[];
  /** The caller hangs up this long after the call starts (simulated ms). */
  hangupAfterMs?: number;
  /** The caller hangs up this long after being connected to an agent or donor. */
  talkMs?: number;
  /** How long the caller speaks when the IVR records a message (default 3000). */
  speakMs?: number;
  language?: string;
  /** Extra channel variables set on the caller channel before it enters the dialplan. */
  variables?: Record<string, string>;
}

export interface PlacedCall {
  callId: string;
  linkedid: string;
  uniqueid: string;
  channel: string;
}

export interface CallState {
  callId: string;
  from: string;
  callerName: string;
  to: string;
  startedAt: number;
  channel: string;
  state: string;
  stasisApp: string | undefined;
  context: string;
  exten: string;
  application: string;
  bridgedWith: string[];
  channels: string[];
}

interface CallRecord {
  callId: string;
  caller: Channel;
  opts: PlaceCallOptions;
  startedAt: number;
  /** Playbacks started on the caller's channel so far (the prompts). */
  prompts: number;
  /** Playbacks running now, by id (a playback of several sounds starts each sound but finishes once). */
  playing: Set<string>;
  lastIdleAt: number;
  stepIndex: number;
  ended: boolean;
  armed: boolean;
}

export class CallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Inbound calls from the carrier, as a SIP call arrives: one `PJSIP/carrier-XXXXXXXX` channel with the
 * donor's caller ID, entering the dialplan at `from-carrier,<dialled number>,1`. The simulated caller
 * presses DTMF, talks and hangs up on script or on request.
 */
export class CallService {
  readonly calls = new Map<string, CallRecord>();
  private sim!: SimServices;
  private inboundContext = 'from-carrier';

  attach(sim: SimServices, inboundContext: string): void {
    this.sim = sim;
    this.inboundContext = inboundContext;
    sim.engine.addSink((ev) => {
      if (ev.t !== 'Playback') return;
      const rec = this.byChannelUri(ev.playback.targetUri);
      if (!rec) return;
      const id = ev.playback.id;
      if (ev.state === 'playing') {
        if (rec.playing.has(id)) return; // the next sound of the same playback
        rec.playing.add(id);
        rec.prompts++;
        this.onPromptStart(rec);
      } else if (ev.state === 'done' || ev.state === 'failed') {
        if (!rec.playing.delete(id)) return; // e.g. a queued playback cancelled before it started
        if (rec.playing.size === 0) {
          rec.lastIdleAt = sim.engine.now();
          this.onIdle(rec);
        }
      }
    });
  }

  private byChannelUri(uri: string): CallRecord | undefined {
    if (!uri.startsWith('channel:')) return undefined;
    const ch = this.sim.engine.byUniqueid.get(uri.slice(8));
    return ch?.callId ? this.calls.get(ch.callId) : undefined;
  }

  /** Place an inbound call from `from` (with `callerName`) to the dialled number `to`. */
  placeCall(opts: PlaceCallOptions): PlacedCall {
    const sim = this.sim;
    const engine = sim.engine;
    if (!opts.from || !/^[+\d*#]{1,32}$/.test(opts.from)) throw new CallError(400, `"from" must be a phone number (digits), got ${JSON.stringify(opts.from)}`);
    if (!opts.to || !/^[\w*#+-]{1,32}$/.test(opts.to)) throw new CallError(400, `"to" must be a dialled number, got ${JSON.stringify(opts.to)}`);
    const context = this.inboundContext;
    if (!engine.config.dialplan.find(context, opts.to)) throw new CallError(404, `no route for ${opts.to} in context ${context}`);
    const ch = engine.createChannel({
      tech: 'PJSIP',
      resource: 'carrier',
      state: STATE.Ring,
      context,
      exten: opts.to,
      callerNum: opts.from,
      callerName: opts.callerName ?? '',
      language: opts.language ?? 'en',
    });
    ch.dnid = opts.to;
    ch.callId = ch.uniqueid;
    ch.deviceKey = 'caller';
    if (opts.speakMs !== undefined) ch.setData('speakMs', opts.speakMs);
    engine.processedCalls++;
    const rec: CallRecord = { callId: ch.uniqueid, caller: ch, opts, startedAt: engine.now(), prompts: 0, playing: new Set(), lastIdleAt: 0, stepIndex: 0, ended: false, armed: false };
    this.calls.set(rec.callId, rec);
    engine.onGone(ch, () => {
      rec.ended = true;
      this.calls.delete(rec.callId);
      sim.observer.emit('call:ended', { callId: rec.callId, cause: ch.hangupCause });
    });
    for (const [k, v] of Object.entries(opts.variables ?? {})) engine.setVar(ch, k, v);
    if (opts.hangupAfterMs !== undefined) engine.channelTimer(ch, opts.hangupAfterMs, () => engine.requestHangup(ch, 16, 'hard'));
    if (opts.talkMs !== undefined) {
      const talkMs = opts.talkMs;
      // the caller hangs up talkMs after first being bridged with someone (agent or donor)
      ch.setData('onBridged', () => {
        ch.setData('onBridged', undefined);
        engine.channelTimer(ch, talkMs, () => engine.requestHangup(ch, 16, 'hard'));
      });
    }
    sim.observer.emit('call:created', { callId: rec.callId, channel: ch.name, from: opts.from, to: opts.to });
    sim.runPbx(ch, context, opts.to, 1);
    this.scheduleNextStep(rec);
    return { callId: rec.callId, linkedid: ch.linkedid, uniqueid: ch.uniqueid, channel: ch.name };
  }

  find(idOrChannel: string): CallRecord | undefined {
    const direct = this.calls.get(idOrChannel);
    if (direct) return direct;
    const ch = this.sim.engine.findChannel(idOrChannel);
    return ch?.callId ? this.calls.get(ch.callId) : undefined;
  }

  private steps(rec: CallRecord): DtmfStep[] {
    const d = rec.opts.dtmf;
    if (!d) return [];
    if (typeof d === 'string') return d.split(',').filter(Boolean).map((digits) => ({ digits }));
    return d;
  }

  private whenOf(step: DtmfStep): 'idle' | 'prompt' | 'immediate' {
    return step.when ?? (step.prompt !== undefined ? 'prompt' : 'idle');
  }

  private scheduleNextStep(rec: CallRecord): void {
    const step = this.steps(rec)[rec.stepIndex];
    if (!step || rec.ended) return;
    const when = this.whenOf(step);
    if (when === 'immediate') this.armStep(rec, step, false);
    else if (when === 'idle' && rec.prompts > 0 && rec.playing.size === 0) this.armStep(rec, step, true);
    else if (when === 'prompt' && rec.prompts >= (step.prompt ?? 1)) this.armStep(rec, step, false);
  }

  private onPromptStart(rec: CallRecord): void {
    const step = this.steps(rec)[rec.stepIndex];
    if (step && this.whenOf(step) === 'prompt' && rec.prompts >= (step.prompt ?? 1)) this.armStep(rec, step, false);
  }

  private onIdle(rec: CallRecord): void {
    const step = this.steps(rec)[rec.stepIndex];
    if (step && this.whenOf(step) === 'idle') this.armStep(rec, step, true);
  }

  /** Press the step's digits after `afterMs`; an idle step gives way if the IVR talks again meanwhile. */
  private armStep(rec: CallRecord, step: DtmfStep, idle: boolean): void {
    if (rec.armed) return;
    rec.armed = true;
    const engine = this.sim.engine;
    const ch = rec.caller;
    engine.channelTimer(ch, step.afterMs ?? 500, () => {
      rec.armed = false;
      if (idle && rec.playing.size > 0) return;
      rec.stepIndex++;
      const gap = step.gapMs ?? 250;
      let at = 0;
      for (const d of step.digits.toUpperCase()) {
        engine.channelTimer(ch, at, () => receiveDtmf(this.sim, ch, d, 120));
        at += gap;
      }
      engine.channelTimer(ch, at, () => this.scheduleNextStep(rec));
    });
  }

  /** Press digits now as the caller. */
  sendDtmf(idOrChannel: string, digits: string, gapMs = 250): void {
    const rec = this.find(idOrChannel);
    const ch = rec?.caller ?? this.sim.engine.findChannel(idOrChannel);
    if (!ch || ch.hungUp) throw new CallError(404, `no active call or channel ${idOrChannel}`);
    if (!/^[0-9*#A-Da-d]+$/.test(digits)) throw new CallError(400, `"digits" must contain only 0-9 * # A-D, got ${JSON.stringify(digits)}`);
    let at = 0;
    for (const d of digits.toUpperCase()) {
      this.sim.engine.channelTimer(ch, at, () => receiveDtmf(this.sim, ch, d, 120));
      at += gapMs;
    }
  }

  /** The caller hangs up (BYE from the carrier). */
  hangup(idOrChannel: string): void {
    const rec = this.find(idOrChannel);
    const ch = rec?.caller ?? this.sim.engine.findChannel(idOrChannel);
    if (!ch || ch.hungUp) throw new CallError(404, `no active call or channel ${idOrChannel}`);
    this.sim.engine.requestHangup(ch, 16, 'hard');
  }

  /** One call's state; `channels` lists the live channels sharing its Linkedid (pass a prebuilt index for many). */
  state(rec: CallRecord, byLinkedid?: Map<string, string[]>): CallState {
    const ch = rec.caller;
    const channels = byLinkedid ? (byLinkedid.get(ch.linkedid) ?? []) : [...this.sim.engine.channels.values()].filter((c) => c.linkedid === ch.linkedid).map((c) => c.name);
    return {
      callId: rec.callId,
      from: rec.opts.from,
      callerName: rec.opts.callerName ?? '',
      to: rec.opts.to,
      startedAt: rec.startedAt,
      channel: ch.name,
      state: ch.stateDesc,
      stasisApp: ch.stasisApp,
      context: ch.context,
      exten: ch.exten,
      application: ch.app,
      bridgedWith: ch.bridge ? ch.bridge.channels.filter((c) => c !== ch).map((c) => c.name) : [],
      channels,
    };
  }

  /** Every call's state: one pass over the channels, not one per call (2,000 calls × 2,500 channels stalled the loop). */
  list(): CallState[] {
    const byLinkedid = new Map<string, string[]>();
    for (const c of this.sim.engine.channels.values()) {
      const names = byLinkedid.get(c.linkedid);
      if (names) names.push(c.name);
      else byLinkedid.set(c.linkedid, [c.name]);
    }
    const out: CallState[] = [];
    for (const r of this.calls.values()) out.push(this.state(r, byLinkedid));
    return out;
  }

  reset(): void {
    this.calls.clear();
  }
}
