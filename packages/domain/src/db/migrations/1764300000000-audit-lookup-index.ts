import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Full-number and full-ID lookups are limited per user by counting that user's `donor.lookup.exact` audit rows of
 * the last hour (db/services/donor-search.ts): this index answers the count from the user's recent rows of that
 * action, however long the audit trail grows.
 */
export class AuditLookupIndex1764300000000 implements MigrationInterface {
  name = 'AuditLookupIndex1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('audit_log', new TableIndex({ name: 'ix_audit_log_actor_action_at', columnNames: ['actor_id', 'action', 'at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('audit_log', 'ix_audit_log_actor_action_at');
  }
}
