/**
 * Runs one import job: its dry run or its apply, batch by batch (BATCH rows), streaming the file. Apply: each batch
 * commits together with its issues, the counters and the checkpoint — so a crash leaves either the whole batch or
 * none of it, and the next start resumes right after the last committed batch (rows before it are re-read as a dry
 * run to rebuild the in-file duplicate checks; being idempotent, nothing is written twice).
 */
import { rmSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { DomainError, isDomainError } from '../../errors.js';
import type { PhoneOptions } from '../../donors/phone.js';
import type { IntegrationEvents } from '../../integration/integration-events.js';
import { emptyCounts, type BecsEntity, type ImportJobDto, type ImportPhase, type OutcomeCounts, type RowIssue } from '../../integration/integration.types.js';
import { validateDeferral, validateDonation, validateDonor, type RowContext } from '../../integration/record-validation.js';
import { rowToRecord, sheetRowBatches, sheetsInApplyOrder, type TableSheet } from '../../integration/readers/table-reader.js';
import { PhoneNormalizer } from '../../integration/phone-cache.js';
import { localDateOf } from '../../time/local-date.js';
import type { PiiCipher } from '../pii.js';
import type { CallerLookup } from '../services/caller-lookup.js';
import { sqlTime } from '../sql.js';
import { BecsSql, tuples } from './becs-sql.js';
import { newItem, noEvents, SeenState, siteKey, type BatchEnv } from './batch-env.js';
import { MAX_STORED_ISSUES, tableInfoOf, toDto, type ImportJobStore, type JobState } from './import-jobs.js';
import type { MappingService } from './mapping.service.js';
import { rowSkipFor, type PendingRow } from './row-skip.js';
import { runBatch, type AnyItem } from './run-batch.js';

export interface RunnerDeps {
  ds: DataSource;
  pii: PiiCipher;
  events: IntegrationEvents;
  lookup: CallerLookup | null;
  jobs: ImportJobStore;
  mappings: MappingService;
  phone?: PhoneOptions;
  clock?: () => Date;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (p: { jobId: number; phase: ImportPhase; processed: number; total: number; counts: OutcomeCounts }) => void;
  batchSize?: number;
  /** Tests: called after each committed apply batch (simulate a crash by throwing). */
  afterBatch?: (committedRows: number) => void | Promise<void>;
}

/**
 * Rows per batch (one transaction each). SQLite: 4,000 — its commit writes every page the batch dirtied (random-key
 * indexes), so bigger batches amortise it; MySQL/MariaDB: 4,000 too — each commit is a redo-log flush and each
 * lookup a round trip to a server that shares the machine, so fewer and fuller ones win (a batch's locks are on
 * its own new or changed rows).
 */
export const BATCH = 4000;
export const SQLITE_BATCH = 4000;

export function validateFor(entity: BecsEntity): (raw: Record<string, unknown>, ctx: RowContext) => { record: unknown; issues: RowIssue[] } {
  return entity === 'donors' ? validateDonor : entity === 'donations' ? validateDonation : validateDeferral;
}

export async function loadSites(ds: DataSource): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const r of (await ds.query('SELECT id, code, name FROM donation_site')) as { id: number; code: string; name: string }[]) {
    out.set(siteKey(String(r.code)), Number(r.id));
    out.set(siteKey(String(r.name)), Number(r.id));
  }
  return out;
}

export async function runImportJob(jobId: number, deps: RunnerDeps, opts: RunOptions = {}): Promise<ImportJobDto> {
  const clock = deps.clock ?? (() => new Date());
  const job = await deps.jobs.raw(jobId);
  const phase = job.phase as ImportPhase;
  const apply = phase === 'apply';
  const state: JobState = job.state;
  const info = tableInfoOf({ format: String(job.format), encoding: (job.encoding as string | null) ?? null }, state);
  const sheets = sheetsInApplyOrder(info);
  const mapping = await deps.mappings.get(String(job.source));
  const sql = new BecsSql(deps.ds);
  const cpSheet = apply ? Number(job.checkpoint_sheet) : 0;
  const cpRow = apply ? Number(job.checkpoint_row) : 0;
  const resuming = apply && (cpSheet > 0 || cpRow > 0);
  const counts: OutcomeCounts = resuming ? { ...emptyCounts(), ...state.counts } : emptyCounts();
  let issueCount = resuming ? Number(job.issue_count) : 0;
  let processed = resuming ? Number(job.processed_rows) : 0;
  const total = Number(job.total_rows);
  const seen = new SeenState();
  const env: BatchEnv = {
    sql, pii: deps.pii, apply, seen, sites: await loadSites(deps.ds), products: mapping.products ?? null, now: clock(),
    source: { kind: 'file', jobId, apiKeyId: null }, events: noEvents(), later: [],
  };
  const today = localDateOf(clock());
  const phones = new PhoneNormalizer(deps.phone);

  const setJob = async (sets: string, params: unknown[]): Promise<void> => {
    await sql.run(`UPDATE import_job SET ${sets}, updated_at = ? WHERE id = ?`, [...params, sqlTime(clock()), jobId]);
  };
  // claim the job: only a queued job runs, and only once (the bridge's worker and the CLI may both look at it)
  const claimed = await sql.tx(async () => {
    const n = await sql.run("UPDATE import_job SET status = ?, started_at = ?, finished_at = NULL, message = NULL, updated_at = ? WHERE id = ? AND status = 'queued'",
      [apply ? 'applying' : 'validating', sqlTime(clock()), sqlTime(clock()), jobId]);
    if (n && !resuming) await sql.run('DELETE FROM import_issue WHERE job_id = ? AND phase = ?', [jobId, phase]);
    return n > 0;
  });
  if (!claimed) {
    sql.release();
    throw new DomainError('CONFLICT', `导入任务 ${jobId} 不在排队状态（已在运行或已结束）/ import job ${jobId} is not queued (running or finished)`, { status: job.status });
  }

  const storeIssues = async (issues: RowIssue[]): Promise<void> => {
    const room = Math.max(0, MAX_STORED_ISSUES - issueCount);
    issueCount += issues.length;
    const keep = issues.slice(0, room);
    for (let i = 0; i < keep.length; i += 400) {
      const part = keep.slice(i, i + 400);
      await sql.run(`INSERT INTO import_issue (job_id, phase, sheet, row_no, column_name, field, code, severity, becs_id, message, value) VALUES ${tuples(part.length, 11)}`,
        part.flatMap((x) => [jobId, phase, x.sheet ?? null, x.row, x.column?.slice(0, 64) ?? null, x.field, x.code, x.severity, x.becsId?.slice(0, 40) ?? null, x.message.slice(0, 500), x.value?.slice(0, 100) ?? null]));
    }
  };
  const progress = (): void => opts.onProgress?.({ jobId, phase, processed, total, counts: { ...counts } });

  try {
    for (let k = 0; k < sheets.length; k++) {
      const sheet = sheets[k]!;
      const validate = validateFor(sheet.entity);
      const columnOf = (f: string): string | null => sheet.resolved.columns[f] ?? null;
      const sheetName = info.format === 'xlsx' ? sheet.name : null;
      const ctxOf = (row: number): RowContext => ({ row, sheet: sheetName, columnOf, today, phone: deps.phone, phones, products: mapping.products ?? null });
      const skip = rowSkipFor(sheet.entity, sheet.resolved, mapping.products, deps.phone, deps.pii);
      let batch: PendingRow[] = [];
      let lastRow = 0;
      const flush = async (): Promise<void> => {
        if (!batch.length) return;
        const rows = batch;
        batch = [];
        // unchanged rows (same raw fingerprint as the row on file) are counted and dropped before any parsing
        const { skipped, rest, known } = skip ? await skip.split(rows, seen, sql) : { skipped: 0, rest: rows, known: null };
        const items = rest.map((p) => {
          const ctx = ctxOf(p.row);
          const v = validate(rowToRecord(p.cells, sheet.resolved), ctx);
          const item = newItem(ctx, v.record, v.issues) as AnyItem;
          item.rowFp = p.fp || null;
          return item;
        });
        const replay = resuming && (k < cpSheet || (k === cpSheet && lastRow <= cpRow));
        env.known = known;
        if (replay) {
          await runBatch(sheet.entity, items, { ...env, apply: false, events: noEvents(), later: [] }, { events: deps.events });
          return;
        }
        const tally = (): RowIssue[] => {
          const issues: RowIssue[] = [];
          counts.rows += skipped;
          counts.unchanged += skipped;
          processed += skipped;
          for (const it of items) {
            counts.rows++;
            counts[it.outcome ?? 'rejected']++;
            if (!it.issues.length && !it.dbIssues.length) continue;
            const all = [...it.issues, ...it.dbIssues];
            if (all.some((x) => x.severity === 'warning')) counts.warnings++;
            issues.push(...all);
          }
          processed += items.length;
          return issues;
        };
        if (apply) {
          const before = { ...counts };
          const beforeProcessed = processed;
          const beforeIssues = issueCount;
          await runBatch(sheet.entity, items, env, { events: deps.events, lookup: deps.lookup }, async () => {
            Object.assign(counts, before);
            processed = beforeProcessed;
            issueCount = beforeIssues;
            await storeIssues(tally());
            await setJob('processed_rows = ?, checkpoint_sheet = ?, checkpoint_row = ?, counts = ?, issue_count = ?', [processed, k, lastRow, JSON.stringify({ ...state, counts }), issueCount]);
          });
          await opts.afterBatch?.(processed);
        } else {
          await runBatch(sheet.entity, items, env, { events: deps.events });
          const issues = tally();
          await sql.tx(async () => {
            await storeIssues(issues);
            await setJob('processed_rows = ?, counts = ?, issue_count = ?', [processed, JSON.stringify({ ...state, counts }), issueCount]);
          });
        }
        progress();
        if (opts.signal?.aborted) throw new Cancelled();
      };
      const size = opts.batchSize ?? (sql.kind === 'sqlite' ? SQLITE_BATCH : BATCH);
      for await (const rows of sheetRowBatches(String(job.stored_path), info, sheet as TableSheet)) {
        for (const r of rows) {
          batch.push(skip ? skip.take(r.row, r.cells) : { row: r.row, cells: r.cells, key: '', fp: '' });
          lastRow = r.row;
          if (batch.length >= size) await flush();
        }
      }
      await flush();
    }
    const doneState: JobState = apply ? { ...state, counts } : { ...state, counts, dryRun: counts };
    await sql.tx(() => setJob('status = ?, finished_at = ?, processed_rows = ?, counts = ?, issue_count = ?', [apply ? 'done' : 'validated', sqlTime(clock()), processed, JSON.stringify(doneState), issueCount]));
    if (apply) rmSync(String(job.stored_path), { force: true });
  } catch (e) {
    const cancelled = e instanceof Cancelled;
    const msg = cancelled ? '已取消 / cancelled' : isDomainError(e) ? e.message : `导入失败 / import failed: ${(e as Error)?.message ?? String(e)}`;
    await sql.tx(() => setJob('status = ?, finished_at = ?, message = ?', [cancelled ? 'cancelled' : 'failed', sqlTime(clock()), msg.slice(0, 2000)])).catch(() => undefined);
    if (!cancelled && !isDomainError(e)) {
      sql.release();
      throw e;
    }
  } finally {
    sql.release();
  }
  return toDto({ ...(await deps.jobs.raw(jobId)), username: null });
}

class Cancelled extends Error {}
