/**
 * Sign-in and tokens, as an attacker would try them, over real HTTP on SQLite and MariaDB:
 *  - look-alike user names (àgent1, ａｇｅｎｔ１, agent1\0) never get a fresh budget: they are refused or charged to
 *    the account they imitate — MariaDB's accent/case-insensitive collation used to sign them in as agent1;
 *  - five bad passwords from one address do not lock the victim out at their own desk, and no lock-out is forever;
 *  - X-Forwarded-For is believed only from a trusted proxy (TRUST_PROXY), for the per-address limit and the audit log;
 *  - logout revokes the session; tokens without exp, iss, aud or sid are refused.
 */
import { createSigner } from 'fast-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb } from '@donorline/domain/testing';
import type { ErrorBody, UserDto } from '@donorline/domain';
import { JWT_AUDIENCE, JWT_ISSUER, MEDIA_AUDIENCE } from '../../src/auth/index.js';
import { buildTestApp, TEST_PASSWORD, type TestApp } from './test-app.js';

type Login = { token: string; user: UserDto; expiresAt: string };

/** Polls without fixed sleeps: the condition, or fail after `ms`. */
async function eventually<T>(fn: () => Promise<T | null | false>, ms: number, what: string): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describeEachDb('sign-in hardening over HTTP', (ctx) => {
  let t: TestApp;
  const login = (username: string, password: string, ip?: string) =>
    t.call<Login & ErrorBody>('POST', '/api/auth/login', { json: { username, password }, ...(ip ? { headers: { 'x-forwarded-for': ip } } : {}) });

  beforeAll(async () => {
    // the test client is the trusted proxy (127.0.0.1): X-Forwarded-For names the client, as nginx would
    t = await buildTestApp(ctx.kind, {
      env: {
        TRUST_PROXY: '127.0.0.1', LOGIN_MAX_FAILURES: '5', LOGIN_MAX_FAILURES_PER_ACCOUNT: '12', LOGIN_MAX_FAILURES_PER_IP: '40',
        LOGIN_LOCKOUT_SECONDS: '1', LOGIN_LOCKOUT_MAX_SECONDS: '2', LOGIN_FAILURE_DELAY_MS: '5',
      },
    });
  }, 120_000);
  afterAll(async () => t?.close());

  it('àgent1, ａｇｅｎｔ１ and agent1\\0 are charged to agent1 and refused once it is locked; àgent1 never signs in', async () => {
    const name = t.users.agent1.user.username; // tagent1_N
    const accented = name.replace('a', 'à'); // tàgent1_N
    const fullWidth = name.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const ip = '198.51.100.10';
    // the look-alike with the RIGHT password is not agent1 (MariaDB's utf8mb4_unicode_ci used to say it was)
    expect((await login(accented, TEST_PASSWORD, ip)).status).toBe(401);
    // a NUL is refused before anything is looked up
    const nul = await login(`${name}\0`, TEST_PASSWORD, ip);
    expect(nul.status).toBe(400);
    expect(nul.body.code).toBe('VALIDATION_FAILED');
    // four more failures, each spelled differently: one budget
    for (const n of [fullWidth, name.toUpperCase(), accented, ` ${name} `]) expect((await login(n, 'wrong-guess', ip)).status).toBe(401);
    for (const n of [name, fullWidth, accented]) {
      const r = await login(n, TEST_PASSWORD, ip);
      expect(r.status).toBe(429);
      expect(r.body.details?.scope).toBe('account');
    }
    // agent1 at their own desk is not locked out
    expect((await login(name, TEST_PASSWORD, '10.0.0.21')).status).toBe(200);
    // full-width is agent1 typed with an IME: once the lock has passed, it signs in as agent1
    const ok = await eventually(async () => {
      const r = await login(fullWidth, TEST_PASSWORD, ip);
      return r.status === 200 ? r : null;
    }, 5000, 'the lock-out to pass');
    expect(ok.body.user.id).toBe(t.users.agent1.user.id);
  });

  it('no lock-out is forever: lock-outs back off to LOGIN_LOCKOUT_MAX_SECONDS, and the victim\'s usual desk always gets in', async () => {
    const name = t.users.agent2.user.username;
    expect((await login(name, TEST_PASSWORD, '10.0.0.22')).status).toBe(200); // agent2's desk
    const attacker = '203.0.113.5';
    const lockOut = async (): Promise<number> => {
      for (let i = 0; i < 5; i++) await login(name, `guess-${i}`, attacker);
      const r = await login(name, TEST_PASSWORD, attacker);
      expect(r.status).toBe(429);
      return Number(r.headers.get('retry-after'));
    };
    expect(await lockOut()).toBe(1);
    await eventually(async () => (await login(name, 'still-guessing', attacker)).status === 401, 5000, 'the first lock-out to pass');
    for (let i = 0; i < 4; i++) await login(name, `guess-b${i}`, attacker);
    const second = await login(name, TEST_PASSWORD, attacker);
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBe(2); // doubled, and capped at LOGIN_LOCKOUT_MAX_SECONDS
    // meanwhile, and after many rounds, the victim signs in where they work
    expect((await login(name, TEST_PASSWORD, '10.0.0.22')).status).toBe(200);
    // a guess spread over many addresses holds off new addresses only (account-wide), never the known desk
    for (let i = 0; i < 12; i++) await login(name, `spray-${i}`, `192.0.2.${i + 1}`);
    const fresh = await login(name, TEST_PASSWORD, '192.0.2.200');
    expect(fresh.status).toBe(429);
    expect(fresh.body.details?.scope).toBe('account-wide');
    expect(Number(fresh.headers.get('retry-after'))).toBeLessThanOrEqual(2);
    expect((await login(name, TEST_PASSWORD, '10.0.0.22')).status).toBe(200);
  });

  it('logout revokes the session on the server; the person\'s other sessions go on', async () => {
    const { supervisor } = t.users;
    const a = await login(supervisor.user.username, TEST_PASSWORD, '10.0.0.30');
    const b = await login(supervisor.user.username, TEST_PASSWORD, '10.0.0.31');
    expect((await t.call('GET', '/api/me', { token: a.body.token })).status).toBe(200);
    expect((await t.call('POST', '/api/auth/logout', { token: a.body.token, headers: { 'x-forwarded-for': '10.0.0.30' } })).status).toBe(200);
    const after = await t.call<ErrorBody>('GET', '/api/me', { token: a.body.token });
    expect(after.status).toBe(401);
    expect(after.body.details?.reason).toBe('logout');
    expect((await t.call('POST', '/api/auth/logout', { token: a.body.token })).status).toBe(401);
    expect((await t.call('GET', '/api/me', { token: b.body.token })).status).toBe(200);
    const audit = await t.services.audit.list({ action: 'auth.logout', actorId: supervisor.user.id });
    expect(audit.items[0]?.ip).toBe('10.0.0.30');
  });

  it('tokens must carry exp, iss, aud and a live session: anything else is 401', async () => {
    const { admin } = t.users;
    const good = t.auth.verifyToken(admin.token);
    const base = { sub: String(admin.user.id), role: 'admin', username: admin.user.username, sid: good.sid };
    const key = t.config.auth.jwtSecret;
    const tokens = {
      noExp: createSigner({ key, iss: JWT_ISSUER, aud: JWT_AUDIENCE })(base),
      noIss: createSigner({ key, aud: JWT_AUDIENCE, expiresIn: 60_000 })(base),
      noAud: createSigner({ key, iss: JWT_ISSUER, expiresIn: 60_000 })(base),
      noSid: createSigner({ key, iss: JWT_ISSUER, aud: JWT_AUDIENCE, expiresIn: 60_000 })({ sub: base.sub, role: base.role, username: base.username }),
      mediaAsSession: createSigner({ key, iss: JWT_ISSUER, aud: MEDIA_AUDIENCE, expiresIn: 60_000 })({ ...base, rec: 1 }),
      unknownSession: createSigner({ key, iss: JWT_ISSUER, aud: JWT_AUDIENCE, expiresIn: 60_000 })({ ...base, sid: 'no-such-session-000000' }),
    };
    for (const [what, token] of Object.entries(tokens)) {
      const r = await t.call('GET', '/api/me', { token });
      expect([what, r.status]).toEqual([what, 401]);
      await expect(t.auth.verifyTokenActive(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    // the same claims with everything present work
    const full = createSigner({ key, iss: JWT_ISSUER, aud: JWT_AUDIENCE, expiresIn: 60_000 })(base);
    expect((await t.call('GET', '/api/me', { token: full })).status).toBe(200);
  });
});

describeEachDb('X-Forwarded-For is only believed from a trusted proxy', (ctx) => {
  describe('TRUST_PROXY unset: the socket\'s peer is the client', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(ctx.kind, { env: { LOGIN_MAX_FAILURES_PER_IP: '6', LOGIN_FAILURE_DELAY_MS: '0', LOGIN_LOCKOUT_SECONDS: '600' } });
    }, 120_000);
    afterAll(async () => t?.close());

    it('a client-written X-Forwarded-For neither escapes the per-address limit nor lands in the audit log', async () => {
      const { quality } = t.users;
      const ok = await t.call('POST', '/api/auth/login', { json: { username: quality.user.username, password: TEST_PASSWORD }, headers: { 'x-forwarded-for': '6.6.6.6' } });
      expect(ok.status).toBe(200);
      const audit = await t.services.audit.list({ action: 'auth.login', actorId: quality.user.id });
      expect(audit.items[0]!.ip).toBe('127.0.0.1');
      // password spraying with a new forged address each time: still one address
      for (let i = 0; i < 6; i++) {
        const r = await t.call('POST', '/api/auth/login', { json: { username: `nobody${i}`, password: 'x' }, headers: { 'x-forwarded-for': `10.1.2.${i}` } });
        expect(r.status).toBe(401);
      }
      const held = await t.call<ErrorBody>('POST', '/api/auth/login', { json: { username: t.users.admin.user.username, password: TEST_PASSWORD }, headers: { 'x-forwarded-for': '10.9.9.9' } });
      expect(held.status).toBe(429);
      expect(held.body.details?.scope).toBe('ip');
    });
  });

  describe('TRUST_PROXY=1 (one hop, nginx appends the peer): the right-most entry, never the client-written left-most', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(ctx.kind, { env: { TRUST_PROXY: 'true' } });
    }, 120_000);
    afterAll(async () => t?.close());

    it('audits the address the proxy saw', async () => {
      const { supervisor } = t.users;
      const r = await t.call('POST', '/api/auth/login', { json: { username: supervisor.user.username, password: TEST_PASSWORD }, headers: { 'x-forwarded-for': '6.6.6.6, 10.20.30.40' } });
      expect(r.status).toBe(200);
      expect((await t.services.audit.list({ action: 'auth.login', actorId: supervisor.user.id })).items[0]!.ip).toBe('10.20.30.40');
    });
  });

  describe('TRUST_PROXY lists the proxy: a peer that is not the proxy is its own client', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await buildTestApp(ctx.kind, { env: { TRUST_PROXY: '172.28.20.10' } });
    }, 120_000);
    afterAll(async () => t?.close());

    it('ignores X-Forwarded-For from 127.0.0.1, which is not the listed proxy', async () => {
      const { admin } = t.users;
      const r = await t.call('POST', '/api/auth/login', { json: { username: admin.user.username, password: TEST_PASSWORD }, headers: { 'x-forwarded-for': '10.20.30.40' } });
      expect(r.status).toBe(200);
      expect((await t.services.audit.list({ action: 'auth.login', actorId: admin.user.id })).items[0]!.ip).toBe('127.0.0.1');
    });
  });
});
