/**
 * Zero loss: the PBX's own call log (cdr_custom, asterisk/cdr_custom.conf) is the source of truth. On every start
 * and resync (and every RECONCILE_INTERVAL_SECONDS) the bridge reads the log on from its durable position and, per
 * call (Linkedid) whose own CDR is there — i.e. the call is over:
 *   - still followed live by this bridge      → left for the next pass (the position stops before it);
 *   - no record (nobody listened all along)  → the record is created from the log, marked reconciled;
 *   - record open, or closed as "orphaned"   → completed/corrected from the log (answered, agent, recording…);
 *   - record already reconciled               → nothing (applying twice would change nothing anyway);
 *   - record the bridge ended live            → compared with the log: each disagreement logged and counted.
 * The position is saved after the calls before it are applied, so a crash mid-pass re-applies (idempotent
 * upserts keyed by Linkedid and file path), never skips.
 */
import { statSync } from 'node:fs';
import { compareWithPbx, foldPbxCall, groupByLinkedid, parseCdrLine, type CdrRow, type Disagreement, type PbxCall } from '@donorline/domain';
import type { PbxReconcileService, StoredCall } from '@donorline/domain/node';
import { localRecordingPath } from '../calls/call-journal.js';
import type { RecordingDirs } from '../http/recording-files.js';
import { readLogFrom } from './cdr-log-reader.js';

export interface ReconcilerLog {
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
}

export interface ReconcilerOptions {
  file: string;
  store: PbxReconcileService;
  /** The bridge follows this call live right now (its record is the live path's to write). */
  isLive(linkedid: string): boolean;
  /** Writes what the live path has buffered, so stored records are current before they are compared. */
  flush(): Promise<void>;
  recordingDirs: RecordingDirs;
  /** How far instants may differ between the log and a live record; 0 = instants are not compared. */
  toleranceMs: number;
  log: ReconcilerLog;
  /** Called after each pass with what it did (metrics). */
  observe?(run: ReconcileRun): void;
}

export interface ReconcileFigures {
  /** Records created from the log: calls no bridge saw at all. */
  created: number;
  /** Records the bridge had left open or closed as orphaned, completed from the log. */
  completed: number;
  /** Records the bridge ended live, checked against the log. */
  compared: number;
  /** Of those, how many disagreed (see disagreements). */
  disagreed: number;
  /** Lines that were not CDRs of our mapping (torn, garbled, another mapping). */
  malformed: number;
  /** Calls left for the next pass because the bridge still followed them. */
  deferred: number;
  passes: number;
}

export interface ReconcileRun extends Omit<ReconcileFigures, 'passes'> {
  reason: string;
  lines: number;
}

export interface LogCheck {
  /** Calls in the log (over, not followed live any more). */
  calls: number;
  compared: number;
  missing: string[];
  open: string[];
  disagreements: Record<string, Disagreement[]>;
}

export class PbxReconciler {
  readonly figures: ReconcileFigures = { created: 0, completed: 0, compared: 0, disagreed: 0, malformed: 0, deferred: 0, passes: 0 };
  /** Live vs PBX: the disagreements found per call (the fault suite's check). */
  readonly disagreements = new Map<string, Disagreement[]>();
  private chain: Promise<unknown> = Promise.resolve();
  private readonly source: string;

  constructor(private readonly o: ReconcilerOptions) {
    this.source = `cdr:${o.file}`.slice(0, 255);
  }

  /** One pass (passes never overlap: a second call runs after the first). */
  run(reason: string): Promise<ReconcileRun> {
    const next = this.chain.then(() => this.pass(reason));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async pass(reason: string): Promise<ReconcileRun> {
    const run: ReconcileRun = { reason, lines: 0, created: 0, completed: 0, compared: 0, disagreed: 0, malformed: 0, deferred: 0 };
    await this.o.flush().catch(() => undefined);
    const cursor = await this.o.store.cursor(this.source);
    const chunks = await readLogFrom(this.o.file, cursor);
    for (const chunk of chunks) {
      run.malformed += chunk.oversized;
      const rows: Array<{ row: CdrRow; start: number }> = [];
      for (const l of chunk.lines) {
        const row = parseCdrLine(l.text);
        if (row) rows.push({ row, start: l.start });
        else if (l.text.trim()) run.malformed++;
      }
      run.lines += chunk.lines.length;
      const startOf = new Map<string, number>();
      for (const r of rows) if (!startOf.has(r.row.linkedid)) startOf.set(r.row.linkedid, r.start);
      let stopAt: number | null = null;
      const groups = groupByLinkedid(rows.map((r) => r.row));
      const calls = [...groups.values()].map((g) => foldPbxCall(g)).filter((c): c is PbxCall => !!c);
      const stored = await this.o.store.stored(calls.map((c) => c.linkedid));
      for (const c of calls) {
        // a rotated file is finished as it is: nothing waits in it
        if (chunk.current && this.o.isLive(c.linkedid)) {
          run.deferred++;
          const s = startOf.get(c.linkedid)!;
          stopAt = stopAt === null ? s : Math.min(stopAt, s);
          continue;
        }
        await this.one(c, stored.get(c.linkedid) ?? null, run);
      }
      await this.o.store.saveCursor(this.source, { inode: chunk.inode, position: stopAt ?? chunk.end });
    }
    this.figures.passes++;
    for (const k of ['created', 'completed', 'compared', 'disagreed', 'malformed', 'deferred'] as const) this.figures[k] += run[k];
    if (run.created || run.completed || run.disagreed || run.malformed) this.o.log.info({ ...run }, 'reconciled call records with the PBX call log');
    this.o.observe?.(run);
    return run;
  }

  private async one(c: PbxCall, s: StoredCall | null, run: ReconcileRun): Promise<void> {
    if (s?.reconciledAt) return;
    const files = this.recordingsOf(c, s);
    if (s && s.endedAt && s.hangupCause !== 'orphaned') {
      run.compared++;
      const d = compareWithPbx({ outcome: s.outcome, agentExt: s.agentExt, startedAt: s.startedAt, endedAt: s.endedAt, queue: s.queue }, c, this.o.toleranceMs);
      if (d.length) {
        run.disagreed++;
        this.disagreements.set(c.linkedid, d);
        this.o.log.warn({ callId: c.linkedid, disagreements: d }, 'the live call record and the PBX call log disagree');
      } else this.disagreements.delete(c.linkedid);
      return;
    }
    await this.o.store.apply(c, files);
    if (s) run.completed++;
    else run.created++;
  }

  /**
   * The check (the fault suite's, and on demand): every call in the whole log (the current file) against its record,
   * writing nothing. `missing`: calls the PBX logged that have no record; `open`: records the PBX says are over but
   * are not ended; `disagreements`: records the bridge ended live that disagree with the log (reconciled ones are
   * the log's own facts). Calls the bridge still follows are left out.
   */
  async check(): Promise<LogCheck> {
    await this.o.flush().catch(() => undefined);
    const out: LogCheck = { calls: 0, compared: 0, missing: [], open: [], disagreements: {} };
    const rows: CdrRow[] = [];
    for (const chunk of await readLogFrom(this.o.file, null)) {
      for (const l of chunk.lines) {
        const r = parseCdrLine(l.text);
        if (r) rows.push(r);
      }
    }
    const calls = [...groupByLinkedid(rows).values()].map((g) => foldPbxCall(g)).filter((c): c is PbxCall => !!c && !this.o.isLive(c.linkedid));
    const stored = await this.o.store.stored(calls.map((c) => c.linkedid));
    for (const c of calls) {
      out.calls++;
      const s = stored.get(c.linkedid);
      if (!s) out.missing.push(c.linkedid);
      else if (!s.endedAt) out.open.push(c.linkedid);
      else if (!s.reconciledAt && s.hangupCause !== 'orphaned') {
        out.compared++;
        const d = compareWithPbx({ outcome: s.outcome, agentExt: s.agentExt, startedAt: s.startedAt, endedAt: s.endedAt, queue: s.queue }, c, this.o.toleranceMs);
        if (d.length) out.disagreements[c.linkedid] = d;
      }
    }
    return out;
  }

  /** The call's recordings named in the log and not linked yet, as the live path stores them (the PBX's path). */
  private recordingsOf(c: PbxCall, s: StoredCall | null): Array<{ filePath: string; sizeBytes: number | null; durationSeconds: number }> {
    const have = new Set(s?.recordingNames ?? []);
    return c.recordings.filter((f) => !have.has(f.slice(f.lastIndexOf('/') + 1))).map((filePath) => {
      const local = localRecordingPath(filePath, this.o.recordingDirs);
      try {
        const st = local ? statSync(local) : null;
        if (st?.isFile()) return { filePath, sizeBytes: st.size, durationSeconds: Math.max(0, (st.size - 44) / 16_000) };
      } catch {
        /* not there (yet): linked by name, measured when played */
      }
      return { filePath, sizeBytes: null, durationSeconds: 0 };
    });
  }
}
