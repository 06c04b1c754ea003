/// <reference lib="dom" />
/**
 * What a person sees, measured in the page: signing in through the login form, and whether a page really shows
 * something — text on screen (not just in the DOM), the page's landmark inside the viewport, no sideways scrolling.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@donorline/domain/node';
import { screenshot } from './browser.js';

export async function signIn(page: Page, baseUrl: string, username: string, extension: string | null): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('[data-test=login-username]', username);
  await page.fill('[data-test=login-password]', DEMO_PASSWORD);
  await page.fill('[data-test=login-extension]', extension ?? '');
  await page.click('[data-test=login-submit]');
  try {
    await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15_000 });
  } catch (e) {
    await screenshot(page, `failed-sign-in-${username}`);
    const err = await page.locator('[data-test=login-error]').textContent().catch(() => null);
    throw new Error(`${username} could not sign in${err ? `: ${err}` : ''} (${(e as Error).message})`, { cause: e });
  }
}

/** Forgets the session of this tab (the token lives in sessionStorage) without touching the remembered language. */
export async function signOutQuietly(page: Page): Promise<void> {
  await page.evaluate(() => sessionStorage.clear());
}

export interface Visibility {
  /** Share of the viewport covered by the boxes of visible text. */
  textArea: number;
  /** Visible characters of text inside the viewport. */
  chars: number;
  landmark: { x: number; y: number; width: number; height: number } | null;
  scrollWidth: number;
  innerWidth: number;
  lang: string;
  hidden: string[];
}

/** Measures what is really painted: text nodes whose boxes intersect the viewport, under elements that are shown. */
export function measure(page: Page, landmark: string): Promise<Visibility> {
  return page.evaluate((sel) => {
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const shown = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false;
      }
      return true;
    };
    let area = 0;
    let chars = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim() ?? '';
      if (!text || !shown(n.parentElement)) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      let counted = false;
      for (const r of Array.from(range.getClientRects())) {
        const w = Math.min(r.right, vw) - Math.max(r.left, 0);
        const h = Math.min(r.bottom, vh) - Math.max(r.top, 0);
        if (w > 0 && h > 0) {
          area += w * h;
          counted = true;
        }
      }
      if (counted) chars += text.length;
    }
    const lm = document.querySelector(sel);
    const box = lm && shown(lm) ? lm.getBoundingClientRect() : null;
    const hidden = ['html', 'body', '#app'].filter((s) => {
      const e = document.querySelector(s);
      return !e || getComputedStyle(e).display === 'none' || getComputedStyle(e).visibility === 'hidden';
    });
    return {
      textArea: area / (vw * vh), chars,
      landmark: box ? { x: box.x, y: box.y, width: box.width, height: box.height } : null,
      scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, lang: document.documentElement.lang, hidden,
    };
  }, landmark);
}

/** The page shows real content: its landmark on screen, readable text, nothing wider than the window. */
export async function expectVisiblePage(page: Page, landmark: string, what: string, lang?: string): Promise<Visibility> {
  await page.waitForSelector(landmark, { state: 'visible', timeout: 15_000 }).catch(() => undefined);
  const v = await measure(page, landmark);
  const msg = `${what}: ${JSON.stringify(v)}`;
  expect(v.hidden, msg).toEqual([]);
  expect(v.landmark, msg).not.toBeNull();
  expect(v.landmark!.width * v.landmark!.height, msg).toBeGreaterThan(1000);
  expect(v.landmark!.x, msg).toBeLessThan(v.innerWidth);
  expect(v.chars, msg).toBeGreaterThan(20);
  expect(v.textArea, msg).toBeGreaterThan(0.004);
  expect(v.scrollWidth, `${msg} (the page scrolls sideways)`).toBeLessThanOrEqual(v.innerWidth + 1);
  if (lang) expect(v.lang, msg).toBe(lang);
  return v;
}
