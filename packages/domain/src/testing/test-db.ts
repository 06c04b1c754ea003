import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../db/data-source.js';
import { MYSQL_TEST } from './mysql-server.js';

export type TestDbKind = 'sqlite' | 'mysql';

export interface TestDatabase {
  kind: TestDbKind;
  ds: DataSource;
  /** SQLite file path or MySQL database name. */
  name: string;
  /** Destroys the DataSource and deletes the throwaway database. */
  close(): Promise<void>;
}

const STALE_AFTER_S = 3600;
let swept = false;

async function adminQuery(serverUrl: string, sql: string): Promise<unknown> {
  const c = await createConnection({ uri: serverUrl, connectTimeout: 3000, multipleStatements: false });
  try {
    const [res] = await c.query(sql);
    return res;
  } finally {
    await c.end();
  }
}

/** Drops dl_t_* databases left behind by crashed runs more than an hour ago (the name carries its creation time). */
async function sweepStale(serverUrl: string): Promise<void> {
  if (swept) return;
  swept = true;
  const dbs = (await adminQuery(serverUrl, "SHOW DATABASES LIKE 'dl\\_t\\_%'")) as Record<string, string>[];
  const now = Math.floor(Date.now() / 1000);
  for (const r of dbs) {
    const name = Object.values(r)[0]!;
    const created = Number(/^dl_t_(\d+)_/.exec(name)?.[1]);
    if (created && now - created > STALE_AFTER_S) await adminQuery(serverUrl, `DROP DATABASE IF EXISTS \`${name}\``).catch(() => undefined);
  }
}

/**
 * An initialized, migrated DataSource on a fresh throwaway database: a temp SQLite file, or a new
 * `dl_t_<time>_<random>` database on the MariaDB test server (MYSQL_TEST_URL or the local server). Dropped on close.
 */
export async function openTestDatabase(kind: TestDbKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dl-test-'));
    const file = join(dir, 'test.sqlite');
    const ds = await openDatabase({ kind: 'sqlite', file });
    return {
      kind, ds, name: file,
      close: async () => {
        if (ds.isInitialized) await ds.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!MYSQL_TEST.ok) throw new Error(`MariaDB tests cannot run: ${MYSQL_TEST.reason}`);
  const server = MYSQL_TEST.serverUrl;
  await sweepStale(server);
  const name = `dl_t_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  await adminQuery(server, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  let ds: DataSource;
  try {
    ds = await openDatabase({ kind: 'mysql', url: `${server}/${name}`, poolSize: 20, flavor: MYSQL_TEST.flavor });
  } catch (e) {
    await adminQuery(server, `DROP DATABASE IF EXISTS \`${name}\``);
    throw e;
  }
  return {
    kind, ds, name,
    close: async () => {
      if (ds.isInitialized) await ds.destroy();
      await adminQuery(server, `DROP DATABASE IF EXISTS \`${name}\``);
    },
  };
}
