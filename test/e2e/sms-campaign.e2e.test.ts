/// <reference lib="dom" />
/**
 * 短信邀约 in Debian's Chromium against the real platform (issues 13 + 14): a supervisor creates an SMS campaign from a
 * saved segment on 外呼活动 (the invitation previewed as the donor reads it), launches it and watches the results fill
 * in — delivered by the simulated gateway, blocked by the contact policy with the reasons — then turns the planner's
 * ranked list into SMS invitations with the 短信邀约 button (the list and the day handed over) and launches that too.
 * Every invitation is in the donor's SMS history.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { SmsCampaignDetail, SmsHistoryItem, SmsRecipientRow } from '@donorline/domain';
import { DEMO_PASSWORD } from '@donorline/domain/node';
import { launchChromium, screenshot, type Browser } from './support/browser.js';
import { signIn } from './support/desk-page.js';
import { buildDesk, startPlatform, until, type Platform } from './support/platform.js';

let platform: Platform;
let browser: Browser;
let page: Page;
let token: string;

async function api<T>(method: string, path: string, json?: unknown): Promise<T> {
  const r = await fetch(`${platform.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) }, body: json ? JSON.stringify(json) : undefined });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

const tile = async (k: string): Promise<number> => Number(((await page.locator(`[data-test=sms-tile-${k}] .sr__value`).textContent().catch(() => '')) ?? '').replace('%', '').trim() || 0);

/** Sending hours 00:00–24:00 (the suite must not depend on the hour it runs at), the fastest rate. */
async function allDayFastest(): Promise<void> {
  const times = page.locator('[data-test=sms-campaign-create] .sc__time');
  await times.nth(0).click();
  await page.getByRole('option', { name: '00:00', exact: true }).click();
  await times.nth(1).click();
  await page.getByRole('option', { name: '24:00', exact: true }).click();
  await page.locator('[data-test=sms-rate] input').fill('6000');
}

beforeAll(async () => {
  await buildDesk();
  platform = await startPlatform({ SMS_QUIET_HOURS: 'off' });
  const r = await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'supervisor', password: DEMO_PASSWORD }) });
  token = ((await r.json()) as { token: string }).token;
  await api('POST', '/api/crm/segments', { name: 'AB型（同意招募）', rule: { op: 'and', rules: [{ field: 'bloodAbo', op: 'in', value: ['AB'] }, { field: 'consentRecruitment', op: 'eq', value: true }] } });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (e) => console.log('[pageerror]', e.message));
  await signIn(page, platform.url, 'supervisor', null);
}, 240_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await platform?.stop();
}, 60_000);

let firstId = 0;

it('from a saved segment: created with the invitation previewed, launched, the results fill in (delivered, blocked with reasons)', async () => {
  await page.goto(`${platform.url}/crm/campaigns`);
  await page.click('[data-test=sms-campaign-new]');
  await page.waitForSelector('[data-test=sms-campaign-create]');
  await page.fill('[data-test=sms-name]', 'AB型血小板短信邀约');
  await page.click('[data-test=sms-segment]');
  await page.getByRole('option', { name: 'AB型（同意招募）', exact: true }).click();
  await page.fill('[data-test=sms-site]', '五四广场献血屋');
  await page.fill('[data-test=sms-invite-date]', '12月9日');
  await allDayFastest();
  expect(await page.locator('[data-test=sms-preview]').textContent()).toBe('张三您好，五四广场献血屋12月9日急需机采血小板，诚邀您预约献血，请致电96606或回复本短信预约。回复TD退订');
  await screenshot(page, 'sms-campaign-create');
  await page.click('[data-test=sms-save]');
  await page.waitForSelector('[data-test=sms-results]');
  const campaigns = await api<{ id: number; name: string; channel: string }[]>('GET', '/api/campaigns');
  firstId = campaigns.find((c) => c.name === 'AB型血小板短信邀约')!.id;
  const targets = await tile('targets');
  expect(targets).toBeGreaterThan(3);
  expect(await tile('pending')).toBe(targets);
  await page.click('[data-test=campaign-start]');
  // the page reads the results again every few seconds while the campaign runs
  await until(async () => (await tile('pending')) === 0 && (await tile('queued')) === 0 && (await tile('sent')) === 0, 60_000, 'every recipient decided and reported');
  const d = await api<SmsCampaignDetail>('GET', `/api/sms-campaigns/${firstId}`);
  expect(await tile('delivered')).toBe(d.results.byState.delivered);
  expect(d.results.byState.delivered + d.results.byState.blocked + d.results.byState.failed).toBe(targets);
  expect(d.results.byState.delivered).toBeGreaterThan(0);
  if (d.results.byState.blocked) {
    await page.waitForSelector('[data-test=sms-blocked-reasons]');
    await page.locator('[data-test=sms-state-filter]').getByText('策略拦截').click();
    await until(async () => (await page.locator('[data-test=sms-recipients] tbody tr').count()) === Math.min(200, d.results.byState.blocked), 10_000, 'the blocked recipients');
  }
  await screenshot(page, 'sms-campaign-results');
  const delivered = await api<SmsRecipientRow[]>('GET', `/api/sms-campaigns/${firstId}/recipients?state=delivered&limit=1`);
  const hist = await api<SmsHistoryItem[]>('GET', `/api/donors/${delivered[0]!.donorId}/sms`);
  expect(hist.find((h) => h.template === 'recruitment-invitation')).toMatchObject({ direction: 'out', status: 'delivered' });
}, 180_000);

it('from the planner: 短信邀约 hands the ranked list over, launched; the same donors invited again get nothing', async () => {
  await page.goto(`${platform.url}/planner`);
  await page.click('[data-test=list-load]');
  // every listed donor is selected by default: the button hands them all over
  const listed = await until(async () => page.locator('[data-test=list-row]').count(), 30_000, 'the ranked list');
  await until(async () => ((await page.locator('[data-test=list-sms]').textContent()) ?? '').includes(`（${listed}）`), 10_000, 'the 短信邀约 button with the count');
  await page.click('[data-test=list-sms]');
  await page.waitForSelector('[data-test=sms-campaign-create]');
  expect(await page.locator('[data-test=sms-from-list]').textContent()).toContain(`${listed} 人`);
  expect(await page.locator('[data-test=sms-invite-date]').inputValue()).toMatch(/^\d{1,2}月\d{1,2}日$/);
  await page.fill('[data-test=sms-site]', '市中心血站机采室');
  await allDayFastest();
  await screenshot(page, 'sms-campaign-from-planner');
  await page.click('[data-test=sms-save]');
  await page.waitForSelector('[data-test=sms-results]');
  expect(await tile('targets')).toBe(listed);
  await page.click('[data-test=campaign-start]');
  await until(async () => (await tile('pending')) === 0 && (await tile('queued')) === 0 && (await tile('sent')) === 0, 60_000, 'every listed donor decided');
  const list = await api<{ id: number; name: string }[]>('GET', '/api/campaigns');
  const id = list.find((c) => c.name.includes('短信邀约') && c.id !== firstId)!.id;
  const d = await api<SmsCampaignDetail>('GET', `/api/sms-campaigns/${id}`);
  expect(d.results.byState.delivered + d.results.byState.blocked + d.results.byState.failed).toBe(listed);
  // the same donors again the next minute: nobody gets a second invitation (the per-donor frequency cap)
  const sent = (await api<SmsRecipientRow[]>('GET', `/api/sms-campaigns/${id}/recipients?state=delivered&limit=500`)).map((r) => r.donorId);
  const again = await api<SmsCampaignDetail>('POST', '/api/sms-campaigns', { name: '再次邀约', startsOn: d.campaign.startsOn, hoursStart: '00:00', hoursEnd: '24:00', site: '市中心血站机采室', inviteDate: '12月9日', ratePerMinute: 6000, donorIds: sent });
  await api('POST', `/api/campaigns/${again.campaign.id}/start`);
  const r = await until(async () => {
    const x = await api<SmsCampaignDetail>('GET', `/api/sms-campaigns/${again.campaign.id}`);
    return x.results.byState.pending === 0 ? x.results : null;
  }, 30_000, 'the second invitation decided');
  expect(r).toMatchObject({ byState: { blocked: sent.length, queued: 0, sent: 0, delivered: 0 }, blockedByReason: { 'frequency-cap': sent.length } });
  await screenshot(page, 'sms-campaign-planner-results');
}, 180_000);
