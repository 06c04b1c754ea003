import { rmSync } from 'node:fs';
import { uuid } from '../core/ids.js';
import type { Bridge } from './bridge.js';
import { STATE, type Channel } from './channel.js';
import { splitArgs } from './expressions.js';
import type { PlaybackInfo, RecordingInfo } from './events.js';
import type { SoundFile } from './media.js';
import { RECORDING_FORMATS, type LiveRecording, type RecordingService } from './recording.js';
import type { DialplanApp, SimServices } from './services.js';

export interface StasisAppRegistration {
  name: string;
  /** A WebSocket is connected for it. Asterisk keeps a deactivated app's subscriptions for its return. */
  active: boolean;
  subscribeAll: boolean;
  channels: Set<string>;
  bridges: Set<string>;
  endpoints: Set<string>;
  devices: Set<string>;
}

interface Command {
  run: () => Promise<void>;
  done: (err?: unknown) => void;
}

/** The per-channel control of a channel in Stasis: ARI commands run one after another, as in res_stasis. */
export class StasisControl {
  readonly queue: Command[] = [];
  exit: { kind: 'continue'; context: string; exten: string; priority: number } | { kind: 'move'; app: string; args: string[] } | undefined;
  interrupt: (() => void) | undefined;

  constructor(
    readonly ch: Channel,
    public app: string,
  ) {}
}

export interface Playback {
  id: string;
  medias: string[];
  index: number;
  targetUri: string;
  language: string;
  state: 'queued' | 'playing' | 'paused' | 'continuing' | 'done' | 'failed' | 'canceled' | 'stopped';
  channel: Channel | undefined;
  bridge: Bridge | undefined;
  controllable: boolean;
  stop: (() => void) | undefined;
}

const STATE_STRING: Record<Playback['state'], string> = {
  queued: 'queued',
  playing: 'playing',
  paused: 'paused',
  continuing: 'continuing',
  failed: 'failed',
  done: 'done',
  canceled: 'done',
  stopped: 'done',
};

export function playbackJson(pb: Playback): PlaybackInfo {
  const last = pb.index >= pb.medias.length - 1;
  const info: PlaybackInfo = {
    id: pb.id,
    mediaUri: pb.medias[pb.index] ?? '',
    targetUri: pb.targetUri,
    language: pb.language,
    state: STATE_STRING[pb.state],
  };
  if (!last) info.nextMediaUri = pb.medias[pb.index + 1]!;
  return info;
}

export function recordingJson(r: LiveRecording): RecordingInfo {
  const info: RecordingInfo = { name: r.name, format: r.format, state: r.state, targetUri: r.targetUri };
  if (r.durationS !== undefined) info.duration = r.durationS;
  return info;
}

export type ApiError = { status: number; reason: string; message: string };
const err = (status: number, reason: string, message: string): ApiError => ({ status, reason, message });

/**
 * res_stasis in miniature: applications, channels entering and leaving Stasis, the per-channel command
 * queue, playbacks and live recordings.
 */
export class StasisService {
  readonly apps = new Map<string, StasisAppRegistration>();
  readonly controls = new Map<Channel, StasisControl>();
  readonly playbacks = new Map<string, Playback>();
  private sim!: SimServices;

  constructor(readonly recordings: RecordingService) {}

  attach(sim: SimServices): void {
    this.sim = sim;
  }

  register(name: string, subscribeAll: boolean): StasisAppRegistration {
    let reg = this.apps.get(name);
    if (!reg) {
      reg = { name, active: true, subscribeAll, channels: new Set(), bridges: new Set(), endpoints: new Set(), devices: new Set() };
      this.apps.set(name, reg);
    }
    reg.active = true;
    reg.subscribeAll = subscribeAll;
    return reg;
  }

  /** The app's WebSocket went away: new channels cannot enter it; channels already in it stay. */
  unregister(name: string): void {
    const reg = this.apps.get(name);
    if (!reg) return;
    reg.active = false;
    if (reg.channels.size === 0 && reg.bridges.size === 0) this.apps.delete(name);
  }

  isRegistered(name: string): boolean {
    return this.apps.get(name)?.active === true;
  }

  activeApps(): StasisAppRegistration[] {
    return [...this.apps.values()].filter((a) => a.active);
  }

  controlOf(ch: Channel): StasisControl | undefined {
    return this.controls.get(ch);
  }

  /** Run a channel inside a Stasis application until it leaves; resolves like a dialplan app. */
  async enter(ch: Channel, app: string, args: string[], replace?: Channel): Promise<number> {
    const engine = this.sim.engine;
    const control = new StasisControl(ch, app);
    this.controls.set(ch, control);
    ch.stasisApp = app;
    this.apps.get(app)?.channels.add(ch.uniqueid);
    engine.emit(replace ? { t: 'StasisStart', ch, app, args, replace } : { t: 'StasisStart', ch, app, args });
    this.sim.observer.emit('stasis:start', { app, channel: ch.name, uniqueid: ch.uniqueid, args });
    for (;;) {
      if (ch.hungUp) break;
      if (ch.softHangup || control.exit) break;
      const cmd = control.queue.shift();
      if (cmd) {
        try {
          await cmd.run();
          cmd.done();
        } catch (e) {
          cmd.done(e);
        }
        continue;
      }
      await engine.wait(ch, Infinity);
    }
    for (const c of control.queue.splice(0)) c.done(new Error('channel left Stasis'));
    this.controls.delete(ch);
    const appName = control.app;
    if (!ch.hungUp) {
      engine.emit({ t: 'StasisEnd', ch, app: appName });
      ch.stasisApp = undefined;
      engine.setVar(ch, 'STASISSTATUS', 'SUCCESS');
    } else ch.stasisApp = undefined;
    this.sim.observer.emit('stasis:end', { app: appName, channel: ch.name, uniqueid: ch.uniqueid });
    if (ch.softHangup || ch.hungUp) return -1;
    const exit = control.exit;
    if (exit?.kind === 'move') {
      if (!this.isRegistered(exit.app)) return -1;
      return this.enter(ch, exit.app, exit.args);
    }
    if (exit?.kind === 'continue') {
      ch.pendingGoto = { context: exit.context, exten: exit.exten, priority: exit.priority };
      if (!ch.inPbx) {
        const g = ch.pendingGoto;
        ch.pendingGoto = undefined;
        this.sim.runPbx(ch, g.context, g.exten, g.priority);
        return 1;
      }
    }
    return 0;
  }

  /** Queue a command on a channel's control; resolves when it has run. */
  enqueue(control: StasisControl, run: () => Promise<void>): Promise<void> {
    return new Promise((resolve, reject) => {
      control.queue.push({ run, done: (e) => (e ? reject(e) : resolve()) });
      control.ch.wake('signal');
    });
  }

  /** `continue`: leave Stasis for the dialplan (queued behind running commands, as in Asterisk). */
  continueInDialplan(control: StasisControl, context: string, exten: string, priority: number): void {
    void this.enqueue(control, async () => {
      control.exit = { kind: 'continue', context, exten, priority };
    }).catch(() => undefined);
  }

  move(control: StasisControl, app: string, args: string[]): void {
    void this.enqueue(control, async () => {
      control.exit = { kind: 'move', app, args };
    }).catch(() => undefined);
  }

  // --- playbacks ------------------------------------------------------------------------------------------

  /** Create a playback in state `queued` and schedule it on the channel (or bridge). */
  play(target: { channel?: Channel; bridge?: Bridge }, medias: string[], language: string, id?: string): Playback | ApiError {
    if (id && this.playbacks.has(id)) return err(409, 'Conflict', 'Playback ID already exists');
    const ch = target.channel;
    const pb: Playback = {
      id: id || uuid(),
      medias,
      index: 0,
      targetUri: ch ? `channel:${ch.uniqueid}` : `bridge:${target.bridge!.id}`,
      language,
      state: 'queued',
      channel: ch,
      bridge: target.bridge,
      controllable: false,
      stop: undefined,
    };
    this.playbacks.set(pb.id, pb);
    if (ch) {
      const control = this.controls.get(ch);
      if (!control) return err(409, 'Conflict', 'Channel not in Stasis application');
      void this.enqueue(control, () => this.runPlayback(pb)).catch(() => this.playbacks.delete(pb.id));
    } else {
      void this.runPlayback(pb);
    }
    return pb;
  }

  private publishPlayback(pb: Playback): void {
    const s = STATE_STRING[pb.state];
    if (s === 'playing' || s === 'continuing' || s === 'done' || s === 'failed') {
      this.sim.engine.emit({ t: 'Playback', playback: playbackJson(pb), state: s });
    }
  }

  private mediaDuration(pb: Playback, media: string): { ms: number; file?: SoundFile } | 'fail' | 'skip' {
    const sim = this.sim;
    const colon = media.indexOf(':');
    const scheme = colon < 0 ? '' : media.slice(0, colon);
    const rest = media.slice(colon + 1);
    switch (scheme) {
      case 'sound': {
        const f = sim.media.findSound(rest, pb.language);
        return f ? { ms: f.durationMs, file: f } : 'fail';
      }
      case 'recording': {
        const s = this.recordings.findStored(rest);
        if (!s) return 'skip';
        const f = sim.media.findSound(s.path.replace(/\.wav$/, ''), pb.language);
        return f ? { ms: f.durationMs, file: f } : { ms: 1000 };
      }
      case 'digits':
      case 'characters':
        return { ms: Math.max(1, rest.length) * 600 };
      case 'number':
        return /^-?\d+$/.test(rest) ? { ms: 700 + rest.replace('-', '').length * 450 } : 'skip';
      case 'tone':
        return { ms: Infinity };
      default:
        return 'skip';
    }
  }

  private async runPlayback(pb: Playback): Promise<void> {
    const engine = this.sim.engine;
    const ch = pb.channel;
    for (let i = 0; i < pb.medias.length; i++) {
      pb.index = i;
      if (pb.state === 'canceled') {
        this.publishPlayback(pb);
        break;
      }
      pb.state = 'playing';
      this.publishPlayback(pb);
      const media = pb.medias[i]!;
      const d = this.mediaDuration(pb, media);
      if (d === 'skip') continue;
      pb.controllable = media.startsWith('sound:') || media.startsWith('recording:') || media.startsWith('tone:');
      let res: number;
      if (d === 'fail') res = -1;
      else {
        const peer = ch?.localPeer;
        const rec = peer ? this.activeRecording(peer) : undefined;
        if (rec) rec.played.push({ atMs: engine.now() - rec.startedAt, file: d.file, durationMs: Number.isFinite(d.ms) ? d.ms : 60_000 });
        res = await this.sleepPlayback(pb, d.ms);
      }
      const hangup = !!ch && (ch.softHangup || ch.hungUp);
      const last = i === pb.medias.length - 1;
      const stopped = (pb.state as Playback['state']) === 'stopped';
      if (res === 0) pb.state = last || hangup ? 'done' : 'continuing';
      else if (!stopped) pb.state = last || hangup ? 'failed' : 'continuing';
      this.publishPlayback(pb);
      if (hangup || stopped) break;
    }
    this.playbacks.delete(pb.id);
  }

  /** Wait for a playback to finish; 0 when it ran to the end, -1 when stopped or hung up. */
  private sleepPlayback(pb: Playback, ms: number): Promise<number> {
    const engine = this.sim.engine;
    return new Promise((resolve) => {
      let done = false;
      const finish = (r: number): void => {
        if (done) return;
        done = true;
        engine.scheduler.cancel(timer);
        off?.();
        pb.stop = undefined;
        resolve(r);
      };
      const timer = Number.isFinite(ms) ? engine.scheduler.after(ms, () => finish(0)) : undefined;
      const off = pb.channel?.onWake((reason) => {
        if (reason === 'hangup') finish(-1);
      });
      pb.stop = () => finish(-1);
    });
  }

  /** DELETE /playbacks/{id}: a queued playback is cancelled, a playing one stopped. */
  stopPlayback(pb: Playback): void {
    if (pb.state === 'queued') {
      pb.state = 'canceled';
      return;
    }
    if (pb.state === 'playing' || pb.state === 'paused' || pb.state === 'continuing') {
      pb.state = 'stopped';
      pb.stop?.();
    }
  }

  // --- recordings ---------------------------------------------------------------------------------------------

  activeRecording(ch: Channel): LiveRecording | undefined {
    for (const r of this.recordings.live.values()) if (r.channel === ch && (r.state === 'recording' || r.state === 'paused')) return r;
    return undefined;
  }

  record(
    control: StasisControl,
    opts: { name: string; format: string; maxDurationSeconds: number; maxSilenceSeconds: number; ifExists: string; beep: boolean; terminateOn: string },
  ): LiveRecording | ApiError {
    const ch = control.ch;
    if (!opts.name) return err(400, 'Bad Request', 'Recording name invalid');
    if (!RECORDING_FORMATS.includes(opts.format)) return err(422, 'Unprocessable Entity', 'specified format is unknown on this system');
    if (this.recordings.live.has(opts.name) || (opts.ifExists === 'fail' && this.recordings.findStored(opts.name))) {
      return err(409, 'Conflict', `Recording '${opts.name}' already exists and can not be overwritten`);
    }
    const rec: LiveRecording = {
      name: opts.name,
      format: opts.format,
      targetUri: `channel:${ch.uniqueid}`,
      channel: ch,
      state: 'queued',
      startedAt: 0,
      pausedMs: 0,
      pausedAt: 0,
      muted: false,
      maxDurationMs: opts.maxDurationSeconds * 1000,
      maxSilenceMs: opts.maxSilenceSeconds * 1000,
      terminateOn: opts.terminateOn,
      ifExists: opts.ifExists,
      beep: opts.beep,
      played: [],
    };
    this.recordings.live.set(rec.name, rec);
    void this.enqueue(control, () => this.runRecording(rec)).catch(() => this.recordings.live.delete(rec.name));
    return rec;
  }

  private async runRecording(rec: LiveRecording): Promise<void> {
    const sim = this.sim;
    const engine = sim.engine;
    const ch = rec.channel;
    if (ch.softHangup || ch.hungUp) {
      rec.state = 'failed';
      engine.emit({ t: 'Recording', recording: recordingJson(rec), state: 'failed' });
      this.recordings.live.delete(rec.name);
      return;
    }
    rec.state = 'recording';
    engine.emit({ t: 'Recording', recording: recordingJson(rec), state: 'recording' });
    if (rec.beep) await engine.wait(ch, 425);
    rec.startedAt = engine.now();
    const speakMs = this.callerSpeakMs(ch);
    const why = await new Promise<'stop' | 'dtmf' | 'max' | 'silence' | 'hangup' | 'cancel'>((resolve) => {
      let done = false;
      const timers: Array<ReturnType<typeof engine.scheduler.after>> = [];
      const finish = (w: 'stop' | 'dtmf' | 'max' | 'silence' | 'hangup' | 'cancel'): void => {
        if (done) return;
        done = true;
        for (const t of timers) engine.scheduler.cancel(t);
        off();
        rec.finish = undefined;
        resolve(w);
      };
      rec.finish = finish;
      const off = ch.onWake((reason) => {
        if (reason === 'hangup') finish('hangup');
      });
      if (rec.maxDurationMs > 0) timers.push(engine.scheduler.after(rec.maxDurationMs, () => finish('max')));
      if (rec.maxSilenceMs > 0) {
        const armSilence = (): void => {
          const speechEnd = Math.max(speakMs, ...rec.played.map((p) => p.atMs + p.durationMs));
          const elapsed = engine.now() - rec.startedAt;
          const at = speechEnd + rec.maxSilenceMs;
          if (at <= elapsed) finish('silence');
          else timers.push(engine.scheduler.after(at - elapsed, armSilence));
        };
        armSilence();
      }
    });
    let durationMs = Math.max(0, engine.now() - rec.startedAt - rec.pausedMs);
    if (why === 'silence') {
      const speechEnd = Math.max(speakMs, ...rec.played.map((p) => p.atMs + p.durationMs));
      durationMs = Math.min(durationMs, speechEnd + 200);
    }
    if (why === 'cancel') {
      rec.state = 'canceled';
      rmSync(this.recordings.storedPath(rec.name, rec.format), { force: true });
    } else {
      rec.state = 'done';
      rec.durationS = Math.floor(durationMs / 1000);
      this.recordings.writeLive(rec, durationMs, speakMs);
    }
    engine.emit({ t: 'Recording', recording: recordingJson(rec), state: rec.state === 'canceled' ? 'canceled' : 'done' });
    this.recordings.live.delete(rec.name);
  }

  /** How long the far end of a recorded channel speaks: the simulated caller's script, or 3 s. */
  private callerSpeakMs(ch: Channel): number {
    const v = ch.data<number>('speakMs') ?? ch.localPeer?.data<number>('speakMs');
    return v ?? (ch.localPeer ? 0 : 3000);
  }

  /** A DTMF digit reached a channel: terminate its recording if the digit is a terminator. */
  dtmfForRecording(ch: Channel, digit: string): void {
    const rec = this.activeRecording(ch);
    if (!rec || rec.state !== 'recording') return;
    const t = rec.terminateOn;
    if (t === 'none' || !t) return;
    if (t === 'any' || t.includes(digit)) rec.finish?.('dtmf');
  }

  // --- helpers for the REST layer ------------------------------------------------------------------------------

  /** Answer via the control queue (a sync command in Asterisk: the REST call waits for it). */
  answer(control: StasisControl): Promise<void> {
    return this.enqueue(control, async () => {
      this.sim.engine.answer(control.ch);
    });
  }

  /** Send DTMF to the far end of a channel: for a Local half the other half receives it. */
  sendDtmf(control: StasisControl, digits: string, before: number, between: number, duration: number, after: number): void {
    const sim = this.sim;
    void this.enqueue(control, async () => {
      const ch = control.ch;
      if (before > 0) await sim.engine.wait(ch, before);
      for (let i = 0; i < digits.length; i++) {
        const d = digits[i]!;
        if (d === ',') {
          await sim.engine.wait(ch, 500);
          continue;
        }
        sim.engine.emit({ t: 'DTMFBegin', ch, digit: d, durationMs: 0, direction: 'Sent' });
        await sim.engine.wait(ch, duration);
        sim.engine.emit({ t: 'DTMFEnd', ch, digit: d, durationMs: duration, direction: 'Sent' });
        const peer = ch.localPeer;
        if (peer && !peer.hungUp) receiveDtmf(sim, peer, d, duration);
        if (i < digits.length - 1) await sim.engine.wait(ch, between);
      }
      if (after > 0) await sim.engine.wait(ch, after);
    }).catch(() => undefined);
  }

  reset(): void {
    this.apps.clear();
    this.controls.clear();
    this.playbacks.clear();
    this.recordings.reset();
  }
}

/** A DTMF digit arrives on a channel (from the caller's phone or the other Local half). */
export function receiveDtmf(sim: SimServices, ch: Channel, digit: string, durationMs: number): void {
  if (ch.hungUp) return;
  sim.engine.emit({ t: 'DTMFBegin', ch, digit, durationMs: 0, direction: 'Received' });
  sim.engine.emit({ t: 'DTMFEnd', ch, digit, durationMs, direction: 'Received' });
  sim.stasis.dtmfForRecording(ch, digit);
  const handlers = ch.data<Array<(d: string) => void>>('dtmfHandlers');
  if (handlers) for (const h of handlers) h(digit);
}

/** `Stasis(app[,args...])` */
export const stasisApp: DialplanApp = async (sim, ch, data) => {
  const [app = '', ...args] = splitArgs(data);
  sim.engine.setVar(ch, 'STASISSTATUS', '');
  if (!sim.stasis.isRegistered(app)) {
    sim.engine.log.warn(`Stasis app '${app}' not registered`);
    sim.engine.setVar(ch, 'STASISSTATUS', 'FAILED');
    return 0;
  }
  return sim.stasis.enter(ch, app, args);
};

export function isUp(ch: Channel): boolean {
  return ch.state === STATE.Up;
}
