/**
 * Points, referrals and the redemption catalogue on the database (issue 13): the donor's balance, honour progress,
 * ledger history and referrals (the donor 360's 积分与推荐 card), referral entry (desk and ingest API), the
 * catalogue, and redemption — stock and balance both moved by conditional updates in one transaction, so neither
 * goes below zero however many desks redeem at once; one redemption per request id (a retried click redeems once).
 */
import type { DataSource } from 'typeorm';
import type { DonationFact, DonationOutcome, DonationType } from '../../donations/donation.types.js';
import { maskName } from '../../donors/masking.js';
import type { PhoneOptions } from '../../donors/phone.js';
import { DomainError } from '../../errors.js';
import { donationUnits } from '../../honours/honours.js';
import type { DonorLoyaltyDto, PointsEntryDto, ReferralCreate, ReferralDto, RewardItemDto } from '../../loyalty/loyalty.types.js';
import { DEFAULT_POINTS_RULES, honourProgress, REDEEM_REFUSAL_TEXT, redeemRefusal, type PointsKind, type PointsRules } from '../../loyalty/points-rules.js';
import { writeAudit } from '../services/audit.service.js';
import { asBool, exec, iso, rows, sqlTime, withTx } from '../sql.js';
import { appendEntries } from './points-ledger.js';
import { createReferral, referralDto } from './referrals.js';

const REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;

function rewardDto(r: Record<string, unknown>): RewardItemDto {
  return { id: Number(r.id), name: String(r.name), cost: Number(r.cost), stock: Number(r.stock), active: asBool(r.active) };
}

export class LoyaltyService {
  private readonly clock: () => Date;

  constructor(private readonly ds: DataSource, private readonly o: { clock?: () => Date; rules?: PointsRules; phone?: PhoneOptions } = {}) {
    this.clock = o.clock ?? (() => new Date());
  }

  get rules(): PointsRules {
    return this.o.rules ?? DEFAULT_POINTS_RULES;
  }

  async donor(donorId: number): Promise<DonorLoyaltyDto> {
    const [d] = await rows(this.ds, 'SELECT id, points FROM donor WHERE id = ?', [donorId]);
    if (!d) throw new DomainError('NOT_FOUND', `献血者不存在 / donor ${donorId} not found`);
    const facts: DonationFact[] = (await rows(this.ds, 'SELECT type, volume_ml, units, outcome FROM donation WHERE donor_id = ?', [donorId])).map((r) => ({
      type: r.type as DonationType, date: '', outcome: r.outcome as DonationOutcome, volumeMl: r.volume_ml === null ? null : Number(r.volume_ml), units: r.units === null ? null : Number(r.units),
    }));
    const history: PointsEntryDto[] = (await rows(this.ds, 'SELECT p.*, w.name AS reward_name FROM points_entry p LEFT JOIN reward_item w ON w.id = p.reward_id WHERE p.donor_id = ? ORDER BY p.at DESC, p.id DESC LIMIT 100', [donorId]))
      .map((r) => ({ id: Number(r.id), kind: r.kind as PointsKind, delta: Number(r.delta), sourceKey: String(r.source_key), note: r.note ? String(r.note) : null, rewardName: r.reward_name ? String(r.reward_name) : null, at: iso(r.at)! }));
    const referrals = (await rows(this.ds, 'SELECT * FROM referral WHERE referrer_id = ? ORDER BY at DESC, id DESC LIMIT 100', [donorId])).map(referralDto);
    const [by] = await rows(this.ds, 'SELECT r.id, r.referrer_id, d.name FROM referral r JOIN donor d ON d.id = r.referrer_id WHERE r.referred_donor_id = ? ORDER BY r.id LIMIT 1', [donorId]);
    return {
      donorId, balance: Number(d.points), honour: honourProgress(donationUnits(facts)), history, referrals,
      referredBy: by ? { referralId: Number(by.id), referrerId: Number(by.referrer_id), referrerNameMasked: maskName(String(by.name)) } : null,
    };
  }

  refer(c: ReferralCreate, actor: { actorId: number | null; apiKeyId?: number | null }): Promise<ReferralDto> {
    return createReferral(this.ds, c, actor, this.clock(), this.o.phone);
  }

  /** The ingest API's referral: donors named by their BECS donor numbers. */
  async referByBecs(c: { referrerDonorNo: string; referredDonorNo?: string; referredName?: string; referredPhone?: string }, apiKeyId: number | null): Promise<ReferralDto> {
    const idOf = async (no: string, field: string): Promise<number> => {
      const [d] = await rows(this.ds, 'SELECT id FROM donor WHERE becs_donor_no = ?', [no]);
      if (!d) throw new DomainError('NOT_FOUND', `献血者编号不存在 / no donor with BECS number ${no}`, { field });
      return Number(d.id);
    };
    const referrerId = await idOf(c.referrerDonorNo, 'referrerDonorNo');
    const referredDonorId = c.referredDonorNo ? await idOf(c.referredDonorNo, 'referredDonorNo') : undefined;
    return this.refer({ referrerId, ...(referredDonorId !== undefined ? { referredDonorId } : { referredName: c.referredName, referredPhone: c.referredPhone }) }, { actorId: null, apiKeyId });
  }

  async rewards(all = true): Promise<RewardItemDto[]> {
    return (await rows(this.ds, `SELECT * FROM reward_item${all ? '' : ' WHERE active = 1'} ORDER BY active DESC, cost, id`)).map(rewardDto);
  }

  async reward(id: number): Promise<RewardItemDto> {
    const [r] = await rows(this.ds, 'SELECT * FROM reward_item WHERE id = ?', [id]);
    if (!r) throw new DomainError('NOT_FOUND', `礼品不存在 / reward ${id} not found`);
    return rewardDto(r);
  }

  async createReward(c: { name: string; cost: number; stock: number }, actorId: number): Promise<RewardItemDto> {
    const name = c.name.trim();
    if (!name || [...name].length > 60) throw new DomainError('VALIDATION_FAILED', '名称须为 1–60 个字 / name must be 1–60 characters', { field: 'name' });
    if (!Number.isInteger(c.cost) || c.cost < 1) throw new DomainError('VALIDATION_FAILED', '所需积分须为正整数 / cost must be a positive whole number', { field: 'cost' });
    if (!Number.isInteger(c.stock) || c.stock < 0) throw new DomainError('VALIDATION_FAILED', '库存不能为负 / stock cannot be negative', { field: 'stock' });
    if ((await rows(this.ds, 'SELECT id FROM reward_item WHERE name = ?', [name])).length) throw new DomainError('CONFLICT', `已有同名礼品 / a reward named ${name} exists`, { field: 'name' });
    const now = this.clock();
    const id = await withTx(this.ds, async (m) => {
      const r = await exec(m, 'INSERT INTO reward_item (name, cost, stock, active, updated_at) VALUES (?, ?, ?, 1, ?)', [name, c.cost, c.stock, sqlTime(now)]);
      await writeAudit(m, { actorId, action: 'reward.create', subjectType: 'reward_item', subjectId: r.insertId, detail: { name, cost: c.cost, stock: c.stock }, at: now });
      return r.insertId;
    });
    return this.reward(id);
  }

  /** Renames, reprices, (de)activates, or moves the stock by a delta (never below zero: concurrent redemptions win). */
  async updateReward(id: number, p: { name?: string; cost?: number; stockDelta?: number; active?: boolean }, actorId: number): Promise<RewardItemDto> {
    const old = await this.reward(id);
    if (p.cost !== undefined && (!Number.isInteger(p.cost) || p.cost < 1)) throw new DomainError('VALIDATION_FAILED', '所需积分须为正整数 / cost must be a positive whole number', { field: 'cost' });
    const name = p.name?.trim() ?? old.name;
    if (!name || [...name].length > 60) throw new DomainError('VALIDATION_FAILED', '名称须为 1–60 个字 / name must be 1–60 characters', { field: 'name' });
    const delta = p.stockDelta ?? 0;
    if (!Number.isInteger(delta)) throw new DomainError('VALIDATION_FAILED', '库存变化须为整数 / stock change must be a whole number', { field: 'stockDelta' });
    const now = this.clock();
    await withTx(this.ds, async (m) => {
      const r = await exec(m, 'UPDATE reward_item SET name = ?, cost = ?, active = ?, stock = stock + ?, updated_at = ? WHERE id = ? AND stock + ? >= 0',
        [name, p.cost ?? old.cost, (p.active ?? old.active) ? 1 : 0, delta, sqlTime(now), id, delta]);
      if (!r.affected) throw new DomainError('CONFLICT', '库存不能减到负数 / stock cannot go below zero', { field: 'stockDelta' });
      await writeAudit(m, { actorId, action: 'reward.update', subjectType: 'reward_item', subjectId: id, detail: { old, patch: p }, at: now });
    });
    return this.reward(id);
  }

  /** Redeems points for an item: all or nothing; the same requestId again returns the first result. */
  async redeem(donorId: number, rewardId: number, quantity: number, requestId: string, actorId: number): Promise<{ balance: number; entryId: number; stock: number }> {
    if (!REQUEST_ID.test(requestId)) throw new DomainError('VALIDATION_FAILED', 'requestId 须为 8–64 位字母数字 / requestId must be 8–64 letters, digits or dashes', { field: 'requestId' });
    const key = `redeem:${requestId}`;
    const done = async (): Promise<{ balance: number; entryId: number; stock: number } | null> => {
      const [e] = await rows(this.ds, 'SELECT p.id, p.donor_id, d.points, w.stock FROM points_entry p JOIN donor d ON d.id = p.donor_id LEFT JOIN reward_item w ON w.id = p.reward_id WHERE p.source_key = ?', [key]);
      return e ? { balance: Number(e.points), entryId: Number(e.id), stock: Number(e.stock ?? 0) } : null;
    };
    const before = await done();
    if (before) return before;
    const item = await this.reward(rewardId);
    const [d] = await rows(this.ds, 'SELECT points FROM donor WHERE id = ?', [donorId]);
    if (!d) throw new DomainError('NOT_FOUND', `献血者不存在 / donor ${donorId} not found`);
    const pre = redeemRefusal(Number(d.points), item, quantity);
    if (pre === 'bad-quantity') throw new DomainError('VALIDATION_FAILED', REDEEM_REFUSAL_TEXT[pre], { field: 'quantity' });
    if (pre) throw new DomainError('CONFLICT', REDEEM_REFUSAL_TEXT[pre], { reason: pre });
    const cost = item.cost * quantity;
    const now = this.clock();
    try {
      await withTx(this.ds, async (m) => {
        // the conditional updates are the real check (another desk may have redeemed since the reads above)
        const s = await exec(m, 'UPDATE reward_item SET stock = stock - ? WHERE id = ? AND active = 1 AND stock >= ?', [quantity, rewardId, quantity]);
        if (!s.affected) throw new DomainError('CONFLICT', REDEEM_REFUSAL_TEXT['out-of-stock'], { reason: 'out-of-stock' });
        const b = await exec(m, 'UPDATE donor SET points = points - ? WHERE id = ? AND points >= ?', [cost, donorId, cost]);
        if (!b.affected) throw new DomainError('CONFLICT', REDEEM_REFUSAL_TEXT['insufficient-points'], { reason: 'insufficient-points' });
        await exec(m, 'INSERT INTO points_entry (donor_id, kind, delta, source_key, reward_id, note, actor_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          [donorId, 'redeem', -cost, key, rewardId, `${item.name} × ${quantity}`, actorId, sqlTime(now)]);
        await writeAudit(m, { actorId, action: 'points.redeem', subjectType: 'donor', subjectId: donorId, detail: { rewardId, quantity, cost }, at: now });
      });
    } catch (e) {
      const again = await done(); // the same request committed by a concurrent call: its result
      if (again) return again;
      throw e;
    }
    return (await done())!;
  }

  /** A manual adjustment by a supervisor (goodwill, a correction), with its reason; idempotent per request id. */
  async adjust(donorId: number, delta: number, note: string, requestId: string, actorId: number): Promise<number> {
    if (!Number.isInteger(delta) || delta === 0 || Math.abs(delta) > 100_000) throw new DomainError('VALIDATION_FAILED', '调整积分须为非零整数 / the adjustment must be a non-zero whole number', { field: 'delta' });
    if (!note.trim()) throw new DomainError('VALIDATION_FAILED', '请填写调整原因 / give a reason', { field: 'note' });
    const now = this.clock();
    return withTx(this.ds, async (m) => {
      if (delta < 0) {
        const b = await exec(m, 'UPDATE donor SET points = points + ? WHERE id = ? AND points + ? >= 0', [delta, donorId, delta]);
        if (!b.affected) throw new DomainError('CONFLICT', REDEEM_REFUSAL_TEXT['insufficient-points'], { reason: 'insufficient-points' });
        await exec(m, 'INSERT INTO points_entry (donor_id, kind, delta, source_key, reward_id, note, actor_id, at) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)', [donorId, 'adjust', delta, `adjust:${requestId}`, note.trim(), actorId, sqlTime(now)]);
        return 1;
      }
      return appendEntries(m, [{ donorId, kind: 'adjust', delta, sourceKey: `adjust:${requestId}`, note: note.trim(), actorId }], now);
    });
  }
}
