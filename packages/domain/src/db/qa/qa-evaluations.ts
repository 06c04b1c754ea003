/**
 * Evaluation writes: start (from a claimed queue item, or a calibration seat), save a draft, submit (complete,
 * scored on the server with the form version it started on), comments pinned to a second of the recording, the
 * agent's acknowledge/dispute, the lead's resolution. Each checked inside its transaction and audited.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { DomainError } from '../../errors.js';
import { canEvaluate, qaTransition, requireEvaluator } from '../../qa/qa-policy.js';
import type { QaAnswers, QaEvaluationDto, QaEvaluationKind, QaFormDefinition, QaPublishedEvent } from '../../qa/qa.types.js';
import { scoreEvaluation, validateAnswers } from '../../qa/scoring.js';
import { b, exec, parseJson, rows, sqlTime, withTx } from '../sql.js';
import { writeAudit } from '../services/audit.service.js';
import type { QaForms } from './qa-forms.js';
import type { QaQueue } from './qa-queue.js';
import { evaluationRow, readEvaluation } from './qa-read.js';

const MAX_TEXT = 2000;
const clean = (s: string | null | undefined, field: string, required = false): string | null => {
  const t = s?.trim() ?? '';
  if (required && !t) throw new DomainError('VALIDATION_FAILED', '请填写说明 / a comment is required', { field });
  if (t.length > MAX_TEXT) throw new DomainError('VALIDATION_FAILED', `不能超过 ${MAX_TEXT} 字 / at most ${MAX_TEXT} characters`, { field });
  return t || null;
};

export interface QaDraftInput {
  answers?: Record<string, unknown>;
  summary?: string | null;
}

/** Told when an agent's evaluation becomes visible to them (submitted) or their dispute is resolved. */
export type QaPublishedListener = (agentId: number, e: QaPublishedEvent) => void;

export class QaEvaluations {
  private readonly listeners = new Set<QaPublishedListener>();

  /** The bridge pushes `qa:published` to the agent's desk from here; returns the unsubscribe. */
  onPublished(fn: QaPublishedListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** After the commit: a regular evaluation with an agent only (calibration scores are never shown to the agent). */
  private publish(e: QaEvaluationDto, status: QaPublishedEvent['status']): QaEvaluationDto {
    if (e.kind !== 'regular' || !e.agent) return e;
    const ev: QaPublishedEvent = { evaluationId: e.id, status, score: e.score, at: this.clock().toISOString() };
    for (const fn of this.listeners) {
      try {
        fn(e.agent.id, ev);
      } catch {
        // a listener's failure never undoes the committed write
      }
    }
    return e;
  }

  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date,
    private readonly forms: QaForms,
    private readonly queue: QaQueue,
  ) {}

  /**
   * The evaluation of a claimed queue item: created as a draft on the active form, or — when an earlier evaluator's
   * claim expired half-way — the same draft taken over (audited). A submitted one is never reopened: CONFLICT.
   */
  async startFromQueue(itemId: number, actor: Actor): Promise<QaEvaluationDto> {
    requireEvaluator(actor);
    const item = await this.queue.claim(itemId, actor);
    const form = await this.forms.active();
    const id = await withTx(this.ds, async (m) => {
      const [have] = await rows(m, 'SELECT id, status, evaluator_id FROM qa_evaluation WHERE dedup_key = ?', [`seg:${item.segmentId}`]);
      if (have) {
        if (have.status !== 'draft') throw new DomainError('CONFLICT', '该通话已质检完成 / this call has been evaluated already', { evaluationId: Number(have.id) });
        if (Number(have.evaluator_id) !== actor.id) {
          await exec(m, 'UPDATE qa_evaluation SET evaluator_id = ?, updated_at = ? WHERE id = ?', [actor.id, sqlTime(this.clock()), have.id]);
          await writeAudit(m, { actorId: actor.id, action: 'qa.evaluation.take-over', subjectType: 'qa_evaluation', subjectId: Number(have.id), detail: { changes: { evaluatorId: { from: Number(have.evaluator_id), to: actor.id } } } });
        }
        return Number(have.id);
      }
      const newId = await this.insert(m, { kind: 'regular', dedupKey: `seg:${item.segmentId}`, queueItemId: item.id, calibrationId: null, segmentId: item.segmentId, formId: form.id }, actor);
      await exec(m, 'UPDATE qa_queue_item SET evaluation_id = ? WHERE id = ?', [newId, item.id]);
      return newId;
    });
    return readEvaluation(this.ds, id);
  }

  /** Inserts a draft; the unique dedup_key turns a double start into a CONFLICT rather than a second evaluation. */
  async insert(m: EntityManager, e: { kind: QaEvaluationKind; dedupKey: string; queueItemId: number | null; calibrationId: number | null; segmentId: number; formId: number }, actor: Actor): Promise<number> {
    const [seg] = await rows(m, 'SELECT linkedid, agent_id FROM call_segment WHERE id = ?', [e.segmentId]);
    if (!seg) throw new DomainError('NOT_FOUND', `通话段不存在 / call segment ${e.segmentId} not found`);
    const now = sqlTime(this.clock());
    const r = await exec(m, `INSERT INTO qa_evaluation (kind, dedup_key, calibration_id, queue_item_id, call_segment_id, linkedid, agent_id, form_id, evaluator_id, status, critical_failed, answers, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, '{}', ?, ?)`,
    [e.kind, e.dedupKey, e.calibrationId, e.queueItemId, e.segmentId, seg.linkedid, seg.agent_id, e.formId, actor.id, b(false), now, now]);
    await writeAudit(m, { actorId: actor.id, action: 'qa.evaluation.start', subjectType: 'qa_evaluation', subjectId: r.insertId, detail: { kind: e.kind, segmentId: e.segmentId, formId: e.formId } });
    return r.insertId;
  }

  /** The draft's owner, on a draft; for a queue item, still holding the claim (renewed by this write). */
  private async ownDraft(m: EntityManager | DataSource, id: number, actor: Actor): Promise<{ row: Record<string, unknown>; def: QaFormDefinition }> {
    requireEvaluator(actor);
    const row = await evaluationRow(m, id);
    if (Number(row.evaluator_id) !== actor.id) throw new DomainError('FORBIDDEN', '只能修改自己的评分 / not your evaluation', { rule: 'qa.own-draft' });
    if (row.status !== 'draft') throw new DomainError('CONFLICT', '评分已提交，不能再修改 / the evaluation was submitted and can no longer change', { status: row.status });
    if (row.queue_item_id !== null && row.queue_item_id !== undefined && !(await this.queue.holds(Number(row.queue_item_id), actor.id))) {
      throw new DomainError('CONFLICT', '领取已过期，请重新领取 / your claim expired: claim the call again', { rule: 'qa.claim-expired' });
    }
    const [f] = await rows(m, 'SELECT definition FROM qa_form WHERE id = ?', [row.form_id]);
    return { row, def: parseJson<QaFormDefinition>(f?.definition, { sections: [] }) };
  }

  async saveDraft(id: number, input: QaDraftInput, actor: Actor): Promise<QaEvaluationDto> {
    const { row, def } = await this.ownDraft(this.ds, id, actor);
    const answers = input.answers === undefined ? parseJson<QaAnswers>(row.answers, {}) : validateAnswers(def, input.answers, { complete: false });
    const s = scoreEvaluation(def, answers);
    const summary = input.summary === undefined ? (row.summary as string | null) : clean(input.summary, 'summary');
    await withTx(this.ds, (m) => exec(m, 'UPDATE qa_evaluation SET answers = ?, summary = ?, score = ?, critical_failed = ?, updated_at = ? WHERE id = ?',
      [JSON.stringify(answers), summary, s.score, b(s.criticalFailed.length > 0), sqlTime(this.clock()), id]));
    if (row.queue_item_id !== null) await this.queue.touch(Number(row.queue_item_id), actor.id);
    return readEvaluation(this.ds, id);
  }

  /** Every question answered; the server's score is the one stored; the queue item is done. */
  async submit(id: number, input: QaDraftInput, actor: Actor): Promise<QaEvaluationDto> {
    const { row, def } = await this.ownDraft(this.ds, id, actor);
    const answers = validateAnswers(def, input.answers ?? parseJson<Record<string, unknown>>(row.answers, {}), { complete: true });
    const s = scoreEvaluation(def, answers);
    const summary = input.summary === undefined ? (row.summary as string | null) : clean(input.summary, 'summary');
    const now = sqlTime(this.clock());
    await withTx(this.ds, async (m) => {
      const u = await exec(m, "UPDATE qa_evaluation SET answers = ?, summary = ?, score = ?, critical_failed = ?, status = ?, submitted_at = ?, updated_at = ? WHERE id = ? AND status = 'draft'",
        [JSON.stringify(answers), summary, s.score, b(s.criticalFailed.length > 0), qaTransition('draft', 'submit'), now, now, id]);
      if (u.affected !== 1) throw new DomainError('CONFLICT', '评分已提交 / already submitted');
      if (row.queue_item_id !== null) await exec(m, "UPDATE qa_queue_item SET status = 'done', evaluation_id = ?, claim_expires_at = NULL, updated_at = ? WHERE id = ?", [id, now, row.queue_item_id]);
      await writeAudit(m, { actorId: actor.id, action: 'qa.evaluation.submit', subjectType: 'qa_evaluation', subjectId: id, detail: { score: s.score, criticalFailed: s.criticalFailed, agentId: row.agent_id } });
    });
    return this.publish(await readEvaluation(this.ds, id), 'submitted');
  }

  /** A comment at a second of the recording: evaluators, on any evaluation they can see. */
  async comment(id: number, input: { atSeconds: number; body: string }, actor: Actor): Promise<QaEvaluationDto> {
    requireEvaluator(actor);
    const body = clean(input.body, 'body', true)!;
    if (!(Number.isFinite(input.atSeconds) && input.atSeconds >= 0 && input.atSeconds < 86_400)) throw new DomainError('VALIDATION_FAILED', '时间点无效 / invalid time in the recording', { field: 'atSeconds' });
    await withTx(this.ds, async (m) => {
      await evaluationRow(m, id);
      const r = await exec(m, 'INSERT INTO qa_comment (evaluation_id, author_id, at_seconds, body, created_at) VALUES (?, ?, ?, ?, ?)', [id, actor.id, Math.round(input.atSeconds * 10) / 10, body, sqlTime(this.clock())]);
      await writeAudit(m, { actorId: actor.id, action: 'qa.comment.add', subjectType: 'qa_evaluation', subjectId: id, detail: { commentId: r.insertId, atSeconds: input.atSeconds } });
    });
    return readEvaluation(this.ds, id);
  }

  /** The comment's author removes it while the evaluation is still a draft. */
  async deleteComment(id: number, commentId: number, actor: Actor): Promise<QaEvaluationDto> {
    requireEvaluator(actor);
    await withTx(this.ds, async (m) => {
      const row = await evaluationRow(m, id);
      if (row.status !== 'draft') throw new DomainError('CONFLICT', '评分已提交，评语不能删除 / comments stay once the evaluation is submitted');
      const u = await exec(m, 'DELETE FROM qa_comment WHERE id = ? AND evaluation_id = ? AND author_id = ?', [commentId, id, actor.id]);
      if (u.affected !== 1) throw new DomainError('NOT_FOUND', '评语不存在或不是您写的 / no such comment of yours');
      await writeAudit(m, { actorId: actor.id, action: 'qa.comment.delete', subjectType: 'qa_evaluation', subjectId: id, detail: { commentId } });
    });
    return readEvaluation(this.ds, id);
  }

  /** The agent whose call it was: acknowledges (optional comment) or disputes (a comment required) — once. */
  async respond(id: number, action: 'acknowledge' | 'dispute', comment: string | null | undefined, actor: Actor): Promise<QaEvaluationDto> {
    const text = clean(comment, 'comment', action === 'dispute');
    await withTx(this.ds, async (m) => {
      const row = await evaluationRow(m, id);
      if (row.kind !== 'regular' || Number(row.agent_id) !== actor.id) throw new DomainError('FORBIDDEN', '只能确认或申诉自己的质检结果 / only the agent evaluated may respond', { rule: 'qa.respond-own' });
      const next = qaTransition(row.status as QaEvaluationDto['status'], action);
      const now = sqlTime(this.clock());
      const u = action === 'acknowledge'
        ? await exec(m, "UPDATE qa_evaluation SET status = ?, acknowledged_at = ?, dispute_comment = COALESCE(?, dispute_comment), updated_at = ? WHERE id = ? AND status = 'submitted'", [next, now, text, now, id])
        : await exec(m, "UPDATE qa_evaluation SET status = ?, disputed_at = ?, dispute_comment = ?, updated_at = ? WHERE id = ? AND status = 'submitted'", [next, now, text, now, id]);
      if (u.affected !== 1) throw new DomainError('CONFLICT', '该评分已确认或申诉过 / already answered');
      await writeAudit(m, { actorId: actor.id, action: `qa.evaluation.${action}`, subjectType: 'qa_evaluation', subjectId: id, detail: { changes: { status: { from: row.status, to: next } }, comment: !!text } });
    });
    return readEvaluation(this.ds, id);
  }

  /**
   * The QA lead closes a dispute: upheld (score unchanged) or a new score (0–100; the old one kept as
   * original_score). Not the evaluator of that evaluation — unless an admin.
   */
  async resolve(id: number, input: { resolution: string; score?: number | null }, actor: Actor): Promise<QaEvaluationDto> {
    if (!canEvaluate(actor.role)) throw new DomainError('FORBIDDEN', '处理申诉需要质检组长、主管或管理员 / resolving disputes is for QA leads, supervisors and admins', { rule: 'qa.resolve' });
    const resolution = clean(input.resolution, 'resolution', true);
    if (input.score !== undefined && input.score !== null && !(Number.isFinite(input.score) && input.score >= 0 && input.score <= 100)) {
      throw new DomainError('VALIDATION_FAILED', '分数须在 0–100 之间 / score must be 0–100', { field: 'score' });
    }
    await withTx(this.ds, async (m) => {
      const row = await evaluationRow(m, id);
      if (Number(row.evaluator_id) === actor.id && actor.role !== 'admin') throw new DomainError('FORBIDDEN', '评分人不能处理针对自己的申诉 / the evaluator cannot resolve a dispute of their own evaluation', { rule: 'qa.resolve-own' });
      const next = qaTransition(row.status as QaEvaluationDto['status'], 'resolve');
      const now = sqlTime(this.clock());
      const old = row.score === null ? null : Number(row.score);
      const changed = input.score !== undefined && input.score !== null && input.score !== old;
      const newScore = changed ? Math.round(input.score! * 10) / 10 : old;
      const u = await exec(m, "UPDATE qa_evaluation SET status = ?, resolution = ?, resolved_by_id = ?, resolved_at = ?, score = ?, original_score = ?, updated_at = ? WHERE id = ? AND status = 'disputed'",
        [next, resolution, actor.id, now, newScore, changed ? old : null, now, id]);
      if (u.affected !== 1) throw new DomainError('CONFLICT', '申诉已处理 / already resolved');
      await writeAudit(m, { actorId: actor.id, action: 'qa.evaluation.resolve', subjectType: 'qa_evaluation', subjectId: id, detail: { changes: { status: { from: row.status, to: next }, ...(changed ? { score: { from: old, to: newScore } } : {}) } } });
    });
    return this.publish(await readEvaluation(this.ds, id), 'resolved');
  }
}
