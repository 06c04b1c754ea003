import { randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { exclusive, exec, rows } from '../sql.js';

/**
 * Recording references (录音编号) for the IVR quality dial-in: 10 random digits (first digit 1–9), unique, never the
 * sequential id — a caller who got past the PIN still cannot walk through recordings by counting. Recordings get
 * their reference the first time the desk lists or opens them (the only place a QA manager reads it from), so the
 * code that inserts recordings does not need to know about it; the migration gave every older recording one.
 */
export const REF_CODE_PATTERN = /^[1-9]\d{9}$/;

export function newRefCode(): string {
  return String(randomInt(1, 10)) + String(randomInt(0, 1_000_000_000)).padStart(9, '0');
}

/** The reference of each recording id, assigning one where missing. */
export async function ensureRefCodes(ds: DataSource, ids: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const unique = [...new Set(ids)].filter((n) => Number.isInteger(n));
  if (!unique.length) return out;
  const list = await rows(ds, `SELECT id, ref_code FROM recording WHERE id IN (${unique.map(() => '?').join(',')})`, unique);
  const missing: number[] = [];
  for (const r of list) {
    if (r.ref_code) out.set(Number(r.id), String(r.ref_code));
    else missing.push(Number(r.id));
  }
  for (const id of missing) {
    for (let attempt = 0; ; attempt++) {
      const code = newRefCode();
      try {
        await exclusive(ds, () => exec(ds, 'UPDATE recording SET ref_code = ? WHERE id = ? AND ref_code IS NULL', [code, id]));
        break;
      } catch (e) {
        if (attempt >= 5) throw e; // a unique collision 6 times in a row is not chance
      }
    }
    const [r] = await rows(ds, 'SELECT ref_code FROM recording WHERE id = ?', [id]);
    if (r?.ref_code) out.set(id, String(r.ref_code));
  }
  return out;
}

/** The recording id of a reference (null when unknown or malformed). */
export async function recordingIdByRef(ds: DataSource, ref: string): Promise<number | null> {
  if (!REF_CODE_PATTERN.test(ref)) return null;
  const [r] = await rows(ds, 'SELECT id FROM recording WHERE ref_code = ?', [ref]);
  return r ? Number(r.id) : null;
}
