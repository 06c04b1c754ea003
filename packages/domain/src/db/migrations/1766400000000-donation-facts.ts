import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { refreshDonationFactsRange } from '../integration/donation-facts.js';

/**
 * Donation facts on the donor row (issues 13 and 14): donation_count, first/last_donation_date, last_donation_type,
 * platelet_count, last_platelet_date over the donations that count (outcome ≠ rejected) — kept up to date by every
 * donation writer (db/integration/donation-facts.ts) — and the composite indexes the segment SQL and the planner's
 * pool query use. Existing donations are backfilled here, 20,000 donors a statement, on SQLite and MariaDB alike.
 */
export class DonationFacts1766400000000 implements MigrationInterface {
  name = 'DonationFacts1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('donor', [
      new TableColumn({ name: 'donation_count', type: 'integer', isNullable: false, default: 0 }),
      new TableColumn({ name: 'first_donation_date', type: 'date', isNullable: true }),
      new TableColumn({ name: 'last_donation_date', type: 'date', isNullable: true }),
      new TableColumn({ name: 'last_donation_type', type: 'varchar', length: '16', isNullable: true }),
      new TableColumn({ name: 'platelet_count', type: 'integer', isNullable: false, default: 0 }),
      new TableColumn({ name: 'last_platelet_date', type: 'date', isNullable: true }),
    ]);
    await backfillDonationFacts(q);
    await q.createIndex('donor', new TableIndex({ name: 'ix_donor_seg_group_lapse', columnNames: ['blood_abo', 'consent_recruitment', 'last_donation_date'] }));
    await q.createIndex('donor', new TableIndex({ name: 'ix_donor_seg_lapse', columnNames: ['consent_recruitment', 'last_donation_date', 'donation_count'] }));
    await q.createIndex('donor', new TableIndex({
      name: 'ix_donor_platelet_pool',
      columnNames: ['blood_abo', 'blood_rh', 'consent_recruitment', 'do_not_call', 'last_platelet_date', 'platelet_count', 'account_manager_id'],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const ix of ['ix_donor_platelet_pool', 'ix_donor_seg_lapse', 'ix_donor_seg_group_lapse']) await q.dropIndex('donor', ix);
    await q.dropColumns('donor', ['last_platelet_date', 'platelet_count', 'last_donation_type', 'last_donation_date', 'first_donation_date', 'donation_count']);
  }
}

/** Every donor's facts from its donations, by id ranges (exported for the migration test). */
export async function backfillDonationFacts(q: QueryRunner, step = 20_000): Promise<void> {
  const t = q.connection.options.type;
  const kind: 'sqlite' | 'mysql' = t === 'better-sqlite3' || t === 'sqlite' ? 'sqlite' : 'mysql';
  const [r] = (await q.query('SELECT MIN(donor_id) AS lo, MAX(donor_id) AS hi FROM donation')) as { lo: unknown; hi: unknown }[];
  if (r?.lo === null || r?.lo === undefined) return;
  const port = { kind, run: (sql: string, params: unknown[]) => q.query(sql, params) };
  for (let from = Number(r.lo); from <= Number(r.hi); from += step) await refreshDonationFactsRange(port, from, from + step - 1);
}
