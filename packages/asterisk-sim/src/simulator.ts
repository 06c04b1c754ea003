import { EventEmitter } from 'node:events';
import { CdrCustomWriter } from './model/cdr-custom.js';
import { hangupOrderer } from './ami/hangup-order.js';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { join } from 'node:path';
import { AmiServer, type AmiActionHandler } from './ami/ami-server.js';
import { buildAmiActions } from './ami/ami-actions.js';
import { managerUserClasses, parsePrivileges, type AmiUserClasses } from './ami/ami-privileges.js';
import { AriServer } from './ari/ari-server.js';
import { ControlRoutes } from './control/control-routes.js';
import { LoadRunner, type LoadScenario, type LoadStats } from './control/load-runner.js';
import { silentLogger, type SimLogger } from './core/logger.js';
import { Scheduler } from './core/scheduler.js';
import { credentials, send } from './http/http-util.js';
import { basicApps } from './model/apps/basic-apps.js';
import { dialApp } from './model/apps/dial-app.js';
import { gosubApps } from './model/apps/gosub-app.js';
import { mixMonitorApps } from './model/apps/mixmonitor-app.js';
import { chanSpyApp } from './model/apps/chanspy-app.js';
import { queueApp } from './model/apps/queue-app.js';
import { CallService, type PlaceCallOptions, type PlacedCall, type CallState } from './model/calls.js';
import type { Channel } from './model/channel.js';
import { DeviceService, type DonorBehaviour } from './model/devices.js';
import { Engine } from './model/engine.js';
import { MediaService } from './model/media.js';
import { runPbx } from './model/pbx.js';
import { loadProfile, REPO_DIR, type Profile, type ProfileName } from './model/profiles.js';
import { QueueService } from './model/queue-service.js';
import { RecordingService } from './model/recording.js';
import type { DialplanApp, SimOptionsResolved, SimServices } from './model/services.js';
import { StasisService, stasisApp } from './model/stasis.js';
import { pjsipNotifyApp } from './model/apps/phone-keys-app.js';
import type { SimulatorOptions } from './simulator-types.js';

export const ASTERISK_VERSION = '22.10.1';

export interface DeviceHandle {
  readonly ext: string;
  /** Pick up the ringing call. Returns the answered channel name. */
  answer(): string;
  /** Decline the ringing call (busy). */
  reject(): string;
  /** Hang up the phone's current call. */
  hangup(): string;
  hold(): string;
  unhold(): string;
  /** Auto-answer after `ms` (simulated), or `null` to ring until answered. */
  setAutoAnswer(ms: number | null): void;
  /** Hang up automatically `ms` after answering, or null. */
  setTalkTime(ms: number | null): void;
  setRegistered(on: boolean): void;
  setDnd(on: boolean): void;
  /** Whether the phone acts on SIP NOTIFY talk/hold (remote control). */
  setRemoteControl(on: boolean): void;
  state(): DeviceState;
}

export interface DeviceState {
  ext: string;
  endpoint: string;
  registered: boolean;
  dnd: boolean;
  autoAnswerMs: number | null;
  talkMs: number | null;
  deviceState: string;
  ringing: string[];
  active: string | undefined;
  onHold: boolean;
}

export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A running simulated Asterisk: AMI on `amiPort`, ARI + control API on `ariPort`. Control methods here
 * are the same operations the HTTP control API (`/sim/v1`) offers.
 */
export class Simulator {
  readonly events = new EventEmitter().setMaxListeners(200);
  readonly scheduler: Scheduler;
  readonly engine: Engine;
  readonly services: SimServices;
  readonly calls = new CallService();
  readonly recordings: RecordingService;
  readonly profile: Profile;
  private readonly ami: AmiServer;
  private readonly ari: AriServer;
  private readonly control: ControlRoutes;
  private http: Server | undefined;
  private readonly loads = new Map<string, LoadRunner>();
  private loadSeq = 0;
  private amiBound = 0;
  private ariBound = 0;
  private restarting = false;
  /** The cdr_custom files written (SimulatorOptions.cdrDir), null without. */
  readonly cdrCustom: CdrCustomWriter | null;
  private stopped = false;
  readonly log: SimLogger;
  readonly username: string;
  readonly secret: string;
  readonly host: string;
  /** The AMI user's permission classes (see SimulatorOptions.amiPrivileges). */
  readonly amiClasses: AmiUserClasses;

  constructor(readonly options: SimulatorOptions = {}) {
    const profileName: ProfileName = options.profile ?? 'donorline';
    this.log = options.logger ?? silentLogger;
    this.profile = loadProfile(profileName, options.configDir);
    this.username = options.username ?? this.profile.username;
    this.secret = options.secret ?? this.profile.secret;
    this.host = options.host ?? '127.0.0.1';
    this.amiClasses = resolveAmiClasses(options.amiPrivileges, this.profile.configDir, this.username);
    this.scheduler = new Scheduler(options.timeScale ?? 1, (err) => this.log.error('timer failed', err));
    const recordingsDir = options.recordingsDir ?? join(REPO_DIR, 'data', 'recordings');
    const resolved: SimOptionsResolved = {
      profile: profileName,
      timeScale: options.timeScale ?? 1,
      recordingsDir,
      soundsDir: options.soundsDir ?? join(REPO_DIR, 'asterisk', 'sounds'),
      autoAnswerMs: options.autoAnswerMs ?? null,
      monitorDir: recordingsDir,
      speech: options.speech ?? true,
      atxferSilentFail: options.atxferSilentFail ?? false,
    };
    mkdirSync(recordingsDir, { recursive: true });
    this.engine = new Engine(this.scheduler, {
      dialplan: this.profile.dialplan,
      queues: this.profile.queues,
      persistentMembers: this.profile.persistentMembers,
      features: this.profile.features,
      mohClasses: this.profile.mohClasses,
      logger: this.log,
    });
    const media = new MediaService(() => this.services);
    this.recordings = new RecordingService(() => this.services);
    const devices = new DeviceService({
      agentExtensions: this.profile.agentExtensions,
      autoAnswerMs: resolved.autoAnswerMs,
      donors: { ...this.profile.donors, ...(options.donors ?? {}) },
    });
    const apps = new Map<string, DialplanApp>(Object.entries({ ...basicApps, ...gosubApps, queue: queueApp, dial: dialApp, stasis: stasisApp, pjsipnotify: pjsipNotifyApp, chanspy: chanSpyApp, ...mixMonitorApps(this.recordings) }));
    const services: SimServices = {
      engine: this.engine,
      scheduler: this.scheduler,
      apps,
      queues: new QueueService(),
      stasis: new StasisService(this.recordings),
      devices,
      media,
      observer: this.events,
      options: resolved,
      runPbx: (ch, context, exten, priority) => {
        void runPbx(this.services, ch, context, exten, priority);
      },
    };
    this.services = services;
    this.engine.startPbx = services.runPbx;
    services.queues.attach(services);
    services.stasis.attach(services);
    devices.attach(services);
    this.recordings.attach(services);
    this.calls.attach(services, profileName === 'lab' ? 'inbound' : 'from-carrier');

    const actionMap = new Map<string, AmiActionHandler>();
    this.ami = new AmiServer({
      host: this.host,
      port: options.amiPort ?? 15038,
      username: this.username,
      secret: this.secret,
      logger: this.log,
      now: () => this.engine.now(),
      uptimeSeconds: () => Math.floor((this.engine.now() - this.engine.startedAtMs) / 1000),
      reloadSeconds: () => Math.floor((this.engine.now() - this.engine.reloadedAtMs) / 1000),
      actions: actionMap,
      writePrivileges: this.amiClasses.write,
    });
    const actions = buildAmiActions({ sim: services, server: () => this.ami, recordings: this.recordings, restart: () => void this.restart(), version: ASTERISK_VERSION });
    for (const [k, v] of actions) actionMap.set(k, v);
    this.ari = new AriServer({
      sim: services,
      username: this.username,
      secret: this.secret,
      asteriskId: options.asteriskId ?? '02:fc:00:00:00:01',
      version: ASTERISK_VERSION,
      logger: this.log,
    });
    this.control = new ControlRoutes(this);
    this.cdrCustom = options.cdrDir ? CdrCustomWriter.fromConfigDir(this.profile.configDir, options.cdrDir) : null;
    const cdr = this.cdrCustom;
    if (cdr) {
      this.engine.cdrSink = (ch, endMs) => {
        try {
          cdr.write(ch, endMs);
        } catch (err) {
          this.log.error('cdr_custom write failed', err);
        }
      };
    }
    this.engine.addSink(hangupOrderer(options.hangupOrder ?? 'natural', options.hangupSeed ?? 1, (e) => this.ami.onEvent(e)));
    this.engine.addSink((e) => this.ari.onEvent(e));
  }

  get amiPort(): number {
    return this.amiBound;
  }

  get ariPort(): number {
    return this.ariBound;
  }

  get controlUrl(): string {
    return `http://${this.host}:${this.ariBound}/sim/v1`;
  }

  get ariUrl(): string {
    return `http://${this.host}:${this.ariBound}`;
  }

  async start(): Promise<this> {
    this.amiBound = await this.ami.listen(this.options.amiPort ?? 15038);
    this.ariBound = await this.listenHttp(this.options.ariPort ?? 18088);
    this.log.info(`listening: AMI ${this.host}:${this.amiBound}, ARI/HTTP ${this.host}:${this.ariBound} (profile ${this.profile.name})`);
    return this;
  }

  private async listenHttp(port: number): Promise<number> {
    const server = createServer((req, res) => void this.onRequest(req, res));
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.ari.upgrade(req, socket, head));
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.http = server;
    const addr = server.address();
    return typeof addr === 'object' && addr ? addr.port : port;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? `${this.host}:${this.ariBound}`}`);
    try {
      if (url.pathname.startsWith('/sim/')) {
        const cred = credentials(req, url);
        if (!cred || cred.user !== this.username || cred.secret !== this.secret) {
          send(res, this.engine.now(), 401, 'Unauthorized', JSON.stringify({ error: 'Authentication required (the ARI user and secret)' }), 'application/json', [['WWW-Authenticate', 'Basic realm="Asterisk REST Interface"']]);
          return;
        }
        await this.control.handle(req, res, url);
        return;
      }
      if (url.pathname.startsWith('/ari')) {
        await this.ari.handle(req, res, url);
        return;
      }
      send(res, this.engine.now(), 404, 'Not Found', notFoundHtml(), 'text/html');
    } catch (err) {
      this.log.error('HTTP request failed', err);
      if (!res.headersSent) send(res, this.engine.now(), 500, 'Internal Server Error', JSON.stringify({ error: String(err) }));
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const l of this.loads.values()) l.stop();
    this.ami.dropAll();
    this.ari.dropAll();
    await this.ami.close();
    await this.closeHttp();
    this.scheduler.stop();
    this.engine.reset();
  }

  private async closeHttp(): Promise<void> {
    const s = this.http;
    this.http = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  // --- calls --------------------------------------------------------------------------------------------------

  /** An inbound call from `from` (caller name) to the dialled number `to`. */
  placeCall(opts: PlaceCallOptions): PlacedCall {
    return this.calls.placeCall(opts);
  }

  sendDtmf(callOrChannel: string, digits: string, gapMs?: number): void {
    this.calls.sendDtmf(callOrChannel, digits, gapMs);
  }

  hangupCaller(callOrChannel: string): void {
    this.calls.hangup(callOrChannel);
  }

  listCalls(): CallState[] {
    return this.calls.list();
  }

  getCall(id: string): CallState | undefined {
    const rec = this.calls.find(id);
    return rec ? this.calls.state(rec) : undefined;
  }

  // --- devices ------------------------------------------------------------------------------------------------

  device(ext: string): DeviceHandle {
    const devices = this.services.devices;
    const phone = devices.phone(ext);
    if (!phone) throw new SimError(404, `no simulated phone ${ext} (agent phones are ${this.deviceRange()})`);
    const need = (ch: Channel | undefined, what: string): string => {
      if (!ch) throw new SimError(409, `phone ${ext} has no ${what}`);
      return ch.name;
    };
    return {
      ext,
      answer: () => need(devices.answer(ext), 'ringing call'),
      reject: () => need(devices.reject(ext), 'ringing call'),
      hangup: () => need(devices.hangup(ext), 'call'),
      hold: () => need(devices.hold(ext, true), 'connected call'),
      unhold: () => need(devices.hold(ext, false), 'connected call'),
      setAutoAnswer: (ms) => {
        phone.autoAnswerMs = ms;
      },
      setTalkTime: (ms) => {
        phone.talkMs = ms;
      },
      setRegistered: (on) => {
        this.services.devices.forgetQualify(ext);
        phone.registered = on;
        this.engine.updateDeviceState(`PJSIP/${ext}`);
      },
      setDnd: (on) => {
        phone.dnd = on;
      },
      setRemoteControl: (on) => {
        phone.remoteControl = on;
      },
      state: () => this.deviceState(ext),
    };
  }

  private deviceRange(): string {
    const exts = [...this.services.devices.phones.keys()];
    return exts.length ? `${exts[0]}-${exts[exts.length - 1]}` : 'none in this profile';
  }

  deviceState(ext: string): DeviceState {
    const d = this.services.devices;
    const p = d.phone(ext);
    if (!p) throw new SimError(404, `no simulated phone ${ext}`);
    return {
      ext,
      endpoint: `PJSIP/${ext}`,
      registered: p.registered,
      dnd: p.dnd,
      autoAnswerMs: p.autoAnswerMs,
      talkMs: p.talkMs,
      deviceState: this.engine.deviceState(`PJSIP/${ext}`),
      ringing: d.ringingOf(ext).map((c) => c.name),
      active: d.activeOf(ext)?.name,
      onHold: p.onHold,
    };
  }

  listDevices(): DeviceState[] {
    return [...this.services.devices.phones.keys()].map((e) => this.deviceState(e));
  }

  /** How simulated donors answer click-to-dial calls (all, or one number). */
  setDonorBehaviour(b: Partial<DonorBehaviour>, number?: string): DonorBehaviour {
    const d = this.services.devices;
    if (number) {
      d.donorOverrides.set(number, { ...(d.donorOverrides.get(number) ?? {}), ...b });
      return d.donorBehaviour(number);
    }
    Object.assign(d.donorDefaults, b);
    return { ...d.donorDefaults };
  }

  // --- load ---------------------------------------------------------------------------------------------------

  runLoad(scenario: LoadScenario): LoadStats {
    const id = `load-${++this.loadSeq}`;
    const runner = new LoadRunner(this.services, this.calls, id, scenario);
    this.loads.set(id, runner);
    runner.start();
    return runner.stats;
  }

  loadStats(id: string): LoadStats | undefined {
    return this.loads.get(id)?.stats;
  }

  stopLoad(id: string): LoadStats | undefined {
    const r = this.loads.get(id);
    r?.stop();
    return r?.stats;
  }

  // --- faults -------------------------------------------------------------------------------------------------

  /** Drop every AMI connection abruptly. Returns how many were dropped. */
  dropAmi(): number {
    return this.ami.dropAll();
  }

  /** Drop every ARI WebSocket without a close frame. */
  dropAri(): number {
    return this.ari.dropAll();
  }

  /**
   * The carrier trunk stops (or starts again) answering: unreachable, `PJSIP/carrier` is UNAVAILABLE and calls out
   * through it fail at once (DIALSTATUS CHANUNAVAIL), as on a real Asterisk whose qualify of the carrier failed.
   */
  setCarrierReachable(on: boolean): void {
    this.services.devices.setCarrierReachable(on);
  }

  carrierState(): { reachable: boolean; deviceState: string } {
    return { reachable: this.services.devices.carrierReachable, deviceState: this.engine.deviceState('PJSIP/carrier') };
  }

  /** Delay every AMI frame and ARI message by `ms` (0 turns it off). */
  delayFrames(ms: number): void {
    this.ami.delayMs = ms;
    this.ari.delayMs = ms;
  }

  /** Write raw bytes to every logged-in AMI session (an oversized or malformed frame, as a broken proxy might). */
  injectAmiRaw(text: string): void {
    this.ami.broadcast(text);
  }

  /** Corrupt the next `n` AMI frames and/or ARI messages. */
  garbleNextFrames(n: number, target: 'ami' | 'ari' | 'both' = 'both'): void {
    if (target !== 'ari') this.ami.garbleRemaining = n;
    if (target !== 'ami') this.ari.garbleRemaining = n;
  }

  /**
   * `core restart`: AMI clients get `Shutdown` then the connection closes (no Goodbye), ARI sockets drop
   * without a close frame, every call vanishes, the ports refuse connections for `downMs`, ARI answers
   * 404 for a moment after HTTP is back, and the Uniqueid sequence starts again at 0.
   */
  async restart(opts: { downMs?: number; ariLagMs?: number; requalifyMs?: number } = {}): Promise<void> {
    if (this.restarting || this.stopped) return;
    this.restarting = true;
    const downMs = opts.downMs ?? 600;
    const ariLagMs = opts.ariLagMs ?? 150;
    this.events.emit('sim:restarting', { downMs });
    this.engine.halted = true;
    this.ami.broadcast('Event: Shutdown\r\nPrivilege: system,all\r\nShutdown: Cleanly\r\nRestart: True\r\n\r\n');
    for (const l of this.loads.values()) l.stop();
    await new Promise((r) => setTimeout(r, 20));
    this.ami.dropAll();
    this.ari.dropAll();
    this.ari.available = false;
    await this.ami.close();
    await this.closeHttp();
    this.scheduler.clear();
    this.engine.reset();
    this.calls.reset();
    this.services.stasis.reset();
    this.services.devices.reset();
    this.services.queues.reset();
    const fresh = loadProfile(this.profile.name, this.profile.configDir);
    this.engine.applyConfig({ ...this.engine.config, dialplan: fresh.dialplan, queues: fresh.queues, features: fresh.features });
    await new Promise((r) => setTimeout(r, downMs));
    if (this.stopped) return;
    this.engine.halted = false;
    this.ariBound = await this.listenHttp(this.ariBound);
    this.amiBound = await this.ami.listen(this.amiBound);
    await new Promise((r) => setTimeout(r, ariLagMs));
    this.ari.available = true;
    // "Fully Booted" from here: uptime counts from now
    this.engine.startedAtMs = this.engine.now();
    this.engine.reloadedAtMs = this.engine.startedAtMs;
    // phones are UNAVAILABLE until their first qualify after the restart (up to qualify_frequency)
    this.services.devices.requalify(opts.requalifyMs ?? this.options.requalifyMs ?? 30_000, this.options.requalifyRandom);
    this.restarting = false;
    this.events.emit('sim:restarted', {});
  }

  // --- observation --------------------------------------------------------------------------------------------

  state(): Record<string, unknown> {
    const e = this.engine;
    return {
      profile: this.profile.name,
      version: ASTERISK_VERSION,
      timeScale: this.scheduler.timeScale,
      uptimeSeconds: Math.floor((e.now() - e.startedAtMs) / 1000),
      ami: { port: this.amiBound, sessions: this.ami.sessions.size, privileges: { read: classList(this.amiClasses.read), write: classList(this.amiClasses.write), source: this.amiClasses.source } },
      ari: { port: this.ariBound, apps: this.services.stasis.activeApps().map((a) => a.name), sockets: this.ari.socketCount },
      channels: [...e.channels.values()].map((c) => ({
        name: c.name,
        uniqueid: c.uniqueid,
        linkedid: c.linkedid,
        state: c.stateDesc,
        callerNum: c.callerNum,
        callerName: c.callerName,
        context: c.context,
        exten: c.exten,
        priority: c.priority,
        application: c.app,
        data: c.appData,
        bridge: c.bridge?.id,
        stasisApp: c.stasisApp,
      })),
      bridges: [...e.bridges.values()].map((b) => ({ id: b.id, type: b.type, channels: b.channels.map((c) => c.name) })),
      queues: this.services.queues.all().map((q) => ({
        name: q.name,
        strategy: q.strategy,
        callers: q.entries.map((x) => x.ch.name),
        completed: q.completed,
        abandoned: q.abandoned,
        members: q.members.map((m) => ({ interface: m.interface, name: m.name, paused: m.paused, reason: m.pausedReason, penalty: m.penalty, status: m.status, inCall: m.inCall, callsTaken: m.callsTaken })),
      })),
      calls: this.calls.list(),
      devices: this.listDevices().filter((d) => d.deviceState !== 'NOT_INUSE' || d.dnd || !d.registered || d.autoAnswerMs !== null),
      loads: [...this.loads.values()].map((l) => l.stats),
      timers: this.scheduler.pending,
    };
  }

  /** Resolve when the observer emits `event` with a payload matching `predicate`. */
  waitFor<T = Record<string, unknown>>(event: string, predicate: (payload: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off(event, on);
        reject(new Error(`timed out waiting for ${event}`));
      }, timeoutMs);
      const on = (p: T): void => {
        if (!predicate(p)) return;
        clearTimeout(timer);
        this.events.off(event, on);
        resolve(p);
      };
      this.events.on(event, on);
    });
  }
}

function resolveAmiClasses(opt: SimulatorOptions['amiPrivileges'], configDir: string, username: string): AmiUserClasses {
  if (opt === 'all') return { read: 'all', write: 'all', source: 'amiPrivileges: all' };
  if (opt && typeof opt === 'object') return { read: parsePrivileges(opt.read ?? 'all'), write: parsePrivileges(opt.write ?? 'all'), source: 'amiPrivileges option' };
  return managerUserClasses(configDir, username) ?? { read: 'all', write: 'all', source: `no [${username}] in ${configDir}/manager.conf: all classes` };
}

function classList(p: AmiUserClasses['read']): string {
  return p === 'all' ? 'all' : [...p].join(',');
}

function notFoundHtml(): string {
  return (
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\r\n<html><head>\r\n<title>404 Not Found</title>\r\n</head><body>\r\n' +
    '<h1>Not Found</h1>\r\n<p>The requested URL was not found on this server.</p>\r\n<hr />\r\n<address>Asterisk/22.10.1</address>\r\n</body></html>\r\n'
  );
}

/** Start a simulated Asterisk. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = new Simulator(options);
  return sim.start();
}
