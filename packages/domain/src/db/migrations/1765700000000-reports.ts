import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Reports and the live wallboard (issue 15):
 *  - `agent_state_log`: one row per stretch of time an agent's seat spent in one state (ready, ringing, on-call,
 *    wrap-up, paused with its reason) — pause by reason, wrap-up and occupancy are read from it.
 *  - `wrap_up_seconds` on call_segment (the agent's own) and call_record (the sum over its segments), so AHT is
 *    talk + hold + wrap-up from one row.
 *  - covering indexes: every report reads a range of started_at/created_at and only the columns in the index, so
 *    MariaDB and SQLite answer a month from the index alone (the wallboard's today figures read the very same rows).
 *  - rollups for long ranges of calls: `report_call_hour` (the CallTotals per hour and queue, at the configured
 *    service-level threshold) and `report_ivr_day` (calls per local day, IVR path and outcome), filled per closed day
 *    (`report_rollup_day` says which days, at which threshold) by the bridge's nightly job; a report reads rolled-up
 *    days from them and the rest (today, a day not rolled up yet) from call_record. bench:reports measures both.
 */
export class Reports1765700000000 implements MigrationInterface {
  name = 'Reports1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'agent_state_log',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'user_id', type: 'integer', isNullable: false },
        { name: 'ext', type: 'varchar', length: '20', isNullable: false },
        { name: 'state', type: 'varchar', length: '16', isNullable: false },
        { name: 'reason', type: 'varchar', length: '32', isNullable: true },
        { name: 'call_id', type: 'varchar', length: '64', isNullable: true },
        { name: 'started_at', type: 'datetime', precision: 3, isNullable: false },
        { name: 'ended_at', type: 'datetime', precision: 3, isNullable: true },
        { name: 'seconds', type: 'integer', isNullable: false, default: 0 },
      ],
      indices: [
        new TableIndex({ name: 'ix_agent_state_log_time', columnNames: ['started_at', 'user_id'] }),
        new TableIndex({ name: 'ix_agent_state_log_open', columnNames: ['user_id', 'ended_at'] }),
      ],
    }), true);
    await q.addColumn('call_segment', new TableColumn({ name: 'wrap_up_seconds', type: 'integer', isNullable: false, default: 0 }));
    await q.addColumn('call_record', new TableColumn({ name: 'wrap_up_seconds', type: 'integer', isNullable: false, default: 0 }));
    await q.createIndex('call_record', new TableIndex({
      name: 'ix_call_record_report',
      columnNames: ['started_at', 'direction', 'outcome', 'queue', 'wait_seconds', 'talk_seconds', 'hold_seconds', 'wrap_up_seconds', 'donor_id'],
    }));
    await q.createIndex('call_record', new TableIndex({ name: 'ix_call_record_ivr', columnNames: ['started_at', 'outcome', 'ivr_path'] }));
    await q.createIndex('call_segment', new TableIndex({
      name: 'ix_call_segment_report', columnNames: ['started_at', 'agent_id', 'answered_at', 'talk_seconds', 'hold_seconds', 'wrap_up_seconds', 'disposition'],
    }));
    await q.createIndex('ticket', new TableIndex({ name: 'ix_ticket_created', columnNames: ['created_at', 'source'] }));
    await q.createIndex('appointment', new TableIndex({ name: 'ix_appointment_created', columnNames: ['created_at', 'donor_id'] }));
    const n = (name: string) => ({ name, type: 'integer', isNullable: false, default: 0 });
    await q.createTable(new Table({
      name: 'report_call_hour',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'hour_at', type: 'datetime', precision: 3, isNullable: false },
        { name: 'queue', type: 'varchar', length: '32', isNullable: false, default: "''" },
        n('offered'), n('answered'), n('abandoned'), n('within_sl'), n('wait_s'), n('talk_s'), n('hold_s'), n('wrap_s'),
      ],
      indices: [new TableIndex({ name: 'ux_report_call_hour', columnNames: ['hour_at', 'queue'], isUnique: true })],
    }), true);
    await q.createTable(new Table({
      name: 'report_ivr_day',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'day', type: 'date', isNullable: false },
        { name: 'ivr_path', type: 'varchar', length: '500', isNullable: false },
        { name: 'outcome', type: 'varchar', length: '16', isNullable: true },
        n('calls'),
      ],
      indices: [new TableIndex({ name: 'ix_report_ivr_day', columnNames: ['day'] })],
    }), true);
    await q.createTable(new Table({
      name: 'report_agent_day',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'day', type: 'date', isNullable: false },
        { name: 'agent_id', type: 'integer', isNullable: false },
        n('handled'), n('talk_s'), n('hold_s'), n('wrap_s'), n('complaints'),
      ],
      indices: [new TableIndex({ name: 'ux_report_agent_day', columnNames: ['day', 'agent_id'], isUnique: true })],
    }), true);
    await q.createTable(new Table({
      name: 'report_rollup_day',
      columns: [
        { name: 'day', type: 'date', isPrimary: true },
        { name: 'sl_seconds', type: 'integer', isNullable: false },
        { name: 'rolled_at', type: 'datetime', precision: 3, isNullable: false },
      ],
    }), true);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('report_rollup_day', true);
    await q.dropTable('report_agent_day', true);
    await q.dropTable('report_ivr_day', true);
    await q.dropTable('report_call_hour', true);
    await q.dropIndex('appointment', 'ix_appointment_created');
    await q.dropIndex('ticket', 'ix_ticket_created');
    await q.dropIndex('call_segment', 'ix_call_segment_report');
    await q.dropIndex('call_record', 'ix_call_record_ivr');
    await q.dropIndex('call_record', 'ix_call_record_report');
    await q.dropColumn('call_record', 'wrap_up_seconds');
    await q.dropColumn('call_segment', 'wrap_up_seconds');
    await q.dropTable('agent_state_log', true);
  }
}
