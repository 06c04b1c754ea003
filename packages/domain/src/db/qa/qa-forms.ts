/**
 * QA forms, versioned: saving a form under a code adds version n+1 and makes it the active one; older versions stay
 * (an evaluation keeps the id of the version it was scored on, so its score never changes under it). The shipped
 * donor-hotline form is installed as version 1 the first time forms are read.
 */
import type { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { DomainError } from '../../errors.js';
import { DONOR_HOTLINE_FORM, DONOR_HOTLINE_FORM_CODE, DONOR_HOTLINE_FORM_NAME } from '../../qa/donor-hotline-form.js';
import { requireEvaluator } from '../../qa/qa-policy.js';
import type { QaFormDefinition, QaFormDto } from '../../qa/qa.types.js';
import { validateFormDefinition } from '../../qa/scoring.js';
import { asBool, b, exec, iso, parseJson, rows, sqlTime, withTx } from '../sql.js';
import { writeAudit } from '../services/audit.service.js';

const CODE = /^[a-z0-9][a-z0-9-]{1,39}$/;
const SELECT = 'SELECT f.*, (SELECT COUNT(*) FROM qa_evaluation e WHERE e.form_id = f.id) AS in_use FROM qa_form f';

export function formDto(r: Record<string, unknown>): QaFormDto {
  return {
    id: Number(r.id), code: String(r.code), version: Number(r.version), name: String(r.name), active: asBool(r.active),
    definition: parseJson<QaFormDefinition>(r.definition, { sections: [] }), createdAt: iso(r.created_at)!, inUse: Number(r.in_use ?? 0),
  };
}

export class QaForms {
  private shipped: Promise<void> | null = null;

  constructor(private readonly ds: DataSource, private readonly clock: () => Date) {}

  /** Installs the shipped form once (idempotent across bridges: the unique (code, version) index decides). */
  ensureShipped(): Promise<void> {
    this.shipped ??= (async () => {
      const [have] = await rows(this.ds, 'SELECT id FROM qa_form WHERE code = ?', [DONOR_HOTLINE_FORM_CODE]);
      if (have) return;
      try {
        await withTx(this.ds, (m) => exec(m, 'INSERT INTO qa_form (code, version, name, definition, active, created_by_id, created_at) VALUES (?, 1, ?, ?, ?, NULL, ?)',
          [DONOR_HOTLINE_FORM_CODE, DONOR_HOTLINE_FORM_NAME, JSON.stringify(DONOR_HOTLINE_FORM), b(true), sqlTime(this.clock())]));
      } catch (e) {
        const [again] = await rows(this.ds, 'SELECT id FROM qa_form WHERE code = ?', [DONOR_HOTLINE_FORM_CODE]);
        if (!again) throw e;
      }
    })().catch((e: unknown) => {
      this.shipped = null;
      throw e;
    });
    return this.shipped;
  }

  async list(opts: { all?: boolean } = {}): Promise<QaFormDto[]> {
    await this.ensureShipped();
    const r = await rows(this.ds, `${SELECT} ${opts.all ? '' : 'WHERE f.active = ?'} ORDER BY f.code, f.version DESC`, opts.all ? [] : [b(true)]);
    return r.map(formDto);
  }

  async get(id: number): Promise<QaFormDto> {
    await this.ensureShipped();
    const [r] = await rows(this.ds, `${SELECT} WHERE f.id = ?`, [id]);
    if (!r) throw new DomainError('NOT_FOUND', `质检表不存在 / QA form ${id} not found`);
    return formDto(r);
  }

  /** The active version of a code (default: the shipped form). */
  async active(code: string = DONOR_HOTLINE_FORM_CODE): Promise<QaFormDto> {
    await this.ensureShipped();
    const [r] = await rows(this.ds, `${SELECT} WHERE f.code = ? AND f.active = ? ORDER BY f.version DESC`, [code, b(true)]);
    if (!r) throw new DomainError('NOT_FOUND', `没有启用的质检表 ${code} / no active QA form ${code}`);
    return formDto(r);
  }

  /**
   * Saves a form (quality staff, supervisors, admins), audited. Editing the newest version while no evaluation was
   * scored on it changes it in place; once it is in use, saving adds version n+1 and makes it the active one (the
   * evaluations keep the version they were scored on). A new code starts at version 1.
   */
  async save(input: { code: string; name: string; definition: QaFormDefinition }, actor: Actor): Promise<QaFormDto> {
    requireEvaluator(actor);
    await this.ensureShipped();
    if (!CODE.test(input.code)) throw new DomainError('VALIDATION_FAILED', '表单编号只能用小写字母、数字和 - / code: lowercase letters, digits and -', { field: 'code' });
    const name = input.name?.trim();
    if (!name || name.length > 120) throw new DomainError('VALIDATION_FAILED', '请填写表单名称（≤120 字）/ name is required (≤ 120)', { field: 'name' });
    const def = validateFormDefinition(input.definition);
    const id = await withTx(this.ds, async (m) => {
      const [last] = await rows(m, `${SELECT} WHERE f.code = ? ORDER BY f.version DESC`, [input.code]);
      if (last && Number(last.in_use) === 0) {
        await exec(m, 'UPDATE qa_form SET name = ?, definition = ?, active = ? WHERE id = ?', [name, JSON.stringify(def), b(true), last.id]);
        await exec(m, 'UPDATE qa_form SET active = ? WHERE code = ? AND id <> ?', [b(false), input.code, last.id]);
        await writeAudit(m, { actorId: actor.id, action: 'qa.form.edit', subjectType: 'qa_form', subjectId: Number(last.id), detail: { code: input.code, version: Number(last.version), inPlace: true } });
        return Number(last.id);
      }
      const version = Number(last?.version ?? 0) + 1;
      await exec(m, 'UPDATE qa_form SET active = ? WHERE code = ?', [b(false), input.code]);
      const r = await exec(m, 'INSERT INTO qa_form (code, version, name, definition, active, created_by_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [input.code, version, name, JSON.stringify(def), b(true), actor.id, sqlTime(this.clock())]);
      await writeAudit(m, { actorId: actor.id, action: 'qa.form.save', subjectType: 'qa_form', subjectId: r.insertId, detail: { code: input.code, version, changes: { version: { from: version - 1 || null, to: version } } } });
      return r.insertId;
    });
    return this.get(id);
  }
}
