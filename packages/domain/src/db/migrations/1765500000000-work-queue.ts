import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * The work queue (issue 12): tickets become the one model of work a person must do. Adds source, priority, team,
 * outcome, the caller of an abandoned call (E.164 + masked), a de-duplication key (one abandoned-call task per number
 * per day, unique), start/resolve/escalation times; the calls linked to a task (ticket_call). Existing tickets move
 * from 'open' to 'new' (no owner) or 'assigned' (an owner).
 */
const str = (name: string, length: number): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: true });
const ts = (name: string, isNullable = true): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable });

export class WorkQueue1765500000000 implements MigrationInterface {
  name = 'WorkQueue1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('ticket', [
      new TableColumn(str('source', 16)), new TableColumn(str('priority', 8)), new TableColumn(str('team', 32)),
      new TableColumn({ name: 'outcome', type: 'text', isNullable: true }), new TableColumn(str('caller_e164', 20)), new TableColumn(str('caller_masked', 24)),
      new TableColumn(str('dedup_key', 80)), new TableColumn(ts('started_at')), new TableColumn(ts('resolved_at')), new TableColumn(ts('escalated_at')),
    ]);
    await q.createIndex('ticket', new TableIndex({ name: 'ux_ticket_dedup_key', columnNames: ['dedup_key'], isUnique: true }));
    await q.createIndex('ticket', new TableIndex({ name: 'ix_ticket_status_due', columnNames: ['status', 'due_at'] }));
    await q.createIndex('ticket', new TableIndex({ name: 'ix_ticket_caller', columnNames: ['caller_e164', 'status'] }));
    await q.query("UPDATE ticket SET status = CASE WHEN owner_id IS NULL THEN 'new' ELSE 'assigned' END WHERE status = 'open'");
    await q.query("UPDATE ticket SET source = CASE WHEN kind = 'message' THEN 'voice-message' WHEN kind = 'callback' AND subject LIKE '%满意度%' THEN 'survey' ELSE 'manual' END, priority = 'normal', team = 'hotline' WHERE source IS NULL");
    await q.query("UPDATE ticket SET resolved_at = closed_at WHERE status = 'resolved'");
    await q.createTable(new Table({
      name: 'ticket_call',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'ticket_id', type: 'integer', isNullable: false },
        { name: 'call_id', type: 'varchar', length: '64', isNullable: false },
        { name: 'linked_by_id', type: 'integer', isNullable: true },
        ts('at', false),
      ],
      indices: [
        new TableIndex({ name: 'ux_ticket_call', columnNames: ['ticket_id', 'call_id'], isUnique: true }),
        new TableIndex({ name: 'ix_ticket_call_call', columnNames: ['call_id'] }),
      ],
      foreignKeys: [
        new TableForeignKey({ name: 'fk_ticket_call_ticket_id', columnNames: ['ticket_id'], referencedTableName: 'ticket', referencedColumnNames: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' }),
        new TableForeignKey({ name: 'fk_ticket_call_linked_by_id', columnNames: ['linked_by_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'SET NULL', onUpdate: 'NO ACTION' }),
      ],
    }));
    // the ticket's own call (an agent's follow-up after a call) is its first linked call
    await q.query('INSERT INTO ticket_call (ticket_id, call_id, linked_by_id, at) SELECT id, call_id, created_by_id, created_at FROM ticket WHERE call_id IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('ticket_call', true, true, true);
    await q.query("UPDATE ticket SET status = 'open' WHERE status IN ('new', 'assigned')");
    await q.dropIndex('ticket', 'ix_ticket_caller');
    await q.dropIndex('ticket', 'ix_ticket_status_due');
    await q.dropIndex('ticket', 'ux_ticket_dedup_key');
    await q.dropColumns('ticket', ['source', 'priority', 'team', 'outcome', 'caller_e164', 'caller_masked', 'dedup_key', 'started_at', 'resolved_at', 'escalated_at']);
  }
}
