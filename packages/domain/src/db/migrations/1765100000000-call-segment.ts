import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Call records follow the people who handled the call: `call_segment` holds one row per agent who answered a call
 * (who, from–to, talk/hold, how it ended for them, their own disposition and note); a recording and a call's contact
 * record name their segment (and the recording its agent), so a transfer no longer re-attributes agent1's wrap-up,
 * contact record or recording to agent2. Backfill: one segment per answered call, from the call record.
 */
export class CallSegment1765100000000 implements MigrationInterface {
  name = 'CallSegment1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'call_segment',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'linkedid', type: 'varchar', length: '64', isNullable: false },
          { name: 'agent_id', type: 'integer', isNullable: true },
          { name: 'ext', type: 'varchar', length: '20', isNullable: false },
          { name: 'queue', type: 'varchar', length: '32', isNullable: true },
          { name: 'started_at', type: 'datetime', precision: 3, isNullable: false },
          { name: 'answered_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'ended_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'talk_seconds', type: 'integer', isNullable: false, default: 0 },
          { name: 'hold_seconds', type: 'integer', isNullable: false, default: 0 },
          { name: 'end_reason', type: 'varchar', length: '24', isNullable: true },
          { name: 'disposition', type: 'varchar', length: '20', isNullable: true },
          { name: 'notes', type: 'text', isNullable: true },
          { name: 'updated_at', type: 'datetime', precision: 3, isNullable: false },
        ],
        indices: [
          new TableIndex({ name: 'ux_call_segment_call_ext', columnNames: ['linkedid', 'ext'], isUnique: true }),
          new TableIndex({ name: 'ix_call_segment_agent_time', columnNames: ['agent_id', 'started_at'] }),
        ],
      }),
      true,
    );
    await q.addColumn('recording', new TableColumn({ name: 'agent_id', type: 'integer', isNullable: true }));
    await q.addColumn('recording', new TableColumn({ name: 'call_segment_id', type: 'integer', isNullable: true }));
    await q.createIndex('recording', new TableIndex({ name: 'ix_recording_segment', columnNames: ['call_segment_id'] }));
    await q.addColumn('contact_record', new TableColumn({ name: 'call_segment_id', type: 'integer', isNullable: true }));
    await q.createIndex('contact_record', new TableIndex({ name: 'ix_contact_record_segment', columnNames: ['call_segment_id'] }));

    // backfill: the one agent each answered call had, as its only segment
    await q.query(
      `INSERT INTO call_segment (linkedid, agent_id, ext, queue, started_at, answered_at, ended_at, talk_seconds, hold_seconds, end_reason, disposition, notes, updated_at)
       SELECT c.linkedid, c.agent_id, COALESCE(u.extension, ''), c.queue, c.answered_at, c.answered_at, c.ended_at, c.talk_seconds, c.hold_seconds,
         CASE WHEN c.outcome = 'transferred' THEN NULL WHEN c.hangup_by = 'agent' THEN 'agent-hangup' WHEN c.hangup_by = 'caller' THEN 'caller-hangup'
              WHEN c.hangup_by = 'system' THEN 'system' WHEN c.ended_at IS NULL THEN NULL ELSE 'unknown' END,
         c.disposition, c.notes, c.updated_at
       FROM call_record c LEFT JOIN app_user u ON u.id = c.agent_id
       WHERE c.answered_at IS NOT NULL`,
    );
    await q.query(
      `UPDATE recording SET
         agent_id = (SELECT c.agent_id FROM call_record c WHERE c.id = recording.call_record_id),
         call_segment_id = (SELECT MIN(s.id) FROM call_segment s JOIN call_record c ON c.linkedid = s.linkedid WHERE c.id = recording.call_record_id)`,
    );
    await q.query(
      `UPDATE contact_record SET call_segment_id = (SELECT MIN(s.id) FROM call_segment s WHERE s.linkedid = contact_record.call_id)
       WHERE call_id IS NOT NULL AND channel = 'call'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('contact_record', 'ix_contact_record_segment');
    await q.dropColumn('contact_record', 'call_segment_id');
    await q.dropIndex('recording', 'ix_recording_segment');
    await q.dropColumn('recording', 'call_segment_id');
    await q.dropColumn('recording', 'agent_id');
    await q.dropTable('call_segment', true, true, true);
  }
}
