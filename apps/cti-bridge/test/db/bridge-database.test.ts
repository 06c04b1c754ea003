import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_DONORS, DEMO_PASSWORD, DEMO_PII_KEYS, openDatabase, seedDemoData } from '@donorline/domain/node';
import { MYSQL_TEST, openTestDatabase } from '@donorline/domain/testing';
import { loadConfig } from '../../src/config.js';
import { derivePiiKeys, openBridgeDatabase, type DbLog } from '../../src/db/index.js';

const KEY_A = 'a1'.repeat(32);
const KEY_B = 'b2'.repeat(32);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'dl-bridge-db-'));
  dirs.push(d);
  return d;
}

function recorder(): DbLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`) };
}

describe('PII keys', () => {
  it('derives separate HMAC and AES keys from PII_KEY, deterministically', () => {
    const a = derivePiiKeys(Buffer.from(KEY_A, 'hex'));
    const again = derivePiiKeys(Buffer.from(KEY_A, 'hex'));
    const b = derivePiiKeys(Buffer.from(KEY_B, 'hex'));
    expect(Buffer.from(a.hmacKey as Buffer).equals(again.hmacKey as Buffer)).toBe(true);
    expect(Buffer.from(a.hmacKey as Buffer).equals(a.encryptionKey as Buffer)).toBe(false);
    expect(Buffer.from(a.hmacKey as Buffer).equals(Buffer.from(KEY_A, 'hex'))).toBe(false);
    expect(Buffer.from(a.encryptionKey as Buffer).equals(b.encryptionKey as Buffer)).toBe(false);
    expect((a.encryptionKey as Buffer).length).toBe(32);
  });
});

describe('openBridgeDatabase — embedded SQLite', () => {
  it('seeds the demo data and demo users on the first start only, and says so', async () => {
    const dir = tmp();
    const config = loadConfig({ DATA_DIR: path.join(dir, 'data'), PII_KEY: KEY_A, DESK_DIR: '' }, dir);
    expect(config.seedDemo).toBe(true);
    const log1 = recorder();
    const first = await openBridgeDatabase(config, { log: log1, seedDonors: 60 });
    try {
      expect(first.kind).toBe('sqlite');
      expect(first.piiKeys).toBe('derived');
      expect(first.seed?.skipped).toBe(false);
      expect(log1.lines.filter((l) => l.includes('demo data seeded'))).toHaveLength(1);
      expect(log1.lines.join('\n')).toContain('password demo123');
      expect(await first.services.users.verifyPassword('agent1', DEMO_PASSWORD)).toMatchObject({ username: 'agent1', role: 'agent', extension: '8001' });
      const [wangId] = await first.services.lookup.findDonorIdsByPhone(DEMO_DONORS[0]!.e164);
      const id = await first.services.donors.unmask(wangId!, 'nationalId', null, '测试解密');
      expect(id.value).toMatch(/^\d{17}[\dX]$/);
      expect((await first.services.ruleSets.active()).id).toBe('GB18467');
    } finally {
      await first.close();
    }
    const donors = async (): Promise<number> => {
      const ds = await openDatabase({ kind: 'sqlite', file: (config.db as { file: string }).file });
      try {
        return Number(((await ds.query('SELECT COUNT(*) AS n FROM donor')) as { n: number }[])[0]!.n);
      } finally {
        await ds.destroy();
      }
    };
    const before = await donors();
    const log2 = recorder();
    const second = await openBridgeDatabase(config, { log: log2, seedDonors: 60 });
    await second.close();
    expect(second.seed?.skipped).toBe(true);
    expect(log2.lines.filter((l) => l.startsWith('info demo data: not seeded'))).toHaveLength(1);
    expect(await donors()).toBe(before);

    // another PII_KEY cannot read these national IDs: refuse to start instead of mixing keys
    const other = loadConfig({ DATA_DIR: path.join(dir, 'data'), PII_KEY: KEY_B, DESK_DIR: '' }, dir);
    await expect(openBridgeDatabase(other, { log: recorder() })).rejects.toThrow(/PII_KEY does not match/);
  }, 120_000);

  it('keeps working on a database filled by `npm run seed` (public demo keys), with a warning', async () => {
    const dir = tmp();
    const config = loadConfig({ DATA_DIR: path.join(dir, 'data'), PII_KEY: KEY_A, DESK_DIR: '' }, dir);
    const ds = await openDatabase({ kind: 'sqlite', file: (config.db as { file: string }).file });
    await seedDemoData(ds, { pii: DEMO_PII_KEYS, donors: 20, demoUsers: true });
    await ds.destroy();
    const log = recorder();
    const db = await openBridgeDatabase(config, { log });
    try {
      expect(db.piiKeys).toBe('demo');
      expect(log.lines.some((l) => l.startsWith('warn') && l.includes('demo keys'))).toBe(true);
      const [wangId] = await db.services.lookup.findDonorIdsByPhone(DEMO_DONORS[0]!.e164);
      expect((await db.services.donors.unmask(wangId!, 'nationalId', null, '测试解密')).value).toMatch(/^\d{17}[\dX]$/);
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe.skipIf(!MYSQL_TEST.ok)('openBridgeDatabase — production MariaDB', () => {
  it('no demo data or demo users; the first admin from ADMIN_USERNAME/ADMIN_PASSWORD, once', async () => {
    const test = await openTestDatabase('mysql');
    const dir = tmp();
    try {
      const env = {
        DB_URL: `${(MYSQL_TEST as { serverUrl: string }).serverUrl}/${test.name}`, PII_KEY: KEY_A, JWT_SECRET: 'x'.repeat(40), DESK_DIR: '',
        ADMIN_USERNAME: 'chief', ADMIN_PASSWORD: 'a-long-admin-password',
      };
      const config = loadConfig(env, dir);
      expect(config.seedDemo).toBe(false);
      const log = recorder();
      const db = await openBridgeDatabase(config, { log });
      try {
        expect(db.kind).toBe('mysql');
        expect(db.seed).toBeNull();
        expect(await db.services.users.findByUsername('agent1')).toBeNull();
        expect(Number(((await db.ds.query('SELECT COUNT(*) AS n FROM donor')) as { n: number }[])[0]!.n)).toBe(0);
        expect(await db.services.users.verifyPassword('chief', 'a-long-admin-password')).toMatchObject({ role: 'admin' });
        expect(log.lines.filter((l) => l.includes('first administrator'))).toHaveLength(1);
        expect((await db.services.ruleSets.active()).id).toBe('GB18467');
      } finally {
        await db.close();
      }
      const again = await openBridgeDatabase(config, { log });
      await again.close();
      expect(log.lines.filter((l) => l.includes('first administrator'))).toHaveLength(1);
    } finally {
      await test.close();
    }
  }, 120_000);
});
