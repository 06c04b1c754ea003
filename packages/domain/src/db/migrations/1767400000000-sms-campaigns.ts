import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * SMS campaigns (招募短信邀约): sms_campaign holds the invitation's parameters (site, date, product) and the pace
 * (per-minute rate, conversion window, frequency cap) of a campaign of channel 'sms'; campaign_target.sms_id links a
 * recipient to the outbox message written for it (its delivery, the donor's reply). Driver-neutral (SQLite and MariaDB).
 */
export class SmsCampaigns1767400000000 implements MigrationInterface {
  name = 'SmsCampaigns1767400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('campaign_target', new TableColumn({ name: 'sms_id', type: 'integer', isNullable: true }));
    await q.createIndex('campaign_target', new TableIndex({ name: 'ix_campaign_target_sms', columnNames: ['sms_id'] }));
    await q.createTable(new Table({
      name: 'sms_campaign',
      columns: [
        { name: 'campaign_id', type: 'integer', isPrimary: true, isNullable: false },
        { name: 'site', type: 'varchar', length: '64', isNullable: false },
        { name: 'invite_date', type: 'varchar', length: '64', isNullable: false },
        { name: 'product', type: 'varchar', length: '16', isNullable: false },
        { name: 'rate_per_minute', type: 'integer', isNullable: false },
        { name: 'conversion_days', type: 'integer', isNullable: false },
        { name: 'frequency_cap_days', type: 'integer', isNullable: false },
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('sms_campaign', true);
    await q.dropIndex('campaign_target', 'ix_campaign_target_sms');
    await q.dropColumn('campaign_target', 'sms_id');
  }
}
