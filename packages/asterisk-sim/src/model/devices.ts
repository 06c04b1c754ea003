import type { TimerHandle } from '../core/scheduler.js';
import { STATE, type Channel } from './channel.js';
import type { Engine } from './engine.js';
import type { DeviceStateName } from './queue.js';
import type { SimServices } from './services.js';

/** A simulated agent phone registered as PJSIP/<ext>. */
export interface AgentPhone {
  readonly ext: string;
  registered: boolean;
  /** Answer incoming calls automatically after this many (simulated) ms; null rings until told. */
  autoAnswerMs: number | null;
  /** Hang up automatically this long after answering (load tests); null talks until told. */
  talkMs: number | null;
  /** Reject every call (busy) instead of ringing. */
  dnd: boolean;
  /** Channels currently on this phone (ringing or connected). */
  readonly channels: Set<Channel>;
  onHold: boolean;
  /** Acts on SIP NOTIFY talk/hold from the PBX (remote control enabled on the phone); default true. */
  remoteControl: boolean;
}

/** How simulated donors reached through the carrier behave when an agent calls them. */
export interface DonorBehaviour {
  /**
   * answer (after answerAfterMs), busy (486 → cause 17), no-answer (rings until the dialler gives up → 19 on its
   * side), reject (rings, then the donor declines: 603 → cause 21), wrong-number (404 at once → cause 1, unallocated),
   * unavailable (no channel at all).
   */
  behaviour: 'answer' | 'busy' | 'no-answer' | 'reject' | 'wrong-number' | 'unavailable';
  answerAfterMs: number;
  talkMs: number;
}

export interface DeviceConfig {
  agentExtensions: string[];
  autoAnswerMs: number | null;
  donors: DonorBehaviour;
}

/**
 * The phones around the simulated PBX: agent desk phones (`PJSIP/8001` …) and the donors' phones behind
 * the carrier trunk. They ring, answer, reject, talk and hang up as told (control API) or on timers.
 */
export class DeviceService {
  readonly phones = new Map<string, AgentPhone>();
  donorDefaults: DonorBehaviour;
  /**
   * Whether the carrier trunk answers (qualify OPTIONS). Unreachable, as on a real Asterisk: `PJSIP/carrier` is
   * UNAVAILABLE and a Dial through it fails at once (CHANUNAVAIL) — click-to-dial rings the agent, then fails.
   */
  carrierReachable = true;
  /** Phones registered before a restart, not yet qualified again (UNAVAILABLE until then). */
  private readonly unqualified = new Set<string>();
  readonly donorOverrides = new Map<string, Partial<DonorBehaviour>>();
  private sim!: SimServices;

  constructor(cfg: DeviceConfig) {
    this.donorDefaults = { ...cfg.donors };
    for (const ext of cfg.agentExtensions) {
      this.phones.set(ext, { ext, registered: true, autoAnswerMs: cfg.autoAnswerMs, talkMs: null, dnd: false, channels: new Set(), onHold: false, remoteControl: true });
    }
  }

  attach(sim: SimServices): void {
    this.sim = sim;
    sim.engine.deviceStateProviders.push((device) => this.stateOf(device));
  }

  private get engine(): Engine {
    return this.sim.engine;
  }

  phone(ext: string): AgentPhone | undefined {
    return this.phones.get(ext);
  }

  stateOf(device: string): DeviceStateName | undefined {
    const m = /^PJSIP\/(\w+)$/.exec(device);
    if (!m) return undefined;
    if (m[1] === 'carrier') return this.carrierReachable ? undefined : 'UNAVAILABLE';
    const p = this.phones.get(m[1]!);
    if (!p) return undefined;
    if (!p.registered) return 'UNAVAILABLE';
    let ringing = false;
    let inuse = false;
    for (const ch of p.channels) {
      if (ch.hungUp) continue;
      if (ch.state === STATE.Up) inuse = true;
      else ringing = true;
    }
    if (p.onHold && inuse) return 'ONHOLD';
    if (ringing && inuse) return 'RINGINUSE';
    if (ringing) return 'RINGING';
    if (inuse) return 'INUSE';
    return 'NOT_INUSE';
  }

  donorBehaviour(number: string): DonorBehaviour {
    return { ...this.donorDefaults, ...(this.donorOverrides.get(number) ?? {}) };
  }

  /**
   * A channel to one of our simulated endpoints has been "called" (the INVITE went out). The phone
   * rings and then answers, rejects or keeps ringing. Returns false if the endpoint cannot take calls.
   */
  call(ch: Channel): boolean {
    const key = ch.deviceKey;
    if (!key) return false;
    if (key.startsWith('agent:')) return this.callAgent(ch, key.slice(6));
    if (key.startsWith('donor:')) return this.callDonor(ch, key.slice(6));
    return false;
  }

  private callAgent(ch: Channel, ext: string): boolean {
    const p = this.phones.get(ext);
    if (!p || !p.registered) return false;
    const busy = [...p.channels].some((c) => !c.hungUp);
    p.channels.add(ch);
    const cleanup = (): void => {
      p.channels.delete(ch);
      if (p.channels.size === 0) p.onHold = false;
    };
    this.engine.onGone(ch, cleanup);
    if (p.dnd || busy) {
      this.engine.channelTimer(ch, 20, () => this.engine.indicate(ch, 'busy'));
      return true;
    }
    this.engine.channelTimer(ch, 20, () => {
      this.engine.indicate(ch, 'ringing');
      this.sim.observer.emit('device:ringing', {
        ext,
        channel: ch.name,
        uniqueid: ch.uniqueid,
        linkedid: ch.linkedid,
        callerNum: ch.connNum || ch.callerNum,
        callerName: ch.connName || ch.callerName,
      });
      if (p.autoAnswerMs !== null) this.engine.channelTimer(ch, p.autoAnswerMs, () => this.answer(ext, ch));
    });
    return true;
  }

  private callDonor(ch: Channel, number: string): boolean {
    if (!this.carrierReachable) return false;
    const b = this.donorBehaviour(number);
    if (b.behaviour === 'unavailable') return false;
    this.engine.channelTimer(ch, 50, () => {
      if (b.behaviour === 'busy') {
        this.engine.indicate(ch, 'busy');
        return;
      }
      if (b.behaviour === 'wrong-number') {
        ch.hangupCause = 1; // 404 from the carrier: unallocated number
        this.engine.indicate(ch, 'hangup');
        return;
      }
      this.engine.indicate(ch, 'ringing');
      if (b.behaviour === 'no-answer') return;
      if (b.behaviour === 'reject') {
        this.engine.channelTimer(ch, b.answerAfterMs, () => {
          this.sim.observer.emit('donor:rejected', { number, channel: ch.name, linkedid: ch.linkedid });
          ch.hangupCause = 21; // 603 Decline: call rejected
          this.engine.indicate(ch, 'hangup');
        });
        return;
      }
      this.engine.channelTimer(ch, b.answerAfterMs, () => {
        this.engine.indicate(ch, 'answer');
        this.sim.observer.emit('donor:answered', { number, channel: ch.name, linkedid: ch.linkedid });
        this.engine.channelTimer(ch, b.talkMs, () => this.engine.requestHangup(ch, 16, 'hard'));
      });
    });
    return true;
  }

  /** The ringing channel(s) of a phone, oldest first. */
  ringingOf(ext: string): Channel[] {
    const p = this.phones.get(ext);
    return p ? [...p.channels].filter((c) => !c.hungUp && c.state !== STATE.Up) : [];
  }

  activeOf(ext: string): Channel | undefined {
    const p = this.phones.get(ext);
    return p ? [...p.channels].find((c) => !c.hungUp && c.state === STATE.Up) : undefined;
  }

  /** Pick up: answers the given (or the oldest) ringing call. */
  answer(ext: string, which?: Channel): Channel | undefined {
    const p = this.phones.get(ext);
    const ch = which ?? this.ringingOf(ext)[0];
    if (!p || !ch || ch.hungUp || ch.state === STATE.Up) return undefined;
    this.engine.indicate(ch, 'answer');
    this.sim.observer.emit('device:answered', { ext, channel: ch.name, linkedid: ch.linkedid });
    if (p.talkMs !== null) this.scheduleTalkEnd(ch, p.talkMs);
    return ch;
  }

  private scheduleTalkEnd(ch: Channel, ms: number): TimerHandle {
    return this.engine.channelTimer(ch, ms, () => this.engine.requestHangup(ch, 16, 'hard'));
  }

  /** Decline the ringing call (486 Busy Here → the dialler sees BUSY). */
  reject(ext: string): Channel | undefined {
    const ch = this.ringingOf(ext)[0];
    if (!ch) return undefined;
    this.engine.indicate(ch, 'busy');
    this.sim.observer.emit('device:rejected', { ext, channel: ch.name, linkedid: ch.linkedid });
    return ch;
  }

  /** Hang up whatever the phone is doing (BYE, or CANCEL of an outgoing call). */
  hangup(ext: string): Channel | undefined {
    const p = this.phones.get(ext);
    if (!p) return undefined;
    const ch = this.activeOf(ext) ?? [...p.channels].find((c) => !c.hungUp);
    if (!ch) return undefined;
    this.engine.requestHangup(ch, 16, 'hard');
    return ch;
  }

  /** Press hold on the phone: Asterisk raises Hold on its channel and plays MOH to the other party. */
  hold(ext: string, on: boolean): Channel | undefined {
    const p = this.phones.get(ext);
    const ch = this.activeOf(ext);
    if (!p || !ch || p.onHold === on) return ch && p?.onHold === on ? ch : undefined;
    p.onHold = on;
    this.sim.media.holdIndication(ch, on);
    this.engine.updateDeviceState(`PJSIP/${ext}`);
    return ch;
  }

  /** A new call from an agent phone (agent dials out from the handset). */
  registerChannel(ext: string, ch: Channel): void {
    const p = this.phones.get(ext);
    if (!p) return;
    p.channels.add(ch);
    this.engine.onGone(ch, () => p.channels.delete(ch));
  }

  setCarrierReachable(on: boolean): void {
    if (this.carrierReachable === on) return;
    this.carrierReachable = on;
    this.engine.updateDeviceState('PJSIP/carrier');
  }

  /**
   * `core restart`: Asterisk reloads the phones' contacts but does not trust them until a qualify (OPTIONS every
   * qualify_frequency = 30 s) answers — meanwhile the phone is UNAVAILABLE and the queue does not ring it.
   */
  reset(): void {
    for (const p of this.phones.values()) {
      p.channels.clear();
      p.onHold = false;
      if (p.registered) {
        p.registered = false;
        this.unqualified.add(p.ext);
      }
    }
  }

  /** After a restart: each phone that was registered is qualified again at a random moment within `withinMs`. */
  requalify(withinMs: number, random: () => number = Math.random): void {
    for (const ext of this.unqualified) {
      this.sim.scheduler.after(Math.max(0, random() * withinMs), () => {
        const p = this.phones.get(ext);
        if (!p || !this.unqualified.delete(ext)) return;
        p.registered = true;
        this.engine.updateDeviceState(`PJSIP/${ext}`);
        this.sim.observer.emit('device:qualified', { ext });
      });
    }
  }

  /** Phones that lost their qualification in a restart and have not got it back yet. */
  unqualifiedPhones(): string[] {
    return [...this.unqualified];
  }

  /** A phone the control API (un)registers is no longer waiting for a qualify. */
  forgetQualify(ext: string): void {
    this.unqualified.delete(ext);
  }
}
