import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Recruitment CRM (issue 13), first part:
 *  - contact_attempt.purpose: every outbound attempt is recorded (recruitment, care, survey, service); only
 *    'recruitment' rows count towards the 5-failures suppression. Existing rows were recruitment attempts.
 *  - crm_segment: saved, named segments (a rule tree as JSON, compiled to SQL when counted).
 *  - ix_donor_blood (blood_abo, blood_rh, gender): the segment counts filter the donor table on these most often.
 */
export class CrmSegments1766100000000 implements MigrationInterface {
  name = 'CrmSegments1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('contact_attempt', new TableColumn({ name: 'purpose', type: 'varchar', length: '12', isNullable: false, default: "'recruitment'" }));
    await q.createTable(new Table({
      name: 'crm_segment',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'name', type: 'varchar', length: '80', isNullable: false },
        { name: 'rule', type: 'text', isNullable: false },
        { name: 'created_by_id', type: 'integer', isNullable: true },
        { name: 'created_at', type: 'datetime', precision: 3, isNullable: false },
        { name: 'updated_at', type: 'datetime', precision: 3, isNullable: false },
      ],
      indices: [new TableIndex({ name: 'ux_crm_segment_name', columnNames: ['name'], isUnique: true })],
      foreignKeys: [
        new TableForeignKey({ name: 'fk_crm_segment_created_by_id', columnNames: ['created_by_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'SET NULL', onUpdate: 'NO ACTION' }),
      ],
    }));
    await q.createIndex('donor', new TableIndex({ name: 'ix_donor_blood', columnNames: ['blood_abo', 'blood_rh', 'gender'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('donor', 'ix_donor_blood');
    await q.dropTable('crm_segment', true, true, true);
    await q.dropColumn('contact_attempt', 'purpose');
  }
}
