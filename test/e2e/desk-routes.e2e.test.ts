/// <reference lib="dom" />
/**
 * Every page of the desk, in both languages, at a laptop (1366×768) and a desktop (1920×1080) window, in Debian's
 * Chromium against the real platform: each route of apps/agent-desk/src/router/routes.ts, opened by the roles
 * allowed to open it (one per window size and language, rotating so every pair is seen), must show its landmark,
 * readable text on screen and no sideways scrolling. This is the class of bug where English at ≤ 1500 px rendered a
 * blank page (a scoped `:global(html[lang=en])` rule compiled to `html[lang=en]{display:none}`) — any CSS,
 * route or language change that blanks a page fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@donorline/domain';
import { DESK_ROUTES, routeAllows } from '../../apps/agent-desk/src/router/routes.js';
import { launchChromium, screenshot, type Browser } from './support/browser.js';
import { expectVisiblePage, signIn, signOutQuietly } from './support/desk-page.js';
import { buildDesk, startPlatform, type Platform } from './support/platform.js';

let platform: Platform;
let browser: Browser;

const USERS: Record<Role, string> = { agent: 'agent1', supervisor: 'supervisor', quality: 'qa', admin: 'admin' };
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
const LANGS = ['zh-CN', 'en'] as const;

beforeAll(async () => {
  await buildDesk();
  platform = await startPlatform();
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await platform?.stop();
}, 60_000);

describe('every desk route shows content in both languages at 1366×768 and 1920×1080', () => {
  it('covers every route of the route table', () => {
    const roles = Object.keys(USERS) as Role[];
    for (const r of DESK_ROUTES) expect(r.public || roles.some((role) => routeAllows(r, role)), r.name).toBe(true);
  });

  // Each combination opens every route once, as one of the roles allowed to open it; the role rotates with the
  // combination, so across the four combinations every (route, role) pair is seen (no route allows more than four
  // roles) while a run stays one page per route per combination.
  const COMBOS = LANGS.flatMap((lang) => SIZES.map((size) => ({ lang, size })));
  const ROLES = Object.keys(USERS) as Role[];
  function visitsFor(combo: number): Map<Role, (typeof DESK_ROUTES)[number][]> {
    const byRole = new Map<Role, (typeof DESK_ROUTES)[number][]>();
    for (const r of DESK_ROUTES.filter((x) => !x.public)) {
      const allowed = ROLES.filter((role) => routeAllows(r, role));
      const role = allowed[combo % allowed.length]!;
      byRole.set(role, [...(byRole.get(role) ?? []), r]);
    }
    return byRole;
  }

  it('the rotation shows every route to every role allowed to open it', () => {
    const seen = new Set<string>();
    COMBOS.forEach((_, i) => visitsFor(i).forEach((routes, role) => routes.forEach((r) => seen.add(`${r.name}:${role}`))));
    for (const r of DESK_ROUTES.filter((x) => !x.public)) {
      for (const role of ROLES.filter((x) => routeAllows(r, x))) expect(seen.has(`${r.name}:${role}`), `${r.name} as ${role}`).toBe(true);
    }
  });

  COMBOS.forEach(({ lang, size }, combo) => {
    it(`${lang} at ${size.width}×${size.height}`, async () => {
      const page = await browser.newPage();
      page.on('pageerror', (e) => console.log(`[desk pageerror ${lang} ${size.width}]`, e.message));
      await page.setViewportSize(size);
      await page.addInitScript((l) => localStorage.setItem('donorline.locale', l), lang);
      const tag = `${lang}-${size.width}`;
      let checked = 0;

      const login = DESK_ROUTES.find((r) => r.public)!;
      await page.goto(`${platform.url}${login.sample}`);
      await expectVisiblePage(page, login.landmark, `${login.name} ${tag}`, lang);
      await screenshot(page, `routes-${tag}-login`);
      checked++;

      for (const [role, routes] of visitsFor(combo)) {
        await signIn(page, platform.url, USERS[role], null);
        for (const r of routes) {
          await page.goto(`${platform.url}${r.sample}`);
          await page.waitForLoadState('networkidle').catch(() => undefined);
          await expectVisiblePage(page, r.landmark, `${r.name} as ${role} ${tag}`, lang);
          await screenshot(page, `routes-${tag}-${r.name}-${role}`);
          checked++;
        }
        await signOutQuietly(page);
      }
      expect(checked).toBe(DESK_ROUTES.length);
      await page.close();
    }, 180_000);
  });

  it('switching the language on a laptop-sized window keeps the page, is remembered, and can be switched back', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${platform.url}/login`);
    await page.evaluate(() => localStorage.removeItem('donorline.locale'));
    await page.reload();
    await expectVisiblePage(page, '[data-test=login-submit]', 'login zh-CN', 'zh-CN');
    await page.click('[data-test=login-lang-en]');
    await expectVisiblePage(page, '[data-test=login-submit]', 'login after switching to English', 'en');
    await page.reload();
    await expectVisiblePage(page, '[data-test=login-submit]', 'login after a reload (English remembered)', 'en');
    expect(await page.textContent('[data-test=login-submit]')).toMatch(/Sign in/i);
    await signIn(page, platform.url, 'agent1', null);
    await expectVisiblePage(page, '[data-test=desk]', 'desk in English at 1366', 'en');
    await page.click('[data-test=lang-zh-CN]');
    await expectVisiblePage(page, '[data-test=desk]', 'desk switched back to Chinese', 'zh-CN');
    await page.close();
  }, 60_000);
});
