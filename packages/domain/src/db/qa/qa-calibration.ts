/**
 * Calibration (校准): a session on one call segment with one form version; each evaluator scores it on their own
 * (their seat is unique: dedup_key 'cal:<session>:<evaluator>'), and the spread of the submitted scores is shown.
 */
import type { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { DomainError } from '../../errors.js';
import { calibrationSpread } from '../../qa/calibration.js';
import { requireEvaluator } from '../../qa/qa-policy.js';
import type { QaCalibrationDto, QaEvaluationDto } from '../../qa/qa.types.js';
import { exec, iso, rows, sqlTime, withTx } from '../sql.js';
import { writeAudit } from '../services/audit.service.js';
import type { QaEvaluations } from './qa-evaluations.js';
import type { QaForms } from './qa-forms.js';
import { listEvaluations, readEvaluation } from './qa-read.js';

export class QaCalibrations {
  constructor(private readonly ds: DataSource, private readonly clock: () => Date, private readonly forms: QaForms, private readonly evaluations: QaEvaluations) {}

  async create(input: { segmentId: number; title?: string | null }, actor: Actor): Promise<QaCalibrationDto> {
    requireEvaluator(actor);
    const form = await this.forms.active();
    const [seg] = await rows(this.ds, 'SELECT id, linkedid FROM call_segment WHERE id = ?', [input.segmentId]);
    if (!seg) throw new DomainError('NOT_FOUND', `通话段不存在 / call segment ${input.segmentId} not found`);
    const title = (input.title?.trim() || `校准 ${String(seg.linkedid)}`).slice(0, 200);
    const id = await withTx(this.ds, async (m) => {
      const r = await exec(m, 'INSERT INTO qa_calibration (call_segment_id, linkedid, form_id, title, created_by_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        [seg.id, seg.linkedid, form.id, title, actor.id, sqlTime(this.clock())]);
      await writeAudit(m, { actorId: actor.id, action: 'qa.calibration.create', subjectType: 'qa_calibration', subjectId: r.insertId, detail: { segmentId: input.segmentId, formId: form.id } });
      return r.insertId;
    });
    return this.get(id, actor);
  }

  /** The evaluator's own seat in the session (created on first call, a draft on the session's form version). */
  async join(id: number, actor: Actor): Promise<QaEvaluationDto> {
    requireEvaluator(actor);
    const [c] = await rows(this.ds, 'SELECT * FROM qa_calibration WHERE id = ?', [id]);
    if (!c) throw new DomainError('NOT_FOUND', `校准不存在 / calibration ${id} not found`);
    const key = `cal:${id}:${actor.id}`;
    const find = async (): Promise<number | null> => {
      const [r] = await rows(this.ds, 'SELECT id FROM qa_evaluation WHERE dedup_key = ?', [key]);
      return r ? Number(r.id) : null;
    };
    let evalId = await find();
    if (evalId === null) {
      try {
        evalId = await withTx(this.ds, (m) => this.evaluations.insert(m, { kind: 'calibration', dedupKey: key, queueItemId: null, calibrationId: id, segmentId: Number(c.call_segment_id), formId: Number(c.form_id) }, actor));
      } catch (e) {
        evalId = await find(); // a double click: the first insert won
        if (evalId === null) throw e;
      }
    }
    return readEvaluation(this.ds, evalId);
  }

  async get(id: number, actor: Actor): Promise<QaCalibrationDto> {
    requireEvaluator(actor);
    const [c] = await rows(this.ds, `SELECT k.*, f.code, f.version, f.name, s.agent_id, u.display_name AS agent_name FROM qa_calibration k
      JOIN qa_form f ON f.id = k.form_id JOIN call_segment s ON s.id = k.call_segment_id LEFT JOIN app_user u ON u.id = s.agent_id WHERE k.id = ?`, [id]);
    if (!c) throw new DomainError('NOT_FOUND', `校准不存在 / calibration ${id} not found`);
    const evs = await listEvaluations(this.ds, { calibrationId: id });
    const submitted = evs.filter((e) => e.status !== 'draft');
    return {
      id, segmentId: Number(c.call_segment_id), callId: String(c.linkedid), title: String(c.title), createdAt: iso(c.created_at)!,
      agent: c.agent_id === null ? null : { id: Number(c.agent_id), displayName: String(c.agent_name ?? '') },
      form: { id: Number(c.form_id), code: String(c.code), version: Number(c.version), name: String(c.name) },
      // answers of drafts stay private to their evaluator until submitted (no anchoring on a colleague's score)
      evaluations: evs.map((e) => ({ id: e.id, evaluator: e.evaluator, status: e.status, score: e.status === 'draft' ? null : e.score, answers: e.status === 'draft' ? {} : e.answers })),
      spread: calibrationSpread(submitted),
    };
  }

  async list(actor: Actor): Promise<QaCalibrationDto[]> {
    requireEvaluator(actor);
    const r = await rows(this.ds, 'SELECT id FROM qa_calibration ORDER BY created_at DESC, id DESC LIMIT 100');
    const out: QaCalibrationDto[] = [];
    for (const x of r) out.push(await this.get(Number(x.id), actor));
    return out;
  }
}
