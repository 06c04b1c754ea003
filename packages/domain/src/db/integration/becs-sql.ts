import type { DataSource } from 'typeorm';
import { kindOf, type DbKind } from '../data-source.js';
import { exclusive } from '../sql.js';

/**
 * The import's own SQL port: raw statements on ONE connection, no ORM — better-sqlite3 directly (statements
 * prepared once and cached) on SQLite, a dedicated pool connection on MySQL/MariaDB. A batch runs in one
 * transaction: `tx(fn)` commits or rolls back; on SQLite it holds the DataSource's write mutex (sql.ts) so no other
 * service's transaction can interleave with it on the shared connection.
 */
interface SqliteStmt {
  all(...p: unknown[]): unknown[];
  run(...p: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  reader: boolean;
}
interface SqliteDb {
  prepare(sql: string): SqliteStmt;
  exec(sql: string): unknown;
  inTransaction: boolean;
}
interface MysqlConn {
  query(sql: string, p: unknown[], cb: (e: Error | null, r: unknown) => void): void;
  release(): void;
}
interface MysqlPool {
  getConnection(cb: (e: Error | null, c: MysqlConn) => void): void;
}

export type Row = Record<string, unknown>;

/** WAL pages between automatic checkpoints while an import holds the connection (SQLite's default: 1,000). */
export const IMPORT_WAL_CHECKPOINT = 10_000;

export class BecsSql {
  readonly kind: DbKind;
  private sqlite: SqliteDb | null = null;
  /** The connection's wal_autocheckpoint before the import raised it (restored by release()). */
  private walCheckpoint = 0;
  private readonly stmts = new Map<string, SqliteStmt>();
  private conn: MysqlConn | null = null;
  /** MySQL: a multi-row INSERT gets consecutive ids (innodb_autoinc_lock_mode 0 or 1, auto_increment_increment 1). */
  private consecutiveIds = false;

  constructor(private readonly ds: DataSource) {
    this.kind = kindOf(ds);
  }

  private db(): SqliteDb {
    if (!this.sqlite) {
      this.sqlite = (this.ds.driver as unknown as { databaseConnection: SqliteDb }).databaseConnection;
      // a million-donor import updates indexes with random keys (ID hashes, phone numbers): 64 MB of page cache
      // instead of SQLite's 2 MB keeps them in memory (the connection keeps it; it is the bridge's only one)
      const cur = Number((this.sqlite.prepare('PRAGMA cache_size').all()[0] as { cache_size?: number } | undefined)?.cache_size ?? 0);
      if (cur > -65_536 && cur < 16_384) this.sqlite.exec('PRAGMA cache_size = -65536');
      // checkpoint every ~40 MB of WAL instead of every 4 MB while importing: a donor page rewritten by several
      // batches (its phones, donation facts, points) is copied into the database file fewer times
      this.walCheckpoint = Number((this.sqlite.prepare('PRAGMA wal_autocheckpoint').all()[0] as { wal_autocheckpoint?: number } | undefined)?.wal_autocheckpoint ?? 1000);
      if (this.walCheckpoint > 0 && this.walCheckpoint < IMPORT_WAL_CHECKPOINT) this.sqlite.exec(`PRAGMA wal_autocheckpoint = ${IMPORT_WAL_CHECKPOINT}`);
    }
    return this.sqlite;
  }

  private stmt(sql: string): SqliteStmt {
    let s = this.stmts.get(sql);
    if (!s) {
      if (this.stmts.size > 256) this.stmts.clear();
      this.stmts.set(sql, (s = this.db().prepare(sql)));
    }
    return s;
  }

  private async connection(): Promise<MysqlConn> {
    if (!this.conn) {
      const pool = (this.ds.driver as unknown as { pool: MysqlPool }).pool;
      const conn = await new Promise<MysqlConn>((res, rej) => pool.getConnection((e, c) => (e ? rej(e) : res(c))));
      const q = (sql: string): Promise<unknown> => new Promise((res, rej) => conn.query(sql, [], (e, r) => (e ? rej(e) : res(r))));
      try {
        // IN (…) lists of up to KEYS_PER_QUERY keys: plan them by index dives, never by (stale) statistics
        await q('SET SESSION eq_range_index_dive_limit = 0');
        const [v] = (await q('SELECT @@innodb_autoinc_lock_mode AS mode, @@auto_increment_increment AS inc')) as { mode: unknown; inc: unknown }[];
        this.consecutiveIds = Number(v?.mode) <= 1 && Number(v?.inc) === 1;
      } catch {
        this.consecutiveIds = false; // not InnoDB-like: read the ids back
      }
      this.conn = conn;
    }
    return this.conn;
  }

  private async mysql(sql: string, params: unknown[]): Promise<unknown> {
    const c = await this.connection();
    return new Promise((res, rej) => c.query(sql, params, (e, r) => (e ? rej(e) : res(r))));
  }

  async all<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (this.kind === 'sqlite') return this.stmt(sql).all(...params) as T[];
    return (await this.mysql(sql, params)) as T[];
  }

  /** A write; returns the number of affected rows. */
  async run(sql: string, params: unknown[] = []): Promise<number> {
    if (this.kind === 'sqlite') return this.stmt(sql).run(...params).changes;
    const r = (await this.mysql(sql, params)) as { affectedRows?: number };
    return r.affectedRows ?? 0;
  }

  /**
   * A multi-row INSERT of `n` rows into a table with an auto-increment id → the new ids in VALUES order, or null when
   * the driver cannot say (MySQL with innodb_autoinc_lock_mode 2: the caller reads them back by their BECS ids).
   * SQLite assigns rowids one after the other within one statement while the transaction holds the write lock.
   */
  async insertMany(sql: string, params: unknown[], n: number): Promise<number[] | null> {
    if (this.kind === 'sqlite') {
      const last = Number(this.stmt(sql).run(...params).lastInsertRowid);
      return Array.from({ length: n }, (_, i) => last - n + 1 + i);
    }
    const r = (await this.mysql(sql, params)) as { insertId?: number; affectedRows?: number };
    // a "simple insert" under lock mode 0/1 reserves its n ids in one go: insertId is the first of them
    if (this.consecutiveIds && r.affectedRows === n && Number(r.insertId) > 0) return Array.from({ length: n }, (_, i) => Number(r.insertId) + i);
    return null;
  }

  /** fn in one transaction (everything or nothing). */
  async tx<T>(fn: () => Promise<T>): Promise<T> {
    const body = async (): Promise<T> => {
      await this.begin();
      try {
        const out = await fn();
        await this.commit();
        return out;
      } catch (e) {
        await this.rollback();
        throw e;
      }
    };
    return this.kind === 'sqlite' ? exclusive(this.ds, body) : body();
  }

  private async begin(): Promise<void> {
    if (this.kind === 'sqlite') this.db().exec('BEGIN');
    else await this.mysql('START TRANSACTION', []);
  }

  private async commit(): Promise<void> {
    if (this.kind === 'sqlite') this.db().exec('COMMIT');
    else await this.mysql('COMMIT', []);
  }

  private async rollback(): Promise<void> {
    try {
      if (this.kind === 'sqlite') {
        if (this.db().inTransaction) this.db().exec('ROLLBACK');
      } else await this.mysql('ROLLBACK', []);
    } catch {
      /* the connection is gone: nothing was committed */
    }
  }

  release(): void {
    this.conn?.release();
    this.conn = null;
    if (this.sqlite && this.walCheckpoint > 0 && this.walCheckpoint < IMPORT_WAL_CHECKPOINT) this.sqlite.exec(`PRAGMA wal_autocheckpoint = ${this.walCheckpoint}`);
    this.walCheckpoint = 0;
  }
}

export function isDuplicateKey(e: unknown): boolean {
  const x = e as { code?: string; errno?: number };
  return x?.code === 'ER_DUP_ENTRY' || x?.code === 'SQLITE_CONSTRAINT_UNIQUE' || x?.errno === 1062;
}

export const qs = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
export const tuples = (rows: number, cols: number): string => {
  const one = `(${qs(cols)})`;
  return Array.from({ length: rows }, () => one).join(', ');
};
