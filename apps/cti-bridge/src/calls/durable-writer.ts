import type { CallRecordPatch, RecordingAttach, SegmentPatch } from '@donorline/domain/node';
import { silentLogger, type Logger } from '../logger.js';
import { mergePatch, mergeSegment } from './record-patches.js';

/** The part of the domain's CallRecordService the writer needs. */
export interface CallRecordStore {
  upsert(linkedid: string, patch: CallRecordPatch): Promise<unknown>;
  attachRecording(linkedid: string, rec: RecordingAttach): Promise<unknown>;
  upsertSegment(linkedid: string, seg: SegmentPatch): Promise<unknown>;
}

interface Entry {
  patch: CallRecordPatch | null;
  /** Agent segments by extension (written after the record, before the recordings that name them). */
  segments: Map<string, SegmentPatch>;
  recordings: RecordingAttach[];
  busy: boolean;
  queued: boolean;
  failures: number;
  timer: NodeJS.Timeout | undefined;
  /** When the last fact arrived (a standby drops what the owner surely wrote long ago). */
  lastAt: number;
}

export interface DurableWriterOptions {
  logger?: Logger;
  /** Retry delays after a failed write (ms), the last one repeats (default 100 … 5000). */
  retryDelaysMs?: readonly number[];
  /** Writes in flight at once (default 8). */
  concurrency?: number;
  /** Facts of a call arriving within this many ms are merged into one write (default 200; 0 = next turn). */
  coalesceMs?: number;
  /**
   * High availability: whether this bridge may write now (it owns the AMI lease and its token is valid). While not,
   * facts are kept merged per call (warm, for a takeover) and nothing is written; facts older than `standbyKeepMs`
   * (default 60 s) are dropped — the owner wrote them. Default: always.
   */
  mayWrite?: () => boolean;
  standbyKeepMs?: number;
}

/**
 * Call records never lost: every fact about a call is queued per call, merged with what is still waiting (the
 * upsert's own merge rules, so nothing is lost by coalescing), written in order per call, and retried with backoff
 * while the database is down — the queue is the buffer. `flush()` waits until everything is written (shutdown, tests).
 */
export class DurableCallWriter {
  private readonly entries = new Map<string, Entry>();
  private readonly ready: string[] = [];
  private inFlight = 0;
  private readonly log: Logger;
  private readonly delays: readonly number[];
  private readonly concurrency: number;
  private readonly coalesceMs: number;
  private idleWaiters: Array<() => void> = [];
  private parkTimer: NodeJS.Timeout | undefined;
  private readonly mayWrite: () => boolean;
  private readonly keepMs: number;
  writes = 0;
  failures = 0;

  constructor(private readonly store: CallRecordStore, opts: DurableWriterOptions = {}) {
    this.log = opts.logger ?? silentLogger;
    this.delays = opts.retryDelaysMs?.length ? opts.retryDelaysMs : [100, 250, 500, 1000, 2000, 5000];
    this.concurrency = opts.concurrency ?? 8;
    this.coalesceMs = opts.coalesceMs ?? 200;
    this.mayWrite = opts.mayWrite ?? (() => true);
    this.keepMs = opts.standbyKeepMs ?? 60_000;
  }

  /** This bridge became the owner: write what was kept (idempotent upserts on Linkedid: written once). */
  resume(): void {
    clearTimeout(this.parkTimer);
    this.parkTimer = undefined;
    this.pump();
  }

  /** Calls with facts not yet in the database. */
  get depth(): number {
    return this.entries.size;
  }

  private closed = false;
  private pumpScheduled = false;

  /** After stop(): nothing more is written (what could not be flushed is reported by flush()). */
  close(): void {
    this.closed = true;
    clearTimeout(this.parkTimer);
    for (const e of this.entries.values()) clearTimeout(e.timer);
  }

  write(callId: string, patch: CallRecordPatch): void {
    if (this.closed) return;
    const e = this.entry(callId);
    e.patch = e.patch ? mergePatch(e.patch, patch) : patch;
    this.schedule(callId, e);
  }

  segment(callId: string, seg: SegmentPatch): void {
    if (this.closed) return;
    const e = this.entry(callId);
    const prev = e.segments.get(seg.ext);
    e.segments.set(seg.ext, prev ? mergeSegment(prev, seg) : seg);
    this.schedule(callId, e);
  }

  attachRecording(callId: string, rec: RecordingAttach): void {
    if (this.closed) return;
    const e = this.entry(callId);
    e.recordings.push(rec);
    this.schedule(callId, e);
  }

  /** Resolves when nothing is waiting or in flight (or after `timeoutMs`, returning false). */
  flush(timeoutMs = 10_000): Promise<boolean> {
    if (this.entries.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(t);
        resolve(true);
      };
      this.idleWaiters.push(done);
    });
  }

  private entry(callId: string): Entry {
    let e = this.entries.get(callId);
    if (!e) this.entries.set(callId, (e = { patch: null, segments: new Map(), recordings: [], busy: false, queued: false, failures: 0, timer: undefined, lastAt: 0 }));
    e.lastAt = Date.now();
    return e;
  }

  private schedule(callId: string, e: Entry): void {
    if (this.closed) return;
    if (e.busy || e.timer || e.queued) return;
    e.queued = true;
    this.ready.push(callId);
    // never inside the caller's turn: an embedded (SQLite) write blocks the event loop, and the AMI events already
    // received — the next pop — come first; facts arriving meanwhile are merged into fewer writes
    if (!this.pumpScheduled) {
      this.pumpScheduled = true;
      const go = (): void => {
        this.pumpScheduled = false;
        this.pump();
      };
      if (this.coalesceMs > 0) setTimeout(go, this.coalesceMs);
      else setImmediate(go);
    }
  }

  private pump(): void {
    if (!this.mayWrite()) return this.park();
    while (this.inFlight < this.concurrency && this.ready.length) {
      const id = this.ready.shift()!;
      const e = this.entries.get(id);
      if (!e) continue;
      e.queued = false;
      if (e.busy) continue;
      void this.run(id, e);
    }
  }

  /** Not the owner: keep the facts, look again in a second, drop what is older than keepMs. */
  private park(): void {
    if (this.parkTimer || this.closed) return;
    this.parkTimer = setTimeout(() => {
      this.parkTimer = undefined;
      if (!this.mayWrite()) {
        const old = Date.now() - this.keepMs;
        for (const [id, e] of this.entries) {
          if (e.busy || e.lastAt >= old) continue;
          clearTimeout(e.timer);
          this.entries.delete(id);
        }
        if (this.entries.size === 0) for (const w of this.idleWaiters.splice(0)) w();
      }
      this.pump();
    }, 1000);
    this.parkTimer.unref?.();
  }

  private async run(callId: string, e: Entry): Promise<void> {
    e.busy = true;
    this.inFlight++;
    const patch = e.patch;
    const segs = e.segments;
    const recs = e.recordings;
    e.patch = null;
    e.segments = new Map();
    e.recordings = [];
    // the lease asked again before every statement: an owner paused between two of them (GC, SIGSTOP) that wakes up
    // after a successor took over writes nothing more — what is left waits here, parked, as a standby's facts do
    const fence = (): void => {
      if (!this.mayWrite()) throw new LeaseLost();
    };
    try {
      if (patch) {
        fence();
        await this.store.upsert(callId, patch);
      }
      for (const [ext, seg] of [...segs]) {
        fence();
        await this.store.upsertSegment(callId, seg);
        segs.delete(ext);
      }
      while (recs.length) {
        fence();
        await this.store.attachRecording(callId, recs[0]!);
        recs.shift();
      }
      this.writes++;
      e.failures = 0;
    } catch (err) {
      // put back what was not written, merged under anything newer
      if (patch) e.patch = e.patch ? mergePatch(patch, e.patch) : patch;
      for (const [ext, seg] of segs) {
        const newer = e.segments.get(ext);
        e.segments.set(ext, newer ? mergeSegment(seg, newer) : seg);
      }
      e.recordings = [...recs, ...e.recordings];
      if (!(err instanceof LeaseLost)) this.retryLater(callId, e, err);
    } finally {
      e.busy = false;
      this.inFlight--;
    }
    this.after(callId, e);
  }

  private retryLater(callId: string, e: Entry, err: unknown): void {
    this.failures++;
    const delay = this.delays[Math.min(e.failures++, this.delays.length - 1)]!;
    if (e.failures === 1 || e.failures % 20 === 0) this.log.warn({ err, callId, retryInMs: delay, depth: this.entries.size }, 'call record write failed; buffered for retry');
    e.timer = setTimeout(() => {
      e.timer = undefined;
      this.schedule(callId, e);
    }, delay);
  }

  private after(callId: string, e: Entry): void {
    if (!e.timer) {
      if (e.patch || e.segments.size || e.recordings.length) this.schedule(callId, e);
      else this.entries.delete(callId);
    }
    this.pump();
    if (this.entries.size === 0) for (const w of this.idleWaiters.splice(0)) w();
  }
}

/** The lease was lost between two statements of one call's write (the rest is kept for the next owner's turn). */
class LeaseLost extends Error {
  override readonly name = 'LeaseLost';
}
