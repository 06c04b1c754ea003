/**
 * Unchanged file rows, recognised before validation: each row's raw fingerprint (row-fingerprint.ts; keyed with the
 * PII key for donors, whose rows hold national IDs) is compared, a batch at a time, with the becs_row_hash stored
 * by the import that last wrote the row. A match is counted as unchanged and costs no parsing, no normalisation,
 * no HMAC of the national ID and no write. A row key seen earlier in the file is never skipped (it must be reported
 * as a duplicate), and a row that wrote with issues or through the API has no stored fingerprint, so it is always
 * checked in full.
 */
import type { PhoneOptions } from '../../donors/phone.js';
import type { ResolvedColumns } from '../../integration/column-mapping.js';
import type { BecsEntity, ImportMapping } from '../../integration/integration.types.js';
import { becsKeyOf, rawRowHash, rawRowText, ROW_KEY_FIELD, rowFields, rowSalt } from '../../integration/row-fingerprint.js';
import { ContentHasher, type SeenMap } from '../../integration/seen-map.js';
import type { PiiCipher } from '../pii.js';
import { qs, type BecsSql } from './becs-sql.js';
import { chunk, KEYS_PER_QUERY, type BatchItem, type KnownRows, type SeenState } from './batch-env.js';

export interface PendingRow {
  row: number;
  cells: readonly unknown[];
  /** The normalised BECS id ('' when empty or when the kind of record does not skip). */
  key: string;
  /** The raw fingerprint ('' when the kind of record does not skip). */
  fp: string;
}

/** The fingerprint to store with a written row: only when it wrote from a file row without any issue. */
export const rowHashOf = (item: BatchItem<unknown>): string | null => (item.rowFp && !item.issues.length && !item.dbIssues.length ? item.rowFp : null);

export class RowSkip {
  private readonly salt: string;
  private readonly fields: [string, number][];
  private readonly keyAt: number;
  private readonly table: string;
  private readonly column: string;
  /** Donations (no personal data): the unkeyed content hash, the salt hashed once. */
  private readonly hasher: ContentHasher | null;

  constructor(private readonly entity: 'donors' | 'donations', resolved: ResolvedColumns, products: ImportMapping['products'] | null | undefined, phone: PhoneOptions | undefined,
    private readonly pii: PiiCipher) {
    this.salt = rowSalt(entity, resolved, products, phone);
    this.fields = rowFields(resolved);
    this.keyAt = resolved.index[ROW_KEY_FIELD[entity]!] ?? -1;
    this.table = entity === 'donors' ? 'donor' : 'donation';
    this.column = entity === 'donors' ? 'becs_donor_no' : 'becs_donation_no';
    this.hasher = entity === 'donors' ? null : new ContentHasher(this.salt);
  }

  take(row: number, cells: readonly unknown[]): PendingRow {
    const key = this.keyAt < 0 ? '' : becsKeyOf(cells[this.keyAt]);
    const fp = this.hasher ? rawRowHash(this.hasher, cells, this.fields) : this.pii.fingerprint(rawRowText(this.salt, cells, this.fields));
    return { row, cells, key, fp };
  }

  /** The rows that still need checking (in file order) and how many were unchanged; registers the skipped keys. */
  async split(rows: PendingRow[], seen: SeenState, sql: BecsSql): Promise<{ skipped: number; rest: PendingRow[]; known: KnownRows }> {
    const keys: SeenMap = this.entity === 'donors' ? seen.donorNos : seen.donationNos;
    const inBatch = new Set<string>();
    const eligible = new Map<string, PendingRow>();
    for (const r of rows) {
      if (r.key && !inBatch.has(r.key) && !keys.has(r.key)) eligible.set(r.key, r);
      if (r.key) inBatch.add(r.key);
    }
    const skip = new Set<PendingRow>();
    // what is read here also answers the batch step's own lookup of the rows that are not skipped
    const known: KnownRows = { rows: new Map(), looked: new Set(eligible.keys()) };
    for (const part of chunk([...eligible.keys()], KEYS_PER_QUERY)) {
      for (const x of await sql.all<{ id: number; k: string; h: string | null; c: string | null }>(
        `SELECT id, ${this.column} AS k, becs_row_hash AS h, becs_hash AS c FROM ${this.table} WHERE ${this.column} IN (${qs(part.length)})`, part)) {
        const r = eligible.get(String(x.k));
        if (r && x.h === r.fp) skip.add(r);
        else known.rows.set(String(x.k), { id: Number(x.id), hash: x.c });
      }
    }
    if (!skip.size) return { skipped: 0, rest: rows, known };
    for (const r of skip) keys.set(r.key, this.entity === 'donors' ? -1 : r.row);
    return { skipped: skip.size, rest: rows.filter((r) => !skip.has(r)), known };
  }
}

export function rowSkipFor(entity: BecsEntity, resolved: ResolvedColumns, products: ImportMapping['products'] | null | undefined, phone: PhoneOptions | undefined, pii: PiiCipher): RowSkip | null {
  return entity === 'donors' || entity === 'donations' ? new RowSkip(entity, resolved, products, phone, pii) : null;
}
