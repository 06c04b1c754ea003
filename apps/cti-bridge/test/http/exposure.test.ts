/**
 * Issue 10: /metrics and /api/docs were anonymous on the public port. They are configurable (METRICS_ENABLED,
 * METRICS_TOKEN, METRICS_HOST/METRICS_PORT, DOCS_ENABLED), on in the embedded demo and off the public port by default
 * in production (DB_URL set or NODE_ENV=production).
 */
import { afterEach, expect, it } from 'vitest';
import { Gauge, Registry } from 'prom-client';
import type { ErrorBody } from '@donorline/domain';
import { describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

function registry(): Registry {
  const r = new Registry();
  new Gauge({ name: 'donorline_test_live_calls', help: 'test gauge', registers: [r] }).set(3);
  return r;
}

describeEachDb('/metrics and /api/docs exposure (HTTP)', (ctx) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  const app = async (env: Record<string, string>): Promise<TestApp> => {
    const reg = registry();
    t = await buildTestApp(ctx.kind, { env: { DOCS_ENABLED: '', ...env }, metrics: () => reg, seedDonors: 0 });
    return t;
  };

  it('defaults: the embedded SQLite demo serves both on the public port; a MariaDB DB_URL is production — neither', async () => {
    const a = await app({});
    const m = await a.http('GET', '/metrics');
    const docs = await a.http('GET', '/api/docs/json');
    if (ctx.kind === 'sqlite') {
      expect(m.status).toBe(200);
      expect(await m.text()).toContain('donorline_test_live_calls 3');
      expect(docs.status).toBe(200);
    } else {
      expect(a.config.db.kind).toBe('mysql');
      expect([m.status, docs.status]).toEqual([404, 404]);
    }
  }, 120_000);

  it('production (NODE_ENV=production, or DB_URL): neither is on the public port — 404 like any unknown route', async () => {
    const a = await app({ NODE_ENV: 'production' });
    expect(a.config.guard.metrics.mode).toBe('off');
    expect(a.config.guard.docs).toBe(false);
    for (const url of ['/metrics', '/api/docs', '/api/docs/json', '/api/docs/static/index.html']) {
      const r = await a.call<ErrorBody>('GET', url);
      expect(r.status, url).toBe(404);
      expect(r.body.code, url).toBe('NOT_FOUND');
    }
    // the API itself is unaffected
    expect((await a.http('GET', '/api/health')).status).toBe(200);
  }, 120_000);

  it('METRICS_TOKEN: a scrape needs the bearer token (401 otherwise); DOCS_ENABLED turns the reference on in production', async () => {
    const a = await app({ NODE_ENV: 'production', METRICS_TOKEN: 'scrape-token-0123456789abcdef', DOCS_ENABLED: 'true' });
    const anon = await a.http('GET', '/metrics');
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await anon.text()).not.toContain('donorline_test');
    expect((await a.http('GET', '/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789abcdef' } })).status).toBe(401);
    const ok = await a.http('GET', '/metrics', { headers: { authorization: 'Bearer scrape-token-0123456789abcdef' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('donorline_test_live_calls 3');
    expect((await a.http('GET', '/api/docs/json')).status).toBe(200);
  }, 120_000);

  it('METRICS_PORT: /metrics only on its own listener, never on the public port', async () => {
    const a = await app({ NODE_ENV: 'production', METRICS_PORT: '0', METRICS_HOST: '127.0.0.1' });
    expect(a.config.guard.metrics.mode).toBe('separate');
    expect((await a.http('GET', '/metrics')).status).toBe(404);
    const own = a.extras.metricsServer!;
    await own.listen({ host: a.config.guard.metrics.host, port: a.config.guard.metrics.port });
    const addr = own.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const r = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('donorline_test_live_calls 3');
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(404);
  }, 120_000);
});
