/// <reference lib="dom" />
/**
 * Administration → lists in Debian's Chromium against the real platform: an admin adds a pause reason (辅导) and
 * disables one (用餐) on 系统设置; agent1, already at the desk, opens the pause menu and finds 辅导 (not 用餐), pauses
 * with it — the seat says 辅导 and Asterisk's queue member is paused with that reason. The header shows the center's
 * name and hotline from the center settings. zh-CN screenshots go to artifacts/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@donorline/domain/node';
import { launchChromium, screenshot, type Browser } from './support/browser.js';
import { buildDesk, startPlatform, until, type Platform } from './support/platform.js';

let platform: Platform;
let browser: Browser;

async function signIn(username: string, extension: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.log('[desk pageerror]', e.message));
  await page.goto(`${platform.url}/login`);
  await page.fill('[data-test=login-username]', username);
  await page.fill('[data-test=login-password]', DEMO_PASSWORD);
  await page.fill('[data-test=login-extension]', extension);
  await page.click('[data-test=login-submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
  return page;
}

async function simState(): Promise<{ queues: { name: string; members: { interface: string; paused: boolean; reason?: string; pausedReason?: string }[] }[] }> {
  const res = await fetch(`${platform.sim.url}/state`, { headers: { authorization: platform.sim.auth } });
  return (await res.json()) as never;
}

beforeAll(async () => {
  await buildDesk();
  platform = await startPlatform();
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await platform?.stop();
}, 60_000);

describe('administration → pause reasons in Chromium', () => {
  it('an admin adds 辅导 and disables 用餐; the agent\'s pause menu follows and pausing with 辅导 reaches the seat and Asterisk', async () => {
    const agent = await signIn('agent1', '8001');
    await agent.waitForSelector('[data-test=desk]', { timeout: 15_000 });
    await until(async () => (await agent.textContent('[data-test=seat-state]'))?.trim().startsWith('就绪'), 15_000, 'agent1 ready');
    await agent.setViewportSize({ width: 1920, height: 1080 });
    await until(async () => (await agent.textContent('[data-test=center-name]'))?.includes('96606'), 10_000, 'the center name and hotline in the header');

    const admin = await signIn('admin', '');
    await admin.click('[data-test=nav-admin-menu]'); // 系统管理
    await admin.click('a[href="/admin/lists"]');
    await admin.waitForSelector('[data-test=list-row-not-ready]');
    await admin.fill('[data-test=list-new-code-pause-reason]', 'coaching');
    await admin.fill('[data-test=list-new-zh-pause-reason]', '辅导');
    await admin.fill('[data-test=list-new-en-pause-reason]', 'Coaching');
    await admin.click('[data-test=list-add-pause-reason]');
    await admin.waitForSelector('[data-test=list-row-coaching]');
    await admin.click('[data-test=list-active-meal]');
    await until(async () => (await admin.getAttribute('[data-test=list-row-meal]', 'class'))?.includes('dle__row--off'), 10_000, '用餐 disabled');
    // a bad code is refused with the reason, nothing added
    await admin.fill('[data-test=list-new-code-disposition]', 'wrap up');
    expect(await admin.textContent('[data-test=list-disposition]')).toContain('代码为2–20个小写字母');
    expect(await admin.isDisabled('[data-test=list-add-disposition]')).toBe(true);
    await screenshot(admin, 'admin-lists-zh-CN-01-lists');

    await admin.click('[data-test=settings-tab-admin-center]');
    await admin.waitForSelector('[data-test=center-admin]');
    expect(await admin.inputValue('[data-test=center-hotline-input]')).toBe('96606');
    await screenshot(admin, 'admin-lists-zh-CN-02-center');
    await admin.close();

    // the agent's desk was open all along: opening the menu fetches the list again
    await agent.click('[data-test=go-pause]');
    const item = agent.locator('[data-test=pause-coaching]');
    await item.waitFor({ timeout: 10_000 });
    expect((await item.textContent())?.trim()).toBe('辅导');
    expect(await agent.locator('[data-test=pause-meal]').count()).toBe(0);
    await screenshot(agent, 'admin-lists-zh-CN-03-pause-menu');
    await item.click();
    await until(async () => (await agent.textContent('[data-test=seat-state]'))?.includes('辅导'), 10_000, 'paused with 辅导');
    const member = (await simState()).queues.flatMap((q) => q.members).find((m) => m.interface === 'PJSIP/8001');
    expect(member).toMatchObject({ paused: true, reason: 'coaching' });
    await screenshot(agent, 'admin-lists-zh-CN-04-paused');
  }, 180_000);
});
