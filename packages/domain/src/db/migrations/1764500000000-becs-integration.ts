import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

/**
 * Donor data from the blood-establishment system (BECS, issue 11): the BECS's own ids on donors, donations and
 * deferrals (unique, so a file imported twice or a retried API batch can never duplicate a row), a keyed fingerprint
 * of the last imported content (a re-import of unchanged rows writes nothing), where a phone came from, API keys
 * for machine clients, background import jobs with their row-level issues, saved column mappings per source, and
 * the report of donors found under two BECS ids. Driver-neutral (SQLite and MariaDB); a frozen snapshot.
 */
const id = (): TableColumnOptions => ({ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' });
const str = (name: string, length: number, isNullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable });
const text = (name: string, isNullable = true): TableColumnOptions => ({ name, type: 'text', isNullable });
const int = (name: string, isNullable = false, dflt?: number): TableColumnOptions =>
  dflt === undefined ? { name, type: 'integer', isNullable } : { name, type: 'integer', isNullable, default: dflt };
const bool = (name: string): TableColumnOptions => ({ name, type: 'boolean', isNullable: false });
const ts = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable });

const fk = (column: string, table: string, onDelete: 'CASCADE' | 'SET NULL', self: string): TableForeignKey =>
  new TableForeignKey({ name: `fk_${self}_${column}`, columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete, onUpdate: 'NO ACTION' });

export class BecsIntegration1764500000000 implements MigrationInterface {
  name = 'BecsIntegration1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('donor', [new TableColumn(str('becs_donor_no', 32, true)), new TableColumn(str('becs_hash', 32, true))]);
    await q.createIndex('donor', new TableIndex({ name: 'ux_donor_becs_donor_no', columnNames: ['becs_donor_no'], isUnique: true }));
    await q.addColumn('donor_phone', new TableColumn(str('source', 8, true)));
    await q.addColumns('donation', [new TableColumn(str('becs_donation_no', 40, true)), new TableColumn(str('becs_hash', 32, true))]);
    await q.createIndex('donation', new TableIndex({ name: 'ux_donation_becs_donation_no', columnNames: ['becs_donation_no'], isUnique: true }));
    await q.addColumns('deferral', [new TableColumn(str('becs_key', 64, true)), new TableColumn(str('becs_hash', 32, true))]);
    await q.createIndex('deferral', new TableIndex({ name: 'ux_deferral_becs_key', columnNames: ['becs_key'], isUnique: true }));

    await q.createTable(new Table({
      name: 'api_key',
      columns: [id(), str('name', 100), str('prefix', 16), str('key_hash', 64), text('scopes', false), int('created_by_id', true), ts('created_at'),
        ts('last_used_at', true), ts('revoked_at', true), int('revoked_by_id', true)],
      indices: [new TableIndex({ name: 'ux_api_key_prefix', columnNames: ['prefix'], isUnique: true })],
      foreignKeys: [fk('created_by_id', 'app_user', 'SET NULL', 'api_key'), fk('revoked_by_id', 'app_user', 'SET NULL', 'api_key')],
    }));
    await q.createTable(new Table({
      name: 'import_job',
      columns: [id(), str('source', 32), str('kind', 12), str('file_name', 255), str('stored_path', 500), str('format', 8), str('encoding', 16, true),
        str('status', 12), str('phase', 8), bool('skip_invalid'), int('total_rows', false, 0), int('processed_rows', false, 0),
        int('checkpoint_sheet', false, 0), int('checkpoint_row', false, 0), text('counts'), int('issue_count', false, 0), text('message'),
        int('created_by_id', true), ts('created_at'), ts('started_at', true), ts('finished_at', true), ts('updated_at')],
      indices: [new TableIndex({ name: 'ix_import_job_status', columnNames: ['status'] })],
      foreignKeys: [fk('created_by_id', 'app_user', 'SET NULL', 'import_job')],
    }));
    await q.createTable(new Table({
      name: 'import_issue',
      columns: [id(), int('job_id'), str('phase', 8), str('sheet', 64, true), int('row_no'), str('column_name', 64, true), str('field', 32, true),
        str('code', 32), str('severity', 8), str('becs_id', 40, true), str('message', 500), str('value', 100, true)],
      indices: [new TableIndex({ name: 'ix_import_issue_job_row', columnNames: ['job_id', 'phase', 'row_no'] })],
      foreignKeys: [fk('job_id', 'import_job', 'CASCADE', 'import_issue')],
    }));
    await q.createTable(new Table({
      name: 'import_mapping',
      columns: [id(), str('source', 32), text('body', false), int('updated_by_id', true), ts('updated_at')],
      indices: [new TableIndex({ name: 'ux_import_mapping_source', columnNames: ['source'], isUnique: true })],
      foreignKeys: [fk('updated_by_id', 'app_user', 'SET NULL', 'import_mapping')],
    }));
    await q.createTable(new Table({
      name: 'becs_duplicate',
      columns: [id(), str('becs_donor_no', 32), int('existing_donor_id'), str('existing_becs_donor_no', 32, true), str('reason', 24),
        int('job_id', true), int('api_key_id', true), ts('first_seen_at'), ts('last_seen_at'), int('times', false, 1), ts('resolved_at', true)],
      indices: [new TableIndex({ name: 'ux_becs_duplicate_pair', columnNames: ['becs_donor_no', 'existing_donor_id'], isUnique: true })],
      foreignKeys: [fk('existing_donor_id', 'donor', 'CASCADE', 'becs_duplicate')],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['becs_duplicate', 'import_mapping', 'import_issue', 'import_job', 'api_key']) await q.dropTable(t, true, true, true);
    await q.dropIndex('deferral', 'ux_deferral_becs_key');
    await q.dropColumns('deferral', ['becs_key', 'becs_hash']);
    await q.dropIndex('donation', 'ux_donation_becs_donation_no');
    await q.dropColumns('donation', ['becs_donation_no', 'becs_hash']);
    await q.dropColumn('donor_phone', 'source');
    await q.dropIndex('donor', 'ux_donor_becs_donor_no');
    await q.dropColumns('donor', ['becs_donor_no', 'becs_hash']);
  }
}
