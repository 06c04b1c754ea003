import type { DataSource } from 'typeorm';
import { kindOf } from '../data-source.js';

/**
 * The caller-identification hot path: E.164 → donor ids, straight off the (non-unique) index on donor_phone.e164.
 * No ORM hydration: on SQLite a better-sqlite3 statement prepared once; on MySQL/MariaDB the pool's prepared
 * `execute`. An optional small LRU+TTL cache sits in front; DonorService invalidates it when phones change.
 */
export interface LookupCacheOptions {
  max: number;
  ttlMs: number;
}

interface BetterSqliteStatement {
  all(...params: unknown[]): unknown[];
  pluck(on?: boolean): BetterSqliteStatement;
}
interface BetterSqliteDb {
  prepare(sql: string): BetterSqliteStatement;
  open: boolean;
}
interface MysqlPool {
  execute(sql: string, params: unknown[], cb: (err: Error | null, rows: unknown) => void): void;
}

const SQL = 'SELECT donor_id FROM donor_phone WHERE e164 = ? ORDER BY donor_id';

export class CallerLookup {
  private stmt: BetterSqliteStatement | null = null;
  private stmtDb: BetterSqliteDb | null = null;
  private readonly cache = new Map<string, { ids: number[]; at: number }>();
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly cacheOpts: LookupCacheOptions | false = { max: 10_000, ttlMs: 60_000 },
    private readonly now: () => number = Date.now,
  ) {}

  /** Donor ids whose phones include this E.164 number (several for a shared family number; [] for unknown). */
  async findDonorIdsByPhone(e164: string): Promise<number[]> {
    if (this.cacheOpts) {
      const hit = this.cache.get(e164);
      if (hit && this.now() - hit.at < this.cacheOpts.ttlMs) {
        this.hits++;
        // refresh recency (LRU)
        this.cache.delete(e164);
        this.cache.set(e164, hit);
        return [...hit.ids];
      }
      this.misses++;
    }
    const ids = kindOf(this.ds) === 'sqlite' ? this.querySqlite(e164) : await this.queryMysql(e164);
    if (this.cacheOpts) {
      this.cache.delete(e164);
      this.cache.set(e164, { ids, at: this.now() });
      while (this.cache.size > this.cacheOpts.max) this.cache.delete(this.cache.keys().next().value as string);
    }
    return [...ids];
  }

  /** Forget one number (after a phone was linked/unlinked) or everything. */
  invalidate(e164?: string): void {
    if (e164 === undefined) this.cache.clear();
    else this.cache.delete(e164);
  }

  stats(): { size: number; hits: number; misses: number } {
    return { size: this.cache.size, hits: this.hits, misses: this.misses };
  }

  private querySqlite(e164: string): number[] {
    const db = (this.ds.driver as unknown as { databaseConnection: BetterSqliteDb }).databaseConnection;
    if (!this.stmt || this.stmtDb !== db) {
      this.stmt = db.prepare(SQL).pluck(true);
      this.stmtDb = db;
    }
    return (this.stmt.all(e164) as (number | bigint)[]).map(Number);
  }

  private queryMysql(e164: string): Promise<number[]> {
    const pool = (this.ds.driver as unknown as { pool: MysqlPool }).pool;
    return new Promise((resolve, reject) => {
      pool.execute(SQL, [e164], (err, rows) => {
        if (err) reject(err);
        else resolve((rows as { donor_id: number }[]).map((r) => Number(r.donor_id)));
      });
    });
  }
}
