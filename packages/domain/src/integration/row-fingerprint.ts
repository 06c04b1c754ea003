/**
 * The fingerprint of a raw file row, taken before anything is parsed or normalised: its mapped cells (with their
 * types — an Excel date serial and the same digits as text validate differently) and everything else validation
 * depends on (the kind of record, which column feeds which field, the source's product table, the default area
 * code, the version of the rules). Equal fingerprints ⇒ validation would produce the same record again, so a
 * re-imported row whose fingerprint is stored on its database row (becs_row_hash) needs no further work.
 * Pure: the keyed hash (rows with personal data) is done by the caller.
 */
import type { PhoneOptions } from '../donors/phone.js';
import type { ResolvedColumns } from './column-mapping.js';
import type { BecsEntity, ImportMapping } from './integration.types.js';
import type { ContentHasher } from './seen-map.js';
import { cellText, nfkc } from './value-parsers.js';

/** Bump when validation or normalisation rules change: every stored row fingerprint then stops matching once. */
export const ROW_RULES_VERSION = 'r1';

/** The row key field of the entities that skip unchanged rows by their raw fingerprint. */
export const ROW_KEY_FIELD: Partial<Record<BecsEntity, string>> = { donors: 'donorNo', donations: 'donationNo' };

/** What the validation of a sheet's rows depends on besides the cells. */
export function rowSalt(entity: BecsEntity, resolved: ResolvedColumns, products: ImportMapping['products'] | null | undefined, phone: PhoneOptions | undefined): string {
  const fields = Object.keys(resolved.index).sort().join(',');
  const prod = products ? Object.keys(products).sort().map((k) => `${k}=${products[k]}`).join(',') : '';
  return [ROW_RULES_VERSION, entity, fields, prod, phone?.defaultAreaCode ?? ''].join('\u001e');
}

/** The fields of a resolved sheet in a fixed order (as [field, column index]). */
export function rowFields(resolved: ResolvedColumns): [string, number][] {
  return Object.entries(resolved.index).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

const typed = (v: unknown): string => {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '\u0001_';
  if (typeof v === 'number') return `\u0001n${v}`;
  if (v instanceof Date) return `\u0001d${Number.isNaN(v.getTime()) ? '' : v.toISOString()}`;
  return `\u0001o${JSON.stringify(v)}`;
};

/** The salted text of a row's mapped cells (what is hashed). */
export function rawRowText(salt: string, cells: readonly unknown[], fields: readonly [string, number][]): string {
  let s = salt;
  for (const [, i] of fields) s += '\u001f' + typed(cells[i]);
  return s;
}

/** contentHash(rawRowText(salt, cells, fields)) with `h` made for the salt (new ContentHasher(salt)): no text built. */
export function rawRowHash(h: ContentHasher, cells: readonly unknown[], fields: readonly [string, number][]): string {
  h.reset();
  for (const [, i] of fields) h.update('\u001f').update(typed(cells[i]));
  return h.digest();
}

/** A BECS id cell as validation normalises it (trimmed, NFKC, no inner spaces); '' when empty. */
export function becsKeyOf(v: unknown): string {
  return nfkc(cellText(v)).replace(/\s+/g, '');
}
