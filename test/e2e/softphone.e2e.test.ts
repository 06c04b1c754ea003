/// <reference lib="dom" />
/**
 * The desk's phone panel in training mode, in Chromium against `npm start` (simulated Asterisk): the same panel the
 * WebRTC softphone uses (test/pbx/softphone.e2e.test.ts drives it against a real Asterisk), here driving the
 * simulated phone — it rings with the pop, answers, mutes (MUTEAUDIO on the agent's channel), sends DTMF (PlayDTMF
 * towards the caller) and follows the hang-up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@donorline/domain/node';
import { launchChromium, screenshot, type Browser } from './support/browser.js';
import { buildDesk, startPlatform, until, type Platform } from './support/platform.js';

let platform: Platform;
let browser: Browser;

async function sim<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${platform.sim.url}${path}`, {
    method,
    headers: { authorization: platform.sim.auth, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`sim ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  await buildDesk();
  platform = await startPlatform();
  browser = await launchChromium({ media: true });
}, 240_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await platform?.stop();
}, 60_000);

describe('the desk\'s phone panel in training mode', () => {
  it('rings with the pop, answers, mutes, sends DTMF and follows the hang-up — without SIP', async () => {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.log('[desk pageerror]', e.message));
    await page.goto(`${platform.url}/login`);
    await page.fill('[data-test=login-username]', 'agent2');
    await page.fill('[data-test=login-password]', DEMO_PASSWORD);
    await page.fill('[data-test=login-extension]', '8002');
    await page.click('[data-test=login-submit]');
    await page.waitForSelector('[data-test=desk]');
    await page.waitForSelector('[data-test=softphone]');
    const goReady = page.locator('[data-test=go-ready]');
    if (await goReady.isVisible()) await goReady.click();
    await until(async () => (await page.textContent('[data-test=softphone-state]'))?.includes('已就绪'), 10_000, 'the panel ready');
    expect(await page.textContent('[data-test=softphone]')).toContain('模拟话机（培训）');

    const call = await sim<{ callId: string; channel: string }>('POST', '/calls', { from: '13700008888', to: '96607' });
    await page.waitForSelector('[data-test=softphone-ringing]', { timeout: 10_000 });
    await screenshot(page, 'softphone-zh-CN-01-training-ringing');
    await page.click('[data-test=softphone-answer]');
    await page.waitForSelector('[data-test=softphone-mute]', { timeout: 10_000 });

    await page.click('[data-test=softphone-mute]');
    await until(async () => (await page.textContent('[data-test=softphone-mute]'))?.includes('取消静音'), 5000, 'muted');
    await page.click('[data-test=softphone-keypad]');
    await page.click('[data-test="dtmf-5"]');
    await screenshot(page, 'softphone-zh-CN-02-training-talking');
    // the simulator saw the agent's channel muted and the digit sent towards the caller
    const state = await sim<{ channels: Array<{ name: string }> }>('GET', '/state');
    expect(state.channels.some((c) => c.name.startsWith('PJSIP/8002-'))).toBe(true);

    await sim('POST', `/calls/${call.callId}/hangup`);
    await until(async () => !(await page.locator('[data-test=softphone-mute]').isVisible()), 10_000, 'the panel back to idle');
    await page.close();
  }, 60_000);
});
