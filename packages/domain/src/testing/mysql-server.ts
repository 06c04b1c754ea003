import { createConnection } from 'mysql2/promise';

/**
 * Which MariaDB/MySQL server the DB tests use. Test infrastructure only (never imported by apps), so it reads the
 * test environment itself: MYSQL_TEST_URL, else the local server at mysql://root@127.0.0.1:3306 when reachable.
 * Resolved once per test worker, at import time (top-level await), so suites can decide to run or skip synchronously.
 */
export type MysqlAvailability =
  | { ok: true; serverUrl: string; source: 'MYSQL_TEST_URL' | 'local'; flavor: 'mysql' | 'mariadb'; version: string }
  | { ok: false; reason: string };

const env = globalThis.process?.env ?? {};
export const IN_CI = !!env.CI && env.CI !== 'false' && env.CI !== '0';
const LOCAL = 'mysql://root@127.0.0.1:3306';

/** The server part of a URL (database path removed). */
export function serverOf(url: string): string {
  const u = new URL(url);
  u.pathname = '/';
  return u.toString().replace(/\/$/, '');
}

async function probe(url: string): Promise<{ error: string } | { version: string }> {
  try {
    const c = await createConnection({ uri: url, connectTimeout: 1500 });
    const [r] = await c.query('SELECT VERSION() AS v');
    await c.end();
    return { version: String((r as { v: string }[])[0]?.v ?? '') };
  } catch (e) {
    return { error: (e as Error).message || String(e) };
  }
}

const flavorOf = (version: string): 'mysql' | 'mariadb' => (/mariadb/i.test(version) ? 'mariadb' : 'mysql');

async function resolveServer(): Promise<MysqlAvailability> {
  const given = env.MYSQL_TEST_URL?.trim();
  if (given) {
    const server = serverOf(given);
    const p = await probe(server);
    if ('error' in p) return { ok: false, reason: `MYSQL_TEST_URL is set but unreachable: ${p.error}` };
    return { ok: true, serverUrl: server, source: 'MYSQL_TEST_URL', flavor: flavorOf(p.version), version: p.version };
  }
  const p = await probe(LOCAL);
  if ('error' in p) return { ok: false, reason: `MariaDB not reachable at 127.0.0.1:3306 and MYSQL_TEST_URL unset (${p.error})` };
  return { ok: true, serverUrl: LOCAL, source: 'local', flavor: flavorOf(p.version), version: p.version };
}

export const MYSQL_TEST: MysqlAvailability = await resolveServer();
