/**
 * Donor search, as a plan of criteria checked before anything runs, with the rules that keep search from being a way
 * around masking:
 *  - a phone number is matched exactly (any spelling that normalises) or by exactly its last four digits — never by a
 *    longer or shorter fragment: a suffix of any length let `199****0002` be completed digit by digit;
 *  - a full number or a full national ID confirms a guess, so those searches ("sensitive lookups") are written to the
 *    audit log (who, which number masked, how many results, from where) and limited per user: at most
 *    `sensitiveLookupsPerHour` in any rolling hour, counted from the audit log itself (durable, shared by every
 *    bridge instance); over the limit → RATE_LIMITED with Retry-After.
 * Creating a donor with an ID that is already registered answers "exists" — the same confirmation — so it is
 * counted and audited the same way (DonorService.create).
 */
import type { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { maskNationalIdLast4, maskPhone } from '../../donors/masking.js';
import { isValidNationalId, keypadVariantsOfLast4 } from '../../donors/national-id.js';
import { normalizePhone, type PhoneOptions } from '../../donors/phone.js';
import { DomainError } from '../../errors.js';
import type { PiiCipher } from '../pii.js';
import { exclusive, likePrefix, placeholders, rows, sqlTime, toDate, Where } from '../sql.js';
import { writeAudit } from './audit.service.js';

export interface DonorSearch {
  /** Free text: a phone number, the last 4 of a national ID, a full national ID, or a name (prefix). */
  q?: string;
  phone?: string;
  name?: string;
  idLast4?: string;
  page?: number;
  pageSize?: number;
}

/** Who searches (for the audit row and the per-user limit) and from where. */
export interface SearchContext {
  actor: Actor;
  ip?: string | null;
}

export type PhoneCriterion = { kind: 'phone-exact'; e164: string } | { kind: 'phone-last4'; digits: string };
export type SearchCriterion = PhoneCriterion | { kind: 'id-full'; id: string } | { kind: 'id-last4'; value: string } | { kind: 'name'; prefix: string };

/** The audit action of a sensitive lookup (full phone number or full national ID). */
export const SENSITIVE_LOOKUP_ACTION = 'donor.lookup.exact';
export const DEFAULT_SENSITIVE_LOOKUPS_PER_HOUR = 60;
const HOUR_MS = 3_600_000;

/**
 * A phone criterion: the full number (any spelling) or exactly its last four digits; anything else is refused with
 * the reason (no partial match of any other length).
 */
export function phoneCriterion(raw: string, phoneOptions?: PhoneOptions): PhoneCriterion {
  const n = normalizePhone(raw, phoneOptions);
  if (n) return { kind: 'phone-exact', e164: n.e164 };
  const compact = raw.replace(/[\s\-()]/g, '');
  if (/^\d{4}$/.test(compact)) return { kind: 'phone-last4', digits: compact };
  throw new DomainError('VALIDATION_FAILED', '请输入完整的电话号码，或号码的后4位 / give the full phone number, or exactly its last 4 digits', { field: 'phone' });
}

/** The criteria of a search, validated; nothing has run yet. */
export function planDonorSearch(s: DonorSearch, phoneOptions?: PhoneOptions): SearchCriterion[] {
  const out: SearchCriterion[] = [];
  if (s.phone?.trim()) out.push(phoneCriterion(s.phone.trim(), phoneOptions));
  if (s.name?.trim()) out.push({ kind: 'name', prefix: s.name.trim() });
  if (s.idLast4?.trim()) {
    if (!/^\d{3}[\dXx*]$/.test(s.idLast4.trim())) throw new DomainError('VALIDATION_FAILED', '身份证后4位格式不正确 / idLast4 must be 4 characters');
    out.push({ kind: 'id-last4', value: s.idLast4.trim().toUpperCase() });
  }
  const q = s.q?.trim();
  if (q) {
    const compact = q.replace(/[\s\-()]/g, '');
    if (/^\d{17}[\dXx]$/.test(compact) && isValidNationalId(compact)) out.push({ kind: 'id-full', id: compact.toUpperCase() });
    else if (/^\d{3}[\dXx*]$/.test(compact)) out.push({ kind: 'id-last4', value: compact.toUpperCase() });
    else if (/^\+?\d{5,}$/.test(compact)) out.push(phoneCriterion(compact, phoneOptions));
    else out.push({ kind: 'name', prefix: q });
  }
  if (!out.length) throw new DomainError('VALIDATION_FAILED', '请输入查询条件 / give a phone, name or ID digits');
  return out;
}

export function isSensitive(c: SearchCriterion): boolean {
  return c.kind === 'phone-exact' || c.kind === 'id-full';
}

/** The WHERE clause of a plan over `donor d`. */
export function donorSearchWhere(plan: readonly SearchCriterion[], pii: PiiCipher): Where {
  const w = new Where();
  for (const c of plan) {
    switch (c.kind) {
      case 'phone-exact':
        w.add('d.id IN (SELECT donor_id FROM donor_phone WHERE e164 = ?)', c.e164);
        break;
      case 'phone-last4':
        w.add("d.id IN (SELECT donor_id FROM donor_phone WHERE e164 LIKE ? ESCAPE '!')", `%${c.digits}`);
        break;
      case 'id-full':
        w.add('d.national_id_hash = ?', pii.hash(c.id));
        break;
      case 'id-last4': {
        const v = keypadVariantsOfLast4(c.value);
        w.add(`d.national_id_last4 IN (${placeholders(v.length)})`, ...v);
        break;
      }
      case 'name':
        w.add("d.name LIKE ? ESCAPE '!'", likePrefix(c.prefix));
        break;
    }
  }
  return w;
}

/** What the audit row says about a sensitive criterion (never the full value). */
export function maskedCriterion(c: SearchCriterion): Record<string, string> {
  if (c.kind === 'phone-exact') return { by: 'phone', masked: maskPhone(c.e164) };
  if (c.kind === 'id-full') return { by: 'nationalId', masked: maskNationalIdLast4(c.id.slice(-4)) };
  return { by: c.kind };
}

/**
 * Throws RATE_LIMITED when `actor` has made `limit` sensitive lookups in the last hour (counted from the audit log);
 * details.retryAfterSeconds says when the oldest of them leaves the window.
 */
export async function assertLookupBudget(ds: DataSource, actor: Actor, limit: number, now: Date): Promise<void> {
  const since = new Date(now.getTime() - HOUR_MS);
  const [r] = await rows<{ n: number | string; first: unknown }>(ds,
    'SELECT COUNT(*) AS n, MIN(at) AS first FROM audit_log WHERE actor_id = ? AND action = ? AND at >= ?', [actor.id, SENSITIVE_LOOKUP_ACTION, sqlTime(since)]);
  const n = Number(r?.n ?? 0);
  if (n < limit) return;
  const first = toDate(r?.first) ?? now;
  const retryAfterSeconds = Math.max(1, Math.ceil((first.getTime() + HOUR_MS - now.getTime()) / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  throw new DomainError('RATE_LIMITED',
    `完整号码或身份证号查询过于频繁（每小时最多${limit}次），请${minutes}分钟后再试 / too many full-number or full-ID lookups (at most ${limit} an hour): try again in ${minutes} min`,
    { retryAfterSeconds, limit });
}

/** Writes the audit row of a sensitive lookup (outside any business transaction: it must survive a rollback). */
export async function auditLookup(ds: DataSource, ctx: SearchContext, detail: Record<string, unknown>, at: Date): Promise<void> {
  await exclusive(ds, () => writeAudit(ds, { actorId: ctx.actor.id, action: SENSITIVE_LOOKUP_ACTION, subjectType: 'donor', subjectId: '*', detail, ip: ctx.ip ?? null, at }));
}
