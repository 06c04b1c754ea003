/**
 * Issue 10: the bridge sent no Content-Security-Policy, X-Frame-Options or nosniff. Every kind of response — the
 * desk, the API, errors, the audio stream — carries them (@fastify/helmet, guard/http-guard.ts). That the desk works
 * under this CSP is checked in Chromium by the E2E test (no CSP violation on any page).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

describeEachDb('security headers on every response (HTTP)', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
  }, 120_000);
  afterAll(async () => t?.close());

  it('desk, assets, SPA fallback, API, API errors, unknown routes and docs: CSP, frame and sniffing protection, no referrer', async () => {
    const pages: Array<[string, Record<string, string>?, string?]> = [
      ['/'], ['/recordings/12', { accept: 'text/html' }], ['/assets/index-abc123.js'], ['/api/health'],
      ['/api/me', undefined, t.users.agent1.token], ['/api/me'], ['/api/nope'], ['/api/donors?idLast4=1', undefined, t.users.agent1.token], ['/api/docs/json'],
    ];
    for (const [url, headers, token] of pages) {
      const r = await t.http('GET', url, { headers, ...(token ? { token } : {}) });
      await r.arrayBuffer();
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("object-src 'none'");
      expect(csp, url).toContain("connect-src 'self'");
      expect(r.headers.get('x-frame-options'), url).toBe('DENY');
      expect(r.headers.get('x-content-type-options'), url).toBe('nosniff');
      expect(r.headers.get('referrer-policy'), url).toBe('no-referrer');
      expect(r.headers.get('cross-origin-opener-policy'), url).toBe('same-origin');
    }
  });
});
