/**
 * Issue 10 (HTTP side of "no rate limits"): @fastify/rate-limit on sign-in (per client address) and on searches
 * (per user) — 429 RATE_LIMITED with Retry-After, the same error body as everything else.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ErrorBody } from '@donorline/domain';
import { describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, TEST_PASSWORD, type TestApp } from './test-app.js';

describeEachDb('HTTP rate limits (HTTP)', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(ctx.kind, { env: { SEARCH_RATE_PER_MINUTE: '5', LOGIN_RATE_PER_MINUTE: '3' }, seedDonors: 0 });
  }, 120_000);
  afterAll(async () => t?.close());

  it('searches: the 6th in a minute is 429 for that user only, on every search route', async () => {
    const { agent1, agent2 } = t.users;
    for (let i = 0; i < 5; i++) expect((await t.http('GET', `/api/donors?name=${encodeURIComponent('王')}&page=${i + 1}`, { token: agent1.token })).status).toBe(200);
    for (const url of ['/api/donors?name=%E7%8E%8B', '/api/calls', '/api/recordings']) {
      const r = await t.call<ErrorBody>('GET', url, { token: agent1.token });
      expect(r.status, url).toBe(429);
      expect(r.body.code).toBe('RATE_LIMITED');
      expect(r.body.message).toMatch(/查询过于频繁.*too many searches \(at most 5 a minute\)/);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect((await t.http('GET', '/api/donors?name=%E7%8E%8B', { token: agent2.token })).status).toBe(200);
    // other routes are not searches
    expect((await t.http('GET', '/api/me', { token: agent1.token })).status).toBe(200);
  });

  it('sign-in: the 4th attempt in a minute from one address is 429, whoever it names and even with the right password', async () => {
    const login = (username: string, password: string) => t.call<ErrorBody>('POST', '/api/auth/login', { json: { username, password } });
    expect((await login(t.users.agent1.user.username, TEST_PASSWORD)).status).toBe(200);
    expect((await login('nobody-here', 'wrong-password')).status).toBe(401);
    expect((await login(t.users.agent2.user.username, TEST_PASSWORD)).status).toBe(200);
    const fourth = await login(t.users.quality.user.username, TEST_PASSWORD);
    expect(fourth.status).toBe(429);
    expect(fourth.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(fourth.body.message).toMatch(/登录尝试过于频繁.*too many sign-in attempts/);
  });
});
