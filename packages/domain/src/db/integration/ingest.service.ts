/**
 * The ingest API's batches (POST /api/integration/donors|donations|deferrals): up to INGEST_MAX_RECORDS records
 * with their BECS ids, validated like file rows (issues say "record N, field F"), written in ONE transaction.
 *   per-record (default): valid records are written, invalid ones reported — each with its own result;
 *   all-or-nothing: a batch with any invalid record writes nothing (committed: false) — the client fixes and resends.
 * Retrying a batch is safe: records are keyed by their BECS ids (created → unchanged on the retry).
 */
import type { DataSource } from 'typeorm';
import { DomainError } from '../../errors.js';
import type { PhoneOptions } from '../../donors/phone.js';
import type { IntegrationEvents } from '../../integration/integration-events.js';
import {
  emptyCounts, INGEST_MAX_RECORDS, type BecsEntity, type IngestMode, type IngestRecordResult, type IngestResult,
} from '../../integration/integration.types.js';
import type { RowContext } from '../../integration/record-validation.js';
import { PhoneNormalizer } from '../../integration/phone-cache.js';
import { localDateOf } from '../../time/local-date.js';
import type { PiiCipher } from '../pii.js';
import type { CallerLookup } from '../services/caller-lookup.js';
import { sqlTime } from '../sql.js';
import { BecsSql } from './becs-sql.js';
import { newItem, noEvents, SeenState, type BatchEnv } from './batch-env.js';
import { loadSites, validateFor } from './import-runner.js';
import type { MappingService } from './mapping.service.js';
import { emitPending, processItems, runBatch, type AnyItem } from './run-batch.js';

export interface IngestDeps {
  ds: DataSource;
  pii: PiiCipher;
  events: IntegrationEvents;
  lookup: CallerLookup | null;
  mappings: MappingService;
  phone?: PhoneOptions;
  clock?: () => Date;
}

class Refused extends Error {}

/** API record → the canonical fields the validator reads (donors may send `phones: [...]`). */
function fieldsOf(entity: BecsEntity, rec: unknown): Record<string, unknown> {
  if (!rec || typeof rec !== 'object' || Array.isArray(rec)) return {};
  const r = { ...(rec as Record<string, unknown>) };
  if (entity === 'donors' && Array.isArray(r.phones)) r.mobile = [...(Array.isArray(r.mobile) ? r.mobile : r.mobile ? [r.mobile] : []), ...r.phones];
  if (entity === 'donations' && r.type !== undefined && r.product === undefined) r.product = r.type;
  if (entity === 'donations' && r.product === undefined && r.type === undefined) r.product = undefined;
  if (entity === 'donations' && (r.volumeMl !== undefined || r.units !== undefined) && r.volume === undefined) r.volume = r.volumeMl ?? r.units;
  if (entity === 'deferrals' && Array.isArray(r.types)) r.products = r.types.join(',');
  return r;
}

export class IngestService {
  constructor(private readonly deps: IngestDeps) {}

  async ingest(entity: BecsEntity, records: readonly unknown[], opts: { mode?: IngestMode; apiKeyId: number | null; source?: string }): Promise<IngestResult> {
    const mode = opts.mode ?? 'per-record';
    if (!Array.isArray(records) || !records.length) throw new DomainError('VALIDATION_FAILED', 'records 不能为空 / records must be a non-empty array');
    if (records.length > INGEST_MAX_RECORDS) throw new DomainError('VALIDATION_FAILED', `每批最多 ${INGEST_MAX_RECORDS} 条记录 / at most ${INGEST_MAX_RECORDS} records per batch`, { max: INGEST_MAX_RECORDS });
    const { ds, pii } = this.deps;
    const clock = this.deps.clock ?? (() => new Date());
    const mapping = await this.deps.mappings.get(opts.source ?? 'api');
    const today = localDateOf(clock());
    const validate = validateFor(entity);
    const phones = new PhoneNormalizer(this.deps.phone);
    const items: AnyItem[] = records.map((rec, index) => {
      const ctx: RowContext = { row: index, api: true, columnOf: (f) => f, today, phone: this.deps.phone, phones, products: mapping.products ?? null };
      const v = validate(fieldsOf(entity, rec), ctx);
      return newItem(ctx, v.record, v.issues) as AnyItem;
    });
    const sql = new BecsSql(ds);
    const env: BatchEnv = {
      sql, pii, apply: true, seen: new SeenState(), sites: await loadSites(ds), products: mapping.products ?? null, now: clock(),
      source: { kind: 'api', jobId: null, apiKeyId: opts.apiKeyId }, events: noEvents(), later: [],
    };
    let committed = true;
    try {
      if (mode === 'all-or-nothing') {
        if (items.some((i) => !i.record)) {
          committed = false;
          await runBatch(entity, items, { ...env, apply: false }, { events: this.deps.events });
        } else {
          try {
            await sql.tx(async () => {
              await processItems(entity, items, env);
              if (items.some((i) => i.outcome === 'rejected')) throw new Refused();
              await this.auditRow(sql, env.now, entity, opts.apiKeyId, items, mode);
            });
            for (const f of env.later) f();
            await emitPending(env, { events: this.deps.events, lookup: this.deps.lookup });
          } catch (e) {
            if (!(e instanceof Refused)) throw e;
            committed = false;
          }
        }
      } else {
        await runBatch(entity, items, env, { events: this.deps.events, lookup: this.deps.lookup }, () => this.auditRow(sql, env.now, entity, opts.apiKeyId, items, mode));
      }
    } finally {
      sql.release();
    }
    const counts = emptyCounts();
    const results: IngestRecordResult[] = items.map((it, index) => {
      const issues = [...it.issues, ...it.dbIssues];
      const outcome = !committed && it.outcome !== 'rejected' ? 'unchanged' : it.outcome ?? 'rejected';
      counts.rows++;
      if (committed) counts[outcome]++;
      else if (outcome === 'rejected') counts.rejected++;
      if (issues.some((x) => x.severity === 'warning')) counts.warnings++;
      const rec = it.record as { donorNo?: string; donationNo?: string; deferralNo?: string | null } | null;
      const becsId = entity === 'donations' ? rec?.donationNo ?? str((records[index] as Record<string, unknown>)?.donationNo)
        : entity === 'deferrals' ? rec?.deferralNo ?? rec?.donorNo ?? str((records[index] as Record<string, unknown>)?.donorNo)
        : rec?.donorNo ?? str((records[index] as Record<string, unknown>)?.donorNo);
      return { index, becsId, outcome: committed ? outcome : it.outcome === 'rejected' ? 'rejected' : 'unchanged', id: committed ? it.id : null, issues };
    });
    return { mode, committed, counts, results };
  }

  /** One audit row per written batch, in the batch's transaction (who: the API key). */
  private async auditRow(sql: BecsSql, at: Date, entity: BecsEntity, apiKeyId: number | null, items: AnyItem[], mode: IngestMode): Promise<void> {
    const c: Record<string, number> = {};
    for (const i of items) c[i.outcome ?? 'rejected'] = (c[i.outcome ?? 'rejected'] ?? 0) + 1;
    await sql.run('INSERT INTO audit_log (at, actor_id, action, subject_type, subject_id, detail, ip) VALUES (?, NULL, ?, ?, ?, ?, NULL)', [
      sqlTime(at), 'integration.ingest', 'api_key', String(apiKeyId ?? ''), JSON.stringify({ entity, mode, records: items.length, ...c }),
    ]);
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);
