/**
 * The BECS integration, wired on one DataSource: API keys, saved mappings, import jobs (store + runner + error
 * report), the ingest API's batches, the report of donors found under two BECS ids, and the domain events with the
 * honours/points subscriber already attached. Apps add their own subscribers (the bridge: open 360s).
 */
import type { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import type { PhoneOptions } from '../../donors/phone.js';
import { IntegrationEvents } from '../../integration/integration-events.js';
import type { BecsDuplicateDto, ImportPhase } from '../../integration/integration.types.js';
import type { PiiCipher } from '../pii.js';
import type { CallerLookup } from '../services/caller-lookup.js';
import { iso, rows } from '../sql.js';
import { ApiKeyService } from './api-key.service.js';
import { ImportJobStore } from './import-jobs.js';
import { runImportJob, type RunOptions } from './import-runner.js';
import { IngestService } from './ingest.service.js';
import { writeIssueReport } from './issue-report.js';
import { MappingService } from './mapping.service.js';
import { subscribePoints } from './points.subscriber.js';

export interface IntegrationOptions {
  pii: PiiCipher;
  lookup?: CallerLookup | null;
  phone?: PhoneOptions;
  clock?: () => Date;
  onEventError?: (event: string, err: unknown) => void;
}

export class BecsIntegration {
  readonly events: IntegrationEvents;
  readonly apiKeys: ApiKeyService;
  readonly mappings: MappingService;
  readonly jobs: ImportJobStore;
  readonly ingest: IngestService;

  constructor(private readonly ds: DataSource, private readonly opts: IntegrationOptions) {
    const clock = opts.clock ?? (() => new Date());
    this.events = new IntegrationEvents((name, err) => opts.onEventError?.(name, err));
    this.apiKeys = new ApiKeyService(ds, clock);
    this.mappings = new MappingService(ds, clock);
    this.jobs = new ImportJobStore(ds, this.mappings, clock);
    this.ingest = new IngestService({ ds, pii: opts.pii, events: this.events, lookup: opts.lookup ?? null, mappings: this.mappings, phone: opts.phone, clock });
    subscribePoints(ds, this.events, clock);
  }

  /** Runs a queued job's dry run or apply to its end (the bridge's worker and the CLI call this). */
  run(jobId: number, runOpts: RunOptions = {}): ReturnType<typeof runImportJob> {
    return runImportJob(jobId, {
      ds: this.ds, pii: this.opts.pii, events: this.events, lookup: this.opts.lookup ?? null, jobs: this.jobs, mappings: this.mappings,
      phone: this.opts.phone, clock: this.opts.clock,
    }, runOpts);
  }

  writeReport(jobId: number, phase: ImportPhase, format: 'csv' | 'xlsx', out: Writable): Promise<void> {
    return writeIssueReport(this.jobs, jobId, phase, format, out);
  }

  /** Donors found under two BECS ids (newest first): reported, never merged. */
  async duplicates(limit = 200): Promise<BecsDuplicateDto[]> {
    const list = await rows(this.ds, 'SELECT * FROM becs_duplicate WHERE resolved_at IS NULL ORDER BY last_seen_at DESC, id DESC LIMIT ?', [Math.min(Math.max(1, limit), 1000)]);
    return list.map((r) => ({
      id: Number(r.id), becsDonorNo: String(r.becs_donor_no), existingDonorId: Number(r.existing_donor_id), existingBecsDonorNo: (r.existing_becs_donor_no as string | null) ?? null,
      reason: r.reason as BecsDuplicateDto['reason'], times: Number(r.times), firstSeenAt: iso(r.first_seen_at)!, lastSeenAt: iso(r.last_seen_at)!,
    }));
  }
}

export { ApiKeyService, type VerifiedKey } from './api-key.service.js';
export { ImportJobStore, MAX_STORED_ISSUES, type CreateJobInput } from './import-jobs.js';
export { BATCH as IMPORT_BATCH_ROWS, type RunOptions } from './import-runner.js';
export { IngestService } from './ingest.service.js';
export { MappingService } from './mapping.service.js';
export { POINTS_PER_UNIT, recomputePoints } from './points.subscriber.js';
