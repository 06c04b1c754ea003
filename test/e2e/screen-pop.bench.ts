/// <reference lib="dom" />
/**
 * npm run bench:screen-pop [-- --calls 20 --profile first-pop.cpuprofile]
 *
 * "The phone rings and, that instant, the desk pops the caller's donor record", measured where the agent sees it:
 * the platform started the README's way (`npm start`: SQLite, simulated Asterisk, bridge, IVR, the built desk),
 * agent1 signed in at seat 8001 in Debian's Chromium, then `calls` calls one after another from a seeded donor's
 * number to the direct queue number. For each: the time from the phone starting to ring (upper bound: the send time
 * of the last simulator poll that still saw the phone quiet, polled every 5 ms) to the donor's name painted on the
 * pop card (a MutationObserver on the page's own clock — same machine); then the caller hangs up and the agent closes the missed card.
 *
 * Aim: p95 ≤ 1,000 ms (the desk e2e checks that the pop is right; how fast it is lives here, not in a timed test).
 * Prints one JSON document.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { DEMO_DONORS, DEMO_PASSWORD } from '@donorline/domain/node';
import { launchChromium } from './support/browser.js';
import { buildDesk, startPlatform, until, type Platform } from './support/platform.js';

const { values: args } = parseArgs({ options: { calls: { type: 'string', default: '20' }, profile: { type: 'string' } } });
const CALLS = Math.max(1, Number(args.calls));
const AIM_P95_MS = 1000;
const DONOR = DEMO_DONORS.find((d) => d.key === 'first-timer')!;
const DIGITS = DONOR.phone.replace(/\D/g, '');

async function sim<T>(platform: Platform, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${platform.sim.url}${path}`, {
    method,
    headers: { authorization: platform.sim.auth, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`sim ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function signIn(page: Page, platform: Platform): Promise<void> {
  await page.goto(`${platform.url}/login`);
  await page.fill('[data-test=login-username]', 'agent1');
  await page.fill('[data-test=login-password]', DEMO_PASSWORD);
  await page.fill('[data-test=login-extension]', '8001');
  await page.click('[data-test=login-submit]');
  await page.waitForSelector('[data-test=seat-state]', { timeout: 30_000 });
  const goReady = page.locator('[data-test=go-ready]');
  if (await goReady.isVisible()) await goReady.click();
  await until(async () => (await page.textContent('[data-test=seat-state]'))?.includes('就绪'), 15_000, 'seat ready');
}

/**
 * Arms a watcher that stamps when the donor's name is painted on a pop card. Written as page source: tsx wraps
 * named functions in a `__name` helper that does not exist in the page.
 */
async function armWatcher(page: Page, name: string): Promise<void> {
  await page.evaluate(`(() => {
    const n = ${JSON.stringify(name)};
    window.__benchObs?.disconnect();
    window.__benchShownAt = null;
    const obs = new MutationObserver(() => {
      if (document.querySelector('[data-test=pop-card] [data-test=pop-donor-name]')?.textContent?.trim() !== n) return;
      window.__benchShownAt = Date.now();
      obs.disconnect();
    });
    window.__benchObs = obs;
    obs.observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);
}

async function oneCall(page: Page, platform: Platform): Promise<{ nameAfterRingMs: number; renderMs: number | null }> {
  await armWatcher(page, DONOR.name);
  const placed = await sim<{ linkedid: string }>(platform, 'POST', '/calls', { from: DIGITS, callerName: DONOR.name, to: '96607' });
  let lastQuietSentAt = Date.now();
  await until(
    async () => {
      const sentAt = Date.now();
      const ringing = (await sim<{ ringing: string[] }>(platform, 'GET', '/devices/8001')).ringing.length > 0;
      if (!ringing) lastQuietSentAt = sentAt;
      return ringing;
    },
    15_000,
    'phone 8001 ringing',
    5,
  );
  const shownAt = await until(() => page.evaluate(() => (window as unknown as { __benchShownAt: number | null }).__benchShownAt), 15_000, 'the donor name on the pop', 5);
  const popId = await page.locator('[data-test=pop-card]').getAttribute('data-pop-id');
  const renderMs = await page.evaluate((id) => (window as unknown as { __donorline?: { popLatencies: { popId: string; ms: number }[] } }).__donorline?.popLatencies.find((l) => l.popId === id)?.ms ?? null, popId);
  await sim(platform, 'POST', `/calls/${placed.linkedid}/hangup`);
  // the unanswered call stays on the desk as 未接 until the agent closes it
  await page.locator('[data-test=pop-card].pop--missed .pop__close').click({ timeout: 15_000 });
  await page.waitForSelector('[data-test=pop-card]', { state: 'detached', timeout: 15_000 });
  await until(async () => (await sim<{ ringing: string[] }>(platform, 'GET', '/devices/8001')).ringing.length === 0, 15_000, 'phone quiet');
  await until(async () => (await page.textContent('[data-test=seat-state]'))?.includes('就绪'), 15_000, 'seat ready again');
  return { nameAfterRingMs: shownAt - lastQuietSentAt, renderMs };
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function main(): Promise<void> {
  await buildDesk();
  const platform = await startPlatform();
  const browser = await launchChromium();
  const started = Date.now();
  try {
    const page = await browser.newPage();
    await signIn(page, platform);
    const names: number[] = [];
    const renders: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      // --profile: the desk's CPU profile of the first call (open it in Chromium's DevTools, Performance tab)
      const cdp = i === 0 && args.profile ? await page.context().newCDPSession(page) : null;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
      }
      const r = await oneCall(page, platform);
      if (cdp) writeFileSync(args.profile!, JSON.stringify((await cdp.send('Profiler.stop')).profile));
      names.push(r.nameAfterRingMs);
      if (r.renderMs !== null) renders.push(r.renderMs);
    }
    const figures = {
      calls: CALLS,
      nameAfterRingMs: { first: names[0], p50: pct(names, 50), p95: pct(names, 95), max: Math.max(...names) },
      renderMs: renders.length ? { p50: pct(renders, 50), p95: pct(renders, 95), max: Math.max(...renders) } : null,
      wallSeconds: Math.round((Date.now() - started) / 100) / 10,
    };
    const aims = { nameAfterRingP95Ms: `<= ${AIM_P95_MS}` };
    console.log(JSON.stringify({ bench: 'screen-pop', figures, aims, pass: figures.nameAfterRingMs.p95 <= AIM_P95_MS }, null, 2));
  } finally {
    await browser.close().catch(() => {});
    await platform.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
