import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { IN_CI, MYSQL_TEST } from './mysql-server.js';
import { openTestDatabase, type TestDatabase, type TestDbKind } from './test-db.js';

export interface DbTestContext {
  readonly kind: TestDbKind;
  /** The suite's migrated DataSource (available inside tests and hooks, not at collection time). */
  readonly ds: DataSource;
  readonly db: TestDatabase;
}

let warned = false;

/**
 * Runs the same suite on SQLite and on MariaDB, each on its own throwaway database shared by the suite's tests.
 * MariaDB unreachable: the MariaDB suite is skipped with the reason in its name — unless CI is set, where it fails.
 */
export function describeEachDb(name: string, body: (ctx: DbTestContext) => void, kinds: readonly TestDbKind[] = ['sqlite', 'mysql']): void {
  for (const kind of kinds) {
    const label = `${name} [${kind === 'sqlite' ? 'SQLite' : 'MariaDB'}]`;
    if (kind === 'mysql' && !MYSQL_TEST.ok) {
      const reason = MYSQL_TEST.reason;
      if (IN_CI) {
        describe(label, () => {
          it('needs MariaDB (CI is set, so this fails instead of skipping)', () => {
            throw new Error(reason);
          });
        });
      } else {
        if (!warned) console.warn(`[donorline] MariaDB suites skipped: ${reason}`);
        warned = true;
        describe.skip(`${label} — skipped: ${reason}`, () => {
          it('not run', () => undefined);
        });
      }
      continue;
    }
    describe(label, () => {
      let db: TestDatabase | undefined;
      const ctx: DbTestContext = {
        kind,
        get db() {
          if (!db) throw new Error('test database not open yet (use ctx.ds inside tests or hooks)');
          return db;
        },
        get ds() {
          return ctx.db.ds;
        },
      };
      beforeAll(async () => {
        db = await openTestDatabase(kind);
      }, 120_000);
      afterAll(async () => {
        await db?.close();
      }, 60_000);
      body(ctx);
    });
  }
}
