import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { backfillDonationPoints } from '../loyalty/points-backfill.js';
import { sqlTime } from '../sql.js';

/**
 * Care and loyalty (issue 13):
 *  - care_rule: one rule per occasion (birthday, Spring Festival, Mid-Autumn, World Blood Donor Day, donation
 *    anniversary, honour reached), seeded with sensible defaults an administrator edits;
 *  - care_action: one row per donor, rule and occasion (unique: the de-duplication), pending until confirmed;
 *  - points_entry: the append-only points ledger (source_key unique: idempotent per source event), backfilled from
 *    the donations already here, and donor.points recomputed from it;
 *  - reward_item: the redemption catalogue with its stock;
 *  - ix_referral_referred_phone: a referee not registered yet is matched by phone when their first donation arrives.
 * Driver-neutral (SQLite and MariaDB).
 */
const id = (): TableColumnOptions => ({ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' });
const str = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable });
const int = (name: string, isNullable = false, dflt?: number): TableColumnOptions =>
  dflt === undefined ? { name, type: 'integer', isNullable } : { name, type: 'integer', isNullable, default: dflt };
const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean', isNullable: false });
const day = (name: string): TableColumnOptions => ({ name, type: 'date', isNullable: false });
const ts = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable });

/** The default rules: SMS on the day for greetings, call tasks ahead for the personal milestones. */
const DEFAULT_RULES: [string, string, string, string | null, number, string][] = [
  ['birthday', '生日关怀', 'sms', '祝您生日快乐！感谢您一直以来的无偿献血。', 0, 'active'],
  ['spring-festival', '春节问候', 'sms', '新春快乐！感谢您的热血与爱心，祝阖家幸福。', 0, 'active'],
  ['mid-autumn', '中秋问候', 'sms', '中秋快乐！感谢您的无偿献血，祝您花好月圆。', 0, 'active'],
  ['blood-donor-day', '世界献血者日', 'sms', '今天是世界献血者日，感谢您用爱心挽救生命！', 0, 'active'],
  ['donation-anniversary', '首次献血纪念日', 'call', null, 2, 'managed'],
  ['honour-reached', '荣誉达成', 'call', null, 0, 'all'],
];

export class CareLoyalty1766300000000 implements MigrationInterface {
  name = 'CareLoyalty1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'care_rule',
      columns: [id(), str('occasion', 24), str('name', 60), str('action', 8), str('sms_text', 100, true), int('lead_days', false, 0), str('audience', 8),
        int('segment_id', true), bool('enabled'), int('updated_by_id', true), ts('updated_at')],
      indices: [new TableIndex({ name: 'ux_care_rule_occasion', columnNames: ['occasion'], isUnique: true })],
    }));
    await q.createTable(new Table({
      name: 'care_action',
      columns: [id(), int('rule_id'), int('donor_id'), str('occasion_key', 40), day('occasion_date'), str('action', 8), str('status', 12), str('reason', 24, true),
        int('ref_id', true), ts('created_at'), ts('decided_at', true), int('decided_by_id', true)],
      indices: [
        new TableIndex({ name: 'ux_care_action_key', columnNames: ['rule_id', 'donor_id', 'occasion_key'], isUnique: true }),
        new TableIndex({ name: 'ix_care_action_status_day', columnNames: ['status', 'occasion_date'] }),
        new TableIndex({ name: 'ix_care_action_donor', columnNames: ['donor_id'] }),
      ],
    }));
    await q.createTable(new Table({
      name: 'points_entry',
      columns: [id(), int('donor_id'), str('kind', 12), int('delta'), str('source_key', 80), int('reward_id', true), str('note', 200, true), int('actor_id', true), ts('at')],
      indices: [
        new TableIndex({ name: 'ux_points_entry_source', columnNames: ['source_key'], isUnique: true }),
        new TableIndex({ name: 'ix_points_entry_donor', columnNames: ['donor_id', 'at'] }),
      ],
    }));
    await q.createTable(new Table({
      name: 'reward_item',
      columns: [id(), str('name', 60), int('cost'), int('stock', false, 0), bool('active'), ts('updated_at')],
      indices: [new TableIndex({ name: 'ux_reward_item_name', columnNames: ['name'], isUnique: true })],
    }));
    await q.createIndex('referral', new TableIndex({ name: 'ix_referral_referred_phone', columnNames: ['referred_phone'] }));
    const now = sqlTime(new Date());
    for (const [occasion, name, action, text, lead, audience] of DEFAULT_RULES) {
      await q.query('INSERT INTO care_rule (occasion, name, action, sms_text, lead_days, audience, segment_id, enabled, updated_by_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, NULL, ?)',
        [occasion, name, action, text, lead, audience, 1, now]);
    }
    await backfillDonationPoints(q, (q.connection.options.type === 'better-sqlite3' || q.connection.options.type === 'sqlite' ? 'sqlite' : 'mysql'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('referral', 'ix_referral_referred_phone');
    await q.dropTable('reward_item', true);
    await q.dropTable('points_entry', true);
    await q.dropTable('care_action', true);
    await q.dropTable('care_rule', true);
  }
}
