/// <reference lib="dom" />
/**
 * The desk IS the phone, against a REAL Asterisk (skipped unless configured): `npm start` with AMI_URL/ARI_URL at
 * the Asterisk and the softphone (SOFTPHONE_WS_URL/SECRET), Debian's Chromium with fake media devices. An agent takes
 * softphone seat 8501, enables the softphone (JsSIP registers over WSS, DTLS-SRTP/ICE), a donor calls the hotline
 * through the carrier trunk (SIPp), the browser rings with the pop, the agent answers in the browser, holds and
 * resumes (the desk follows Asterisk's Hold/Unhold), sends DTMF, mutes, and hangs up.
 *
 *   PBX_AMI_URL, PBX_ARI_URL              as for test/pbx (the bridge's users)
 *   PBX_SOFTPHONE_WS_URL=wss://127.0.0.1:8089/ws   PBX_SOFTPHONE_SECRET=<SOFTPHONE_SECRET of the Asterisk>
 *   PBX_SIP (default <AMI host>:5060), PBX_CARRIER_ADDRESS (default 127.0.0.2), PBX_CARRIER_PORT (5080)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@donorline/domain/node';
import { launchChromium, screenshot, type Browser } from '../e2e/support/browser.js';
import { buildDesk, startPlatform, until, type Platform } from '../e2e/support/platform.js';

const AMI_URL = process.env.PBX_AMI_URL?.trim();
const ARI_URL = process.env.PBX_ARI_URL?.trim();
const WS_URL = process.env.PBX_SOFTPHONE_WS_URL?.trim();
const SECRET = process.env.PBX_SOFTPHONE_SECRET?.trim();
const CONFIGURED = !!(AMI_URL && ARI_URL && WS_URL && SECRET);
const SKIP = 'no real Asterisk with the softphone configured: set PBX_AMI_URL, PBX_ARI_URL, PBX_SOFTPHONE_WS_URL and PBX_SOFTPHONE_SECRET';
const here = path.dirname(fileURLToPath(import.meta.url));

let platform: Platform;
let browser: Browser;

/** One donor call through the carrier trunk (SIPp donor-call.xml), staying `ms` after the answer. */
function donorCall(ms: number): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dl-sp-sipp-'));
  writeFileSync(path.join(dir, 'caller.csv'), 'SEQUENTIAL\n13911223344\n');
  const sip = process.env.PBX_SIP || `${new URL(AMI_URL!).hostname}:5060`;
  const addr = process.env.PBX_CARRIER_ADDRESS || '127.0.0.2';
  const p = spawn('sipp', [sip, '-sf', path.join(here, 'sipp/donor-call.xml'), '-inf', path.join(dir, 'caller.csv'), '-i', addr, '-p', process.env.PBX_CARRIER_PORT || '5080',
    '-mi', addr, '-mp', '18500', '-s', process.env.PBX_HOTLINE_NUMBER || '96607', '-m', '1', '-d', String(ms), '-aa', '-nostdin', '-timeout', '60s'], { cwd: dir, stdio: 'ignore' });
  return new Promise((resolve) => p.on('exit', (c) => resolve(c ?? -1)));
}

describe.skipIf(!CONFIGURED)(`the WebRTC softphone against a real Asterisk${CONFIGURED ? '' : ` — skipped: ${SKIP}`}`, () => {
  beforeAll(async () => {
    await buildDesk();
    platform = await startPlatform({ AMI_URL: AMI_URL!, ARI_URL: ARI_URL!, IVR_ENABLED: 'false', QUEUES: 'hotline', SOFTPHONE_WS_URL: WS_URL!, SOFTPHONE_SECRET: SECRET!, WRAP_UP_REQUIRED: 'false', WRAP_UP_SECONDS: '0' });
    browser = await launchChromium({ media: true });
    // the demo agents get a softphone seat each (Administration → Staff: assigned extensions)
    const login = await fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const staff = (await (await fetch(`${platform.url}/api/admin/staff`, { headers: auth })).json()) as Array<{ id: number; username: string; extensions: string[] }>;
    for (const [username, ext] of [['agent1', '8501'], ['agent2', '8502']] as const) {
      const u = staff.find((x) => x.username === username)!;
      const r = await fetch(`${platform.url}/api/admin/staff/${u.id}`, { method: 'PATCH', headers: auth, body: JSON.stringify({ extensions: [...u.extensions, ext] }) });
      if (!r.ok) throw new Error(`assigning ${ext} to ${username}: ${r.status} ${await r.text()}`);
    }
  }, 240_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await platform?.stop();
  }, 60_000);

  it('registers over WSS, rings with the pop, answers in the browser, holds, resumes, DTMF, mute, hangs up', async () => {
    const page: Page = await browser.newPage();
    page.on('pageerror', (e) => console.log('[desk pageerror]', e.message));
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('[desk console]', m.text()); });
    await page.goto(`${platform.url}/login`);
    await page.fill('[data-test=login-username]', 'agent1');
    await page.fill('[data-test=login-password]', DEMO_PASSWORD);
    await page.fill('[data-test=login-extension]', '8501');
    await page.click('[data-test=login-submit]');
    await page.waitForSelector('[data-test=softphone-enable]', { timeout: 20_000 });
    const goReady = page.locator('[data-test=go-ready]');
    if (await goReady.isVisible()) await goReady.click();
    await page.click('[data-test=softphone-enable]');
    await until(async () => (await page.textContent('[data-test=softphone-state]'))?.includes('已就绪'), 20_000, 'the softphone registered');
    await screenshot(page, 'softphone-zh-CN-03-webrtc-ready');

    const done = donorCall(12_000);
    await page.waitForSelector('[data-test=softphone-ringing]', { timeout: 20_000 });
    await page.waitForSelector('[data-test=answer]', { timeout: 5000 }); // the pop's call controls offer it too
    await screenshot(page, 'softphone-zh-CN-04-webrtc-ringing');
    await page.click('[data-test=softphone-answer]');
    await page.waitForSelector('[data-test=softphone-mute]', { timeout: 15_000 });
    await until(async () => (await page.textContent('[data-test=seat-state]'))?.includes('通话中'), 10_000, 'the desk shows the call connected');

    await page.click('[data-test=softphone-hold]');
    await until(async () => (await page.textContent('[data-test=softphone-hold]'))?.includes('恢复'), 10_000, 'held in the browser');
    // the bridge saw Asterisk's Hold (re-INVITE sendonly from the browser) and the desk's call controls show it
    await until(async () => (await page.textContent('[data-test=call-controls]'))?.includes('保持中'), 10_000, 'the desk follows Asterisk\'s Hold');
    await page.click('[data-test=softphone-hold]');
    await until(async () => (await page.textContent('[data-test=softphone-hold]'))?.includes('保持'), 10_000, 'resumed');
    await until(async () => !(await page.textContent('[data-test=call-controls]'))?.includes('保持中'), 10_000, 'the desk follows Asterisk\'s Unhold');

    await page.click('[data-test=softphone-keypad]');
    await page.click('[data-test="dtmf-1"]');
    await page.click('[data-test=softphone-mute]');
    await until(async () => (await page.textContent('[data-test=softphone-mute]'))?.includes('取消静音'), 5000, 'muted');
    await screenshot(page, 'softphone-zh-CN-05-webrtc-talking');
    await page.click('[data-test=softphone-hangup]');
    await until(async () => !(await page.locator('[data-test=softphone-mute]').isVisible()), 10_000, 'the call ended in the browser');
    // the donor's SIPp ends with "unexpected BYE" (the agent hung up first): the call is over on both sides
    expect(await done).toBeGreaterThanOrEqual(0);
    const toasts = await page.locator('.el-message--error').allTextContents();
    expect(toasts, `error toasts; platform said:\n${platform.output().split('\n').filter((l) => /error|warn/i.test(l)).slice(-15).join('\n')}`).toEqual([]);
    await page.close();
  }, 90_000);

  it('a browser that refuses the microphone: a clear state, no registration, calls are not offered to this browser', async () => {
    // a second Chromium without fake media permission: getUserMedia is denied (headless: no one to click "allow")
    const denied = await launchChromium();
    try {
      const page = await denied.newPage();
      await page.goto(`${platform.url}/login`);
      await page.fill('[data-test=login-username]', 'agent2');
      await page.fill('[data-test=login-password]', DEMO_PASSWORD);
      await page.fill('[data-test=login-extension]', '8502');
      await page.click('[data-test=login-submit]');
      await page.waitForSelector('[data-test=softphone-enable]', { timeout: 20_000 });
      await page.click('[data-test=softphone-enable]');
      await until(async () => (await page.textContent('[data-test=softphone-state]'))?.includes('无麦克风'), 15_000, 'the mic-denied state');
      expect(await page.textContent('[data-test=softphone]')).toContain('浏览器拒绝了麦克风');
      await screenshot(page, 'softphone-zh-CN-06-mic-denied');
      await page.close();
    } finally {
      await denied.close();
    }
  }, 60_000);
});
