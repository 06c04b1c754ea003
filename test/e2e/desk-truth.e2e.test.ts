/// <reference lib="dom" />
/**
 * The desk tells the truth and keeps no stale state — as an agent sees it, in Debian's Chromium against the real
 * platform (`npm start`: SQLite with the demo data, simulated Asterisk, bridge, IVR), zh-CN at 1366×768:
 *   - phrases while the phone rings show every missing fact by its name, never a "____" blank (issue 10, phrases);
 *   - linking an unknown caller's number: the link search starts empty, the pop and the shift list then name the
 *     donor; the next unknown caller's search is empty again; a booking suggestion stays on its own call; the 360°
 *     view shows the contact just saved without a reload;
 *   - 本班通话 survives a reload (from the server);
 *   - 拒接 says so, pauses the seat (shown with the seconds left), the missed call can be called back (回拨), and
 *     the call-back looks outbound (外呼振铃, 去电类型) and is stored as outbound;
 *   - a ringall queue (complaints, through the IVR) leaves no 未接来电 card with the colleague who did not answer;
 *   - the transfer list is live (a colleague who signs in later appears, with state) and Enter on a typed
 *     full-width extension transfers;
 *   - the PBX link down: the indicator, the banner and the seat all say so, nobody is shown ready.
 * Screenshots go to artifacts/screenshots/truth-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createDataSource, DEMO_DONORS } from '@donorline/domain/node';
import { launchChromium, screenshot, type Browser } from './support/browser.js';
import { signIn } from './support/desk-page.js';
import { buildDesk, startPlatform, until, type Platform } from './support/platform.js';

let platform: Platform;
let browser: Browser;
let db: ReturnType<typeof createDataSource>;
let agent1: Page;
let agent2: Page;

const donor = (key: (typeof DEMO_DONORS)[number]['key']) => DEMO_DONORS.find((d) => d.key === key)!;
const digits = (phone: string): string => phone.replace(/\D/g, '');

async function sim<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${platform.sim.url}${path}`, {
    method,
    headers: { authorization: platform.sim.auth, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`sim ${method} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : null) as T;
}

async function row<T>(sql: string, params: unknown[]): Promise<T | null> {
  const rows = (await db.query(sql, params)) as T[];
  return rows[0] ?? null;
}

const text = async (page: Page, sel: string): Promise<string> => ((await page.textContent(sel)) ?? '').trim();

/** The seat is ready (clicks 就绪 when it is not). */
async function ready(page: Page): Promise<void> {
  // the page in front: a background tab of a busy machine may be throttled
  await page.bringToFront();
  let seen = '';
  try {
    await until(async () => {
      const state = await page.getAttribute('[data-test=seat-state]', 'class');
      const button = await page.locator('[data-test=go-ready]').isVisible();
      seen = `${state} / 就绪 button ${button ? 'shown' : 'hidden'}`;
      if (state?.includes('seat__pill--ready')) return true;
      if (button) await page.click('[data-test=go-ready]').catch(() => undefined);
      return false;
    }, 30_000, 'the seat to be ready', 250);
  } catch (e) {
    await screenshot(page, 'truth-failed-ready');
    throw new Error(`${(e as Error).message}; last seen: ${seen}; now: ${await text(page, '[data-test=seat-state]')}`, { cause: e });
  }
}

/** A call into the hotline queue; resolves once this page shows its pop. */
async function ring(page: Page, from: string): Promise<{ linkedid: string; callId: string }> {
  const call = await sim<{ linkedid: string; callId: string }>('POST', '/calls', { from, to: '96607' });
  await page.waitForSelector(`[data-test=pop-card][data-pop-id*="${call.linkedid}"]`, { timeout: 15_000 });
  return call;
}

async function answer(page: Page): Promise<void> {
  await page.click('[data-test=answer]');
  await page.waitForSelector('[data-test=hangup]', { timeout: 10_000 });
}

async function hangUpAndWrapUp(page: Page, disposition: string, notes = ''): Promise<void> {
  await page.click('[data-test=hangup]');
  await page.waitForSelector('[data-test=wrap-up-form]', { timeout: 10_000 });
  await page.click(`[data-test=disposition-${disposition}]`);
  if (notes) await page.fill('[data-test=wrap-up-notes]', notes);
  await page.click('[data-test=wrap-up-save]');
  await page.waitForSelector('[data-test=wrap-up-saved]', { timeout: 10_000 });
}

beforeAll(async () => {
  await buildDesk();
  platform = await startPlatform({ AGENT_REJECT_PAUSE_SECONDS: '6', WRAP_UP_REQUIRED: 'false', WRAP_UP_SECONDS: '2' });
  db = createDataSource({ kind: 'sqlite', file: platform.sqliteFile });
  await db.initialize();
  browser = await launchChromium();
  agent1 = await browser.newPage();
  agent1.on('pageerror', (e) => console.log('[agent1 pageerror]', e.message));
  await signIn(agent1, platform.url, 'agent1', '8001');
  await agent1.waitForSelector('[data-test=seat-state]');
  await ready(agent1);
}, 240_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await db?.destroy().catch(() => {});
  await platform?.stop();
}, 60_000);

describe('the desk tells the truth and keeps no stale state (Chromium, zh-CN, 1366×768)', () => {
  let linkedCall = '';
  it('phrases while ringing: missing facts read as their names, never "____"', async () => {
    linkedCall = (await ring(agent1, '13600001111')).linkedid;
    await agent1.click('[data-test=right-phrases]');
    await agent1.click('[data-test=phrases-type]');
    await agent1.getByRole('option', { name: '预约', exact: true }).click();
    await agent1.waitForSelector('[data-test=phrase-missing]');
    const phrases = await agent1.locator('[data-test=phrase]').allTextContents();
    expect(phrases.join('\n')).not.toMatch(/＿|____|\{|\}/);
    const missing = await agent1.locator('[data-test=phrase-missing]').allTextContents();
    expect(missing).toContain('预约日期');
    expect(missing).toContain('最早可献日期');
    expect(phrases[0]).toContain('工号1001');
    await screenshot(agent1, 'truth-01-phrases-ringing');
  }, 60_000);

  it('an unknown caller linked to a donor: the search starts empty, then the pop and the list name the donor', async () => {
    await answer(agent1);
    await agent1.waitForSelector('[data-test=unknown-caller]');
    expect(await agent1.inputValue('[data-test=unknown-caller] [data-test=donor-search-q]')).toBe('');
    expect(await agent1.locator('[data-test=unknown-caller] [data-test=donor-result]').count()).toBe(0);
    const chen = donor('first-timer');
    // digits typed with a Chinese IME are digits
    await agent1.fill('[data-test=unknown-caller] [data-test=donor-search-q]', '１９９０５３２０００４');
    const result = agent1.locator('[data-test=unknown-caller] [data-test=donor-result]').first();
    await result.waitFor({ timeout: 10_000 });
    expect(await result.textContent()).toContain(chen.name);
    await result.locator('[data-test^=link-]').click();
    await agent1.waitForSelector('[data-test=donor-profile]', { timeout: 10_000 });
    await until(async () => (await text(agent1, '[data-test=pop-card] [data-test=pop-donor-name]').catch(() => '')) === chen.name, 10_000, 'the pop names the linked donor');
    expect(await agent1.locator('[data-test=pop-unknown]').count()).toBe(0);
    await screenshot(agent1, 'truth-02-linked');
    await hangUpAndWrapUp(agent1, 'consultation', '来电询问献血条件，已关联号码');
    // the contact just written is in the 360° view without a reload
    await agent1.click('[data-test=tab-contacts]');
    await until(async () => (await agent1.textContent('[data-test=contact-history]'))?.includes('来电询问献血条件'), 10_000, 'the saved contact in the 360° view');
    // the shift list names the donor, not 未识别来电
    const item = agent1.locator(`[data-test=recent-call][data-call-id="${linkedCall}"]`);
    await until(async () => (await item.textContent())?.includes(chen.name), 10_000, 'the shift list names the donor');
  }, 90_000);

  it('the next unknown caller: the link search is empty again (no stranger’s results one click away)', async () => {
    await ready(agent1);
    await ring(agent1, '13600002222');
    await answer(agent1);
    await agent1.waitForSelector('[data-test=unknown-caller]');
    expect(await agent1.inputValue('[data-test=unknown-caller] [data-test=donor-search-q]')).toBe('');
    expect(await agent1.locator('[data-test=unknown-caller] [data-test=donor-result]').count()).toBe(0);
    await hangUpAndWrapUp(agent1, 'wrong-number');
  }, 60_000);

  it('a booking suggests 预约 on its own call only, never on the next one', async () => {
    await ready(agent1);
    await ring(agent1, digits(donor('repeat-platelet').phone));
    await answer(agent1);
    await agent1.waitForSelector('[data-test=donor-profile]');
    await agent1.keyboard.press('Alt+B');
    const choice = agent1.locator('[data-test=slot-choices] button').first();
    await choice.waitFor({ timeout: 10_000 });
    await choice.click();
    await agent1.waitForSelector('[data-test=booking-commitment]', { timeout: 10_000 });
    await agent1.click('[data-test=hangup]');
    await agent1.waitForSelector('[data-test=wrap-up-form]');
    expect(await text(agent1, '[data-test=disposition-booking]')).toContain('推荐');
    expect(await text(agent1, '[data-test=disposition-suggestion]')).toBe('意见建议');
    await agent1.click('[data-test=disposition-booking]');
    await agent1.click('[data-test=wrap-up-save]');
    await agent1.waitForSelector('[data-test=wrap-up-saved]');

    await ready(agent1);
    await ring(agent1, digits(donor('open-complaint').phone));
    await answer(agent1);
    await agent1.click('[data-test=hangup]');
    await agent1.waitForSelector('[data-test=wrap-up-form]');
    expect(await text(agent1, '[data-test=disposition-booking]')).toBe('预约');
    await screenshot(agent1, 'truth-03-no-stale-suggestion');
    await agent1.click('[data-test=disposition-complaint]');
    await agent1.click('[data-test=wrap-up-save]');
    await agent1.waitForSelector('[data-test=wrap-up-saved]');
  }, 90_000);

  it('ticket rows open the ticket with its body and notes', async () => {
    await agent1.click('[data-test=tab-tickets]');
    const ticket = agent1.locator('[data-test=ticket-list] button[data-test^=ticket-]').first();
    await ticket.waitFor();
    await ticket.click();
    await agent1.waitForSelector('[data-test=ticket-detail] [data-test=ticket-body]', { timeout: 10_000 });
    expect((await text(agent1, '[data-test=ticket-detail] [data-test=ticket-body]')).length).toBeGreaterThan(0);
    await screenshot(agent1, 'truth-04-ticket');
    await agent1.keyboard.press('Escape');
  }, 30_000);

  it('本班通话 survives a reload: the calls come back from the server', async () => {
    const before = await agent1.locator('[data-test=recent-call]').count();
    expect(before).toBeGreaterThanOrEqual(3);
    await agent1.reload();
    await agent1.waitForSelector('[data-test=desk]');
    await until(async () => (await agent1.locator('[data-test=recent-call]').count()) >= before, 15_000, 'the shift list after the reload');
    expect(await agent1.textContent('[data-test=recent-calls]')).toContain(donor('repeat-platelet').name);
    await screenshot(agent1, 'truth-05-after-reload');
  }, 60_000);

  it('拒接 says so and pauses the seat; the missed call is called back — outbound in words and in the record', async () => {
    await ready(agent1);
    const call = await ring(agent1, '13600003333');
    expect(await text(agent1, '[data-test=reject]')).toBe('拒接');
    await agent1.click('[data-test=reject]');
    await until(async () => (await text(agent1, '[data-test=seat-state]')).includes('拒接后'), 10_000, 'the seat paused after the reject');
    await screenshot(agent1, 'truth-06-rejected');
    await sim('POST', `/calls/${call.callId}/hangup`);
    const back = agent1.locator(`[data-test="call-back-${call.linkedid}"]`);
    await back.waitFor({ timeout: 15_000 });
    const item = agent1.locator(`[data-test=recent-call][data-call-id="${call.linkedid}"]`);
    await until(async () => (await item.textContent())?.includes('已拒接'), 10_000, 'the shift list says 已拒接 (from the server)');
    await until(async () => (await text(agent1, '[data-test=seat-state]')).includes('就绪'), 15_000, 'ready again by itself');
    await back.click();
    await until(async () => (await text(agent1, '[data-test=pop-phase]').catch(() => '')) === '外呼振铃', 15_000, 'the call-back rings as 外呼振铃');
    expect(await agent1.locator('[data-test=pop-outbound]').textContent()).toBe('去电');
    expect(await agent1.textContent('[data-test=pop-number]')).toBe('136****3333');
    await screenshot(agent1, 'truth-07-call-back');
    await answer(agent1);
    await agent1.click('[data-test=hangup]');
    await agent1.waitForSelector('[data-test=wrap-up-form]');
    expect(await text(agent1, '[data-test=disposition-legend]')).toBe('去电类型（必选）');
    await agent1.click('[data-test=disposition-care]');
    await agent1.click('[data-test=wrap-up-save]');
    await agent1.waitForSelector('[data-test=wrap-up-saved]');
    const out = await until(
      () => row<{ direction: string; caller_masked: string }>("SELECT direction, caller_masked FROM call_record WHERE caller_masked = ? AND direction = 'outbound'", ['136****3333']),
      10_000,
      'the call-back record',
    );
    expect(out.direction).toBe('outbound');
  }, 90_000);

  it('a ringall queue: the colleague who did not answer keeps no 未接来电 card', async () => {
    agent2 = await browser.newPage();
    agent2.on('pageerror', (e) => console.log('[agent2 pageerror]', e.message));
    await signIn(agent2, platform.url, 'agent2', '8002');
    await agent2.waitForSelector('[data-test=seat-state]');
    await ready(agent2);
    await ready(agent1);
    // through the IVR: key 5 = complaints, the ringall queue
    const call = await sim<{ linkedid: string }>('POST', '/calls', { from: '13600004444', to: '96606', dtmf: '5' });
    const sel = `[data-test=pop-card][data-pop-id*="${call.linkedid}"]`;
    await agent1.waitForSelector(sel, { timeout: 60_000 });
    await agent2.waitForSelector(sel, { timeout: 10_000 });
    await agent2.click('[data-test=answer]');
    await agent2.waitForSelector('[data-test=hangup]');
    await agent1.waitForSelector(sel, { state: 'detached', timeout: 10_000 });
    expect(await agent1.locator(`[data-test=recent-call][data-call-id="${call.linkedid}"]`).count()).toBe(0);
    expect(await agent1.textContent('[data-test=desk]')).not.toContain('未接来电');
    await screenshot(agent1, 'truth-08-ringall-colleague');
    await hangUpAndWrapUp(agent2, 'complaint');
  }, 120_000);

  it('the transfer list is live (a colleague signing in later appears, with state); Enter on a typed extension transfers', async () => {
    await ready(agent1);
    await ready(agent2);
    await agent2.click('[data-test=go-pause]');
    await agent2.click('[data-test=pause-break]');
    await ring(agent1, '13600005555');
    await answer(agent1);
    await agent1.click('[data-test=transfer]');
    const a2 = agent1.locator('[data-test=transfer-to-8002]');
    await a2.waitFor({ timeout: 10_000 });
    expect(await a2.getAttribute('data-state')).toBe('paused');
    // the supervisor takes a seat after the form was opened: the list picks it up
    const sup = await browser.newPage();
    await signIn(sup, platform.url, 'supervisor', '8009');
    await sup.waitForSelector('[data-test=seat-state]');
    await agent1.locator('[data-test=transfer-to-8009]').waitFor({ timeout: 15_000 });
    await ready(agent2);
    await until(async () => (await a2.getAttribute('data-state')) === 'ready', 15_000, 'the colleague’s new state in the open list');
    await screenshot(agent1, 'truth-09-transfer-list');
    await agent1.fill('[data-test=transfer-target]', '８００２');
    await agent1.press('[data-test=transfer-target]', 'Enter');
    await agent2.waitForSelector('[data-test=pop-card]', { timeout: 15_000 });
    await agent2.click('[data-test=answer]');
    await agent2.waitForSelector('[data-test=hangup]');
    await hangUpAndWrapUp(agent2, 'consultation');
    await sup.close();
  }, 120_000);

  it('the PBX link down: the indicator, the banner and the seat agree; nobody is shown ready', async () => {
    await ready(agent1);
    await sim('POST', '/faults/restart', { downMs: 8000 });
    await until(async () => (await text(agent1, '[data-test=seat-state]')).includes('不可接听'), 15_000, 'the seat unavailable');
    expect(await text(agent1, '[data-test=seat-state]')).toContain('交换机链路中断');
    expect(await text(agent1, '[data-test=link-text]')).toBe('交换机中断');
    expect(await agent1.locator('[data-test=pbx-down]').isVisible()).toBe(true);
    expect(await agent1.locator('[data-test=go-ready]').count()).toBe(0);
    await screenshot(agent1, 'truth-10-pbx-down');
    await until(async () => (await text(agent1, '[data-test=seat-state]')).includes('就绪'), 40_000, 'ready again once the link is back');
    expect(await text(agent1, '[data-test=link-text]')).toBe('交换机');
  }, 90_000);
});
