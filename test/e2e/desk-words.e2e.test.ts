/// <reference lib="dom" />
/**
 * The words, forms and layout a person meets, in Debian's Chromium against the real platform:
 *   - a wrong password says the credentials are wrong (not 登录已失效);
 *   - an administrator authors the standard phrases: a placeholder outside the vocabulary is refused while typing,
 *     the saved version is what agents read at once, the history keeps both versions, the audit log says what
 *     happened in words with old → new;
 *   - an unmasked number reads 199 0532 0001;
 *   - forms: an empty name says so, the date pickers are Element Plus in Chinese (YYYY-MM-DD, no future birth date,
 *     no past due day), the note shows its limit as a counter;
 *   - layout: at 1440 px the right tab bar is not clipped with a wrap-up badge, the pop header never breaks a word.
 * Screenshots: artifacts/screenshots/words-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_DONORS } from '@donorline/domain/node';
import { launchChromium, screenshot, type Browser } from './support/browser.js';
import { signIn } from './support/desk-page.js';
import { buildDesk, startPlatform, until, type Platform } from './support/platform.js';

let platform: Platform;
let browser: Browser;

const text = async (page: Page, sel: string): Promise<string> => ((await page.textContent(sel)) ?? '').trim();

async function sim<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${platform.sim.url}${path}`, {
    method,
    headers: { authorization: platform.sim.auth, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`sim ${method} ${path}: ${res.status} ${await res.text()}`);
  const t = await res.text();
  return (t ? JSON.parse(t) : null) as T;
}

async function readySeat(page: Page): Promise<void> {
  await page.bringToFront();
  await until(async () => {
    if ((await page.getAttribute('[data-test=seat-state]', 'class'))?.includes('seat__pill--ready')) return true;
    if (await page.locator('[data-test=go-ready]').isVisible()) await page.click('[data-test=go-ready]').catch(() => undefined);
    return false;
  }, 30_000, 'the seat to be ready', 250);
}

beforeAll(async () => {
  await buildDesk();
  platform = await startPlatform({ WRAP_UP_REQUIRED: 'false', WRAP_UP_SECONDS: '600' });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await platform?.stop();
}, 60_000);

describe('words, forms and layout (Chromium)', () => {
  it('a wrong password says the credentials are wrong, not that the session expired', async () => {
    const page = await browser.newPage();
    await page.goto(`${platform.url}/login`);
    await page.fill('[data-test=login-username]', 'agent1');
    await page.fill('[data-test=login-password]', 'not-the-password');
    await page.click('[data-test=login-submit]');
    await page.waitForSelector('[data-test=login-error]');
    expect(await text(page, '[data-test=login-error]')).toBe('用户名（工号）或密码不正确，请重新输入。');
    expect(await page.textContent('body')).not.toContain('登录已失效');
    await screenshot(page, 'words-01-wrong-password');
    await page.close();
  }, 30_000);

  it('an administrator saves a new phrase version: checked while typing, read by agents at once, in the history and the audit log in words', async () => {
    const admin = await browser.newPage();
    await signIn(admin, platform.url, 'admin', null);
    await admin.goto(`${platform.url}/admin/phrases`);
    await admin.click('[data-test=script-booking]');
    const commitment = admin.locator('[data-test=phrase-text-2]');
    await commitment.waitFor();
    await commitment.fill('好的，给您约在{日期}，到时见！');
    await admin.waitForSelector('[data-test=phrase-issue]');
    expect(await text(admin, '[data-test=phrase-issue]')).toContain('{预约日期}');
    expect(await admin.locator('[data-test=phrase-save]').isDisabled()).toBe(true);
    await screenshot(admin, 'words-02-phrase-issue');
    await commitment.fill('好的，给您约在');
    await commitment.focus();
    await commitment.press('End');
    await admin.click('[data-test=insert-appointmentDate]');
    await admin.click('[data-test=insert-appointmentTime]');
    await until(async () => (await commitment.inputValue()) === '好的，给您约在{预约日期}{预约时间}', 5000, 'the placeholders inserted at the cursor');
    await commitment.press('End');
    await commitment.pressSequentially('，到时见！');
    await admin.fill('[data-test=phrase-note]', '承诺更简短');
    await admin.click('[data-test=phrase-save]');
    await admin.click('[data-test=phrase-history-tab]');
    await admin.locator('[data-test=version-2]').waitFor({ timeout: 10_000 });
    expect(await admin.locator('[data-test=version-1]').count()).toBe(1);
    await screenshot(admin, 'words-03-phrase-history');

    // an agent reads the new line at once
    const agent = await browser.newPage();
    await signIn(agent, platform.url, 'agent2', null);
    await agent.click('[data-test=right-phrases]');
    await agent.click('[data-test=phrases-type]');
    await agent.getByRole('option', { name: '预约', exact: true }).click();
    await until(async () => (await agent.locator('[data-test=phrase]').allTextContents()).some((p) => p.startsWith('好的，给您约在') && p.endsWith('，到时见！')), 10_000, 'the agent reads the new version');
    await agent.close();

    await admin.goto(`${platform.url}/audit`);
    const rows = admin.locator('[data-test=audit-table] [data-test=audit-action-text]');
    await rows.first().waitFor();
    const actions = await rows.allTextContents();
    expect(actions).toContain('发布规范用语新版本');
    expect(actions).toContain('登录');
    expect(actions.join(' ')).not.toMatch(/auth\.login|phrases\.publish/);
    const detail = await admin.locator('[data-test=audit-table] tr', { hasText: '发布规范用语新版本' }).first().locator('[data-test=audit-detail]').textContent();
    expect(detail).toContain('第 3 条 · 修改');
    expect(detail).toContain('→');
    expect(detail).not.toMatch(/[{"]\w+":/);
    await screenshot(admin, 'words-04-audit');
    await admin.close();
  }, 90_000);

  it('an unmasked number reads 199 0532 0001 (a supervisor, with a reason)', async () => {
    const sup = await browser.newPage();
    await signIn(sup, platform.url, 'supervisor', '8009');
    await sup.waitForSelector('[data-test=donor-search-q]');
    await sup.fill('[data-test=donor-search-q]', '王建华');
    const result = sup.locator('[data-test=donor-result]').first();
    await result.waitFor({ timeout: 10_000 });
    await result.locator('button').first().click();
    await sup.waitForSelector('[data-test=donor-phones]');
    const unmask = sup.locator('[data-test^=unmask-]').first();
    await unmask.click();
    await sup.locator('[data-test=donor-phones] input').first().fill('核对回拨号码');
    await sup.locator('[data-test=donor-phones] input').first().press('Enter');
    await until(async () => (await sup.locator('[data-test=donor-phones] [data-test^=phone-]').allTextContents()).includes('199 0532 0001'), 10_000, 'the number as people read it');
    expect(await sup.textContent('[data-test=donor-phones]')).not.toContain('+86');
    await screenshot(sup, 'words-05-unmasked');
    await sup.close();
  }, 60_000);

  it('forms: an empty name says so; Element Plus date pickers in Chinese; no future birth date, no past due day; a note shows its limit', async () => {
    const page = await browser.newPage();
    await signIn(page, platform.url, 'agent1', '8001');
    await page.waitForSelector('[data-test=seat-state]');
    await readySeat(page);
    const call = await sim<{ linkedid: string; callId: string }>('POST', '/calls', { from: '13700009999', to: '96607' });
    await page.waitForSelector(`[data-test=pop-card][data-pop-id*="${call.linkedid}"]`);
    await page.click('[data-test=answer]');
    await page.waitForSelector('[data-test=unknown-caller]');
    await page.click('[data-test=uc-create]');
    await page.click('[data-test=create-submit]');
    await page.waitForSelector('[data-test=create-name-error]');
    expect(await text(page, '[data-test=create-name-error]')).toBe('请填写姓名');
    const birth = page.locator('[data-test=create-birth-date] input');
    expect(await birth.getAttribute('placeholder')).toBe('选择日期');
    await birth.click();
    const panel = page.locator('.el-picker-panel:visible').first();
    await panel.waitFor();
    // the calendar opens where donors' birth dates are, in Chinese
    expect(await panel.textContent()).toMatch(/1990 年/);
    await screenshot(page, 'words-06-birth-date-picker');
    await page.keyboard.press('Escape');
    // a birth date in the future is not taken (typed or picked)
    await birth.fill('2099-01-01');
    await birth.press('Enter');
    await page.click('[data-test=create-name]');
    await until(async () => (await birth.inputValue()) !== '2099-01-01', 5000, 'the future birth date refused');
    await birth.fill('1990-05-01');
    await birth.press('Enter');
    expect(await birth.inputValue()).toBe('1990-05-01');
    await page.fill('[data-test=create-name]', '测试来电人');
    await page.click('[data-test=create-submit]');
    await page.waitForSelector('[data-test=donor-profile]', { timeout: 10_000 });
    expect(await text(page, '[data-test=pop-card] [data-test=pop-donor-name]')).toBe('测试来电人');

    // wrap-up: the note counts against its limit, the callback due picker offers no day before today
    await page.click('[data-test=right-wrapup]');
    await page.waitForSelector('[data-test=wrap-up-form]');
    await page.fill('[data-test=wrap-up-notes]', '新建档案');
    expect(await text(page, '[data-test=wrap-up-form] .el-input__count')).toBe('4 / 4000');
    await page.click('[data-test=follow-up-toggle]');
    const due = page.locator('[data-test=follow-up-due] input');
    await due.click();
    await page.locator('.el-picker-panel:visible').first().waitFor();
    const prevMonth = page.locator('.el-picker-panel:visible [aria-label="上个月"], .el-picker-panel:visible .arrow-left').first();
    await prevMonth.click();
    expect(await page.locator('.el-picker-panel:visible td.available:not(.disabled)').count(), 'no day last month can be chosen').toBe(0);
    await page.keyboard.press('Escape');
    await screenshot(page, 'words-07-wrap-up');
    await page.click('[data-test=hangup]');
    await page.close();
  }, 90_000);

  it('layout at 1440 px: the right tab bar is not clipped with a wrap-up badge; the pop header never breaks a word', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    await signIn(page, platform.url, 'agent2', '8002');
    await page.waitForSelector('[data-test=seat-state]');
    await readySeat(page);
    const donor = DEMO_DONORS.find((d) => d.key === 'open-complaint')!;
    const call = await sim<{ linkedid: string; callId: string }>('POST', '/calls', { from: donor.phone.replace(/\D/g, ''), to: '96607' });
    await page.waitForSelector(`[data-test=pop-card][data-pop-id*="${call.linkedid}"]`);
    await page.click('[data-test=answer]');
    await page.waitForSelector('[data-test=hangup]');
    await page.click('[data-test=hangup]');
    await page.waitForSelector('[data-test=right-wrapup] .desk__badge');
    for (const lang of ['zh-CN', 'en'] as const) {
      await page.click(`[data-test=lang-${lang}]`);
      const clipped = await page.$$eval('.desk__tab', (tabs) => tabs.filter((t) => t.scrollWidth > t.clientWidth + 1).map((t) => t.textContent));
      expect(clipped, `${lang}: tabs whose text is cut`).toEqual([]);
      // the pop header: each part on one line (a part may move to the next line, but never split)
      const lines = await page.$eval('[data-test=pop-card] .pop__phase', (el) => {
        const lh = parseFloat(getComputedStyle(el).fontSize) * 1.6;
        return Math.round(el.getBoundingClientRect().height / lh);
      });
      expect(lines, `${lang}: the phase and who hung up stay on one line`).toBe(1);
      await screenshot(page, `words-08-layout-1440-${lang}`);
    }
    await page.click('[data-test=lang-zh-CN]');
    await page.close();
  }, 60_000);
});
