import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, type QueryRunner } from 'typeorm';
import { DomainError } from '../errors.js';
import { kindOf, type DbKind } from './data-source.js';

/**
 * Small portable SQL helpers used by the services. Raw SQL uses `?` placeholders (both drivers accept them).
 *
 * SQLite note: TypeORM's better-sqlite3 driver has ONE connection and ONE query runner; two overlapping
 * `ds.transaction()` calls would silently nest as savepoints. Every write therefore goes through `withTx` or
 * `exclusive`, which serialize on SQLite (a per-DataSource async mutex) and use real transactions on MySQL
 * (with a retry on deadlock / lock-wait timeout).
 */

/** Re-entrant per async context: code already holding the lock (a nested call inside a transaction) runs directly. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly held = new AsyncLocalStorage<boolean>();
  run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.held.getStore()) return fn();
    const guarded = (): Promise<T> => this.held.run(true, fn);
    const next = this.tail.then(guarded, guarded);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
const mutexes = new WeakMap<DataSource, Mutex>();
function mutexOf(ds: DataSource): Mutex {
  let m = mutexes.get(ds);
  if (!m) mutexes.set(ds, (m = new Mutex()));
  return m;
}

const RETRYABLE_MYSQL = new Set([1213, 1205]); // ER_LOCK_DEADLOCK, ER_LOCK_WAIT_TIMEOUT

function mysqlErrno(e: unknown): number | undefined {
  const err = e as { errno?: number; driverError?: { errno?: number } };
  return err?.driverError?.errno ?? err?.errno;
}

/** Runs fn in a transaction; everything or nothing. */
export async function withTx<T>(ds: DataSource, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  if (kindOf(ds) === 'sqlite') {
    const m = mutexOf(ds);
    return m.run(() => ds.transaction(fn));
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await ds.transaction(fn);
    } catch (e) {
      if (attempt < 4 && RETRYABLE_MYSQL.has(mysqlErrno(e) ?? 0)) {
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
        continue;
      }
      throw e;
    }
  }
}

/** A single write outside a transaction: serialized on SQLite so it can never land inside another's transaction. */
export function exclusive<T>(ds: DataSource, fn: () => Promise<T>): Promise<T> {
  return kindOf(ds) === 'sqlite' ? mutexOf(ds).run(fn) : fn();
}

export interface ExecResult {
  affected: number;
  insertId: number;
}

/** Executes a write statement and reports affected rows and the generated id, on both drivers. */
export async function exec(m: EntityManager | DataSource, sql: string, params: unknown[] = []): Promise<ExecResult> {
  const ds = m instanceof EntityManager ? m.connection : m;
  const own: QueryRunner | undefined = m instanceof EntityManager ? m.queryRunner : undefined;
  const qr = own ?? ds.createQueryRunner();
  try {
    const r = (await qr.query(sql, params, true)) as { affected?: number; raw: unknown };
    const insertId = kindOf(ds) === 'sqlite' ? Number(r.raw ?? 0) : Number((r.raw as { insertId?: number })?.insertId ?? 0);
    return { affected: r.affected ?? 0, insertId };
  } finally {
    if (!own) await qr.release();
  }
}

/** Rows of a SELECT. */
export async function rows<T = Record<string, unknown>>(m: EntityManager | DataSource, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await m.query(sql, params)) as T[];
}

export function kindOfManager(m: EntityManager | DataSource): DbKind {
  return kindOf(m instanceof DataSource ? m : m.connection);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** A UTC instant as the 'YYYY-MM-DD HH:MM:SS.SSS' literal both drivers store in datetime(3) columns. */
export function sqlTime(v: Date | string | number): string {
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) throw new DomainError('VALIDATION_FAILED', `not a timestamp: ${String(v)}`);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** A datetime column value as read by either driver (Date on MySQL, UTC string on SQLite) → Date. */
export function toDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v === 'string') return new Date(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v) ? v.replace(' ', 'T') + 'Z' : v);
  if (typeof v === 'number') return new Date(v);
  return null;
}

/** A datetime column value → ISO-8601 with Z, or null. */
export function iso(v: unknown): string | null {
  return toDate(v)?.toISOString() ?? null;
}

/** Booleans for raw SQL parameters (better-sqlite3 cannot bind JS booleans). */
export const b = (v: boolean | null | undefined): number => (v ? 1 : 0);

/** A boolean column value as read raw by either driver (0/1). */
export const asBool = (v: unknown): boolean => v === true || v === 1 || v === '1' || (typeof v === 'bigint' && v !== 0n);

/** A numeric aggregate (MySQL returns SUM/COUNT as string or bigint). */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** `?, ?, ?` for an IN list. */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/**
 * The WHERE clause of a filtered list, built condition by condition: `w.add('t.kind = ?', f.kind)` for each filter
 * given, then `${w.sql}` (empty when nothing was added) with `w.params`.
 */
export class Where {
  private readonly conditions: string[] = [];
  readonly params: unknown[] = [];

  /** Adds a condition (ANDed with the others) and the values of its placeholders. */
  add(condition: string, ...params: unknown[]): this {
    this.conditions.push(condition);
    this.params.push(...params);
    return this;
  }

  get empty(): boolean {
    return this.conditions.length === 0;
  }

  get sql(): string {
    return this.empty ? '' : `WHERE ${this.conditions.join(' AND ')}`;
  }
}

/** Parses a simple-json text column read raw. */
export function parseJson<T>(v: unknown, fallback: T): T {
  if (v === null || v === undefined || v === '') return fallback;
  if (typeof v !== 'string') return v as T;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
}

/** LIKE pattern with the user's text escaped; use it as `col LIKE ? ESCAPE '!'` (portable escape character). */
export function likeContains(s: string): string {
  return `%${s.replace(/[!%_]/g, (c) => '!' + c)}%`;
}
export function likePrefix(s: string): string {
  return `${s.replace(/[!%_]/g, (c) => '!' + c)}%`;
}
