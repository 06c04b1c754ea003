import { createSigner } from 'fast-jwt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '@donorline/domain/testing';
import type { AuditEntryDto, ErrorBody, Page, UserDto } from '@donorline/domain';
import { JWT_AUDIENCE, JWT_ISSUER } from '../../src/auth/index.js';
import { buildTestApp, TEST_PASSWORD, type TestApp } from './test-app.js';

describeEachDb('auth over HTTP', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(ctx.kind, { env: { LOGIN_MAX_FAILURES: '4', LOGIN_LOCKOUT_SECONDS: '600' } });
  }, 120_000);
  afterAll(async () => t?.close());

  it('login returns a JWT and the user; the token works on the API and for Socket.IO (verifyToken)', async () => {
    const { agent1 } = t.users;
    const r = await t.call<{ token: string; user: UserDto }>('POST', '/api/auth/login', { json: { username: agent1.user.username, password: TEST_PASSWORD } });
    expect(r.status).toBe(200);
    expect(r.body.user).toEqual(agent1.user);
    const claims = JSON.parse(Buffer.from(r.body.token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: String(agent1.user.id), role: 'agent', username: agent1.user.username, iss: JWT_ISSUER, aud: JWT_AUDIENCE });
    expect(typeof claims.sid).toBe('string');
    expect(Number(claims.exp) - Number(claims.iat)).toBe(10 * 3600); // TOKEN_TTL default 10h
    expect(t.auth.verifyToken(r.body.token)).toEqual({ userId: agent1.user.id, username: agent1.user.username, role: 'agent', sid: claims.sid, exp: claims.exp });
    const me = await t.call<UserDto>('GET', '/api/me', { token: r.body.token });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(agent1.user.id);
    // the login is audited
    const audit = await t.services.audit.list({ action: 'auth.login', actorId: agent1.user.id });
    expect(audit.total).toBeGreaterThanOrEqual(1);
    expect(audit.items[0]!.ip).toBe('127.0.0.1');
  });

  it('a wrong password or an unknown user is 401 with the same message; bad input is 400', async () => {
    const wrong = await t.call<ErrorBody>('POST', '/api/auth/login', { json: { username: t.users.agent2.user.username, password: 'nope' } });
    const unknown = await t.call<ErrorBody>('POST', '/api/auth/login', { json: { username: 'nobody-here', password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.code).toBe('UNAUTHENTICATED');
    expect(unknown.body.message).toBe(wrong.body.message);
    const bad = await t.call<ErrorBody>('POST', '/api/auth/login', { json: { username: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.message).toMatch(/password|username/);
  });

  it('locks a user name out after repeated failures, with growing delays, even for the right password', async () => {
    const { supervisor } = t.users;
    const name = supervisor.user.username;
    const took: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = await t.call<ErrorBody>('POST', '/api/auth/login', { json: { username: name, password: `guess-${i}` } });
      took.push(performance.now() - t0);
      expect(r.status).toBe(401);
    }
    // 1st failure: no delay; 2nd: 40 ms; 3rd: 80 ms (LOGIN_FAILURE_DELAY_MS=40, doubling)
    expect(took[2]!).toBeGreaterThanOrEqual(75);
    const fourth = await t.call<ErrorBody>('POST', '/api/auth/login', { json: { username: name, password: 'guess-4' } });
    expect(fourth.status).toBe(401);
    const locked = await t.call<ErrorBody>('POST', '/api/auth/login', { json: { username: name, password: TEST_PASSWORD } });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('RATE_LIMITED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(590);
    expect(locked.body.details?.retryAfterSeconds).toBeGreaterThan(590);
    // other users are not affected; the lock-out is audited for the admins
    const other = await t.call('POST', '/api/auth/login', { json: { username: t.users.quality.user.username, password: TEST_PASSWORD } });
    expect(other.status).toBe(200);
    const audit = await t.call<Page<AuditEntryDto>>('GET', '/api/audit?action=auth.lockout', { token: t.users.admin.token });
    expect(audit.body.items.some((e) => e.subjectId === String(supervisor.user.id) && e.detail?.typed === name)).toBe(true);
  });

  it('no token, a garbage token, a foreign or expired token are 401', async () => {
    const none = await t.call<ErrorBody>('GET', '/api/donors?q=test');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('UNAUTHENTICATED');
    expect((await t.call('GET', '/api/me', { token: 'not.a.token' })).status).toBe(401);
    expect((await t.call('GET', '/api/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
    const sid = (t.auth.verifyToken(t.users.admin.token)).sid;
    const foreign = createSigner({ key: 'another-secret-0123456789abcdef0123456789', iss: JWT_ISSUER, aud: JWT_AUDIENCE })({ sub: String(t.users.admin.user.id), role: 'admin', username: 'x', sid });
    expect((await t.call('GET', '/api/me', { token: foreign })).status).toBe(401);
    const expired = createSigner({ key: t.config.auth.jwtSecret, iss: JWT_ISSUER, aud: JWT_AUDIENCE, expiresIn: 1000, clockTimestamp: Date.now() - 3_600_000 })({
      sub: String(t.users.admin.user.id), role: 'admin', username: t.users.admin.user.username, sid,
    });
    const r = await t.call<ErrorBody>('GET', '/api/me', { token: expired });
    expect(r.status).toBe(401);
    expect(r.body.message).toMatch(/expired/);
    expect(() => t.auth.verifyToken(expired)).toThrow(/expired/);
  });

  it('a token minted for another role than the account has now is refused (role changes take effect)', async () => {
    const forged = await t.auth.issueToken({ ...t.users.agent2.user, role: 'admin' });
    expect((await t.call('GET', '/api/audit', { token: forged })).status).toBe(401);
  });

  it('a deactivated account loses access with its existing token', async () => {
    const u = await t.services.users.create({ username: `leaver${Date.now() % 100000}`, displayName: '离职', password: TEST_PASSWORD, role: 'agent' });
    const token = await t.auth.issueToken(u);
    expect((await t.call('GET', '/api/me', { token })).status).toBe(200);
    await t.services.ds.query('UPDATE app_user SET active = 0 WHERE id = ?', [u.id]);
    t.auth.forget(u.id);
    expect((await t.call('GET', '/api/me', { token })).status).toBe(401);
    expect((await t.call('POST', '/api/auth/login', { json: { username: u.username, password: TEST_PASSWORD } })).status).toBe(401);
  });

  it('roles: the audit log is admin-only; knowledge is edited by admins only', async () => {
    const { agent1, quality, supervisor, admin } = t.users;
    for (const u of [agent1, quality, supervisor]) {
      const r = await t.call<ErrorBody>('GET', '/api/audit', { token: u.token });
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('FORBIDDEN');
    }
    expect((await t.call('GET', '/api/audit', { token: admin.token })).status).toBe(200);

    const draft = { category: 'faq', title: '献血后注意事项', body: '多喝水，避免剧烈运动。', tags: ['献血后'] };
    const denied = await t.call<ErrorBody>('POST', '/api/knowledge', { token: agent1.token, json: draft });
    expect(denied.status).toBe(403);
    expect((await t.services.knowledge.search('献血后注意事项')).length).toBe(0);
    const created = await t.call<{ id: number; title: string }>('POST', '/api/knowledge', { token: admin.token, json: draft });
    expect(created.status).toBe(200);
    expect(created.body.title).toBe(draft.title);
    expect((await t.call('PATCH', `/api/knowledge/${created.body.id}`, { token: supervisor.token, json: { title: 'x' } })).status).toBe(403);
    const edited = await t.call<{ title: string }>('PATCH', `/api/knowledge/${created.body.id}`, { token: admin.token, json: { title: '献血后24小时注意事项' } });
    expect(edited.body.title).toBe('献血后24小时注意事项');
    const found = await t.call<{ id: number }[]>('GET', `/api/knowledge?q=${encodeURIComponent('24小时')}`, { token: agent1.token });
    expect(found.body.map((a) => a.id)).toContain(created.body.id);
    expect((await t.call('POST', '/api/knowledge', { token: admin.token, json: { ...draft, category: 'gossip' } })).status).toBe(400);
  });
});
