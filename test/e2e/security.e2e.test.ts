/// <reference lib="dom" />
/**
 * The desk under the bridge's Content-Security-Policy (issue 10: the bridge sent none), in Debian's Chromium against
 * the platform started with `npm start`: sign-in, the desk with a live call (pop, donor 360° and its tabs, hang-up,
 * wrap-up), recordings with the waveform player, the wallboard, the audit log and the API reference. Any CSP violation
 * Chromium reports on any of these pages fails the test; every page is also checked for the headers themselves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleMessage, Page } from 'playwright-core';
import { DEMO_DONORS, DEMO_PASSWORD } from '@donorline/domain/node';
import { launchChromium, screenshot, type Browser } from './support/browser.js';
import { buildDesk, startPlatform, until, type Platform } from './support/platform.js';

const DONOR = DEMO_DONORS.find((d) => d.key === 'repeat-platelet')!;

let platform: Platform;
let browser: Browser;
const violations: string[] = [];
const pageErrors: string[] = [];

function watch(page: Page, label: string): void {
  page.on('console', (m: ConsoleMessage) => {
    const text = m.text();
    if (/Content Security Policy|Content-Security-Policy|violates the following/i.test(text)) violations.push(`${label}: ${text}`);
  });
  page.on('pageerror', (e) => pageErrors.push(`${label}: ${e.message}`));
}

async function signIn(page: Page, username: string, extension: string | null): Promise<void> {
  await page.goto(`${platform.url}/login`);
  await page.fill('[data-test=login-username]', username);
  await page.fill('[data-test=login-password]', DEMO_PASSWORD);
  await page.fill('[data-test=login-extension]', extension ?? '');
  await page.click('[data-test=login-submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
}

async function sim<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${platform.sim.url}${path}`, { method, headers: { authorization: platform.sim.auth, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`sim ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
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

describe('the desk works under the Content-Security-Policy (Chromium)', () => {
  let recordingId = 0;

  it('every page carries the security headers', async () => {
    for (const p of ['/', '/login', '/wallboard', '/api/health']) {
      const r = await fetch(`${platform.url}${p}`);
      expect(r.headers.get('content-security-policy'), p).toContain("script-src 'self'");
      expect(r.headers.get('x-frame-options'), p).toBe('DENY');
      expect(r.headers.get('x-content-type-options'), p).toBe('nosniff');
    }
  });

  it('sign-in and the desk through a whole call: no CSP violation', async () => {
    const page = await browser.newPage();
    watch(page, 'desk');
    await page.goto(`${platform.url}/login`);
    await page.waitForSelector('[data-test=login-submit]');
    await screenshot(page, 'csp-01-login');
    await signIn(page, 'agent1', '8001');
    await page.waitForSelector('[data-test=desk]');
    const goReady = page.locator('[data-test=go-ready]');
    if (await goReady.isVisible()) await goReady.click();
    await until(async () => (await page.textContent('[data-test=seat-state]'))?.includes('就绪'), 10_000, 'seat ready');
    const placed = await sim<{ linkedid: string }>('POST', '/calls', { from: DONOR.phone.replace(/\D/g, ''), callerName: DONOR.name, to: '96607' });
    await page.waitForSelector('[data-test=pop-card]', { timeout: 10_000 });
    await page.click('[data-test=answer]');
    await page.waitForSelector('[data-test=donor-profile]', { timeout: 10_000 });
    // every tab of the 360° view renders
    for (const tab of await page.locator('.dp__tabs [role=tab]').all()) await tab.click();
    await screenshot(page, 'csp-02-desk-on-call');
    await page.click('[data-test=hangup]');
    await page.waitForSelector('[data-test=wrap-up-form]', { timeout: 10_000 });
    await page.click('[data-test=disposition-consultation]');
    await page.click('[data-test=wrap-up-save]');
    await page.waitForSelector('[data-test=wrap-up-saved]', { timeout: 10_000 });
    await screenshot(page, 'csp-03-wrap-up');
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('donorline.auth') ?? '{}') as { token?: string }).token ?? '');
    recordingId = await until(async () => {
      const r = await fetch(`${platform.url}/api/calls?pageSize=5`, { headers: { authorization: `Bearer ${token}` } });
      const calls = ((await r.json()) as { items: Array<{ callId: string; recording?: { id: number } | null }> }).items;
      return calls.find((c) => c.callId === placed.linkedid)?.recording?.id ?? null;
    }, 20_000, 'the recording of the call');
    await page.close();
    expect(violations).toEqual([]);
  }, 180_000);

  it('recordings with the waveform player, the wallboard, the audit log and the API reference: no CSP violation', async () => {
    const qa = await browser.newPage();
    watch(qa, 'recordings');
    await signIn(qa, 'qa', null);
    await qa.waitForSelector('[data-test=recordings-table]');
    await qa.goto(`${platform.url}/recordings/${recordingId}`);
    await qa.waitForSelector(`[data-test=recording-player][data-recording-id="${recordingId}"]`, { timeout: 10_000 });
    await qa.click('[data-test=recording-play]');
    await until(() => qa.$eval('[data-test=recording-audio]', (a) => (a as HTMLAudioElement).currentTime > 0.3), 15_000, 'the audio to play');
    await screenshot(qa, 'csp-04-recordings');
    await qa.close();

    const sup = await browser.newPage();
    watch(sup, 'wallboard');
    await signIn(sup, 'supervisor', null);
    await sup.goto(`${platform.url}/wallboard`);
    await sup.waitForLoadState('networkidle');
    await screenshot(sup, 'csp-05-wallboard');
    await sup.close();

    const admin = await browser.newPage();
    watch(admin, 'audit');
    await signIn(admin, 'admin', null);
    await admin.goto(`${platform.url}/audit`);
    await admin.waitForSelector('[data-test=audit-table]');
    await screenshot(admin, 'csp-06-audit');
    await admin.goto(`${platform.url}/api/docs/static/index.html`);
    await admin.waitForSelector('.swagger-ui .info', { timeout: 15_000 });
    await screenshot(admin, 'csp-07-api-docs');
    await admin.close();

    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
