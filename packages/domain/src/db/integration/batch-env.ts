import type { DonationType } from '../../donations/donation.types.js';
import type { DeferralRecordedEvent, DonationRecordedEvent, DonorRecordedEvent, IntegrationSource } from '../../integration/integration-events.js';
import type { RecordOutcome, RowIssue } from '../../integration/integration.types.js';
import { makeIssue } from '../../integration/issues.js';
import type { RowContext } from '../../integration/record-validation.js';
import { SeenMap } from '../../integration/seen-map.js';
import type { PiiCipher } from '../pii.js';
import type { BecsSql } from './becs-sql.js';

/** One row/record on its way through a batch: the pure validation's result, then what the database step decided. */
export interface BatchItem<R> {
  ctx: RowContext;
  record: R | null;
  /** Issues of the pure validation (kept across a retried batch). */
  issues: RowIssue[];
  /** Issues found against the database (reset when a batch is retried). */
  dbIssues: RowIssue[];
  outcome: RecordOutcome | null;
  id: number | null;
  /** File rows: the raw row's fingerprint, stored with the written row when it had no issues (row-skip.ts). */
  rowFp?: string | null;
}

export const newItem = <R>(ctx: RowContext, record: R | null, issues: RowIssue[]): BatchItem<R> => ({ ctx, record, issues, dbIssues: [], outcome: record ? null : 'rejected', id: null });

/** What one import (a file job or an API batch) has seen so far: in-file duplicates and donors new in the file. */
export class SeenState {
  /** donor number → birth date as epoch days (-1: unknown): donations of donors created earlier in the same file. */
  readonly donorNos = new SeenMap();
  readonly donationNos = new SeenMap(1 << 12, false);
  readonly deferralKeys = new SeenMap(1 << 12, false);
  /** national ID HMAC → row; phone|name|birth → row: the same person under two numbers within one file. */
  readonly nids = new SeenMap();
  readonly people = new SeenMap();
}

export const epochDays = (d: string | null): number => (d ? Math.round(Date.parse(`${d}T00:00:00Z`) / 86_400_000) : -1);
export const fromEpochDays = (n: number): string | null => (n < 0 ? null : new Date(n * 86_400_000).toISOString().slice(0, 10));

export interface PendingEvents {
  donors: DonorRecordedEvent['donors'];
  donations: DonationRecordedEvent['donations'];
  deferrals: DeferralRecordedEvent['deferrals'];
  /** E.164 numbers whose donors changed (caller-lookup cache). */
  phones: Set<string>;
}

export const noEvents = (): PendingEvents => ({ donors: [], donations: [], deferrals: [], phones: new Set() });

export interface BatchEnv {
  sql: BecsSql;
  pii: PiiCipher;
  /** false = dry run: everything is checked, nothing is written. */
  apply: boolean;
  seen: SeenState;
  /** Site code or name (normalised) → site id. */
  sites: ReadonlyMap<string, number>;
  products: Readonly<Record<string, DonationType>> | null;
  now: Date;
  source: { kind: IntegrationSource; jobId: number | null; apiKeyId: number | null };
  events: PendingEvents;
  /** Registrations into `seen`, applied only when the batch committed (a retried batch must not see itself). */
  later: (() => void)[];
  /**
   * Rows already looked up by their BECS id for this batch (row-skip's pre-check): id → { id, content fingerprint },
   * with every looked-up id present (absent from the map = not on file). Dropped when a batch is retried.
   */
  known?: KnownRows | null;
}

export interface KnownRows {
  rows: Map<string, { id: number; hash: string | null }>;
  looked: Set<string>;
}

/** Rows by BECS id: what `known` already holds, the rest with `fetch` (chunked by the caller's query). */
export async function lookupKnown(keys: string[], known: KnownRows | null | undefined,
  fetch: (part: string[]) => Promise<[string, { id: number; hash: string | null }][]>): Promise<Map<string, { id: number; hash: string | null }>> {
  const out = new Map<string, { id: number; hash: string | null }>();
  const rest: string[] = [];
  for (const k of keys) {
    if (known?.looked.has(k)) {
      const r = known.rows.get(k);
      if (r) out.set(k, r);
    } else rest.push(k);
  }
  for (const part of chunk(rest, KEYS_PER_QUERY)) for (const [k, v] of await fetch(part)) out.set(k, v);
  return out;
}

export function dbIssue<R>(item: BatchItem<R>, code: Parameters<typeof makeIssue>[0], field: string | null, becsId: string | null, value?: string | null, extra?: { zh?: string; en?: string }): void {
  const { ctx } = item;
  const issue = makeIssue(code, { row: ctx.row, sheet: ctx.sheet ?? null, api: ctx.api, column: field ? ctx.columnOf(field) ?? field : null, field, becsId, value: value ?? null }, extra);
  item.dbIssues.push(issue);
  if (issue.severity === 'error') item.outcome = 'rejected';
}

export const live = <R>(items: BatchItem<R>[]): (BatchItem<R> & { record: R })[] => items.filter((i): i is BatchItem<R> & { record: R } => !!i.record && i.outcome !== 'rejected');

export const siteKey = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s/g, '');

/**
 * Values per IN (…) lookup of the import's own connection (BecsSql). MariaDB stops "index dives" at
 * eq_range_index_dive_limit (200) values and then trusts index statistics, which for a freshly bulk-loaded random-key
 * index (national_id_hash, donor_phone.e164) can make it scan the whole table; the import's connection sets it to 0
 * (always dive), so 500 keys a query are safe — and each saved round trip counts on a busy server.
 */
export const KEYS_PER_QUERY = 500;

export function chunk<T>(arr: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < arr.length; i += n) out.push(arr.slice(i, i + n));
  return out;
}
