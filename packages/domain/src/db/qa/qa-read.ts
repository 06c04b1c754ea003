/**
 * Reads for QA: an evaluation with its form version and comments, lists (an agent's own, or everyone's for the
 * evaluators), and the call around a segment for the scoring screen — donor masked, IVR path, each agent segment's
 * disposition, tasks, surveys, recordings. Never a full phone number.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../../errors.js';
import type { QaAnswers, QaCallContextDto, QaEvaluationDto, QaEvaluationStatus } from '../../qa/qa.types.js';
import { asBool, iso, num, parseJson, placeholders, rows } from '../sql.js';

type Db = DataSource | EntityManager;
const person = (id: unknown, name: unknown): { id: number; displayName: string } | null => (id === null || id === undefined ? null : { id: Number(id), displayName: String(name ?? '') });
const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

const EVAL_SELECT = `SELECT e.*, f.code AS form_code, f.version AS form_version, f.name AS form_name,
  a.display_name AS agent_name, ev.display_name AS evaluator_name, rb.display_name AS resolver_name
  FROM qa_evaluation e JOIN qa_form f ON f.id = e.form_id LEFT JOIN app_user a ON a.id = e.agent_id
  LEFT JOIN app_user ev ON ev.id = e.evaluator_id LEFT JOIN app_user rb ON rb.id = e.resolved_by_id`;

function evaluationDto(r: Record<string, unknown>, comments: QaEvaluationDto['comments']): QaEvaluationDto {
  return {
    id: Number(r.id), kind: r.kind as QaEvaluationDto['kind'], calibrationId: n(r.calibration_id), segmentId: Number(r.call_segment_id), callId: String(r.linkedid),
    agent: person(r.agent_id, r.agent_name), evaluator: person(r.evaluator_id, r.evaluator_name),
    form: { id: Number(r.form_id), code: String(r.form_code), version: Number(r.form_version), name: String(r.form_name) },
    status: r.status as QaEvaluationStatus, score: n(r.score), criticalFailed: asBool(r.critical_failed), answers: parseJson<QaAnswers>(r.answers, {}),
    summary: (r.summary as string | null) ?? null, createdAt: iso(r.created_at)!, submittedAt: iso(r.submitted_at), acknowledgedAt: iso(r.acknowledged_at),
    disputeComment: (r.dispute_comment as string | null) ?? null, disputedAt: iso(r.disputed_at), resolution: (r.resolution as string | null) ?? null,
    resolvedBy: person(r.resolved_by_id, r.resolver_name), resolvedAt: iso(r.resolved_at), originalScore: n(r.original_score), comments,
  };
}

/** The raw row (for the writes' checks). */
export async function evaluationRow(m: Db, id: number): Promise<Record<string, unknown>> {
  const [r] = await rows(m, 'SELECT * FROM qa_evaluation WHERE id = ?', [id]);
  if (!r) throw new DomainError('NOT_FOUND', `质检评分不存在 / evaluation ${id} not found`);
  return r;
}

export async function readEvaluation(m: Db, id: number): Promise<QaEvaluationDto> {
  const [r] = await rows(m, `${EVAL_SELECT} WHERE e.id = ?`, [id]);
  if (!r) throw new DomainError('NOT_FOUND', `质检评分不存在 / evaluation ${id} not found`);
  const cs = await rows(m, 'SELECT c.*, u.display_name FROM qa_comment c LEFT JOIN app_user u ON u.id = c.author_id WHERE c.evaluation_id = ? ORDER BY c.at_seconds, c.id', [id]);
  return evaluationDto(r, cs.map((c) => ({ id: Number(c.id), atSeconds: Number(c.at_seconds), body: String(c.body), author: person(c.author_id, c.display_name), createdAt: iso(c.created_at)! })));
}

export interface QaEvaluationFilter {
  agentId?: number;
  evaluatorId?: number;
  status?: QaEvaluationStatus;
  kind?: 'regular' | 'calibration';
  calibrationId?: number;
  /** Agents' view: submitted and later only. */
  visibleToAgent?: boolean;
}

/** Newest first, without comments (the list shows scores and states). */
export async function listEvaluations(m: Db, f: QaEvaluationFilter): Promise<QaEvaluationDto[]> {
  const w: string[] = [];
  const p: unknown[] = [];
  const add = (sql: string, v: unknown): void => {
    w.push(sql);
    p.push(v);
  };
  if (f.agentId !== undefined) add('e.agent_id = ?', f.agentId);
  if (f.evaluatorId !== undefined) add('e.evaluator_id = ?', f.evaluatorId);
  if (f.status) add('e.status = ?', f.status);
  if (f.kind) add('e.kind = ?', f.kind);
  if (f.calibrationId !== undefined) add('e.calibration_id = ?', f.calibrationId);
  if (f.visibleToAgent) w.push("e.status <> 'draft' AND e.kind = 'regular'");
  const r = await rows(m, `${EVAL_SELECT} ${w.length ? `WHERE ${w.join(' AND ')}` : ''} ORDER BY e.updated_at DESC, e.id DESC LIMIT 500`, p);
  return r.map((x) => evaluationDto(x, []));
}

/** The call around a segment, for the scoring screen (and the agent reading their evaluation). */
export async function callContext(m: Db, segmentId: number): Promise<QaCallContextDto> {
  const [seg] = await rows(m, 'SELECT linkedid FROM call_segment WHERE id = ?', [segmentId]);
  if (!seg) throw new DomainError('NOT_FOUND', `通话段不存在 / call segment ${segmentId} not found`);
  const callId = String(seg.linkedid);
  const [c] = await rows(m, `SELECT c.*, d.name AS donor_name FROM call_record c LEFT JOIN donor d ON d.id = c.donor_id WHERE c.linkedid = ?`, [callId]);
  const segs = await rows(m, `SELECT s.*, u.display_name FROM call_segment s LEFT JOIN app_user u ON u.id = s.agent_id WHERE s.linkedid = ? ORDER BY COALESCE(s.answered_at, s.started_at), s.id`, [callId]);
  const linked = await rows(m, 'SELECT ticket_id FROM ticket_call WHERE call_id = ?', [callId]);
  const ids = linked.map((x) => Number(x.ticket_id));
  const tasks = await rows(m, `SELECT id, kind, status, subject FROM ticket WHERE call_id = ?${ids.length ? ` OR id IN (${placeholders(ids.length)})` : ''} ORDER BY id`, [callId, ...ids]);
  const surveys = await rows(m, 'SELECT score, channel, at FROM survey_response WHERE call_id = ? ORDER BY at', [callId]);
  const recs = c ? await rows(m, 'SELECT id, call_segment_id, duration_seconds FROM recording WHERE call_record_id = ? ORDER BY id', [c.id]) : [];
  return {
    callId, direction: (c?.direction as string | undefined) ?? null, startedAt: c ? iso(c.started_at) : null, callerMasked: (c?.caller_masked as string | undefined) ?? null,
    donor: c && c.donor_id !== null ? { id: Number(c.donor_id), name: String(c.donor_name ?? '') } : null, queue: (c?.queue as string | undefined) ?? null,
    ivrPath: c?.ivr_path ? String(c.ivr_path).split('>').filter(Boolean) : [],
    segments: segs.map((s) => ({
      id: Number(s.id), agent: person(s.agent_id, s.display_name), ext: String(s.ext), startedAt: iso(s.answered_at ?? s.started_at)!, talkSeconds: num(s.talk_seconds),
      holdSeconds: num(s.hold_seconds), endReason: (s.end_reason as string | null) ?? null, disposition: (s.disposition as string | null) ?? null, notes: (s.notes as string | null) ?? null,
    })),
    tasks: tasks.map((t) => ({ id: Number(t.id), kind: String(t.kind), status: String(t.status), subject: String(t.subject) })),
    surveys: surveys.map((s) => ({ score: n(s.score), channel: String(s.channel), at: iso(s.at)! })),
    recordings: recs.map((r) => ({ id: Number(r.id), segmentId: n(r.call_segment_id), durationSeconds: num(r.duration_seconds) })),
  };
}
