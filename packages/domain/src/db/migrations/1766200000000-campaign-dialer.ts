import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Recall campaigns with a dialer (issue 13):
 *  - campaign: dialing mode (preview | progressive), channel, script, calling hours, attempt cap, retry schedule,
 *    the saved segment it came from; status now draft | running | paused | stopped (old rows: active → running).
 *  - campaign_target: attempts made, when it may be dialed again (next_at), who claimed it (one dialer, one agent,
 *    one call: the claim is a conditional UPDATE), the last outcome and why the policy blocked it.
 *  - campaign_agent: the agents assigned to a campaign.
 */
export class CampaignDialer1766200000000 implements MigrationInterface {
  name = 'CampaignDialer1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('campaign', [
      new TableColumn({ name: 'mode', type: 'varchar', length: '12', isNullable: false, default: "'preview'" }),
      new TableColumn({ name: 'channel', type: 'varchar', length: '8', isNullable: false, default: "'call'" }),
      new TableColumn({ name: 'script', type: 'text', isNullable: true }),
      new TableColumn({ name: 'hours_start', type: 'varchar', length: '5', isNullable: false, default: "'09:00'" }),
      new TableColumn({ name: 'hours_end', type: 'varchar', length: '5', isNullable: false, default: "'20:00'" }),
      new TableColumn({ name: 'max_attempts', type: 'integer', isNullable: false, default: 3 }),
      new TableColumn({ name: 'retry_minutes', type: 'varchar', length: '64', isNullable: false, default: "'60,240'" }),
      new TableColumn({ name: 'segment_id', type: 'integer', isNullable: true }),
    ]);
    await q.query("UPDATE campaign SET status = 'running' WHERE status = 'active'");
    await q.query("UPDATE campaign SET status = 'stopped' WHERE status = 'closed'");
    await q.addColumns('campaign_target', [
      new TableColumn({ name: 'attempts', type: 'integer', isNullable: false, default: 0 }),
      new TableColumn({ name: 'next_at', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'claimed_by_id', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'claimed_at', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'last_outcome', type: 'varchar', length: '20', isNullable: true }),
      new TableColumn({ name: 'block_reason', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'call_id', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'position', type: 'integer', isNullable: false, default: 0 }),
    ]);
    await q.createIndex('campaign_target', new TableIndex({ name: 'ix_campaign_target_next', columnNames: ['campaign_id', 'status', 'position'] }));
    await q.createTable(new Table({
      name: 'campaign_agent',
      columns: [
        { name: 'campaign_id', type: 'integer', isPrimary: true },
        { name: 'user_id', type: 'integer', isPrimary: true },
      ],
      indices: [new TableIndex({ name: 'ix_campaign_agent_user', columnNames: ['user_id'] })],
      foreignKeys: [
        new TableForeignKey({ name: 'fk_campaign_agent_campaign_id', columnNames: ['campaign_id'], referencedTableName: 'campaign', referencedColumnNames: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' }),
        new TableForeignKey({ name: 'fk_campaign_agent_user_id', columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' }),
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('campaign_agent', true, true, true);
    await q.dropIndex('campaign_target', 'ix_campaign_target_next');
    for (const c of ['position', 'call_id', 'block_reason', 'last_outcome', 'claimed_at', 'claimed_by_id', 'next_at', 'attempts']) await q.dropColumn('campaign_target', c);
    for (const c of ['segment_id', 'retry_minutes', 'max_attempts', 'hours_end', 'hours_start', 'script', 'channel', 'mode']) await q.dropColumn('campaign', c);
  }
}
