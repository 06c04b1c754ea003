/**
 * Quality evaluations (质检) over the database: forms, the QA queue and its sampling, evaluations, comments, the
 * agent's response, disputes, calibration. Reads are gated here too (an agent reads only their own submitted
 * evaluations) so no route can forget it.
 */
import type { DataSource } from 'typeorm';
import type { Actor } from '../../access/actor.js';
import { DomainError } from '../../errors.js';
import { canEvaluate, canSeeEvaluation } from '../../qa/qa-policy.js';
import { DEFAULT_QA_SAMPLING, type QaSamplingRules } from '../../qa/sampling.js';
import type { QaCallContextDto, QaEvaluationDto } from '../../qa/qa.types.js';
import { QaCalibrations } from './qa-calibration.js';
import { QaEvaluations } from './qa-evaluations.js';
import { QaForms } from './qa-forms.js';
import { DEFAULT_CLAIM_MINUTES, QaQueue } from './qa-queue.js';
import { callContext, evaluationRow, listEvaluations, readEvaluation, type QaEvaluationFilter } from './qa-read.js';

export interface QaOptions {
  clock?: () => Date;
  claimMinutes?: number;
  sampling?: QaSamplingRules;
}

export class QaService {
  readonly forms: QaForms;
  readonly queue: QaQueue;
  readonly evaluations: QaEvaluations;
  readonly calibrations: QaCalibrations;
  readonly sampling: QaSamplingRules;

  constructor(private readonly ds: DataSource, opts: QaOptions = {}) {
    const clock = opts.clock ?? (() => new Date());
    this.sampling = opts.sampling ?? DEFAULT_QA_SAMPLING;
    this.forms = new QaForms(ds, clock);
    this.queue = new QaQueue(ds, clock, opts.claimMinutes ?? DEFAULT_CLAIM_MINUTES);
    this.evaluations = new QaEvaluations(ds, clock, this.forms, this.queue);
    this.calibrations = new QaCalibrations(ds, clock, this.forms, this.evaluations);
  }

  /** One evaluation with its comments; FORBIDDEN for an agent reading someone else's (or a draft). */
  async get(id: number, actor: Actor): Promise<QaEvaluationDto> {
    const row = await evaluationRow(this.ds, id);
    if (!canSeeEvaluation(actor, { agentId: row.agent_id === null ? null : Number(row.agent_id), status: row.status as QaEvaluationDto['status'], kind: String(row.kind) })) {
      throw new DomainError('FORBIDDEN', '只能查看自己的质检结果 / agents see their own evaluations only', { rule: 'qa.view-own' });
    }
    return readEvaluation(this.ds, id);
  }

  /** 我的质检 for everyone (evaluations of one's own calls, submitted and later); evaluators may list all. */
  async list(f: QaEvaluationFilter & { scope?: 'mine' | 'all' }, actor: Actor): Promise<QaEvaluationDto[]> {
    if (f.scope === 'all') {
      if (!canEvaluate(actor.role)) throw new DomainError('FORBIDDEN', '查看全部质检结果需要质检、主管或管理员 / all evaluations are for evaluators', { rule: 'qa.view-all' });
      const { scope: _s, visibleToAgent: _v, ...rest } = f;
      return listEvaluations(this.ds, rest);
    }
    return listEvaluations(this.ds, { agentId: actor.id, visibleToAgent: true, ...(f.status ? { status: f.status } : {}) });
  }

  /** The call around an evaluation's segment: evaluators, or the agent of a visible evaluation. */
  async context(evaluationId: number, actor: Actor): Promise<QaCallContextDto> {
    const e = await this.get(evaluationId, actor);
    return callContext(this.ds, e.segmentId);
  }

  /** The call around a queued segment (before an evaluation exists): evaluators only. */
  async segmentContext(segmentId: number, actor: Actor): Promise<QaCallContextDto> {
    if (!canEvaluate(actor.role)) throw new DomainError('FORBIDDEN', '需要质检、主管或管理员 / for evaluators', { rule: 'qa.evaluate' });
    return callContext(this.ds, segmentId);
  }

  /** The sampling job's run: the rules over [from, to). */
  sample(from: Date, to?: Date): ReturnType<QaQueue['sample']> {
    return this.queue.sample(this.sampling, from, to);
  }
}

export { QaForms, QaQueue, QaEvaluations, QaCalibrations };
export type { QaEvaluationFilter } from './qa-read.js';
export type { QaQueueFilter } from './qa-queue.js';
export type { QaDraftInput } from './qa-evaluations.js';
