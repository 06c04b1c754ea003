/// <reference lib="dom" />
/**
 * An administrator sets up booking in the desk, in Debian's Chromium against the platform started with `npm start`:
 * opens 系统管理 → 献血点与时段, creates a 献血屋 collecting platelets, adds a weekly platelet template (slots appear
 * at once), presses 生成时段 (nothing more to do: idempotent), closes an empty day (its slot goes), and is refused
 * — with the booking named — when closing a day that has one; then the service calendar shows 2027's holidays.
 * Screenshots in zh-CN and English go to artifacts/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSource } from '@donorline/domain/node';
import { launchChromium, screenshot, type Browser } from './support/browser.js';
import { signIn } from './support/desk-page.js';
import { buildDesk, startPlatform, until, type Platform } from './support/platform.js';

let platform: Platform;
let browser: Browser;
let db: ReturnType<typeof createDataSource>;

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
}, 60_000);

/** An Element Plus input's <input>: the data-test lands on the input (el-input) or on its wrapper (others). */
const inp = (name: string): string => `input[data-test=${name}], [data-test=${name}] input`;
const localDay = (ms: number): string => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

describe('admin sets up a site, its template and slots in Chromium', () => {
  it('creates a site and a platelet template, generates slots and sees them; a day with a booking cannot be closed', async () => {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.log('[desk pageerror]', e.message));
    await page.setViewportSize({ width: 1366, height: 768 });
    await signIn(page, platform.url, 'admin', null);
    await page.click('[data-test=nav-admin-menu]');
    await page.click('text=献血点与时段');
    await page.waitForSelector('[data-test=sites-admin] [data-test=site-list] button');

    await page.click('[data-test=site-new]');
    await page.fill(inp('site-code'), 'E2E-LAOSHAN');
    await page.fill(inp('site-name'), '崂山献血屋');
    await page.fill(inp('site-phone'), '0532-88990011');
    await page.fill(inp('site-address'), '青岛市崂山区海尔路1号');
    await page.fill(inp('site-hours'), '每天 08:30-17:30');
    await page.click('[data-test=site-product-platelets]');
    await screenshot(page, 'sites-zh-CN-01-new-site');
    await page.click('[data-test=site-save]');
    await page.waitForSelector('[data-test=site-title] >> text=崂山献血屋');
    expect(await page.textContent('[data-test=slots-empty]')).toContain('尚无时段');

    // every <tomorrow's weekday>, platelets 09:00–10:00, 3 places
    const tomorrow = Date.now() + 86_400_000;
    const weekday = ((new Date(tomorrow + 8 * 3600_000).getUTCDay() + 6) % 7) + 1;
    if (weekday !== 1) {
      await page.click(`[data-test=tpl-weekday-${weekday}]`);
      await page.click('[data-test=tpl-weekday-1]');
    }
    await page.click('[data-test=tpl-type]');
    await page.click('[data-test=tpl-type-platelets]');
    await page.fill(inp('tpl-capacity'), '3');
    await page.click('[data-test=tpl-add]');
    await until(async () => (await page.locator('[data-test=slots-table] [data-test=slot]').count()) === 4, 15_000, 'four weekly slots in 28 days');
    const tomorrowDay = localDay(tomorrow);
    expect(await page.textContent(`[data-test=slots-day-${tomorrowDay}]`)).toMatch(/09:00\s*单采血小板\s*0\/3/);
    await screenshot(page, 'sites-zh-CN-02-template-and-slots');

    await page.click('[data-test=slots-generate]');
    await page.waitForSelector('.el-message >> text=新增0个');
    expect(await page.locator('[data-test=slots-table] [data-test=slot]').count()).toBe(4);

    // close the empty day a week later: its slot goes
    const later = localDay(tomorrow + 7 * 86_400_000);
    await page.fill(inp('day-date'), later);
    await page.keyboard.press('Enter');
    await page.fill(inp('day-note'), '设备检修');
    await page.click('[data-test=day-save]');
    await page.waitForSelector(`[data-test=day-${later}]`);
    await until(async () => (await page.locator('[data-test=slots-table] [data-test=slot]').count()) === 3, 15_000, 'the closed day loses its slot');

    // a booking on tomorrow's slot: closing that day is refused, naming the booking
    const [slot] = (await db.query("SELECT sl.id, sl.starts_at FROM appointment_slot sl JOIN donation_site s ON s.id = sl.site_id WHERE s.code = 'E2E-LAOSHAN' ORDER BY sl.starts_at LIMIT 1")) as { id: number }[];
    const [donor] = (await db.query("SELECT d.id FROM donor d WHERE NOT EXISTS (SELECT 1 FROM donation x WHERE x.donor_id = d.id) AND NOT EXISTS (SELECT 1 FROM deferral f WHERE f.donor_id = d.id) AND d.birth_date < '2000-01-01' ORDER BY d.id LIMIT 1")) as { id: number }[];
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('donorline.auth') ?? '{}') as { token?: string }).token);
    const booked = await fetch(`${platform.url}/api/appointments`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ donorId: donor!.id, slotId: slot!.id, type: 'platelets', channel: 'agent' }),
    });
    expect(booked.status, await booked.clone().text()).toBe(200);
    const appt = (await booked.json()) as { id: number };
    await page.fill(inp('day-date'), tomorrowDay);
    await page.keyboard.press('Enter');
    await page.click('[data-test=day-save]');
    await page.waitForSelector('[data-test=day-error]');
    expect(await page.textContent('[data-test=day-error]')).toMatch(new RegExp(`停诊会影响1个已有预约.*#${appt.id}`));
    await screenshot(page, 'sites-zh-CN-03-refused-with-booking');

    // the service calendar: 2027's holidays and 调休 days
    await page.click('[data-test=nav-admin-menu]');
    await page.click('text=服务日历');
    await page.waitForSelector('[data-test=calendar-days] >> text=国庆节调休上班');
    await screenshot(page, 'sites-zh-CN-04-calendar');

    // English
    await page.click('[data-test=lang-en]');
    await page.click('[data-test=nav-admin-menu]');
    await page.click('text=Sites & slots');
    await page.waitForSelector('[data-test=site-E2E-LAOSHAN]');
    await page.click('[data-test=site-E2E-LAOSHAN]');
    await page.waitForSelector('[data-test=site-templates] >> text=Weekly slot templates');
    await page.waitForSelector('[data-test=slots-table] >> text=Platelet');
    await screenshot(page, 'sites-en-05-site');
    await page.close();
  }, 180_000);
});
