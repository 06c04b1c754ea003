/// <reference lib="dom" />
/**
 * Staff administration and seat take-over in Debian's Chromium against the real platform (`npm start`, seats start
 * paused as in production):
 *   1. an admin creates an agent on 人员管理 (工号, extension, password); the new agent signs in, takes that seat —
 *      未就绪 until they choose 就绪 — and the standard phrases say their 工号;
 *   2. agent2 asks for agent1's extension: told whose it is not (their own extensions offered), the form stays usable,
 *      and after a reload they are still offered a way forward, never a page of disabled fields; one click takes 8002;
 *   3. agent1 signs in from a second browser: offered to take the seat over here, which works; the first desk is told;
 *   4. signing out during a live call asks first.
 * zh-CN screenshots go to artifacts/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@donorline/domain/node';
import { launchChromium, screenshot, type Browser } from './support/browser.js';
import { buildDesk, startPlatform, until, type Platform } from './support/platform.js';

let platform: Platform;
let browser: Browser;
const NEW = { username: 'agent7', name: '坐席七号 王芳', employeeNo: '1007', extension: '8007', password: 'welcome-2026' };

/** A new tab: its own sessionStorage (the desk keeps its session there), so a person of its own, like another computer. */
async function freshPage(): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.log('[desk pageerror]', e.message));
  return page;
}

async function fillLogin(page: Page, username: string, password: string, extension: string): Promise<void> {
  await page.goto(`${platform.url}/login`);
  await page.fill('[data-test=login-username]', username);
  await page.fill('[data-test=login-password]', password);
  await page.fill('[data-test=login-extension]', extension);
  await page.click('[data-test=login-submit]');
}

async function sim<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${platform.sim.url}${path}`, { method, headers: { authorization: platform.sim.auth, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`sim ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  await buildDesk();
  platform = await startPlatform({ AGENT_START_PAUSED: 'true' });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await platform?.stop();
}, 60_000);

describe('staff administration and seat take-over in Chromium', () => {
  it('an admin creates an agent on 人员管理; the agent signs in, starts 未就绪, becomes ready; phrases say their 工号', async () => {
    const admin = await freshPage();
    await fillLogin(admin, 'admin', DEMO_PASSWORD, '');
    await admin.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
    await admin.click('[data-test=nav-admin-menu]');
    await admin.click('a[href="/admin/staff"]');
    await admin.waitForSelector('[data-test=staff-table] .el-table__row');
    expect(await admin.textContent('[data-test=staff-table]')).toContain('坐席一号 林晓');
    await admin.click('[data-test=staff-new]');
    await admin.waitForSelector('[data-test=staff-form]');
    await admin.fill('[data-test=staff-username]', NEW.username);
    await admin.fill('[data-test=staff-display-name]', NEW.name);
    await admin.fill('[data-test=staff-employee-no]', NEW.employeeNo);
    await admin.fill('[data-test=staff-password]', NEW.password);
    await admin.click('[data-test=staff-extensions]');
    await admin.keyboard.type(NEW.extension);
    await admin.keyboard.press('Enter');
    await screenshot(admin, 'staff-zh-CN-01-new-agent');
    await admin.click('[data-test=staff-save]');
    await until(async () => (await admin.textContent('[data-test=staff-table]'))?.includes(NEW.name), 10_000, 'the new agent in the list');
    await admin.waitForSelector('[data-test=staff-form]', { state: 'hidden' });
    await screenshot(admin, 'staff-zh-CN-02-list');
    await admin.close();

    const agent = await freshPage();
    await fillLogin(agent, NEW.employeeNo, NEW.password, NEW.extension); // signs in with the 工号
    await agent.waitForSelector('[data-test=desk]', { timeout: 15_000 });
    await until(async () => (await agent.textContent('[data-test=seat-state]'))?.includes('未就绪'), 10_000, 'the seat to start not ready');
    await screenshot(agent, 'staff-zh-CN-03-new-agent-not-ready');
    const members = await sim<{ queues: { name: string; members: { interface: string; paused: boolean }[] }[] }>('GET', '/state');
    expect(members.queues.flatMap((q) => q.members).filter((m) => m.interface === `PJSIP/${NEW.extension}`).every((m) => m.paused)).toBe(true);
    await agent.click('[data-test=go-ready]');
    await until(async () => (await agent.textContent('[data-test=seat-state]'))?.trim().startsWith('就绪'), 10_000, 'ready');
    expect(await agent.textContent('body')).toContain(`工号${NEW.employeeNo}`);

    // 4. a live call: signing out asks first, and cancelling keeps everything as it was
    const placed = await sim<{ callId: string; linkedid: string }>('POST', '/calls', { from: '13600007777', to: '96607' });
    await agent.waitForSelector('[data-test=pop-card]', { timeout: 10_000 });
    await agent.click('[data-test=answer]');
    await until(async () => (await agent.textContent('[data-test=seat-state]'))?.includes('通话中'), 10_000, 'on the call');
    await agent.click('[data-test=sign-out]');
    const dialog = agent.locator('.el-message-box');
    await dialog.waitFor({ timeout: 5000 });
    expect(await dialog.textContent()).toContain('通话不会被挂断');
    await screenshot(agent, 'staff-zh-CN-04-sign-out-on-call');
    await dialog.locator('button', { hasText: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(new URL(agent.url()).pathname).toBe('/');
    expect(await agent.textContent('[data-test=seat-state]')).toContain('通话中');
    await sim('POST', `/calls/${encodeURIComponent(placed.callId)}/hangup`);
  }, 120_000);

  it('agent2 asking for agent1\'s extension is told why and offered their own; a reload is not a dead end', async () => {
    const a1 = await freshPage();
    await fillLogin(a1, 'agent1', DEMO_PASSWORD, '8001');
    await a1.waitForSelector('[data-test=desk]', { timeout: 15_000 });

    const a2 = await freshPage();
    await fillLogin(a2, 'agent2', DEMO_PASSWORD, '8001');
    const problem = a2.locator('[data-test=seat-problem]');
    await problem.waitFor({ timeout: 15_000 });
    expect(await problem.getAttribute('data-kind')).toBe('extension');
    expect(await problem.textContent()).toContain('分机 8001 未分配给您');
    await screenshot(a2, 'seat-zh-CN-01-not-yours');
    // after a reload: still signed in, still a way forward, no disabled fields
    await a2.reload();
    await a2.waitForSelector('[data-test=login-signed-in]');
    expect(await a2.locator('input:disabled').count()).toBe(0);
    await a2.fill('[data-test=login-extension]', '8001');
    await a2.click('[data-test=login-join]');
    await problem.waitFor();
    await screenshot(a2, 'seat-zh-CN-02-after-reload');
    await a2.click('[data-test=seat-use-8002]');
    await a2.waitForSelector('[data-test=desk]', { timeout: 15_000 });
    expect(await a2.textContent('[data-test=status-bar]')).toContain('8002');

    // 3. agent1 from a second browser: take the seat over here
    const a1b = await freshPage();
    await fillLogin(a1b, 'agent1', DEMO_PASSWORD, '8001');
    await problem.waitFor({ state: 'detached' }).catch(() => undefined);
    const p2 = a1b.locator('[data-test=seat-problem]');
    await p2.waitFor({ timeout: 15_000 });
    expect(await p2.getAttribute('data-kind')).toBe('session');
    await screenshot(a1b, 'seat-zh-CN-03-take-over-offer');
    await a1b.click('[data-test=seat-takeover]');
    await a1b.waitForSelector('[data-test=desk]', { timeout: 15_000 });
    expect(await a1b.textContent('[data-test=status-bar]')).toContain('8001');
    await a1.waitForSelector('[data-test=session-replaced]', { timeout: 10_000 });
    await screenshot(a1, 'seat-zh-CN-04-replaced');
  }, 120_000);
});
