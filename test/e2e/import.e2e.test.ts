/// <reference lib="dom" />
/**
 * An administrator imports a BECS export in the desk, in Debian's Chromium against the platform started with
 * `npm start`: an XLSX workbook (献血者 + 献血记录 sheets, Chinese headers, one bad row) is uploaded, the dry run shows
 * its counts and the row error before anything is written, the apply writes the good rows — checked in the
 * database — and the API-key page creates a key shown once. zh-CN screenshots go to artifacts/screenshots/.
 */
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSource, DEMO_PASSWORD } from '@donorline/domain/node';
import { becsDonationRows, becsDonorRows, DONATION_HEADERS, DONOR_HEADERS, writeBecsXlsx } from '@donorline/domain/testing';
import { launchChromium, screenshot, type Browser } from './support/browser.js';
import { buildDesk, startPlatform, until, type Platform } from './support/platform.js';

let platform: Platform;
let browser: Browser;
let db: ReturnType<typeof createDataSource>;
const dir = mkdtempSync(path.join(tmpdir(), 'dl-e2e-import-'));

beforeAll(async () => {
  await buildDesk();
  platform = await startPlatform();
  db = createDataSource({ kind: 'sqlite', file: platform.sqliteFile });
  await db.initialize();
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await db?.destroy().catch(() => {});
  await platform?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

const count = async (sql: string): Promise<number> => Number(((await db.query(sql)) as { n: number }[])[0]!.n);

describe('admin imports BECS data in Chromium', () => {
  it('uploads an XLSX workbook, reads the dry run (counts and the bad row), applies it; the rows are in the database', async () => {
    const file = path.join(dir, '血站导出.xlsx');
    const donations = [...becsDonationRows({ donors: 30, perDonor: 2, prefix: 'E2E' })];
    donations.push(['E2E-BAD', 'E2E000000001', '2099-01-01', '全血', '400ml', '']);
    await writeBecsXlsx(file, [
      { name: '献血者', headers: DONOR_HEADERS, rows: becsDonorRows({ count: 30, prefix: 'E2E' }) },
      { name: '献血记录', headers: DONATION_HEADERS, rows: donations },
    ]);

    const page = await browser.newPage();
    page.on('pageerror', (e) => console.log('[desk pageerror]', e.message));
    await page.goto(`${platform.url}/login`);
    await page.fill('[data-test=login-username]', 'admin');
    await page.fill('[data-test=login-password]', DEMO_PASSWORD);
    await page.fill('[data-test=login-extension]', '');
    await page.click('[data-test=login-submit]');
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
    await page.click('[data-test=nav-admin-menu]'); // 系统管理
    await page.click('text=数据导入');
    await page.waitForSelector('[data-test=import-view]');
    await page.setInputFiles('[data-test=import-file]', file);
    await page.click('[data-test=import-upload]');
    await until(async () => (await page.textContent('[data-test=import-status]'))?.includes('试导入完成'), 30_000, 'dry run done');
    expect(await page.textContent('[data-test=count-created]')).toBe('90');
    expect(await page.textContent('[data-test=count-rejected]')).toBe('1');
    await page.waitForSelector('[data-test=import-issues] >> text=日期在未来');
    expect(await count("SELECT COUNT(*) AS n FROM donor WHERE becs_donor_no LIKE 'E2E%'")).toBe(0); // nothing written yet
    await screenshot(page, 'import-zh-CN-01-dry-run');

    await page.click('[data-test=import-apply]');
    await page.click('.el-message-box__btns .el-button--primary');
    await until(async () => (await page.textContent('[data-test=import-status]'))?.includes('已完成'), 60_000, 'apply done');
    await screenshot(page, 'import-zh-CN-02-applied');
    expect(await count("SELECT COUNT(*) AS n FROM donor WHERE becs_donor_no LIKE 'E2E%'")).toBe(30);
    expect(await count("SELECT COUNT(*) AS n FROM donation WHERE becs_donation_no LIKE 'E2E%'")).toBe(60);
    expect(await count("SELECT COUNT(*) AS n FROM donor_phone p JOIN donor d ON d.id = p.donor_id WHERE d.becs_donor_no LIKE 'E2E%'")).toBe(45);

    // API keys: created in the desk, shown once
    await page.click('[data-test=nav-admin-menu]');
    await page.click('text=API 密钥');
    await page.waitForSelector('[data-test=api-keys-view]');
    await page.fill('[data-test=key-name]', 'SHINOW 夜间同步');
    await page.click('[data-test=key-create]');
    const secret = (await page.waitForSelector('[data-test=key-secret]')).textContent();
    expect(await secret).toMatch(/^dlk_[0-9a-f]{12}\./);
    await screenshot(page, 'import-zh-CN-03-api-key');
    await page.click('[data-test=key-dialog-close]');
    expect(await page.textContent('[data-test=key-table]')).toContain('SHINOW 夜间同步');
  });
});
