import type { DataSource } from 'typeorm';
import type { SavedSegmentDto, SegmentPreviewRow } from '../../crm/crm.types.js';
import { validateSegmentRule, type SegmentGroup } from '../../crm/segment-rule.js';
import { maskName, maskPhone } from '../../donors/masking.js';
import { DomainError } from '../../errors.js';
import { localDateOf, type LocalDate } from '../../time/local-date.js';
import { auditDiff } from '../admin/audit-diff.js';
import { iso, parseJson, rows, sqlTime, withTx, exec } from '../sql.js';
import { writeAudit } from '../services/audit.service.js';
import { compileSegment } from './segment-sql.js';


const NAME_MAX = 80;

/**
 * Donor segments (分类管理): live counts and masked previews of a rule, and saved named segments (audited
 * 'segment.create' / 'segment.update' / 'segment.delete'). The rule is validated on every way in, stored
 * normalised, and compiled to SQL (segment-sql.ts) for each count — nothing is cached that could go stale.
 */
export class SegmentService {
  constructor(private readonly ds: DataSource, private readonly clock: () => Date = () => new Date()) {}

  private today(): LocalDate {
    return localDateOf(this.clock());
  }

  async count(input: unknown, asOf: LocalDate = this.today()): Promise<number> {
    const { where, params } = compileSegment(validateSegmentRule(input), asOf);
    const [r] = await rows<{ n: number | string }>(this.ds, `SELECT COUNT(*) AS n FROM donor d WHERE ${where}`, params);
    return Number(r?.n ?? 0);
  }

  /** The ids of the matching donors (bulk assignment), lowest first, at most `limit`. */
  async donorIds(input: unknown, limit: number, asOf: LocalDate = this.today()): Promise<number[]> {
    const { where, params } = compileSegment(validateSegmentRule(input), asOf);
    const list = await rows<{ id: number }>(this.ds, `SELECT d.id FROM donor d WHERE ${where} ORDER BY d.id LIMIT ?`, [...params, limit]);
    return list.map((r) => Number(r.id));
  }

  async preview(input: unknown, limit = 20, asOf: LocalDate = this.today()): Promise<SegmentPreviewRow[]> {
    const { where, params } = compileSegment(validateSegmentRule(input), asOf);
    const n = Math.max(1, Math.min(50, Math.trunc(limit) || 20));
    const list = await rows(this.ds, `SELECT d.id, d.name, d.gender, d.blood_abo, d.blood_rh, d.account_manager_id,
        (SELECT p.e164 FROM donor_phone p WHERE p.donor_id = d.id ORDER BY p.is_primary DESC, p.id LIMIT 1) AS e164,
        (SELECT MAX(x.date) FROM donation x WHERE x.donor_id = d.id AND x.outcome <> 'rejected') AS last_donation
      FROM donor d WHERE ${where} ORDER BY d.id LIMIT ?`, [...params, n]);
    return list.map((r) => ({
      id: Number(r.id),
      nameMasked: maskName(String(r.name)),
      gender: String(r.gender),
      blood: r.blood_abo ? `${String(r.blood_abo)}${r.blood_rh === '-' ? '−' : r.blood_rh === '+' ? '+' : ''}` : null,
      phoneMasked: r.e164 ? maskPhone(String(r.e164)) : null,
      lastDonation: r.last_donation ? String(r.last_donation).slice(0, 10) : null,
      accountManagerId: r.account_manager_id === null ? null : Number(r.account_manager_id),
    }));
  }

  async list(): Promise<SavedSegmentDto[]> {
    return (await rows(this.ds, 'SELECT id, name, rule, created_by_id, created_at, updated_at FROM crm_segment ORDER BY name')).map(dto);
  }

  async get(id: number): Promise<SavedSegmentDto> {
    const [r] = await rows(this.ds, 'SELECT id, name, rule, created_by_id, created_at, updated_at FROM crm_segment WHERE id = ?', [id]);
    if (!r) throw new DomainError('NOT_FOUND', `分群 ${id} 不存在 / segment ${id} not found`);
    return dto(r);
  }

  async create(name: unknown, rule: unknown, actorId: number): Promise<SavedSegmentDto> {
    const n = checkName(name);
    const valid = validateSegmentRule(rule);
    const now = this.clock();
    const id = await withTx(this.ds, async (m) => {
      if ((await rows(m, 'SELECT id FROM crm_segment WHERE name = ?', [n])).length) throw nameTaken(n);
      const r = await exec(m, 'INSERT INTO crm_segment (name, rule, created_by_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', [n, JSON.stringify(valid), actorId, sqlTime(now), sqlTime(now)]);
      await writeAudit(m, { actorId, action: 'segment.create', subjectType: 'segment', subjectId: r.insertId, detail: { name: n, rule: valid }, at: now });
      return r.insertId;
    }).catch(uniqueToConflict(n));
    return this.get(id);
  }

  /** Rename and/or change the rule; audited with old → new. */
  async update(id: number, patch: { name?: unknown; rule?: unknown }, actorId: number): Promise<SavedSegmentDto> {
    const before = await this.get(id);
    const after = { name: patch.name === undefined ? before.name : checkName(patch.name), rule: patch.rule === undefined ? before.rule : validateSegmentRule(patch.rule) };
    const diff = auditDiff(before, { ...before, ...after }, ['name', 'rule']);
    if (!Object.keys(diff.new).length) return before;
    const now = this.clock();
    await withTx(this.ds, async (m) => {
      if (after.name !== before.name && (await rows(m, 'SELECT id FROM crm_segment WHERE name = ? AND id <> ?', [after.name, id])).length) throw nameTaken(after.name);
      const r = await exec(m, 'UPDATE crm_segment SET name = ?, rule = ?, updated_at = ? WHERE id = ?', [after.name, JSON.stringify(after.rule), sqlTime(now), id]);
      if (!r.affected) throw new DomainError('NOT_FOUND', `分群 ${id} 不存在 / segment ${id} not found`);
      await writeAudit(m, { actorId, action: 'segment.update', subjectType: 'segment', subjectId: id, detail: diff, at: now });
    }).catch(uniqueToConflict(after.name));
    return this.get(id);
  }

  async remove(id: number, actorId: number): Promise<void> {
    const before = await this.get(id);
    await withTx(this.ds, async (m) => {
      await exec(m, 'DELETE FROM crm_segment WHERE id = ?', [id]);
      await writeAudit(m, { actorId, action: 'segment.delete', subjectType: 'segment', subjectId: id, detail: { name: before.name, rule: before.rule } });
    });
  }
}

function checkName(v: unknown): string {
  const s = typeof v === 'string' ? v.trim() : '';
  if (!s || s.length > NAME_MAX) throw new DomainError('VALIDATION_FAILED', `分群名称 1–${NAME_MAX} 个字符 / segment name must be 1–${NAME_MAX} characters`);
  return s;
}

function nameTaken(n: string): DomainError {
  return new DomainError('CONFLICT', `已有名为“${n}”的分群 / a segment named “${n}” already exists`);
}

/** Two people saving the same name at once: the unique index decides, the loser gets the same clear message. */
function uniqueToConflict(n: string) {
  return (e: unknown): never => {
    const msg = String((e as Error)?.message ?? e);
    if (/UNIQUE|Duplicate entry/i.test(msg)) throw nameTaken(n);
    throw e;
  };
}

function dto(r: Record<string, unknown>): SavedSegmentDto {
  return {
    id: Number(r.id), name: String(r.name), rule: parseJson<SegmentGroup>(r.rule, { op: 'and', rules: [] }),
    createdById: r.created_by_id === null ? null : Number(r.created_by_id), createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!,
  };
}
