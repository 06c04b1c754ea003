import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Quality managers dial into the IVR with a PIN to replay call recordings (录音回放). The PIN is stored as an
 * argon2 hash, separate from the desk password; NULL = no IVR access.
 */
export class UserIvrPin1763900000000 implements MigrationInterface {
  name = 'UserIvrPin1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('app_user', new TableColumn({ name: 'ivr_pin_hash', type: 'varchar', length: '255', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('app_user', 'ivr_pin_hash');
  }
}
