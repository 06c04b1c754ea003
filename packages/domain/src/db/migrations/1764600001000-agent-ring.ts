import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Every ring of an agent's phone, with how it ended for them: the agent's own list of today's calls (本班通话) —
 * including calls that rang them and nobody answered, to call back — comes from here and the call records, so it
 * survives a reload of the desk. Keyed by the call's Linkedid (the record may be written later) and the user.
 */
export class AgentRing1764600001000 implements MigrationInterface {
  name = 'AgentRing1764600001000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'agent_ring',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'linkedid', type: 'varchar', length: '64', isNullable: false },
          { name: 'user_id', type: 'integer', isNullable: false },
          { name: 'ext', type: 'varchar', length: '20', isNullable: false },
          { name: 'ringing_at', type: 'datetime', precision: 3, isNullable: false },
          { name: 'ended_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'outcome', type: 'varchar', length: '20', isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'ux_agent_ring_call_user', columnNames: ['linkedid', 'user_id'], isUnique: true }),
          new TableIndex({ name: 'ix_agent_ring_user_time', columnNames: ['user_id', 'ringing_at'] }),
        ],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('agent_ring', true, true, true);
  }
}
