/**
 * The audit detail of a donor update: every field that changed, old → new, with personal data masked the way logs
 * mask it — the name (张*丰), the national ID (last four only), the birth date (year only); the address and the notes
 * are free text that may hold anything, so the audit says that they changed, not what they say.
 */
import type { EntityManager } from 'typeorm';
import { maskName, maskNationalIdLast4 } from '../../donors/masking.js';
import { asBool, parseJson, rows } from '../sql.js';

const AUDIT_SELECT = `SELECT name, gender, birth_date, national_id_hash, national_id_last4, blood_abo, blood_rh, occupation, media_source, tags, consent_recruitment,
  consent_sms, do_not_call, notes, address, account_manager_id FROM donor WHERE id = ?`;

export type DonorAuditRow = Record<string, unknown>;

export async function donorAuditRow(m: EntityManager, id: number): Promise<DonorAuditRow | null> {
  const [r] = await rows(m, AUDIT_SELECT, [id]);
  return r ?? null;
}

const date = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/** Each audited field: its columns (to see whether it changed) and how it is shown, masked. */
const COLUMNS: Record<string, string[]> = {
  name: ['name'], gender: ['gender'], birthDate: ['birth_date'], nationalId: ['national_id_hash'], bloodType: ['blood_abo', 'blood_rh'],
  occupation: ['occupation'], mediaSource: ['media_source'], tags: ['tags'], consentRecruitment: ['consent_recruitment'], consentSms: ['consent_sms'],
  doNotCall: ['do_not_call'], accountManagerId: ['account_manager_id'], notes: ['notes'], address: ['address'],
};
const raw = (r: DonorAuditRow, cols: string[]): string => JSON.stringify(cols.map((c) => {
  const v = r[c];
  return v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v);
}));

const FIELDS: Record<string, (r: DonorAuditRow) => unknown> = {
  name: (r) => maskName(r.name as string | null),
  gender: (r) => r.gender ?? null,
  birthDate: (r) => {
    const d = date(r.birth_date);
    return d ? `${d.slice(0, 4)}-**-**` : null;
  },
  nationalId: (r) => (r.national_id_last4 ? maskNationalIdLast4(String(r.national_id_last4)) : null),
  bloodType: (r) => (r.blood_abo ? `${String(r.blood_abo)}${String(r.blood_rh ?? '')}` : null),
  occupation: (r) => r.occupation ?? null,
  mediaSource: (r) => r.media_source ?? null,
  tags: (r) => parseJson<string[]>(r.tags, []),
  consentRecruitment: (r) => asBool(r.consent_recruitment),
  consentSms: (r) => asBool(r.consent_sms),
  doNotCall: (r) => asBool(r.do_not_call),
  accountManagerId: (r) => (r.account_manager_id === null || r.account_manager_id === undefined ? null : Number(r.account_manager_id)),
  notes: (r) => r.notes ?? null,
  address: (r) => r.address ?? null,
};
const TEXT_ONLY_CHANGED = new Set(['notes', 'address']);

/** { field: { from, to } } for every field whose stored value changed (free text: { changed: true }). */
export function donorChanges(before: DonorAuditRow, after: DonorAuditRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, read] of Object.entries(FIELDS)) {
    const cols = COLUMNS[field]!;
    if (raw(before, cols) === raw(after, cols)) continue;
    out[field] = TEXT_ONLY_CHANGED.has(field) ? { changed: true } : { from: read(before), to: read(after) };
  }
  return out;
}
