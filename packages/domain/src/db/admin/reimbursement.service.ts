import type { DataSource } from 'typeorm';
import { auditDiff } from './audit-diff.js';
import { DomainError } from '../../errors.js';
import {
  checkPolicy, entitlement, normalizeRules, policyText, type DonorReimbursement, type ReimbursementPolicyDto, type ReimbursementPolicyInput, type ReimbursementRules,
} from '../../reimbursement/reimbursement-policy.js';
import { exec, iso, likeContains, parseJson, rows, sqlTime, withTx } from '../sql.js';
import { writeAudit } from '../services/audit.service.js';
import type { ActorId } from '../services/mappers.js';

type Row = Record<string, unknown>;

function dto(r: Row): ReimbursementPolicyDto {
  return {
    id: Number(r.id), province: String(r.province), title: String(r.title), effectiveFrom: String(r.effective_from).slice(0, 10),
    rules: normalizeRules(parseJson<Partial<ReimbursementRules>>(r.rules, {})), updatedAt: iso(r.updated_at)!,
  };
}

function clean(p: ReimbursementPolicyInput): ReimbursementPolicyInput {
  const list = (x: string[]) => x.map((s) => s.trim());
  const r = p.rules;
  return {
    province: p.province.trim(), title: p.title.trim(), effectiveFrom: p.effectiveFrom,
    rules: { ...r, familyMembers: list(r.familyMembers), documents: list(r.documents), notes: list(r.notes), whereToApply: r.whereToApply.trim(), source: r.source.trim() },
  };
}


/**
 * Blood-use reimbursement policies per province (a table administrators edit). One row per province and effective
 * date; the newest row that has taken effect answers. Every change is audited with old → new values.
 */
export class ReimbursementService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(): Promise<ReimbursementPolicyDto[]> {
    return (await rows(this.ds, 'SELECT * FROM reimbursement_policy ORDER BY id')).map(dto);
  }

  async get(id: number): Promise<ReimbursementPolicyDto> {
    const [r] = await rows(this.ds, 'SELECT * FROM reimbursement_policy WHERE id = ?', [id]);
    if (!r) throw new DomainError('NOT_FOUND', `报销政策 ${id} 不存在 / policy ${id} not found`);
    return dto(r);
  }

  /** The policy in force in a province on a day (the newest that has taken effect); null when none. */
  async forProvince(province: string, today: string): Promise<ReimbursementPolicyDto | null> {
    const [r] = await rows(this.ds, 'SELECT * FROM reimbursement_policy WHERE province = ? AND effective_from <= ? ORDER BY effective_from DESC LIMIT 1', [province, today]);
    return r ? dto(r) : null;
  }

  /** Policies whose province, title, documents or notes contain the words (knowledge search). */
  async search(q: string): Promise<ReimbursementPolicyDto[]> {
    const l = likeContains(q.trim());
    return (await rows(this.ds, "SELECT * FROM reimbursement_policy WHERE province LIKE ? ESCAPE '!' OR title LIKE ? ESCAPE '!' OR rules LIKE ? ESCAPE '!' ORDER BY id LIMIT 50", [l, l, l])).map(dto);
  }

  private check(p: ReimbursementPolicyInput): ReimbursementPolicyInput {
    const issues = checkPolicy(p);
    if (issues.length) throw new DomainError('VALIDATION_FAILED', issues.map((i) => `${i.zh} / ${i.en}`).join('；'), { issues });
    return clean(p);
  }

  private async duplicate(p: ReimbursementPolicyInput, exceptId: number | null): Promise<void> {
    const [r] = await rows(this.ds, 'SELECT id FROM reimbursement_policy WHERE province = ? AND effective_from = ?', [p.province, p.effectiveFrom]);
    if (r && Number(r.id) !== exceptId) throw new DomainError('CONFLICT', `${p.province} 在 ${p.effectiveFrom} 已有一条政策 / ${p.province} already has a policy from ${p.effectiveFrom}`);
  }

  async create(input: ReimbursementPolicyInput, actorId: ActorId): Promise<ReimbursementPolicyDto> {
    const p = this.check(input);
    await this.duplicate(p, null);
    const id = await withTx(this.ds, async (m) => {
      const r = await exec(m, 'INSERT INTO reimbursement_policy (province, title, effective_from, rules, updated_at) VALUES (?, ?, ?, ?, ?)', [
        p.province, p.title, p.effectiveFrom, JSON.stringify(p.rules), sqlTime(this.clock()),
      ]);
      await writeAudit(m, { actorId, action: 'reimbursement.create', subjectType: 'reimbursement-policy', subjectId: r.insertId, detail: { old: null, new: p } });
      return r.insertId;
    });
    return this.get(id);
  }

  async update(id: number, input: ReimbursementPolicyInput, actorId: ActorId): Promise<ReimbursementPolicyDto> {
    const p = this.check(input);
    const before = await this.get(id);
    await this.duplicate(p, id);
    const { id: _i, updatedAt: _u, ...old } = before;
    const detail = auditDiff(old, p, Object.keys(p) as (keyof ReimbursementPolicyInput)[]);
    if (!Object.keys(detail.new).length) return before;
    await withTx(this.ds, async (m) => {
      await exec(m, 'UPDATE reimbursement_policy SET province = ?, title = ?, effective_from = ?, rules = ?, updated_at = ? WHERE id = ?', [
        p.province, p.title, p.effectiveFrom, JSON.stringify(p.rules), sqlTime(this.clock()), id,
      ]);
      await writeAudit(m, {
        actorId, action: 'reimbursement.update', subjectType: 'reimbursement-policy', subjectId: id,
        detail,
      });
    });
    return this.get(id);
  }

  async remove(id: number, actorId: ActorId): Promise<void> {
    const before = await this.get(id);
    await withTx(this.ds, async (m) => {
      await exec(m, 'DELETE FROM reimbursement_policy WHERE id = ?', [id]);
      const { id: _i, updatedAt: _u, ...old } = before;
      await writeAudit(m, { actorId, action: 'reimbursement.delete', subjectType: 'reimbursement-policy', subjectId: id, detail: { old, new: null } });
    });
  }

  /**
   * A donor's answer: the policy of a province (default: the one whose policy was entered first, i.e. the center's
   * own) and their entitlement from their whole-blood donations. null when no policy is entered.
   */
  async forDonor(donorId: number, today: string, province?: string): Promise<DonorReimbursement | null> {
    let policy = province ? await this.forProvince(province, today) : null;
    if (!policy) {
      const [first] = await rows(this.ds, 'SELECT province FROM reimbursement_policy ORDER BY id LIMIT 1');
      if (!first) return null;
      policy = await this.forProvince(String(first.province), today);
      if (!policy) return null;
    }
    const [d] = await rows(this.ds, 'SELECT id FROM donor WHERE id = ?', [donorId]);
    if (!d) throw new DomainError('NOT_FOUND', `献血者不存在 / donor ${donorId} not found`);
    const donations = await rows(this.ds, "SELECT date, volume_ml FROM donation WHERE donor_id = ? AND type = 'whole-blood' AND volume_ml IS NOT NULL AND outcome = 'completed'", [donorId]);
    const e = entitlement(policy.rules, donations.map((r) => ({ date: String(r.date).slice(0, 10), volumeMl: Number(r.volume_ml) })), today);
    return { policy, text: policyText(policy, 'zh'), entitlement: e };
  }
}
