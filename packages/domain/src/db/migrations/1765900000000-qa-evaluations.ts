import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * Quality evaluations (质检, issue 15): versioned forms (qa_form), the QA queue filled by the sampling rules
 * (qa_queue_item, one row per call segment — the unique index is what keeps a call from being queued twice), the
 * evaluations of one agent's segment with their answers (qa_evaluation; `dedup_key` is unique so a segment has one
 * regular evaluation and a calibration one per evaluator, whatever two browsers do), comments pinned to a second of
 * the recording (qa_comment), and calibration sessions (qa_calibration). No foreign keys, like call_segment: the rows
 * outlive users and segments being tidied, and the services check the references.
 */
const id: TableColumnOptions = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
const int = (name: string, isNullable = true): TableColumnOptions => ({ name, type: 'integer', isNullable });
const str = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable });
const ts = (name: string, isNullable = true): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable });
const text = (name: string, isNullable = true): TableColumnOptions => ({ name, type: 'text', isNullable });
const dbl = (name: string): TableColumnOptions => ({ name, type: 'double', isNullable: true });
const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean', isNullable: false });
const ix = (name: string, columnNames: string[], isUnique = false): TableIndex => new TableIndex({ name, columnNames, isUnique });

export class QaEvaluations1765900000000 implements MigrationInterface {
  name = 'QaEvaluations1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'qa_form',
      columns: [id, str('code', 40), int('version', false), str('name', 120), text('definition', false), bool('active'), int('created_by_id'), ts('created_at', false)],
      indices: [ix('ux_qa_form_code_version', ['code', 'version'], true)],
    }), true);
    await q.createTable(new Table({
      name: 'qa_queue_item',
      columns: [
        id, int('call_segment_id', false), str('linkedid', 64), int('agent_id'), str('week', 10), str('reasons', 120), str('status', 10),
        int('claimed_by_id'), ts('claim_expires_at'), int('evaluation_id'), ts('created_at', false), ts('updated_at', false),
      ],
      indices: [
        ix('ux_qa_queue_item_segment', ['call_segment_id'], true),
        ix('ix_qa_queue_item_status', ['status', 'created_at']),
        ix('ix_qa_queue_item_agent_week', ['agent_id', 'week']),
      ],
    }), true);
    await q.createTable(new Table({
      name: 'qa_evaluation',
      columns: [
        id, str('kind', 12), str('dedup_key', 40, true), int('calibration_id'), int('queue_item_id'), int('call_segment_id', false), str('linkedid', 64),
        int('agent_id'), int('form_id', false), int('evaluator_id'), str('status', 12), dbl('score'), dbl('original_score'), bool('critical_failed'),
        text('answers'), text('summary'), ts('created_at', false), ts('updated_at', false), ts('submitted_at'), ts('acknowledged_at'),
        text('dispute_comment'), ts('disputed_at'), text('resolution'), int('resolved_by_id'), ts('resolved_at'),
      ],
      indices: [
        ix('ux_qa_evaluation_dedup', ['dedup_key'], true),
        ix('ix_qa_evaluation_agent', ['agent_id', 'status']),
        ix('ix_qa_evaluation_segment', ['call_segment_id']),
        ix('ix_qa_evaluation_calibration', ['calibration_id']),
        ix('ix_qa_evaluation_status', ['status', 'updated_at']),
      ],
    }), true);
    await q.createTable(new Table({
      name: 'qa_comment',
      columns: [id, int('evaluation_id', false), int('author_id'), { name: 'at_seconds', type: 'double', isNullable: false }, text('body', false), ts('created_at', false)],
      indices: [ix('ix_qa_comment_evaluation', ['evaluation_id'])],
    }), true);
    await q.createTable(new Table({
      name: 'qa_calibration',
      columns: [id, int('call_segment_id', false), str('linkedid', 64), int('form_id', false), str('title', 200), int('created_by_id'), ts('created_at', false)],
      indices: [ix('ix_qa_calibration_created', ['created_at'])],
    }), true);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['qa_calibration', 'qa_comment', 'qa_evaluation', 'qa_queue_item', 'qa_form']) await q.dropTable(t, true, true, true);
  }
}
