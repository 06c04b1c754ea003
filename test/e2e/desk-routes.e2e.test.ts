/// <reference lib="dom" />
/**
 * Every page of the desk, in both languages, at a laptop (1366×768) and a desktop (1920×1080) window, in Debian's
 * Chromium against the real platform: each route of apps/agent-desk/src/router/routes.ts, opened in both languages
 * and at both sizes (two of the four combinations, crossed) by roles allowed to open it, must show its landmark,
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

  // Each route is opened in two of the four combinations — one per language, one per window size ({zh-CN 1366,
  // en 1920} for every other route, {zh-CN 1920, en 1366} for the rest) — as a role allowed to open it, rotating;
  // every combination still shows every role's pages and menus. (Every route in all four combinations, as every
  // role, took 3.5 of CI's 30 minutes; a page blanked by a language's or a width's CSS is still caught, in both.)
  const COMBOS = LANGS.flatMap((lang) => SIZES.map((size) => ({ lang, size })));
  const ROLES = Object.keys(USERS) as Role[];
  const PRIVATE = DESK_ROUTES.filter((x) => !x.public);
  const combosOf = (i: number): number[] => (i % 2 === 0 ? [0, 3] : [1, 2]);
  function visitsFor(combo: number): Map<Role, (typeof DESK_ROUTES)[number][]> {
    const byRole = new Map<Role, (typeof DESK_ROUTES)[number][]>();
    PRIVATE.forEach((r, i) => {
      if (!combosOf(i).includes(combo)) return;
      const allowed = ROLES.filter((role) => routeAllows(r, role));
      // a role this combination has not shown yet first, then rotating
      const role = allowed.find((x) => !byRole.has(x)) ?? allowed[(Math.floor(i / 2) + combo) % allowed.length]!;
      byRole.set(role, [...(byRole.get(role) ?? []), r]);
    });
    return byRole;
  }

  it('each route is seen in both languages and both sizes, and every role in every combination', () => {
    const seen = new Set<string>();
    COMBOS.forEach(({ lang, size }, i) => {
      const visits = visitsFor(i);
      expect([...visits.keys()].sort(), `roles at ${lang} ${size.width}`).toEqual([...ROLES].sort());
      visits.forEach((routes) => routes.forEach((r) => seen.add(`${r.name}:${lang}`).add(`${r.name}:${size.width}`)));
    });
    for (const r of PRIVATE) for (const k of [...LANGS, ...SIZES.map((x) => x.width)]) expect(seen.has(`${r.name}:${k}`), `${r.name} ${k}`).toBe(true);
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
      expect(checked).toBe(1 + [...visitsFor(combo).values()].reduce((n, rs) => n + rs.length, 0));
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
