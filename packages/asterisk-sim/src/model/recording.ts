import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { readPcm8k } from '../wav/wav-reader.js';
import { encodeWav, wavHeader } from '../wav/wav-writer.js';
import { mixIn, msToSamples } from '../wav/tone-synth.js';
import { parseAppOptions } from './app-options.js';
import type { Channel } from './channel.js';
import type { SoundFile } from './media.js';
import type { SimServices } from './services.js';

type Intervals = Array<[number, number]>;

interface MixMonitorState {
  path: string;
  startedAt: number;
  holds: Intervals;
  /** Option `b`: only audio while the channel is bridged — the file starts when it first is. */
  onlyBridged: boolean;
  bridgedAt: number | null;
  id: string;
  /** MixMonitorMute: silenced intervals of what the channel sends (read) and what it hears (write). */
  mutes: { read: Intervals; write: Intervals };
  /** The monitored channel is an agent's (its own voice is the agent's), or the caller's/donor's. */
  selfIsAgent: boolean;
}

export type MuteDirection = 'read' | 'write' | 'both';

function closeOpen(list: Intervals, at: number): void {
  const last = list[list.length - 1];
  if (last && last[1] === Infinity) last[1] = at;
}

export interface LiveRecording {
  name: string;
  format: string;
  targetUri: string;
  channel: Channel;
  state: 'queued' | 'recording' | 'paused' | 'done' | 'failed' | 'canceled';
  startedAt: number;
  pausedMs: number;
  pausedAt: number;
  muted: boolean;
  maxDurationMs: number;
  maxSilenceMs: number;
  terminateOn: string;
  ifExists: string;
  beep: boolean;
  /** Sounds played to the other side while recording (mixed into the file). */
  played: Array<{ atMs: number; file: SoundFile | undefined; durationMs: number }>;
  durationS?: number;
  finish?: (why: 'stop' | 'dtmf' | 'max' | 'silence' | 'hangup' | 'cancel') => void;
}

export const RECORDING_FORMATS = ['wav', 'sln', 'wav16'];

/** An agent's phone (PJSIP/8001…, or the lab's Local/80xx@agents): its own voice is the agent's. */
function isAgentChannel(ch: Channel): boolean {
  return ch.deviceKey?.startsWith('agent:') === true || /^Local\/\d+@agents-/.test(ch.name);
}

/**
 * Recordings that write real files: MixMonitor (the whole conversation) and ARI live recordings
 * (what the far end says), stored as `<recordingsDir>/ari/<name>.<format>` and served by
 * `/ari/recordings/stored`.
 */
export class RecordingService {
  readonly live = new Map<string, LiveRecording>();

  constructor(private readonly sim: () => SimServices) {}

  /** Hook the engine: MixMonitor's `b` option needs to know when a monitored channel is first bridged. */
  attach(sim: SimServices): void {
    sim.engine.bridgedListeners.push((members) => {
      for (const m of members) {
        const st = m.data<MixMonitorState>('mixmonitor');
        if (st && st.bridgedAt === null) st.bridgedAt = sim.engine.now();
      }
    });
  }

  get storedDir(): string {
    return join(this.sim().options.recordingsDir, 'ari');
  }

  // --- MixMonitor -----------------------------------------------------------------------------------------

  /** Resolve a MixMonitor file name as Asterisk does: relative names go under the monitor directory. */
  monitorPath(file: string): string {
    const { recordingsDir } = this.sim().options;
    return isAbsolute(file) ? file : join(recordingsDir, file);
  }

  startMixMonitor(ch: Channel, file: string, options: string): string {
    const sim = this.sim();
    const engine = sim.engine;
    if (ch.data('mixmonitor')) this.stopMixMonitor(ch);
    const name = file || `${ch.uniqueid}.wav`;
    const path = this.monitorPath(name.includes('.') ? name : `${name}.wav`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, wavHeader(0));
    const bridged = !!ch.bridge && ch.bridge.channels.length >= 2;
    const state: MixMonitorState = {
      path, startedAt: engine.now(), holds: [], onlyBridged: parseAppOptions(options).has('b'), bridgedAt: bridged ? engine.now() : null,
      id: `${ch.uniqueid}`, mutes: { read: [], write: [] }, selfIsAgent: isAgentChannel(ch),
    };
    ch.setData('mixmonitor', state);
    engine.setVar(ch, 'MIXMONITOR_FILENAME', path);
    if (ch.bridge) engine.setBridgePeers(ch.bridge);
    engine.emit({ t: 'MixMonitorStart', ch });
    engine.onGone(ch, () => this.finishMixMonitor(ch, state, false));
    sim.observer.emit('recording:started', { kind: 'mixmonitor', channel: ch.name, path });
    return path;
  }

  stopMixMonitor(ch: Channel): boolean {
    const state = ch.data<MixMonitorState>('mixmonitor');
    if (!state) return false;
    this.finishMixMonitor(ch, state, true);
    return true;
  }

  /**
   * MixMonitorMute: silence one direction of the running recording (read = what the channel's party says,
   * write = what it hears, both) from now on, or lift it. False when the channel has no MixMonitor.
   */
  muteMixMonitor(ch: Channel, direction: MuteDirection, mute: boolean): boolean {
    const state = ch.data<MixMonitorState>('mixmonitor');
    if (!state) return false;
    const now = this.sim().engine.now();
    for (const d of direction === 'both' ? (['read', 'write'] as const) : [direction]) {
      const list = state.mutes[d];
      const open = list[list.length - 1]?.[1] === Infinity;
      if (mute && !open) list.push([now, Infinity]);
      else if (!mute && open) closeOpen(list, now);
    }
    return true;
  }

  private finishMixMonitor(ch: Channel, state: MixMonitorState, emit: boolean): void {
    if (ch.data<MixMonitorState>('mixmonitor') !== state) return;
    ch.setData('mixmonitor', undefined);
    const sim = this.sim();
    const end = sim.engine.now();
    const from = state.onlyBridged ? (state.bridgedAt ?? end) : state.startedAt;
    const durationMs = Math.max(0, end - from);
    closeOpen(state.mutes.read, end);
    closeOpen(state.mutes.write, end);
    const seed = Number(ch.uniqueid.split('.')[1] ?? 0);
    const mutes = state.selfIsAgent ? { agent: state.mutes.read, caller: state.mutes.write } : { caller: state.mutes.read, agent: state.mutes.write };
    const pcm = sim.media.renderConversation(durationMs, seed, state.holds, from, mutes);
    writeFileSync(state.path, encodeWav(pcm));
    if (emit) {
      sim.engine.emit({ t: 'MixMonitorStop', ch });
      if (ch.bridge) sim.engine.setBridgePeers(ch.bridge);
    }
    sim.observer.emit('recording:finished', { kind: 'mixmonitor', channel: ch.name, path: state.path, durationMs });
  }

  // --- ARI live/stored recordings -------------------------------------------------------------------------

  storedPath(name: string, format: string): string {
    const ext = format === 'wav16' ? 'wav16' : format;
    return join(this.storedDir, `${name}.${ext}`);
  }

  findStored(name: string): { name: string; format: string; path: string } | undefined {
    if (!existsSync(this.storedDir) || name.includes('..')) return undefined;
    for (const fmt of RECORDING_FORMATS) {
      const path = this.storedPath(name, fmt);
      if (existsSync(path) && statSync(path).isFile()) return { name, format: fmt, path };
    }
    return undefined;
  }

  listStored(): Array<{ name: string; format: string }> {
    if (!existsSync(this.storedDir)) return [];
    const out: Array<{ name: string; format: string }> = [];
    const walk = (dir: string, prefix: string): void => {
      for (const f of readdirSync(dir, { withFileTypes: true })) {
        if (f.isDirectory()) walk(join(dir, f.name), `${prefix}${f.name}/`);
        else {
          const dot = f.name.lastIndexOf('.');
          const fmt = f.name.slice(dot + 1);
          if (dot > 0 && RECORDING_FORMATS.includes(fmt)) out.push({ name: prefix + f.name.slice(0, dot), format: fmt });
        }
      }
    };
    walk(this.storedDir, '');
    return out;
  }

  deleteStored(name: string): boolean {
    const s = this.findStored(name);
    if (!s) return false;
    rmSync(s.path, { force: true });
    return true;
  }

  copyStored(name: string, dest: string): { name: string; format: string } | 'missing' | 'exists' {
    const s = this.findStored(name);
    if (!s) return 'missing';
    if (this.findStored(dest)) return 'exists';
    const target = this.storedPath(dest, s.format);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, readFileSync(s.path));
    return { name: dest, format: s.format };
  }

  /** Write the file of a finished ARI recording: what the caller said plus anything played to them. */
  writeLive(rec: LiveRecording, durationMs: number, speakMs: number): void {
    const sim = this.sim();
    const seed = Number(rec.channel.uniqueid.split('.')[1] ?? 0);
    const pcm = rec.muted ? new Int16Array(msToSamples(durationMs)) : sim.media.renderCallerMessage(durationMs, speakMs, seed);
    for (const p of rec.played) {
      if (p.atMs < durationMs) sim.media.mixSound(pcm, p.atMs, p.file, Math.min(p.durationMs, durationMs - p.atMs));
    }
    const path = this.storedPath(rec.name, rec.format);
    mkdirSync(dirname(path), { recursive: true });
    let samples = pcm;
    if (rec.ifExists === 'append') {
      const old = existsSync(path) && rec.format === 'wav' ? readPcm8k(path) : undefined;
      if (old) {
        samples = new Int16Array(old.length + pcm.length);
        samples.set(old);
        mixIn(samples, old.length, pcm);
      }
    }
    if (rec.format === 'sln') writeFileSync(path, Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
    else writeFileSync(path, encodeWav(samples));
    sim.observer.emit('recording:finished', { kind: 'ari', name: rec.name, path, durationMs });
  }

  liveName(name: string): LiveRecording | undefined {
    return this.live.get(name);
  }

  reset(): void {
    this.live.clear();
  }
}

