import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * SMS for real (issue 12): the outbox row becomes a tracked message — its class (service / notice / marketing), the
 * donor and the business object it belongs to (ref, e.g. appointment:12 or donation:345), a de-duplication key
 * (unique: the same survey for the same donation is enqueued once), the provider, a worker's claim (token + lease),
 * the delivery report. Numbers that replied TD (sms_opt_out) and every reply received (sms_inbound, unique per
 * provider sequence so a re-pushed reply is taken once).
 */
const str = (name: string, length: number): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: true });
const ts = (name: string, isNullable = true): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable });
const int = (name: string): TableColumnOptions => ({ name, type: 'integer', isNullable: true });

export class SmsMessaging1765600000000 implements MigrationInterface {
  name = 'SmsMessaging1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('sms_outbox', [
      new TableColumn(str('class', 12)), new TableColumn(int('donor_id')), new TableColumn(str('ref', 64)), new TableColumn(str('dedup_key', 120)),
      new TableColumn(str('provider', 16)), new TableColumn(str('claim_token', 36)), new TableColumn(ts('claimed_until')),
      new TableColumn(ts('delivered_at')), new TableColumn(str('report_code', 32)),
    ]);
    await q.query("UPDATE sms_outbox SET class = CASE WHEN template = 'survey' THEN 'notice' WHEN template = 'care' THEN 'marketing' ELSE 'service' END WHERE class IS NULL");
    await q.createIndex('sms_outbox', new TableIndex({ name: 'ux_sms_outbox_dedup_key', columnNames: ['dedup_key'], isUnique: true }));
    await q.createIndex('sms_outbox', new TableIndex({ name: 'ix_sms_outbox_provider_id', columnNames: ['provider_id'] }));
    await q.createIndex('sms_outbox', new TableIndex({ name: 'ix_sms_outbox_claim', columnNames: ['claim_token'] }));
    await q.createIndex('sms_outbox', new TableIndex({ name: 'ix_sms_outbox_donor', columnNames: ['donor_id', 'created_at'] }));
    await q.createIndex('sms_outbox', new TableIndex({ name: 'ix_sms_outbox_ref', columnNames: ['ref'] }));
    await q.createIndex('sms_outbox', new TableIndex({ name: 'ix_sms_outbox_to', columnNames: ['to_e164', 'created_at'] }));
    await q.createTable(new Table({
      name: 'sms_opt_out',
      columns: [
        { name: 'e164', type: 'varchar', length: '20', isPrimary: true },
        ts('at', false),
        str('source', 16),
        int('inbound_id'),
      ],
    }));
    await q.createTable(new Table({
      name: 'sms_inbound',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'from_e164', type: 'varchar', length: '20', isNullable: false },
        { name: 'content', type: 'text', isNullable: false },
        ts('received_at', false),
        str('provider', 16),
        str('provider_seq', 64),
        int('donor_id'), int('outbox_id'),
        str('intent', 16),
        int('score'), int('ticket_id'), int('survey_id'),
      ],
      indices: [
        new TableIndex({ name: 'ux_sms_inbound_seq', columnNames: ['provider', 'provider_seq'], isUnique: true }),
        new TableIndex({ name: 'ix_sms_inbound_donor', columnNames: ['donor_id', 'received_at'] }),
        new TableIndex({ name: 'ix_sms_inbound_from', columnNames: ['from_e164', 'received_at'] }),
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('sms_inbound', true, true, true);
    await q.dropTable('sms_opt_out', true, true, true);
    for (const ix of ['ix_sms_outbox_to', 'ix_sms_outbox_ref', 'ix_sms_outbox_donor', 'ix_sms_outbox_claim', 'ix_sms_outbox_provider_id', 'ux_sms_outbox_dedup_key']) await q.dropIndex('sms_outbox', ix);
    await q.dropColumns('sms_outbox', ['class', 'donor_id', 'ref', 'dedup_key', 'provider', 'claim_token', 'claimed_until', 'delivered_at', 'report_code']);
  }
}
