import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The fingerprint of the raw file row that last wrote a BECS donor or donation (becs_row_hash): a re-imported file
 * row whose cells, column mapping and product table are the same as last time is recognised before it is parsed,
 * normalised or hashed with the PII key — nothing to check, nothing to write. Any other import write (an API
 * batch, a row with issues) clears it, so the row goes through the full checks next time.
 */
export class BecsRowHash1765400000000 implements MigrationInterface {
  name = 'BecsRowHash1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('donor', new TableColumn({ name: 'becs_row_hash', type: 'varchar', length: '32', isNullable: true }));
    await q.addColumn('donation', new TableColumn({ name: 'becs_row_hash', type: 'varchar', length: '32', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('donation', 'becs_row_hash');
    await q.dropColumn('donor', 'becs_row_hash');
  }
}
