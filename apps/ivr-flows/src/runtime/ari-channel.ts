/**
 * MediaChannel over ARI: one caller channel in our Stasis application. The dispatcher feeds it the channel's
 * events; it turns them into awaited results (playback done or interrupted, a key, a finished recording) and
 * turns a hang-up into CallerHungUp for whatever is pending — including a REST 404 that beats the event.
 */
import { randomUUID } from 'node:crypto';
import type { AriConnection, AriEvent } from '../ari/ari-connection.js';
import { isAriNotFound, type AriError } from '../ari/ari-errors.js';
import { CallerHungUp, type CallerInfo } from './flow-context.js';
import type { ChannelRecordRequest, ChannelRecordResult, MediaChannel, PlayRequest } from './media-channel.js';

interface Pending<T> {
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

interface PlaybackWait extends Pending<'done' | 'interrupted'> {
  id: string;
  bargeIn: boolean;
  stopping: boolean;
}

interface RecordingWait extends Pending<ChannelRecordResult> {
  name: string;
  startedAt: number;
  maxSeconds: number;
  keyPressed: boolean;
}

export interface AriChannelJson {
  id: string;
  caller?: { number?: string; name?: string };
}

export class AriChannel implements MediaChannel {
  readonly id: string;
  readonly caller: CallerInfo;
  private readonly abortCtl = new AbortController();
  private left = false;
  private readonly buffer: string[] = [];
  private digitWait: (Pending<string | null> & { timer: NodeJS.Timeout }) | null = null;
  private playback: PlaybackWait | null = null;
  private recording: RecordingWait | null = null;

  constructor(
    private readonly conn: AriConnection,
    json: AriChannelJson,
    /** How often a pending playback/recording is checked on the PBX in case its end event was lost. */
    private readonly watchdogMs = 8000,
  ) {
    this.id = json.id;
    this.caller = { number: json.caller?.number ?? '', name: json.caller?.name ?? '' };
  }

  get signal(): AbortSignal {
    return this.abortCtl.signal;
  }
  get gone(): boolean {
    return this.left || this.abortCtl.signal.aborted;
  }
  /** True once we sent the call on (continue/hang-up), so its StasisEnd is expected. */
  get handedOff(): boolean {
    return this.left;
  }

  /** The caller (or Asterisk) ended the call: every pending wait rejects with CallerHungUp. */
  markGone(): void {
    if (this.abortCtl.signal.aborted) return;
    const err = new CallerHungUp(this.id);
    this.abortCtl.abort(err);
    if (this.recording) {
      const r = this.recording;
      this.recording = null;
      r.resolve({ durationSeconds: Math.round((Date.now() - r.startedAt) / 1000), endedBy: 'hangup' });
    }
    for (const w of [this.playback, this.digitWait]) w?.reject(err);
    if (this.digitWait) clearTimeout(this.digitWait.timer);
    this.playback = null;
    this.digitWait = null;
  }

  private live(): void {
    if (this.abortCtl.signal.aborted) throw new CallerHungUp(this.id);
  }

  /** A REST failure: a vanished channel is a hang-up; anything else is a real error. */
  private fail(e: unknown): never {
    if (isAriNotFound(e) && /channel/i.test((e as AriError).message)) {
      this.markGone();
      throw new CallerHungUp(this.id);
    }
    if (this.abortCtl.signal.aborted) throw new CallerHungUp(this.id);
    throw e;
  }

  private async req<T>(op: string, fn: Parameters<AriConnection['request']>[1]): Promise<T> {
    try {
      return (await this.conn.request(op, fn)) as T;
    } catch (e) {
      return this.fail(e);
    }
  }

  // ── events from the dispatcher ────────────────────────────────────────────────────────────────────────────

  handle(e: AriEvent): void {
    switch (e.type) {
      case 'ChannelDtmfReceived':
        this.onDigit(String(e.digit ?? ''));
        break;
      case 'PlaybackFinished': {
        const id = (e.playback as { id?: string } | undefined)?.id;
        if (this.playback && this.playback.id === id) {
          const p = this.playback;
          this.playback = null;
          p.resolve(p.stopping ? 'interrupted' : 'done');
        }
        break;
      }
      case 'RecordingFinished':
      case 'RecordingFailed': {
        const rec = e.recording as { name?: string; duration?: number } | undefined;
        if (this.recording && this.recording.name === rec?.name) {
          const r = this.recording;
          this.recording = null;
          const secs = e.type === 'RecordingFailed' ? 0 : (rec.duration ?? Math.round((Date.now() - r.startedAt) / 1000));
          r.resolve({ durationSeconds: secs, endedBy: r.keyPressed ? 'key' : secs >= r.maxSeconds - 1 ? 'max' : 'silence' });
        }
        break;
      }
      case 'ChannelHangupRequest':
      case 'ChannelDestroyed':
        this.markGone();
        break;
      case 'StasisEnd':
        if (!this.left) this.markGone(); // left without us sending it anywhere: hung up or taken away
        break;
      default:
        break;
    }
  }

  private onDigit(d: string): void {
    if (!d) return;
    if (this.recording) {
      this.recording.keyPressed = true; // Asterisk ends the recording itself (terminateOn)
      return;
    }
    if (this.digitWait) {
      const w = this.digitWait;
      this.digitWait = null;
      clearTimeout(w.timer);
      w.resolve(d);
      return;
    }
    this.buffer.push(d);
    const p = this.playback;
    if (p && p.bargeIn && !p.stopping) {
      p.stopping = true;
      // stop first (so the next prompt is not queued behind this one), then let the flow go on at once
      this.conn
        .request('stopPlayback', (c) => c.playbacks.stop({ playbackId: p.id }))
        .catch(() => undefined)
        .finally(() => {
          if (this.playback === p) {
            this.playback = null;
            p.resolve('interrupted');
          }
        });
    }
  }

  /** After a reconnect: events may have been lost; settle what no longer exists on the PBX. */
  async resync(): Promise<void> {
    const p = this.playback;
    if (p) {
      try {
        await this.conn.request('getPlayback', (c) => c.playbacks.get({ playbackId: p.id }));
      } catch (e) {
        if (isAriNotFound(e) && this.playback === p) {
          this.playback = null;
          p.resolve(p.stopping ? 'interrupted' : 'done');
        }
      }
    }
    const r = this.recording;
    if (r) {
      try {
        await this.conn.request('getLiveRecording', (c) => c.recordings.getLive({ recordingName: r.name }));
      } catch (e) {
        if (isAriNotFound(e) && this.recording === r) {
          this.recording = null;
          r.resolve({ durationSeconds: Math.round((Date.now() - r.startedAt) / 1000), endedBy: r.keyPressed ? 'key' : 'silence' });
        }
      }
    }
  }

  // ── MediaChannel ──────────────────────────────────────────────────────────────────────────────────────────

  async answer(): Promise<void> {
    this.live();
    await this.req('answer', (c) => c.channels.answer({ channelId: this.id }));
  }

  async play(req: PlayRequest): Promise<'done' | 'interrupted'> {
    this.live();
    if (req.bargeIn && this.buffer.length > 0) return 'interrupted';
    const id = randomUUID();
    const done = new Promise<'done' | 'interrupted'>((resolve, reject) => {
      this.playback = { id, resolve, reject, bargeIn: req.bargeIn, stopping: false };
    });
    done.catch(() => undefined);
    try {
      await this.req('play', (c) => c.channels.play({ channelId: this.id, media: req.media.join(','), lang: req.lang, playbackId: id } as never));
    } catch (e) {
      if (this.playback?.id === id) this.playback = null;
      throw e;
    }
    return this.watch(done, () => this.resync());
  }

  /** Settles a wait whose end event never came (lost or garbled frame): the PBX is asked every watchdogMs. */
  private async watch<T>(p: Promise<T>, check: () => Promise<void>): Promise<T> {
    const timer = setInterval(() => void check().catch(() => undefined), this.watchdogMs);
    try {
      return await p;
    } finally {
      clearInterval(timer);
    }
  }

  nextDigit(timeoutMs: number): Promise<string | null> {
    this.live();
    const d = this.buffer.shift();
    if (d !== undefined) return Promise.resolve(d);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.digitWait = null;
        resolve(null);
      }, timeoutMs);
      this.digitWait = { resolve, reject, timer };
    });
  }

  flushDigits(): void {
    this.buffer.length = 0;
  }

  async record(req: ChannelRecordRequest): Promise<ChannelRecordResult> {
    this.live();
    this.buffer.length = 0;
    const done = new Promise<ChannelRecordResult>((resolve, reject) => {
      this.recording = { name: req.name, resolve, reject, startedAt: Date.now(), maxSeconds: req.maxSeconds, keyPressed: false };
    });
    try {
      await this.req('record', (c) =>
        c.channels.record({
          channelId: this.id,
          name: req.name,
          format: 'wav',
          maxDurationSeconds: req.maxSeconds,
          maxSilenceSeconds: req.maxSilenceSeconds,
          ifExists: 'overwrite',
          beep: req.beep,
          terminateOn: req.terminateOn,
        }),
      );
    } catch (e) {
      if (e instanceof CallerHungUp) return done; // resolved with endedBy 'hangup'
      this.recording = null;
      throw e;
    }
    return this.watch(done, () => this.resync());
  }

  async setVar(name: string, value: string): Promise<void> {
    this.live();
    await this.req('setChannelVar', (c) => c.channels.setChannelVar({ channelId: this.id, variable: name, value }));
  }

  async getVar(name: string): Promise<string | null> {
    this.live();
    try {
      const r = (await this.conn.request('getChannelVar', (c) => c.channels.getChannelVar({ channelId: this.id, variable: name }))) as { value?: string };
      return r?.value ?? null;
    } catch (e) {
      if (isAriNotFound(e) && !/channel/i.test((e as AriError).message)) return null; // variable not set
      return this.fail(e);
    }
  }

  async continueInDialplan(context: string, extension: string, priority: number): Promise<void> {
    this.live();
    this.left = true; // its StasisEnd is ours
    try {
      await this.req('continueInDialplan', (c) => c.channels.continueInDialplan({ channelId: this.id, context, extension, priority }));
    } catch (e) {
      if (!(e instanceof CallerHungUp)) this.left = false;
      throw e;
    }
  }

  async hangup(): Promise<void> {
    if (this.left) return;
    this.left = true;
    try {
      await this.conn.request('hangup', (c) => c.channels.hangup({ channelId: this.id, reason: 'normal' }));
    } catch (e) {
      if (!isAriNotFound(e)) throw e;
    }
  }
}
