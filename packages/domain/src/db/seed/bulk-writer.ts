import type { DataSource } from 'typeorm';
import { kindOf } from '../data-source.js';

/**
 * Bulk multi-row raw INSERTs for seeding (no ORM per row): batches of a few hundred rows through a statement
 * prepared once per table and batch size — better-sqlite3 directly on SQLite, `execute` on one dedicated MySQL
 * connection — inside explicit transactions committed every `commitEvery` rows.
 */
interface SqliteDb {
  prepare(sql: string): { run(...p: unknown[]): unknown };
  exec(sql: string): unknown;
}
interface MysqlConn {
  execute(sql: string, p: unknown[], cb: (e: Error | null) => void): void;
  query(sql: string, cb: (e: Error | null) => void): void;
  release(): void;
}
interface MysqlPool {
  getConnection(cb: (e: Error | null, c: MysqlConn) => void): void;
}

export class BulkWriter {
  private readonly kind: 'sqlite' | 'mysql';
  private readonly buffers = new Map<string, { cols: readonly string[]; rows: unknown[][] }>();
  private readonly stmts = new Map<string, { run(...p: unknown[]): unknown }>();
  private sqlite: SqliteDb | null = null;
  private conn: MysqlConn | null = null;
  private inTx = false;
  private sinceCommit = 0;
  readonly counts = new Map<string, number>();

  constructor(
    private readonly ds: DataSource,
    private readonly batchRows = 250,
    private readonly commitEvery = 50_000,
  ) {
    this.kind = kindOf(ds);
  }

  async open(): Promise<void> {
    if (this.kind === 'sqlite') {
      this.sqlite = (this.ds.driver as unknown as { databaseConnection: SqliteDb }).databaseConnection;
    } else {
      const pool = (this.ds.driver as unknown as { pool: MysqlPool }).pool;
      this.conn = await new Promise<MysqlConn>((res, rej) => pool.getConnection((e, c) => (e ? rej(e) : res(c))));
      await this.mysqlQuery('SET SESSION unique_checks = 1, foreign_key_checks = 1');
    }
    await this.begin();
  }

  private mysqlQuery(sql: string): Promise<void> {
    return new Promise((res, rej) => this.conn!.query(sql, (e) => (e ? rej(e) : res())));
  }

  private async begin(): Promise<void> {
    if (this.kind === 'sqlite') this.sqlite!.exec('BEGIN');
    else await this.mysqlQuery('START TRANSACTION');
    this.inTx = true;
  }

  private async commit(): Promise<void> {
    if (!this.inTx) return;
    if (this.kind === 'sqlite') this.sqlite!.exec('COMMIT');
    else await this.mysqlQuery('COMMIT');
    this.inTx = false;
    this.sinceCommit = 0;
  }

  /** Queues a row; flushes the table's buffer when a batch is full. Tables must be added parents first. */
  async add(table: string, cols: readonly string[], row: unknown[]): Promise<void> {
    let b = this.buffers.get(table);
    if (!b) this.buffers.set(table, (b = { cols, rows: [] }));
    b.rows.push(row);
    if (b.rows.length >= this.batchRows) {
      // parents first: every table registered before this one is flushed before it (foreign keys)
      for (const t of this.buffers.keys()) {
        await this.flushTable(t);
        if (t === table) break;
      }
    }
  }

  private async flushTable(table: string): Promise<void> {
    const b = this.buffers.get(table);
    if (!b || !b.rows.length) return;
    const n = b.rows.length;
    const params: unknown[] = [];
    for (const r of b.rows) for (const v of r) params.push(v);
    b.rows = [];
    const key = `${table}:${n}`;
    const one = `(${b.cols.map(() => '?').join(', ')})`;
    const sql = `INSERT INTO ${table} (${b.cols.join(', ')}) VALUES ${Array.from({ length: n }, () => one).join(', ')}`;
    if (this.kind === 'sqlite') {
      let st = this.stmts.get(key);
      if (!st) this.stmts.set(key, (st = this.sqlite!.prepare(sql)));
      st.run(...params);
    } else {
      await new Promise<void>((res, rej) => this.conn!.execute(sql, params, (e) => (e ? rej(e) : res())));
    }
    this.counts.set(table, (this.counts.get(table) ?? 0) + n);
    this.sinceCommit += n;
  }

  /** Flushes every table (in insertion order: parents first) and commits when enough rows were written. */
  async checkpoint(force = false): Promise<void> {
    for (const t of this.buffers.keys()) await this.flushTable(t);
    if (force || this.sinceCommit >= this.commitEvery) {
      await this.commit();
      await this.begin();
    }
  }

  async close(): Promise<void> {
    try {
      for (const t of this.buffers.keys()) await this.flushTable(t);
      await this.commit();
    } finally {
      if (this.conn) this.conn.release();
      this.conn = null;
    }
  }

  async abort(): Promise<void> {
    try {
      if (this.inTx) {
        if (this.kind === 'sqlite') this.sqlite!.exec('ROLLBACK');
        else await this.mysqlQuery('ROLLBACK');
      }
    } finally {
      this.inTx = false;
      if (this.conn) this.conn.release();
      this.conn = null;
    }
  }
}
