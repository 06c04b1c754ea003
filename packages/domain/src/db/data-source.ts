import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';

/**
 * Where the data lives. No configuration → the embedded SQLite file `data/donorline.sqlite`;
 * `mysql://user:pass@host:port/db` → MySQL/MariaDB through mysql2. Apps build this in their config.ts.
 */
export type DbConfig =
  | { kind: 'sqlite'; file: string }
  /** flavor 'mariadb' (from a mariadb:// URL) only changes how TypeORM reads schema metadata; both speak mysql2. */
  | { kind: 'mysql'; url: string; poolSize?: number; flavor?: 'mysql' | 'mariadb' };
export type DbKind = DbConfig['kind'];

export const DEFAULT_SQLITE_FILE = 'donorline.sqlite';

/**
 * DB_URL → DbConfig. Accepts nothing/'' (SQLite in `dataDir`), `sqlite:<path>` / `file:<path>` (SQLite file),
 * `mysql://…` / `mariadb://…` (MySQL). Throws on anything else so a typo never silently falls back to SQLite.
 */
export function dbConfigFromUrl(url?: string | null, dataDir = 'data', poolSize?: number): DbConfig {
  const u = url?.trim();
  if (!u) return { kind: 'sqlite', file: resolve(join(dataDir, DEFAULT_SQLITE_FILE)) };
  const sqlite = /^(?:sqlite|file):(?:\/\/)?(.+)$/i.exec(u);
  if (sqlite) return { kind: 'sqlite', file: sqlite[1] === ':memory:' ? ':memory:' : resolve(sqlite[1]!) };
  if (/^(mysql|mariadb):\/\//i.test(u)) {
    const mariadb = /^mariadb:/i.test(u);
    const parsed = new URL(u.replace(/^mariadb:/i, 'mysql:'));
    if (!parsed.pathname || parsed.pathname === '/') throw new Error('DB_URL must name a database: mysql://user:pass@host:port/<db>');
    return { kind: 'mysql', url: parsed.toString(), ...(poolSize ? { poolSize } : {}), ...(mariadb ? { flavor: 'mariadb' as const } : {}) };
  }
  throw new Error(`unsupported DB_URL scheme: ${u.replace(/\/\/[^@]*@/, '//***@')} (use mysql://… or leave unset for SQLite)`);
}

/** A URL for logs: password hidden. */
export function describeDbConfig(cfg: DbConfig): string {
  return cfg.kind === 'sqlite' ? `sqlite:${cfg.file}` : cfg.url.replace(/\/\/([^:@/]*):([^@]*)@/, '//$1:***@');
}

export interface DataSourceExtras {
  logging?: boolean;
  /** Tests only: build the schema from the entities instead of the migrations. */
  synchronize?: boolean;
}

/** Builds (does not initialize) a DataSource with every entity and migration. */
export function createDataSource(cfg: DbConfig, extras: DataSourceExtras = {}): DataSource {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: extras.synchronize ?? false,
    migrationsRun: false,
    logging: extras.logging ?? false,
  } as const;
  let options: DataSourceOptions;
  if (cfg.kind === 'sqlite') {
    if (cfg.file !== ':memory:') mkdirSync(dirname(cfg.file), { recursive: true });
    options = {
      ...common,
      type: 'better-sqlite3',
      database: cfg.file,
      enableWAL: cfg.file !== ':memory:',
      timeout: 10_000, // busy timeout (ms) when another process holds the write lock
      prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
        db.pragma('synchronous = NORMAL');
      },
    };
  } else {
    options = {
      ...common,
      type: cfg.flavor === 'mariadb' ? 'mariadb' : 'mysql',
      url: cfg.url,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      dateStrings: ['DATE'],
      poolSize: cfg.poolSize ?? 10,
    };
  }
  return new DataSource(options);
}

/** Initializes the DataSource and runs pending migrations: what an app does at start. */
export async function openDatabase(cfg: DbConfig, extras: DataSourceExtras = {}): Promise<DataSource> {
  const ds = createDataSource(cfg, extras);
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } catch (e) {
    await ds.destroy();
    throw e;
  }
  return ds;
}

export function kindOf(ds: DataSource): DbKind {
  return ds.options.type === 'better-sqlite3' || ds.options.type === 'sqlite' ? 'sqlite' : 'mysql';
}
