/**
 * Import jobs (the file import): created from an uploaded file after its headers are checked, then run in the
 * background by a worker — a dry run first (counts and row-level issues, nothing written), then, on the admin's
 * word, the apply. The job row is the checkpoint: an apply interrupted by a restart resumes after its last committed
 * batch (re-reading the rows before it without writing, so in-file duplicates are still recognised).
 */
import { rmSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { DomainError } from '../../errors.js';
import type { ResolvedColumns } from '../../integration/column-mapping.js';
import {
  emptyCounts, type BecsEntity, type ImportEncoding, type ImportFormat, type ImportIssueDto, type ImportJobDto, type ImportKind, type ImportPhase,
  type ImportSheetDto, type ImportStatus, type OutcomeCounts,
} from '../../integration/integration.types.js';
import { inspectTable, type TableInfo, type TableSheet } from '../../integration/readers/table-reader.js';
import type { Page } from '../../contracts/dto.js';
import { exclusive, exec, iso, rows, sqlTime, Where } from '../sql.js';
import { writeAudit } from '../services/audit.service.js';
import { clampPage, type ActorId } from '../services/mappers.js';
import type { MappingService } from './mapping.service.js';

/** What the job row keeps about the file besides its columns (JSON in import_job.counts). */
export interface JobState {
  counts: OutcomeCounts;
  dryRun: OutcomeCounts | null;
  delimiter: string | null;
  sheets: (ImportSheetDto & { index: number; headerRow: number; rows: number; fieldIndex: Record<string, number> })[];
}

export interface CreateJobInput {
  /** The uploaded file, already on disk (the job owns it from now on and deletes it when finished). */
  path: string;
  fileName: string;
  source: string;
  entity?: BecsEntity | null;
  encoding?: 'auto' | ImportEncoding;
  createdBy: ActorId;
}

export const MAX_STORED_ISSUES = 10_000;

const ACTIVE: readonly ImportStatus[] = ['queued', 'validating', 'applying'];

export function tableInfoOf(job: { format: string; encoding: string | null }, state: JobState): TableInfo {
  return {
    format: job.format as ImportFormat,
    encoding: (job.encoding as ImportEncoding | null) ?? null,
    delimiter: state.delimiter,
    totalRows: state.sheets.reduce((a, s) => a + s.rows, 0),
    sheets: state.sheets.map((s): TableSheet => ({
      index: s.index, name: s.name, entity: s.entity, headers: [], headerRow: s.headerRow, rows: s.rows,
      resolved: { entity: s.entity, index: s.fieldIndex, columns: s.columns, missing: [] } satisfies ResolvedColumns,
    })),
  };
}

export class ImportJobStore {
  constructor(private readonly ds: DataSource, private readonly mappings: MappingService, private readonly clock: () => Date = () => new Date()) {}

  /** Checks the file (format, encoding, headers of every sheet: 400 with a message naming sheet and columns) and queues its dry run. */
  async create(input: CreateJobInput): Promise<ImportJobDto> {
    const mapping = await this.mappings.get(input.source);
    let info: TableInfo;
    try {
      info = await inspectTable(input.path, { encoding: input.encoding ?? 'auto', entity: input.entity ?? null, mapping });
    } catch (e) {
      rmSync(input.path, { force: true });
      throw e;
    }
    const kinds = [...new Set(info.sheets.map((s) => s.entity))];
    const kind: ImportKind = kinds.length === 1 && info.sheets.length === 1 ? kinds[0]! : 'workbook';
    const state: JobState = {
      counts: emptyCounts(), dryRun: null, delimiter: info.delimiter,
      sheets: info.sheets.map((s) => ({ index: s.index, name: s.name, entity: s.entity, columns: s.resolved.columns, fieldIndex: s.resolved.index, headerRow: s.headerRow, rows: s.rows })),
    };
    const now = sqlTime(this.clock());
    const id = await exclusive(this.ds, async () => {
      const r = await exec(this.ds,
        `INSERT INTO import_job (source, kind, file_name, stored_path, format, encoding, status, phase, skip_invalid, total_rows, processed_rows, checkpoint_sheet,
           checkpoint_row, counts, issue_count, message, created_by_id, created_at, started_at, finished_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'queued', 'dry-run', 0, ?, 0, 0, 0, ?, 0, NULL, ?, ?, NULL, NULL, ?)`,
        [input.source, kind, input.fileName.slice(0, 255), input.path, info.format, info.encoding, info.totalRows, JSON.stringify(state), input.createdBy, now, now]);
      await writeAudit(this.ds, { actorId: input.createdBy, action: 'integration.import.upload', subjectType: 'import_job', subjectId: r.insertId, detail: { fileName: input.fileName, source: input.source, rows: info.totalRows, kind } });
      return r.insertId;
    });
    return this.get(id);
  }

  async raw(id: number): Promise<Record<string, unknown> & { state: JobState }> {
    const [r] = await rows(this.ds, 'SELECT * FROM import_job WHERE id = ?', [id]);
    if (!r) throw new DomainError('NOT_FOUND', `导入任务不存在 / import job ${id} not found`);
    return { ...r, state: JSON.parse(String(r.counts)) as JobState };
  }

  async get(id: number): Promise<ImportJobDto> {
    const [r] = await rows(this.ds, 'SELECT j.*, u.username FROM import_job j LEFT JOIN app_user u ON u.id = j.created_by_id WHERE j.id = ?', [id]);
    if (!r) throw new DomainError('NOT_FOUND', `导入任务不存在 / import job ${id} not found`);
    return toDto(r);
  }

  async list(page?: number, pageSize?: number): Promise<Page<ImportJobDto>> {
    const p = clampPage(page, pageSize, 100);
    const [{ n }] = (await rows<{ n: number }>(this.ds, 'SELECT COUNT(*) AS n FROM import_job')) as [{ n: number }];
    const list = await rows(this.ds, 'SELECT j.*, u.username FROM import_job j LEFT JOIN app_user u ON u.id = j.created_by_id ORDER BY j.id DESC LIMIT ? OFFSET ?', [p.pageSize, p.offset]);
    return { items: list.map(toDto), total: Number(n), page: p.page, pageSize: p.pageSize };
  }

  async issues(id: number, opts: { phase?: ImportPhase; page?: number; pageSize?: number } = {}): Promise<Page<ImportIssueDto>> {
    const job = await this.get(id);
    const phase = opts.phase ?? job.phase;
    const p = clampPage(opts.page, opts.pageSize, 500);
    const w = new Where().add('job_id = ?', id).add('phase = ?', phase);
    const [{ n }] = (await rows<{ n: number }>(this.ds, `SELECT COUNT(*) AS n FROM import_issue ${w.sql}`, w.params)) as [{ n: number }];
    const list = await rows(this.ds, `SELECT * FROM import_issue ${w.sql} ORDER BY id LIMIT ? OFFSET ?`, [...w.params, p.pageSize, p.offset]);
    return { items: list.map(issueDto), total: Number(n), page: p.page, pageSize: p.pageSize };
  }

  /** Every stored issue of a phase, in pages (for the downloadable report). */
  async *allIssues(id: number, phase: ImportPhase): AsyncGenerator<ImportIssueDto> {
    let after = 0;
    for (;;) {
      const list = await rows(this.ds, 'SELECT * FROM import_issue WHERE job_id = ? AND phase = ? AND id > ? ORDER BY id LIMIT 2000', [id, phase, after]);
      if (!list.length) return;
      for (const r of list) yield issueDto(r);
      after = Number(list[list.length - 1]!.id);
    }
  }

  /**
   * Queues the apply of a dry-run-checked job. Rows the dry run rejected are skipped only when the admin says so
   * (skipInvalid); otherwise a job with errors is refused (409) — fix the file and upload it again.
   */
  async requestApply(id: number, skipInvalid: boolean, actorId: ActorId): Promise<ImportJobDto> {
    const job = await this.raw(id);
    const status = job.status as ImportStatus;
    const resumable = job.phase === 'apply' && (status === 'failed' || status === 'cancelled');
    if (status !== 'validated' && !resumable) {
      throw new DomainError('CONFLICT', `该任务当前状态为 ${status}，不能导入 / the job is ${status}: it cannot be applied now`, { status });
    }
    const rejected = job.state.dryRun?.rejected ?? job.state.counts.rejected;
    if (rejected > 0 && !skipInvalid) {
      throw new DomainError('CONFLICT', `试导入发现 ${rejected} 行错误：请修正文件后重新上传，或选择跳过错误行 / the dry run rejected ${rejected} rows: fix the file and upload it again, or choose to skip the rejected rows`, { rejected });
    }
    await exclusive(this.ds, async () => {
      const fresh = job.phase !== 'apply';
      await exec(this.ds, `UPDATE import_job SET status = 'queued', phase = 'apply', skip_invalid = ?, message = NULL, updated_at = ?${fresh ? ', checkpoint_sheet = 0, checkpoint_row = 0, processed_rows = 0' : ''} WHERE id = ?`,
        [skipInvalid ? 1 : 0, sqlTime(this.clock()), id]);
      await writeAudit(this.ds, { actorId, action: 'integration.import.apply', subjectType: 'import_job', subjectId: id, detail: { skipInvalid, resumed: !fresh } });
    });
    return this.get(id);
  }

  async cancel(id: number, actorId: ActorId): Promise<ImportJobDto> {
    const job = await this.get(id);
    if (job.status === 'done' || job.status === 'cancelled') return job;
    await exclusive(this.ds, async () => {
      await exec(this.ds, "UPDATE import_job SET status = 'cancelled', message = ?, updated_at = ? WHERE id = ? AND status IN ('queued', 'validated', 'failed', 'validating', 'applying')",
        ['已取消 / cancelled', sqlTime(this.clock()), id]);
      await writeAudit(this.ds, { actorId, action: 'integration.import.cancel', subjectType: 'import_job', subjectId: id, detail: { status: job.status } });
    });
    // a job cancelled before its apply started will not run: its uploaded file goes (a stopped apply keeps it to resume)
    if (job.phase !== 'apply') rmSync(String((await this.raw(id)).stored_path), { force: true });
    return this.get(id);
  }

  /** After a restart: a dry run that was running starts again, an apply that was running resumes at its checkpoint. */
  async recoverInterrupted(): Promise<number[]> {
    const list = await rows<{ id: number }>(this.ds, "SELECT id FROM import_job WHERE status IN ('validating', 'applying') ORDER BY id");
    if (list.length) await exclusive(this.ds, () => exec(this.ds, "UPDATE import_job SET status = 'queued', updated_at = ? WHERE status IN ('validating', 'applying')", [sqlTime(this.clock())]));
    return list.map((r) => Number(r.id));
  }

  async nextQueued(): Promise<number | null> {
    const [r] = await rows<{ id: number }>(this.ds, "SELECT id FROM import_job WHERE status = 'queued' ORDER BY id LIMIT 1");
    return r ? Number(r.id) : null;
  }

  async hasActive(): Promise<boolean> {
    const [r] = await rows<{ n: number }>(this.ds, `SELECT COUNT(*) AS n FROM import_job WHERE status IN (${ACTIVE.map(() => '?').join(', ')})`, [...ACTIVE]);
    return Number(r?.n ?? 0) > 0;
  }
}

export function toDto(r: Record<string, unknown>): ImportJobDto {
  const state = JSON.parse(String(r.counts ?? '{}')) as Partial<JobState>;
  return {
    id: Number(r.id), source: String(r.source), kind: r.kind as ImportKind, fileName: String(r.file_name), format: r.format as ImportFormat,
    encoding: (r.encoding as ImportEncoding | null) ?? null, status: r.status as ImportStatus, phase: r.phase as ImportPhase,
    skipInvalid: r.skip_invalid === true || Number(r.skip_invalid) === 1, totalRows: Number(r.total_rows), processedRows: Number(r.processed_rows),
    counts: state.counts ?? emptyCounts(), issueCount: Number(r.issue_count), message: (r.message as string | null) ?? null,
    sheets: (state.sheets ?? []).map((s) => ({ name: s.name, entity: s.entity, columns: s.columns })),
    createdBy: r.created_by_id === null || r.created_by_id === undefined ? null : { id: Number(r.created_by_id), username: String(r.username ?? '') },
    createdAt: iso(r.created_at)!, startedAt: iso(r.started_at), finishedAt: iso(r.finished_at),
  };
}

function issueDto(r: Record<string, unknown>): ImportIssueDto {
  return {
    phase: r.phase as ImportPhase, sheet: (r.sheet as string | null) ?? null, row: Number(r.row_no), column: (r.column_name as string | null) ?? null,
    field: (r.field as string | null) ?? null, code: r.code as ImportIssueDto['code'], severity: r.severity as ImportIssueDto['severity'],
    becsId: (r.becs_id as string | null) ?? null, message: String(r.message), value: (r.value as string | null) ?? null,
  };
}
