import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { QaEvaluationKind, QaEvaluationStatus, QaQueueStatus } from '../../qa/qa.types.js';
import { bool, dbl, int, str, text, ts } from './columns.js';

/** Quality evaluations (migration 1765900000000); the services in db/qa/ read and write them with plain SQL. */

/** One version of a form; `definition` is the JSON of QaFormDefinition. */
@Entity({ name: 'qa_form' })
@Index('ux_qa_form_code_version', ['code', 'version'], { unique: true })
export class QaForm {
  @PrimaryGeneratedColumn({ type: 'int' }) id!: number;
  @Column(str('code', 40)) code!: string;
  @Column(int('version')) version!: number;
  @Column(str('name', 120)) name!: string;
  @Column(text('definition', false)) definition!: string;
  @Column(bool('active')) active!: boolean;
  @Column(int('created_by_id', true)) createdById!: number | null;
  @Column(ts('created_at')) createdAt!: Date;
}

/** A call segment waiting for (or done with) its evaluation; unique per segment. */
@Entity({ name: 'qa_queue_item' })
@Index('ux_qa_queue_item_segment', ['callSegmentId'], { unique: true })
@Index('ix_qa_queue_item_status', ['status', 'createdAt'])
@Index('ix_qa_queue_item_agent_week', ['agentId', 'week'])
export class QaQueueItem {
  @PrimaryGeneratedColumn({ type: 'int' }) id!: number;
  @Column(int('call_segment_id')) callSegmentId!: number;
  @Column(str('linkedid', 64)) linkedid!: string;
  @Column(int('agent_id', true)) agentId!: number | null;
  /** The Monday (local date) of the call's week: the random share is counted per agent and week. */
  @Column(str('week', 10)) week!: string;
  /** Comma-separated QaSampleReason values. */
  @Column(str('reasons', 120)) reasons!: string;
  @Column(str('status', 10)) status!: QaQueueStatus;
  @Column(int('claimed_by_id', true)) claimedById!: number | null;
  @Column(ts('claim_expires_at', true)) claimExpiresAt!: Date | null;
  @Column(int('evaluation_id', true)) evaluationId!: number | null;
  @Column(ts('created_at')) createdAt!: Date;
  @Column(ts('updated_at')) updatedAt!: Date;
}

@Entity({ name: 'qa_evaluation' })
@Index('ux_qa_evaluation_dedup', ['dedupKey'], { unique: true })
@Index('ix_qa_evaluation_agent', ['agentId', 'status'])
@Index('ix_qa_evaluation_segment', ['callSegmentId'])
@Index('ix_qa_evaluation_calibration', ['calibrationId'])
@Index('ix_qa_evaluation_status', ['status', 'updatedAt'])
export class QaEvaluation {
  @PrimaryGeneratedColumn({ type: 'int' }) id!: number;
  @Column(str('kind', 12)) kind!: QaEvaluationKind;
  /** 'seg:<segment>' for the regular one, 'cal:<calibration>:<evaluator>' for calibration: unique. */
  @Column(str('dedup_key', 40, true)) dedupKey!: string | null;
  @Column(int('calibration_id', true)) calibrationId!: number | null;
  @Column(int('queue_item_id', true)) queueItemId!: number | null;
  @Column(int('call_segment_id')) callSegmentId!: number;
  @Column(str('linkedid', 64)) linkedid!: string;
  @Column(int('agent_id', true)) agentId!: number | null;
  @Column(int('form_id')) formId!: number;
  @Column(int('evaluator_id', true)) evaluatorId!: number | null;
  @Column(str('status', 12)) status!: QaEvaluationStatus;
  @Column(dbl('score')) score!: number | null;
  @Column(dbl('original_score')) originalScore!: number | null;
  @Column(bool('critical_failed')) criticalFailed!: boolean;
  @Column(text('answers')) answers!: string | null;
  @Column(text('summary')) summary!: string | null;
  @Column(ts('created_at')) createdAt!: Date;
  @Column(ts('updated_at')) updatedAt!: Date;
  @Column(ts('submitted_at', true)) submittedAt!: Date | null;
  @Column(ts('acknowledged_at', true)) acknowledgedAt!: Date | null;
  @Column(text('dispute_comment')) disputeComment!: string | null;
  @Column(ts('disputed_at', true)) disputedAt!: Date | null;
  @Column(text('resolution')) resolution!: string | null;
  @Column(int('resolved_by_id', true)) resolvedById!: number | null;
  @Column(ts('resolved_at', true)) resolvedAt!: Date | null;
}

/** A comment pinned to a second of the segment's recording. */
@Entity({ name: 'qa_comment' })
@Index('ix_qa_comment_evaluation', ['evaluationId'])
export class QaComment {
  @PrimaryGeneratedColumn({ type: 'int' }) id!: number;
  @Column(int('evaluation_id')) evaluationId!: number;
  @Column(int('author_id', true)) authorId!: number | null;
  @Column(dbl('at_seconds', false)) atSeconds!: number;
  @Column(text('body', false)) body!: string;
  @Column(ts('created_at')) createdAt!: Date;
}

/** Several evaluators score the same segment with the same form version. */
@Entity({ name: 'qa_calibration' })
@Index('ix_qa_calibration_created', ['createdAt'])
export class QaCalibration {
  @PrimaryGeneratedColumn({ type: 'int' }) id!: number;
  @Column(int('call_segment_id')) callSegmentId!: number;
  @Column(str('linkedid', 64)) linkedid!: string;
  @Column(int('form_id')) formId!: number;
  @Column(str('title', 200)) title!: string;
  @Column(int('created_by_id', true)) createdById!: number | null;
  @Column(ts('created_at')) createdAt!: Date;
}
