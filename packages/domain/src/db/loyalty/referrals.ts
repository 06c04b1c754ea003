/**
 * Referrals (推荐管理): who brought whom. A referee is an existing donor who has not donated yet, or a name and a
 * phone (linked to the donor registered under that phone when their first donation arrives). The reward goes to the
 * referrer once, when the referee's first donation arrives (the BECS's donation.recorded): the referral is claimed
 * (converted = 0 → 1) and the ledger entry referral:<id> appended, in one transaction.
 */
import type { DataSource } from 'typeorm';
import { maskName, maskPhone } from '../../donors/masking.js';
import { normalizePhone, type PhoneOptions } from '../../donors/phone.js';
import { DomainError } from '../../errors.js';
import { DEFAULT_POINTS_RULES, type PointsRules } from '../../loyalty/points-rules.js';
import type { ReferralCreate, ReferralDto } from '../../loyalty/loyalty.types.js';
import { writeAudit } from '../services/audit.service.js';
import { asBool, exec, iso, placeholders, rows, sqlTime, withTx } from '../sql.js';
import { appendEntries, IN_LIST_MAX } from './points-ledger.js';

export function referralDto(r: Record<string, unknown>): ReferralDto {
  return {
    id: Number(r.id), referrerId: Number(r.referrer_id), referredNameMasked: maskName(String(r.referred_name)), referredPhoneMasked: r.referred_phone ? maskPhone(String(r.referred_phone)) : null,
    referredDonorId: r.referred_donor_id === null || r.referred_donor_id === undefined ? null : Number(r.referred_donor_id), converted: asBool(r.converted), rewardPoints: Number(r.reward_points), at: iso(r.at)!,
  };
}

export async function createReferral(ds: DataSource, c: ReferralCreate, actor: { actorId: number | null; apiKeyId?: number | null }, now: Date, phone: PhoneOptions = {}): Promise<ReferralDto> {
  const [referrer] = await rows(ds, 'SELECT id FROM donor WHERE id = ?', [c.referrerId]);
  if (!referrer) throw new DomainError('NOT_FOUND', `推荐人不存在 / referrer ${c.referrerId} not found`, { field: 'referrerId' });
  let donorId: number | null = null;
  let name: string;
  let e164: string | null = null;
  if (c.referredDonorId !== undefined) {
    const [d] = await rows(ds, 'SELECT id, name FROM donor WHERE id = ?', [c.referredDonorId]);
    if (!d) throw new DomainError('NOT_FOUND', `被推荐人不存在 / referred donor ${c.referredDonorId} not found`, { field: 'referredDonorId' });
    donorId = Number(d.id);
    name = String(d.name);
  } else {
    name = (c.referredName ?? '').trim();
    if (!name || [...name].length > 50) throw new DomainError('VALIDATION_FAILED', '请填写被推荐人姓名（1–50 字）/ the referee\'s name (1–50 characters) is required', { field: 'referredName' });
    const p = normalizePhone(c.referredPhone ?? '', phone);
    if (!p) throw new DomainError('INVALID_PHONE', '被推荐人电话号码无效 / the referee\'s phone number is invalid', { field: 'referredPhone' });
    e164 = p.e164;
    const found = await rows(ds, 'SELECT donor_id FROM donor_phone WHERE e164 = ?', [e164]);
    if (found.length === 1) donorId = Number(found[0]!.donor_id);
  }
  if (donorId === c.referrerId) throw new DomainError('VALIDATION_FAILED', '不能推荐自己 / a donor cannot refer themselves', { field: 'referredDonorId' });
  if (donorId !== null) {
    const [{ n }] = (await rows<{ n: number }>(ds, "SELECT COUNT(*) AS n FROM donation WHERE donor_id = ? AND outcome <> 'rejected'", [donorId])) as [{ n: number }];
    if (Number(n) > 0) throw new DomainError('CONFLICT', '被推荐人已献过血，不能再登记为推荐 / the referee has already donated', { field: 'referredDonorId' });
  }
  const dupSql = donorId !== null ? 'referred_donor_id = ?' : 'referred_phone = ?';
  if ((await rows(ds, `SELECT id FROM referral WHERE ${dupSql}`, [donorId ?? e164])).length) {
    throw new DomainError('CONFLICT', '该被推荐人已有推荐记录 / this person has already been referred', { field: 'referredDonorId' });
  }
  const id = await withTx(ds, async (m) => {
    const r = await exec(m, 'INSERT INTO referral (referrer_id, referred_name, referred_phone, referred_donor_id, converted, reward_points, at) VALUES (?, ?, ?, ?, 0, 0, ?)',
      [c.referrerId, name, e164, donorId, sqlTime(now)]);
    await writeAudit(m, { actorId: actor.actorId, action: 'referral.create', subjectType: 'donor', subjectId: c.referrerId, detail: { referralId: r.insertId, referredDonorId: donorId, apiKeyId: actor.apiKeyId ?? null }, at: now });
    return r.insertId;
  });
  const [row] = await rows(ds, 'SELECT * FROM referral WHERE id = ?', [id]);
  return referralDto(row!);
}

/** Rewards the referrers of these donors whose (first) counting donation has arrived; returns referrals converted. */
export async function convertReferrals(ds: DataSource, donorIds: readonly number[], now: Date, rules: PointsRules = DEFAULT_POINTS_RULES): Promise<number> {
  const ids = [...new Set(donorIds)];
  let converted = 0;
  // IN (…) lists shorter than MariaDB's index-dive limit (points-ledger.ts IN_LIST_MAX): donor_phone is a big table
  for (let i = 0; i < ids.length; i += IN_LIST_MAX) {
    const part = ids.slice(i, i + IN_LIST_MAX);
    const phones = await rows(ds, `SELECT donor_id, e164 FROM donor_phone WHERE donor_id IN (${placeholders(part.length)})`, part);
    const byPhone = new Map(phones.map((p) => [String(p.e164), Number(p.donor_id)]));
    const e164s = [...byPhone.keys()];
    const open = await rows(ds, `SELECT id, referrer_id, referred_donor_id, referred_phone FROM referral WHERE converted = 0 AND (referred_donor_id IN (${placeholders(part.length)})${e164s.length ? ` OR (referred_donor_id IS NULL AND referred_phone IN (${placeholders(e164s.length)}))` : ''})`, [...part, ...e164s]);
    if (!open.length) continue;
    const referees = open.map((r) => (r.referred_donor_id !== null && r.referred_donor_id !== undefined ? Number(r.referred_donor_id) : byPhone.get(String(r.referred_phone))!));
    const donated = new Set((await rows(ds, `SELECT DISTINCT donor_id FROM donation WHERE outcome <> 'rejected' AND donor_id IN (${placeholders(referees.length)})`, referees)).map((r) => Number(r.donor_id)));
    converted += await withTx(ds, async (m) => {
      let n = 0;
      for (const [k, r] of open.entries()) {
        const referee = referees[k]!;
        if (!donated.has(referee) || referee === Number(r.referrer_id)) continue;
        const claim = await exec(m, 'UPDATE referral SET converted = 1, referred_donor_id = ?, reward_points = ? WHERE id = ? AND converted = 0', [referee, rules.perReferralDonated, r.id]);
        if (!claim.affected) continue;
        await appendEntries(m, [{ donorId: Number(r.referrer_id), kind: 'referral', delta: rules.perReferralDonated, sourceKey: `referral:${Number(r.id)}`, note: '推荐的献血者首次献血 / a referred donor donated' }], now);
        n++;
      }
      return n;
    });
  }
  return converted;
}
