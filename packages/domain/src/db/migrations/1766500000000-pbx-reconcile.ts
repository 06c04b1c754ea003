import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The PBX's own call log as the source of truth (issue 17): call_record.reconciled_at marks a record the bridge
 * created or completed from Asterisk's CDR file (a call that began or ended while no bridge listened);
 * pbx_log_cursor keeps how far that file was read (its inode, to follow a rotation, and the byte offset of the
 * first line not yet applied), so each start and resync reads on from there. Driver-neutral (SQLite and MariaDB).
 */
export class PbxReconcile1766500000000 implements MigrationInterface {
  name = 'PbxReconcile1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('call_record', new TableColumn({ name: 'reconciled_at', type: 'datetime', precision: 3, isNullable: true }));
    await q.createTable(new Table({
      name: 'pbx_log_cursor',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'source', type: 'varchar', length: '255', isNullable: false },
        { name: 'inode', type: 'varchar', length: '32', isNullable: false },
        { name: 'position', type: 'bigint', isNullable: false, default: 0 },
        { name: 'updated_at', type: 'datetime', precision: 3, isNullable: false },
      ],
      indices: [new TableIndex({ name: 'ux_pbx_log_cursor_source', columnNames: ['source'], isUnique: true })],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('pbx_log_cursor', true);
    await q.dropColumn('call_record', 'reconciled_at');
  }
}
