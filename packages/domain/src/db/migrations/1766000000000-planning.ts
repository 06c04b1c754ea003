import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * The platelet demand planner (issue 14): stock snapshots (the lots as JSON: a snapshot is read and written whole,
 * the latest wins), daily issues to hospitals per blood group (one row per day and group, so a re-posted BECS day
 * replaces itself), known future needs. Two indexes make the ranked list cheap on a million donors: platelet
 * donations per donor straight from an index (donors by blood group: the CRM migration's ix_donor_blood). Driver-neutral (SQLite and MariaDB).
 */
const id = (): TableColumnOptions => ({ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' });
const str = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable });
const int = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable });
const day = (name: string): TableColumnOptions => ({ name, type: 'date', isNullable: false });
const ts = (name: string): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable: false });

export class Planning1766000000000 implements MigrationInterface {
  name = 'Planning1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'planning_stock_snapshot',
      columns: [id(), ts('taken_at'), str('source', 8), { name: 'lots', type: 'text', isNullable: false }, int('created_by_id', true), int('api_key_id', true), str('note', 255, true), ts('created_at')],
      indices: [new TableIndex({ name: 'ix_planning_stock_snapshot_taken', columnNames: ['taken_at'] })],
    }));
    await q.createTable(new Table({
      name: 'planning_issue',
      columns: [id(), day('day'), str('blood_group', 3), int('units'), str('source', 8), ts('updated_at')],
      indices: [new TableIndex({ name: 'ux_planning_issue_day_group', columnNames: ['day', 'blood_group'], isUnique: true })],
    }));
    await q.createTable(new Table({
      name: 'planning_need',
      columns: [id(), day('day'), str('blood_group', 3), int('units'), str('note', 255, true), int('created_by_id', true), ts('created_at')],
      indices: [new TableIndex({ name: 'ix_planning_need_day', columnNames: ['day'] })],
    }));
    await q.createIndex('donation', new TableIndex({ name: 'ix_donation_type_donor', columnNames: ['type', 'donor_id', 'date'] }));
    // donors by blood group: ix_donor_blood (blood_abo, blood_rh, gender) comes with the CRM's segments migration
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('donation', 'ix_donation_type_donor');
    await q.dropTable('planning_need', true);
    await q.dropTable('planning_issue', true);
    await q.dropTable('planning_stock_snapshot', true);
  }
}
