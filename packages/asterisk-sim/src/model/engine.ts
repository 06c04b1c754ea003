import { IdSource, uuid } from '../core/ids.js';
import type { SimLogger } from '../core/logger.js';
import type { Scheduler, TimerHandle } from '../core/scheduler.js';
import { Bridge } from './bridge.js';
import { cdrFields } from './cdr.js';
import { Channel, STATE } from './channel.js';
import type { Dialplan } from './dialplan.js';
import type { SimEvent } from './events.js';
import { DEVICE_STATUS, type DeviceStateName, type QueueDef } from './queue.js';

export type EventSink = (ev: SimEvent) => void;

/** What a dialled channel reports back to whoever dialled it. */
export type Indication = 'ringing' | 'progress' | 'answer' | 'busy' | 'congestion' | 'hangup';

export interface EngineConfig {
  dialplan: Dialplan;
  queues: QueueDef[];
  persistentMembers: boolean;
  features: Map<string, string>;
  mohClasses: string[];
  logger: SimLogger;
}

/**
 * The telephony core: channels, bridges, device states and the event stream. Dialplan applications,
 * queues, Stasis and the AMI/ARI servers are built on the primitives here.
 */
export class Engine {
  readonly channels = new Map<string, Channel>();
  readonly byUniqueid = new Map<string, Channel>();
  readonly bridges = new Map<string, Bridge>();
  readonly ids: IdSource;
  private readonly sinks: EventSink[] = [];
  private readonly deviceStates = new Map<string, DeviceStateName>();
  /** Devices whose state is computed by someone else (simulated phones); see devices.ts. */
  readonly deviceStateProviders: Array<(device: string) => DeviceStateName | undefined> = [];
  queues = new Map<string, QueueDef>();
  startedAtMs: number;
  reloadedAtMs: number;
  processedCalls = 0;
  globals = new Map<string, string>();
  private readonly indicationWatchers = new Map<Channel, (ind: Indication) => void>();

  constructor(
    readonly scheduler: Scheduler,
    public config: EngineConfig,
  ) {
    this.ids = new IdSource(() => this.now() / 1000);
    this.startedAtMs = this.now();
    this.reloadedAtMs = this.startedAtMs;
    this.applyConfig(config);
  }

  get log(): SimLogger {
    return this.config.logger;
  }

  /** Simulated wall clock (epoch ms). */
  now(): number {
    return this.scheduler.simEpochMs();
  }

  applyConfig(config: EngineConfig): void {
    this.config = config;
    this.globals = new Map(config.dialplan.globals);
    this.queues = new Map(config.queues.map((q) => [q.name, q]));
  }

  addSink(sink: EventSink): () => void {
    this.sinks.push(sink);
    return () => {
      const i = this.sinks.indexOf(sink);
      if (i >= 0) this.sinks.splice(i, 1);
    };
  }

  /** Set while the PBX is down (restart, stop): nothing reaches AMI/ARI. */
  halted = false;

  emit(ev: SimEvent): void {
    if (this.halted) return;
    if (ev.t === 'DialBegin') ev.dest.setData('dialString', ev.dialString);
    for (const s of this.sinks) {
      try {
        s(ev);
      } catch (err) {
        this.log.error(`event sink failed on ${ev.t}`, err);
      }
    }
  }

  // --- channel creation ----------------------------------------------------------------------------------

  /** Live channels per device (`PJSIP/carrier`, `Local/4000@inbound`), for device state. */
  private readonly byDevice = new Map<string, Set<Channel>>();

  private register(ch: Channel): Channel {
    this.channels.set(ch.name, ch);
    this.byUniqueid.set(ch.uniqueid, ch);
    const device = ch.deviceName;
    const set = this.byDevice.get(device);
    if (set) set.add(ch);
    else this.byDevice.set(device, new Set([ch]));
    this.emit({ t: 'Newchannel', ch });
    return ch;
  }

  /** A single (non-Local) channel, e.g. `PJSIP/carrier-00000003`. */
  createChannel(opts: {
    tech: string;
    resource: string;
    state: number;
    context: string;
    exten: string;
    linkedid?: string;
    uniqueid?: string;
    callerNum?: string;
    callerName?: string;
    language?: string;
  }): Channel {
    const uniqueid = opts.uniqueid ?? this.ids.nextUniqueid();
    const name = `${opts.tech}/${opts.resource}-${this.ids.nextChannelSuffix(opts.tech)}`;
    const ch = new Channel(name, uniqueid, opts.linkedid ?? uniqueid, opts.tech, opts.state, opts.context, opts.exten, this.now());
    if (opts.callerNum) ch.callerNum = opts.callerNum;
    if (opts.callerName) ch.callerName = opts.callerName;
    if (opts.language) ch.language = opts.language;
    return this.register(ch);
  }

  /** A Local channel pair `Local/exten@context-XXXXXXXX;1/;2`. ;1 starts Down, ;2 starts Ring. */
  createLocalPair(exten: string, context: string, linkedid?: string, ids?: { one?: string; two?: string }): [Channel, Channel] {
    const suffix = this.ids.nextChannelSuffix('Local');
    const base = `Local/${exten}@${context}-${suffix}`;
    const u1 = ids?.one ?? this.ids.nextUniqueid();
    const one = new Channel(`${base};1`, u1, linkedid ?? u1, 'Local', STATE.Down, context, exten, this.now());
    this.register(one);
    const u2 = ids?.two ?? this.ids.nextUniqueid();
    const two = new Channel(`${base};2`, u2, one.linkedid, 'Local', STATE.Ring, context, exten, this.now());
    this.register(two);
    one.localPeer = two;
    two.localPeer = one;
    return [one, two];
  }

  findChannel(nameOrId: string): Channel | undefined {
    return this.channels.get(nameOrId) ?? this.byUniqueid.get(nameOrId);
  }

  // --- snapshot changes ---------------------------------------------------------------------------------

  setState(ch: Channel, state: number): void {
    if (ch.state === state || ch.hungUp) return;
    ch.state = state;
    if (state === STATE.Up && !ch.answeredAt) ch.answeredAt = this.now();
    ch.touch();
    this.emit({ t: 'Newstate', ch });
    this.updateDeviceState(ch.deviceName);
  }

  setCallerId(ch: Channel, num: string, name: string): void {
    ch.callerNum = num;
    ch.callerName = name;
    ch.touch();
    this.emit({ t: 'NewCallerid', ch });
  }

  setConnectedLine(ch: Channel, num: string, name: string): void {
    ch.connNum = num;
    ch.connName = name;
    ch.touch();
    this.emit({ t: 'NewConnectedLine', ch });
  }

  /** Set a channel variable and emit VarSet (with the name as written, e.g. `__AGENT_TALK`). */
  setVar(ch: Channel, written: string, value: string, emit = true): void {
    ch.storeVar(written, value);
    if (emit) this.emit({ t: 'VarSet', ch, name: written, value });
  }

  /** A change of dialplan location/application (AMI Newexten, ARI ChannelDialplan). */
  newexten(ch: Channel, app: string, data: string, loc?: { context: string; exten: string; priority: number }): void {
    if (loc) {
      ch.context = loc.context;
      ch.exten = loc.exten;
      ch.priority = loc.priority;
    }
    ch.app = app;
    ch.appData = data;
    ch.touch();
    this.emit({ t: 'Newexten', ch });
  }

  // --- indications (ringing/answer/busy) from a dialled channel to its dialler -------------------------

  watchIndications(ch: Channel, fn: ((ind: Indication) => void) | undefined): void {
    if (fn) this.indicationWatchers.set(ch, fn);
    else this.indicationWatchers.delete(ch);
  }

  /** The far end of `ch` signalled something (a phone started ringing, answered, was busy...). */
  indicate(ch: Channel, ind: Indication): void {
    if (ch.hungUp) return;
    if (ind === 'ringing' && ch.state !== STATE.Up) this.setState(ch, STATE.Ringing);
    if (ind === 'answer') this.setState(ch, STATE.Up);
    this.indicationWatchers.get(ch)?.(ind);
  }

  /** Answer a channel (Answer app, ARI answer). For a Local ;2 this answers the ;1 side too. */
  answer(ch: Channel): void {
    if (ch.state === STATE.Up || ch.hungUp) return;
    this.setState(ch, STATE.Up);
    const peer = ch.localPeer;
    if (peer && !peer.hungUp && peer.state !== STATE.Up) this.indicate(peer, 'answer');
  }

  // --- hangup ----------------------------------------------------------------------------------------------

  /**
   * Ask a channel to hang up. `kind` decides the event: 'hard' → HangupRequest (a phone hung up, the other
   * half of a Local pair went away), 'soft' → SoftHangupRequest with the soft-hangup flag as Cause (AMI
   * Hangup action, ARI DELETE: 32). Whoever owns the channel (dialplan, dialler, bridge) finishes it.
   */
  requestHangup(ch: Channel, cause = 16, kind: 'hard' | 'soft' = 'hard', softFlag = 32): void {
    if (ch.hungUp) return;
    this.emit({ t: 'HangupRequest', ch, cause: kind === 'soft' ? softFlag : cause, soft: kind === 'soft' });
    if (!ch.hangupCause) ch.hangupCause = cause;
    const first = !ch.softHangup;
    ch.softHangup = true;
    if (!first) return;
    // The owner reacts a moment later, as the channel's own thread would in Asterisk: the event that
    // caused the request (e.g. the other Local half's Hangup) goes out first.
    queueMicrotask(() => {
      if (ch.hungUp) return;
      if (ch.inPbx || ch.stasisApp || this.hasOwner(ch)) ch.wake('hangup');
      else this.hangupUnowned(ch);
    });
  }

  private readonly owners = new Set<Channel>();

  /** Something (a dialler, Stasis) takes charge of finishing this channel on hangup. */
  own(ch: Channel, owned: boolean): void {
    if (owned) this.owners.add(ch);
    else this.owners.delete(ch);
  }

  hasOwner(ch: Channel): boolean {
    return this.owners.has(ch);
  }

  /** A channel nobody runs (e.g. the bridged outgoing leg of a Dial/Queue): leave the bridge and go. */
  hangupUnowned(ch: Channel): void {
    if (ch.hungUp) return;
    if (ch.bridge) this.bridgeLeave(ch, 'hangup');
    this.destroy(ch);
  }

  /** The end of a dialplan thread: SoftHangupRequest (16), then the channel goes. */
  endPbx(ch: Channel): void {
    if (ch.hungUp) return;
    ch.inPbx = false;
    this.emit({ t: 'HangupRequest', ch, cause: 16, soft: true });
    ch.softHangup = true;
    if (ch.bridge) this.bridgeLeave(ch, 'hangup');
    this.destroy(ch);
  }

  /** Remove a channel: Hangup event; the other half of a Local pair gets a HangupRequest first. */
  destroy(ch: Channel, cause?: number): void {
    if (ch.hungUp) return;
    ch.hungUp = true;
    ch.softHangup = true;
    ch.inPbx = false;
    this.owners.delete(ch);
    this.indicationWatchers.delete(ch);
    if (ch.timers) for (const t of ch.timers) this.scheduler.cancel(t);
    const finalCause = cause ?? ch.hangupCause ?? 16;
    ch.hangupCause = finalCause;
    const peer = ch.localPeer;
    if (peer && !peer.hungUp) this.requestHangup(peer, finalCause, 'hard');
    if (ch.bridge) this.bridgeLeave(ch, 'hangup');
    this.emit({ t: 'Hangup', ch, cause: finalCause });
    this.channels.delete(ch.name);
    this.byUniqueid.delete(ch.uniqueid);
    const onDevice = this.byDevice.get(ch.deviceName);
    if (onDevice?.delete(ch) && onDevice.size === 0) this.byDevice.delete(ch.deviceName);
    if (!ch.cdrBParty) {
      this.emit({ t: 'Cdr', fields: cdrFields(ch, this.now()) });
      this.cdrSink?.(ch, this.now());
    }
    ch.wake('hangup');
    const gone = ch.data<Array<(c: Channel) => void>>('gone');
    if (gone) for (const fn of gone) fn(ch);
    this.updateDeviceState(ch.deviceName);
    for (const l of this.hangupListeners) l(ch);
  }

  /** Set by the simulator when cdr_custom files are written (SimulatorOptions.cdrDir). */
  cdrSink: ((ch: Channel, endMs: number) => void) | undefined;

  /** Global listeners for channels that went away (few: call registry, observers). */
  readonly hangupListeners: Array<(ch: Channel) => void> = [];

  /** Set by the simulator: start a dialplan thread (used when a kicked channel has somewhere to go). */
  startPbx: ((ch: Channel, context: string, exten: string, priority: number) => void) | undefined;

  /** Run `fn` when this channel is destroyed. */
  onGone(ch: Channel, fn: (c: Channel) => void): void {
    const list = ch.data<Array<(c: Channel) => void>>('gone');
    if (list) list.push(fn);
    else ch.setData('gone', [fn]);
  }

  // --- waiting ---------------------------------------------------------------------------------------------

  /** Schedule a per-channel timer that is cancelled automatically when the channel goes. */
  channelTimer(ch: Channel, simMs: number, fn: () => void): TimerHandle {
    const h = this.scheduler.after(simMs, () => {
      if (ch.timers) ch.timers = ch.timers.filter((t) => t !== h);
      if (!ch.hungUp) fn();
    });
    (ch.timers ??= []).push(h);
    return h;
  }

  /**
   * Wait `simMs` on a channel; resolves early with 'hangup' or 'goto' when the channel is hung up or
   * redirected, or 'signal' when someone wakes it on purpose.
   */
  wait(ch: Channel, simMs: number): Promise<'timeout' | 'hangup' | 'goto' | 'signal'> {
    if (ch.softHangup || ch.hungUp) return Promise.resolve('hangup');
    if (ch.pendingGoto) return Promise.resolve('goto');
    return new Promise((resolve) => {
      let timer: TimerHandle | undefined;
      const off = ch.onWake((reason) => {
        off();
        this.scheduler.cancel(timer);
        resolve(reason);
      });
      if (Number.isFinite(simMs)) {
        timer = this.scheduler.after(simMs, () => {
          off();
          resolve('timeout');
        });
      }
    });
  }

  // --- bridges --------------------------------------------------------------------------------------------

  createBridge(type: 'basic' | 'mixing' | 'holding', opts: { id?: string; creator?: string; name?: string; technology?: string } = {}): Bridge {
    const technology = opts.technology ?? (type === 'holding' ? 'holding_bridge' : 'simple_bridge');
    const b = new Bridge(opts.id ?? uuid(), type, technology, opts.creator ?? '<unknown>', opts.name ?? '<unknown>', this.now());
    this.bridges.set(b.id, b);
    this.emit({ t: 'BridgeCreate', bridge: b });
    return b;
  }

  bridgeJoin(bridge: Bridge, ch: Channel): void {
    if (ch.bridge === bridge) return;
    if (ch.bridge) this.bridgeLeave(ch, 'move');
    bridge.channels.push(ch);
    ch.bridge = bridge;
    this.emit({ t: 'BridgeEnter', bridge, ch });
    if (bridge.type === 'basic' || bridge.channels.length === 2) this.setBridgePeers(bridge);
    if (bridge.channels.length >= 2) {
      for (const m of bridge.channels) m.data<() => void>('onBridged')?.();
      for (const l of this.bridgedListeners) l(bridge.channels);
    }
  }

  /** Told whenever a bridge holds two or more channels after a join (MixMonitor's `b` option starts there). */
  readonly bridgedListeners: Array<(members: readonly Channel[]) => void> = [];

  /** BRIDGEPEER as Asterisk sets it on every member of a two-party bridge. */
  setBridgePeers(bridge: Bridge): void {
    if (bridge.channels.length !== 2) return;
    const [a, b] = bridge.channels as [Channel, Channel];
    this.setVar(a, 'BRIDGEPEER', b.name);
    this.setVar(b, 'BRIDGEPEER', a.name);
  }

  /**
   * A channel leaves its bridge. Two-party bridges made by Dial/Queue dissolve: every member gets
   * BRIDGEPEER cleared and leaves, then the bridge is destroyed; members that nobody runs are hung up.
   */
  bridgeLeave(ch: Channel, why: 'hangup' | 'move' | 'goto' | 'kick'): void {
    const bridge = ch.bridge;
    if (!bridge) return;
    if (bridge.dissolveOnLeave && !bridge.destroyed) {
      this.dissolve(bridge, ch, why);
      return;
    }
    const wasTwo = bridge.channels.length === 2;
    if (wasTwo) for (const m of bridge.channels) this.setVar(m, 'BRIDGEPEER', '');
    this.removeFromBridge(bridge, ch);
  }

  /** Take a channel out of a bridge without dissolving it (transfers, ARI removeChannel). */
  removeFromBridgePublic(bridge: Bridge, ch: Channel): void {
    if (ch.bridge !== bridge) return;
    if (bridge.channels.length === 2) for (const m of bridge.channels) this.setVar(m, 'BRIDGEPEER', '');
    this.removeFromBridge(bridge, ch);
  }

  private removeFromBridge(bridge: Bridge, ch: Channel): void {
    const i = bridge.channels.indexOf(ch);
    if (i >= 0) bridge.channels.splice(i, 1);
    ch.bridge = undefined;
    this.emit({ t: 'BridgeLeave', bridge, ch });
  }

  /** Hooks run just before a two-party bridge dissolves (app_queue reports AgentComplete there). */
  readonly dissolveHooks = new Map<Bridge, (leaving: Channel, why: string) => void>();

  dissolve(bridge: Bridge, leaving: Channel | undefined, why: string): void {
    if (bridge.destroyed) return;
    bridge.destroyed = true;
    const hook = this.dissolveHooks.get(bridge);
    this.dissolveHooks.delete(bridge);
    if (hook && leaving) hook(leaving, why);
    const members = [...bridge.channels];
    if (members.length === 2) for (const m of members) this.setVar(m, 'BRIDGEPEER', '');
    for (const m of members) this.removeFromBridge(bridge, m);
    this.destroyBridge(bridge);
    for (const m of members) {
      if (m === leaving || m.hungUp) continue;
      m.wake('signal');
      if (m.inPbx || m.stasisApp || this.hasOwner(m)) continue;
      const g = m.pendingGoto;
      if (g && this.startPbx) {
        m.pendingGoto = undefined;
        this.startPbx(m, g.context, g.exten, g.priority);
      } else this.destroy(m, leaving?.hangupCause || 16);
    }
  }

  destroyBridge(bridge: Bridge): void {
    if (!this.bridges.has(bridge.id)) return;
    bridge.destroyed = true;
    for (const m of [...bridge.channels]) this.removeFromBridge(bridge, m);
    this.bridges.delete(bridge.id);
    this.emit({ t: 'BridgeDestroy', bridge });
  }

  // --- device state --------------------------------------------------------------------------------------

  /** Device state as Asterisk aggregates it: from simulated phones, or from the channels of a device. */
  computeDeviceState(device: string): DeviceStateName {
    for (const p of this.deviceStateProviders) {
      const s = p(device);
      if (s) return s;
    }
    let inuse = false;
    let ringing = false;
    let onhold = false;
    for (const ch of this.byDevice.get(device) ?? []) {
      if (ch.softHangup) continue;
      if (ch.onHold) onhold = true;
      if (ch.state === STATE.Ringing) ringing = true;
      else inuse = true;
    }
    if (onhold) return 'ONHOLD';
    if (device.startsWith('Local/')) return inuse || ringing ? 'INUSE' : 'NOT_INUSE';
    if (ringing && inuse) return 'RINGINUSE';
    if (ringing) return 'RINGING';
    return inuse ? 'INUSE' : 'NOT_INUSE';
  }

  updateDeviceState(device: string): void {
    const state = this.computeDeviceState(device);
    const prev = this.deviceStates.get(device);
    // Local devices publish on every change of either half, as Asterisk does; others only on change.
    if (prev === state && !device.startsWith('Local/')) return;
    this.deviceStates.set(device, state);
    this.emit({ t: 'DeviceStateChange', device, state });
    this.deviceListeners.forEach((l) => l(device, state));
  }

  readonly deviceListeners: Array<(device: string, state: DeviceStateName) => void> = [];

  deviceState(device: string): DeviceStateName {
    return this.deviceStates.get(device) ?? this.computeDeviceState(device);
  }

  deviceStatus(device: string): number {
    return DEVICE_STATUS[this.deviceState(device)];
  }

  /** Publish a custom device state (queue pause devices, Queue:x_avail) with a DeviceStateChange. */
  publishDeviceState(device: string, state: DeviceStateName): void {
    this.deviceStates.set(device, state);
    this.emit({ t: 'DeviceStateChange', device, state });
  }

  // --- restart --------------------------------------------------------------------------------------------

  /** Forget every call and restart counters, as a `core restart` does. Events are not emitted. */
  reset(): void {
    this.halted = true;
    for (const ch of this.channels.values()) {
      ch.hungUp = true;
      ch.wake('hangup');
    }
    this.channels.clear();
    this.byUniqueid.clear();
    this.byDevice.clear();
    this.bridges.clear();
    this.owners.clear();
    this.indicationWatchers.clear();
    this.dissolveHooks.clear();
    this.deviceStates.clear();
    this.ids.reset();
    this.startedAtMs = this.now();
    this.reloadedAtMs = this.startedAtMs;
    this.processedCalls = 0;
  }
}
