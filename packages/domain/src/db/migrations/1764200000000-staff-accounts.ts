import { randomInt } from 'node:crypto';
import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Staff accounts that can be administered and trusted:
 *  - user names are stored in their canonical form (NFKC, lower case) and, on MariaDB/MySQL, compared byte for byte
 *    (utf8mb4_bin) — the accent- and case-insensitive utf8mb4_unicode_ci let `àgent1` sign in as agent1. Two
 *    accounts that only differed in case (possible on SQLite) cannot both keep their name: the older keeps it, the
 *    younger is renamed `<name>.dup<id>` and disabled, with an audit row;
 *  - 工号 (employee_no, unique, binary), the extensions a person may sit at (JSON list, the old `extension` first),
 *    the queues (skills) their seat joins (JSON list; NULL = the bridge's QUEUES), and the IVR PIN's failure counter
 *    and lock (the quality dial-in locks a staff member out across calls);
 *  - auth_session: one row per sign-in, so a token can be revoked (logout, disabling, password reset);
 *  - recording.ref_code: a random 10-digit reference for the quality dial-in instead of the sequential id.
 * A frozen snapshot: no imports from the live code.
 */
const BIN = 'CHARACTER SET utf8mb4 COLLATE utf8mb4_bin';

function canonical(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase();
}

function refCode(): string {
  return String(randomInt(1, 10)) + String(randomInt(0, 1_000_000_000)).padStart(9, '0');
}

export class StaffAccounts1764200000000 implements MigrationInterface {
  name = 'StaffAccounts1764200000000';

  async up(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
    const now = new Date().toISOString().replace('T', ' ').replace('Z', '');

    await q.addColumns('app_user', [
      new TableColumn({ name: 'employee_no', type: 'varchar', length: '32', isNullable: true }),
      new TableColumn({ name: 'extensions', type: 'text', isNullable: true }),
      new TableColumn({ name: 'queues', type: 'text', isNullable: true }),
      new TableColumn({ name: 'ivr_pin_failures', type: 'integer', isNullable: false, default: 0 }),
      new TableColumn({ name: 'ivr_pin_locked_at', type: 'datetime', precision: 3, isNullable: true }),
    ]);

    // canonical user names; look-alikes that collide are renamed and disabled, never merged
    const users = (await q.query('SELECT id, username, extension FROM app_user ORDER BY id')) as { id: number; username: string; extension: string | null }[];
    const taken = new Set<string>();
    const renames: { id: number; from: string; to: string; disable: boolean }[] = [];
    for (const u of users) {
      let name = canonical(String(u.username));
      let disable = false;
      if (taken.has(name)) {
        name = `${name.slice(0, 50)}.dup${u.id}`;
        disable = true;
      }
      taken.add(name);
      await q.query('UPDATE app_user SET extensions = ? WHERE id = ?', [u.extension ? JSON.stringify([String(u.extension)]) : '[]', u.id]);
      if (name !== u.username || disable) renames.push({ id: u.id, from: String(u.username), to: name, disable });
    }
    // two steps, so that renaming one row never collides with another row's old name
    for (const r of renames) await q.query('UPDATE app_user SET username = ? WHERE id = ?', [`~${r.id}`, r.id]);
    for (const r of renames) {
      await q.query(`UPDATE app_user SET username = ?${r.disable ? ', active = 0' : ''} WHERE id = ?`, [r.to, r.id]);
      await q.query('INSERT INTO audit_log (at, actor_id, action, subject_type, subject_id, detail, ip) VALUES (?, NULL, ?, ?, ?, ?, NULL)', [
        now, 'user.username-canonical', 'user', String(r.id), JSON.stringify({ old: { username: r.from }, new: { username: r.to, ...(r.disable ? { active: false } : {}) } }),
      ]);
    }
    if (mysql) {
      await q.query(`ALTER TABLE app_user MODIFY username varchar(64) ${BIN} NOT NULL`);
      await q.query(`ALTER TABLE app_user MODIFY employee_no varchar(32) ${BIN} NULL`);
    }
    await q.createIndex('app_user', new TableIndex({ name: 'ux_app_user_employee_no', columnNames: ['employee_no'], isUnique: true }));

    await q.createTable(new Table({
      name: 'auth_session',
      columns: [
        { name: 'id', type: 'varchar', length: '32', isPrimary: true },
        { name: 'user_id', type: 'integer', isNullable: false },
        { name: 'created_at', type: 'datetime', precision: 3, isNullable: false },
        { name: 'expires_at', type: 'datetime', precision: 3, isNullable: false },
        { name: 'revoked_at', type: 'datetime', precision: 3, isNullable: true },
        { name: 'revoked_reason', type: 'varchar', length: '32', isNullable: true },
        { name: 'ip', type: 'varchar', length: '64', isNullable: true },
        { name: 'user_agent', type: 'varchar', length: '255', isNullable: true },
      ],
      indices: [
        { name: 'ix_auth_session_user', columnNames: ['user_id'] },
        { name: 'ix_auth_session_expires', columnNames: ['expires_at'] },
      ],
      // with the table: on SQLite a later createForeignKey would rebuild it
      foreignKeys: [
        new TableForeignKey({ name: 'fk_auth_session_user_id', columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' }),
      ],
    }));

    await q.addColumn('recording', new TableColumn({ name: 'ref_code', type: 'varchar', length: '12', isNullable: true }));
    const recs = (await q.query('SELECT id FROM recording')) as { id: number }[];
    const codes = new Set<string>();
    for (const r of recs) {
      let c = refCode();
      while (codes.has(c)) c = refCode();
      codes.add(c);
      await q.query('UPDATE recording SET ref_code = ? WHERE id = ?', [c, r.id]);
    }
    await q.createIndex('recording', new TableIndex({ name: 'ux_recording_ref_code', columnNames: ['ref_code'], isUnique: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    const mysql = q.connection.options.type === 'mysql' || q.connection.options.type === 'mariadb';
    await q.dropIndex('recording', 'ux_recording_ref_code');
    await q.dropColumn('recording', 'ref_code');
    await q.dropTable('auth_session', true, true);
    await q.dropIndex('app_user', 'ux_app_user_employee_no');
    if (mysql) await q.query('ALTER TABLE app_user MODIFY username varchar(64) NOT NULL');
    for (const c of ['ivr_pin_locked_at', 'ivr_pin_failures', 'queues', 'extensions', 'employee_no']) await q.dropColumn('app_user', c);
  }
}
