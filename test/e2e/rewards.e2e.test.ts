/// <reference lib="dom" />
/**
 * 招募 → 礼品目录 in Debian's Chromium against the real platform: a supervisor adds a reward, renames and reprices
 * it, moves its stock in, is refused (in words) when moving more out than there is — the stock unchanged — and
 * takes it off the shelf; the server's catalogue and the audit log say the same. An agent does not get the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RewardItemDto } from '@donorline/domain';
import { DEMO_PASSWORD } from '@donorline/domain/node';
import { launchChromium, screenshot, type Browser } from './support/browser.js';
import { signIn } from './support/desk-page.js';
import { buildDesk, startPlatform, until, type Platform } from './support/platform.js';

let platform: Platform;
let browser: Browser;

async function token(username: string): Promise<string> {
  const r = await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  return ((await r.json()) as { token: string }).token;
}
async function get<T>(path: string, who: string): Promise<T> {
  const r = await fetch(`${platform.url}${path}`, { headers: { authorization: `Bearer ${await token(who)}` } });
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return (await r.json()) as T;
}
/** Element Plus puts a data-test on the <input> itself (el-input) or on its wrapper (el-input-number). */
const inp = (name: string): string => `input[data-test=${name}], [data-test=${name}] input`;
const catalogue = (): Promise<RewardItemDto[]> => get<RewardItemDto[]>('/api/loyalty/rewards', 'agent1');

beforeAll(async () => {
  await buildDesk();
  platform = await startPlatform();
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await platform?.stop();
}, 60_000);

describe('礼品目录 in Chromium', () => {
  let page: Page;
  let id = 0;

  it('a supervisor adds a reward from the 招募 menu', async () => {
    page = await browser.newPage();
    page.on('pageerror', (e) => console.log('[desk pageerror]', e.message));
    await signIn(page, platform.url, 'supervisor', null);
    await page.click('[data-test=nav-menu-crm]');
    await page.click('a[href="/crm/rewards"]');
    await page.waitForSelector('[data-test=rewards-view]');
    await page.fill(inp('reward-name'), '献血纪念保温杯');
    await page.fill(inp('reward-cost'), '300');
    await page.fill(inp('reward-stock'), '3');
    await page.click('[data-test=reward-add-submit]');
    const added = await until(async () => (await catalogue()).find((r) => r.name === '献血纪念保温杯'), 10_000, 'the reward in the catalogue');
    expect(added).toMatchObject({ cost: 300, stock: 3, active: true });
    id = added.id;
    const row = page.locator(`[data-test=reward-row-${id}]`);
    await row.waitFor();
    // 3 < 5: shown as low stock
    expect(await row.locator('[data-test=reward-stock-cell]').getAttribute('class')).toContain('rw__low');
    await screenshot(page, 'rewards-added');
  });

  it('renames and reprices it, moves stock in, is refused moving out more than there is, takes it off the shelf', async () => {
    await page.click(`[data-test=reward-edit-${id}]`);
    await page.fill(inp('reward-edit-name'), '献血纪念保温杯（500ml）');
    await page.fill(inp('reward-edit-cost'), '350');
    await page.click('[data-test=reward-edit-save]');
    await until(async () => (await catalogue()).find((r) => r.id === id)?.cost === 350, 10_000, 'repriced');

    await page.fill(inp(`reward-move-${id}`), '20');
    await page.click(`[data-test=reward-move-btn-${id}]`);
    await until(async () => (await catalogue()).find((r) => r.id === id)?.stock === 23, 10_000, 'stock moved in');
    await until(async () => (await page.textContent(`[data-test=reward-row-${id}] [data-test=reward-stock-cell]`))?.trim() === '23', 10_000, 'the row shows 23');

    await page.fill(inp(`reward-move-${id}`), '-100');
    await page.click(`[data-test=reward-move-btn-${id}]`);
    const toast = page.locator('.el-message--error');
    await toast.waitFor({ timeout: 10_000 });
    expect(await toast.textContent()).toContain('库存不能减到负数');
    expect((await catalogue()).find((r) => r.id === id)?.stock).toBe(23);
    await screenshot(page, 'rewards-refused');

    await page.click(`[data-test=reward-row-${id}] .el-switch`);
    await until(async () => (await catalogue()).find((r) => r.id === id)?.active === false, 10_000, 'off the shelf');
    await page.locator(`[data-test=reward-row-${id}].rw__row--off`).waitFor();
    expect(await page.textContent(`[data-test=reward-row-${id}]`)).toContain('献血纪念保温杯（500ml）');

    const audit = await get<{ items: { action: string; subjectType: string; subjectId: number | string }[] }>('/api/audit?pageSize=200', 'admin');
    const mine = audit.items.filter((a) => a.subjectType === 'reward_item' && String(a.subjectId) === String(id)).map((a) => a.action);
    expect(mine.filter((a) => a === 'reward.create')).toHaveLength(1);
    expect(mine.filter((a) => a === 'reward.update').length).toBeGreaterThanOrEqual(3); // reprice, stock in, shelf (the refused move wrote nothing)
  });

  it('an agent has no 礼品目录 and the server refuses them a change', async () => {
    const agent = await browser.newPage();
    await signIn(agent, platform.url, 'agent1', '8001');
    await agent.goto(`${platform.url}/crm/rewards`);
    await agent.waitForSelector('[data-test=desk]', { timeout: 15_000 });
    expect(await agent.locator('[data-test=rewards-view]').count()).toBe(0);
    const r = await fetch(`${platform.url}/api/loyalty/rewards/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${await token('agent1')}`, 'content-type': 'application/json' }, body: JSON.stringify({ stockDelta: 5 }) });
    expect(r.status).toBe(403);
  });
});
