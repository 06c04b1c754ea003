/**
 * Authentication for the bridge: password login (argon2 through the domain's UserService) with brute-force
 * throttling, server-side sessions (auth_session) behind short JWTs, media tokens for audio URLs, and the account
 * and session checks every request and every open socket go through.
 *
 * Tokens (HS256, fast-jwt — the engine under @fastify/jwt, so both accept the same tokens):
 *  - session token: iss donorline-bridge, aud donorline-desk, sub = user id, username, role, sid = session id, iat,
 *    exp = TOKEN_TTL. All of these are required; a token without exp or iss is refused.
 *  - media token: aud donorline-media, sub, sid, rec = one recording id, exp = minutes. It only opens that
 *    recording's audio and dies with its session; the session token never goes into a URL.
 * A token is good while its session row is open (not revoked, not expired), the account is active and its role and
 * name are what the token says — checked on every request and re-checked for open sockets (cached for at most
 * AUTH_RECHECK_SECONDS; this instance's own revocations take effect at once).
 */
import { EventEmitter } from 'node:events';
import argon2 from 'argon2';
import { createSigner, createVerifier } from 'fast-jwt';
import { canonicalUsername, DomainError, ROLES, usernameSkeleton, type Role, type SessionEndReason, type UserDto } from '@donorline/domain';
import { ARGON2_OPTIONS, SessionService, type DomainServices } from '@donorline/domain/node';
import type { BridgeConfig } from '../config.js';
import type { AccessChange, AuthUser, MediaClaims, TokenClaims } from './auth.types.js';
import { LoginThrottle } from './login-throttle.js';

export const JWT_ALGORITHM = 'HS256';
/** Tokens minted by this bridge carry this issuer; others are refused. */
export const JWT_ISSUER = 'donorline-bridge';
export const JWT_AUDIENCE = 'donorline-desk';
export const MEDIA_AUDIENCE = 'donorline-media';
const SESSION_CLAIMS = ['sub', 'sid', 'iss', 'aud', 'iat', 'exp'];
const MEDIA_CLAIMS = ['sub', 'sid', 'rec', 'iss', 'aud', 'exp'];

export interface LoginResult {
  token: string;
  user: UserDto;
  expiresAt: string;
}

export interface Auth {
  /** Signature, algorithm, issuer, audience, expiry and the required claims; who the token belongs to, or UNAUTHENTICATED. */
  verifyToken(token: string): AuthUser;
  /** verifyToken plus ensureActive. */
  verifyTokenActive(token: string): Promise<AuthUser>;
  /** The account is active with the token's role and name, and the session is open (cached ≤ AUTH_RECHECK_SECONDS). */
  ensureActive(user: AuthUser): Promise<AuthUser>;
  /** Password sign-in with throttling: a new session and its token, or UNAUTHENTICATED / RATE_LIMITED / VALIDATION_FAILED. */
  login(username: string, password: string, meta: { ip: string; userAgent?: string | null }): Promise<LoginResult>;
  /** Ends this session (its sockets close, its media URLs stop working). */
  logout(user: AuthUser, ip?: string | null): Promise<void>;
  /** Ends every session of a person and tells listeners (disabled, demoted, password reset, an admin's request). */
  endSessions(userId: number, reason: SessionEndReason, seat?: AccessChange['seat']): Promise<number>;
  /** Tells listeners about a change that ends no session (an extension taken away, a new name: re-check the seat). */
  announce(change: AccessChange): void;
  onChange(listener: (c: AccessChange) => void): () => void;
  /** A token for a user with a fresh session (tests, tools). */
  issueToken(user: Pick<UserDto, 'id' | 'username' | 'role'>, meta?: { ip?: string | null; userAgent?: string | null }): Promise<string>;
  /** A media token for one recording, bound to the caller's session. */
  mediaToken(user: AuthUser, recordingId: number, durationSeconds: number): { token: string; expiresAt: Date };
  /** Checks a media token for this recording: the user behind it (session still open), or UNAUTHENTICATED / FORBIDDEN. */
  verifyMediaToken(token: string, recordingId: number): Promise<AuthUser>;
  /** Re-checks many (user, session) pairs at once; returns why each that may no longer act must stop (absent: fine). */
  recheck(entries: readonly Pick<AuthUser, 'userId' | 'sid' | 'role' | 'username' | 'exp'>[]): Promise<Map<string, SessionEndReason>>;
  /** Options for `fastify.register(fastifyJwt, auth.jwtPluginOptions)`. */
  readonly jwtPluginOptions: {
    secret: string;
    sign: { algorithm: typeof JWT_ALGORITHM; expiresIn: string; iss: string; aud: string };
    verify: { algorithms: [typeof JWT_ALGORITHM]; allowedIss: string; allowedAud: string; requiredClaims: string[] };
    formatUser: (claims: TokenClaims) => AuthUser;
  };
  readonly throttle: LoginThrottle;
  /** Forget cached account checks (after a role change or deactivation). */
  forget(userId?: number): void;
}

/** TOKEN_TTL ('10h', '30m', '3600s', '3600') → seconds. */
export function ttlSeconds(s: string): number {
  const m = /^(\d+)\s*([smhd])?$/.exec(s.trim());
  if (!m) throw new Error(`bad token TTL ${s}`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
}

const entryKey = (userId: number, sid: string): string => `${userId}:${sid}`;

function toUser(claims: TokenClaims): AuthUser {
  const userId = Number(claims.sub);
  if (!Number.isInteger(userId) || userId <= 0 || typeof claims.username !== 'string' || !ROLES.includes(claims.role as Role) || typeof claims.sid !== 'string' || typeof claims.exp !== 'number') {
    throw new DomainError('UNAUTHENTICATED', '登录凭证无效 / invalid token');
  }
  return { userId, username: claims.username, role: claims.role, sid: claims.sid, exp: claims.exp };
}

const ENDED: Record<SessionEndReason, string> = {
  logout: '已退出登录，请重新登录 / signed out, sign in again',
  revoked: '登录已被终止，请重新登录 / the session was ended, sign in again',
  disabled: '账号已停用 / the account is disabled',
  'role-changed': '账号权限已变更，请重新登录 / the account changed, sign in again',
  expired: '登录已过期，请重新登录 / the session expired, sign in again',
  'password-reset': '密码已重置，请用新密码登录 / the password was reset, sign in with the new one',
};

export function sessionEndedError(reason: SessionEndReason): DomainError {
  return new DomainError('UNAUTHENTICATED', ENDED[reason], { reason });
}

/**
 * Working through a database outage (outage/): while `dbDown()` a token whose signature and expiry are valid is
 * accepted on its own claims (the last known account/session state when cached) — the access watch re-checks every
 * open desk against the database as soon as it is back. `onDbError` reports a database failure seen here.
 */
export interface AuthOutageOptions {
  dbDown?: () => boolean;
  onDbError?: (err: unknown) => void;
}

export function createAuth(config: Readonly<BridgeConfig>, services: Pick<DomainServices, 'users' | 'audit' | 'sessions'>, outage: AuthOutageOptions = {}): Auth {
  const secret = config.auth.jwtSecret;
  const ttl = ttlSeconds(config.auth.tokenTtl);
  const expiresIn = `${ttl}s`;
  const cacheMs = config.auth.recheckSeconds * 1000;
  const signer = createSigner({ key: secret, algorithm: JWT_ALGORITHM, expiresIn: ttl * 1000, iss: JWT_ISSUER, aud: JWT_AUDIENCE });
  const verifier = createVerifier({ key: secret, algorithms: [JWT_ALGORITHM], allowedIss: JWT_ISSUER, allowedAud: JWT_AUDIENCE, requiredClaims: SESSION_CLAIMS, cache: 1000 });
  const mediaVerifier = createVerifier({ key: secret, algorithms: [JWT_ALGORITHM], allowedIss: JWT_ISSUER, allowedAud: MEDIA_AUDIENCE, requiredClaims: MEDIA_CLAIMS });
  const mediaSigner = createSigner({ key: secret, algorithm: JWT_ALGORITHM });
  const throttle = new LoginThrottle(config.auth.login);
  const users = new Map<number, { at: number; ok: boolean; role: Role; username: string }>();
  const sessions = new Map<string, { at: number; problem: SessionEndReason | null }>();
  const events = new EventEmitter();

  function verifyToken(token: string): AuthUser {
    if (!token || typeof token !== 'string') throw new DomainError('UNAUTHENTICATED', '请先登录 / sign in first');
    let claims: TokenClaims;
    try {
      claims = verifier(token) as TokenClaims;
    } catch (e) {
      const expired = (e as { code?: string }).code === 'FAST_JWT_EXPIRED';
      throw new DomainError('UNAUTHENTICATED', expired ? ENDED.expired : '登录凭证无效 / invalid token');
    }
    return toUser(claims);
  }

  function remember<K, V>(map: Map<K, V>, key: K, v: V): void {
    if (map.size > 20_000) map.clear();
    map.set(key, v);
  }

  /** A database failure (not a domain refusal) while the database is known to be away, or reported as such now. */
  function offline(err: unknown): boolean {
    if (err instanceof DomainError) return false;
    outage.onDbError?.(err);
    return outage.dbDown?.() ?? false;
  }

  async function ensureActive(user: AuthUser): Promise<AuthUser> {
    const now = Date.now();
    if (user.exp * 1000 <= now) throw sessionEndedError('expired');
    let u = users.get(user.userId);
    if (!u || now - u.at > cacheMs) {
      try {
        const rec = await services.users.findById(user.userId);
        u = { at: now, ok: !!rec && rec.active, role: rec?.role ?? user.role, username: rec?.username ?? user.username };
        remember(users, user.userId, u);
      } catch (err) {
        if (!offline(err)) throw err;
        // the database is away: the last known state, else the token's own claims (not cached: re-read when back)
        u ??= { at: 0, ok: true, role: user.role, username: user.username };
      }
    }
    if (!u.ok) throw sessionEndedError('disabled');
    // a changed role or name invalidates older tokens: the desk must sign in again to get the new rights
    if (u.role !== user.role || u.username !== user.username) throw sessionEndedError('role-changed');
    let s = sessions.get(user.sid);
    if (!s || now - s.at > cacheMs) {
      try {
        const st = await services.sessions.states([user.sid]);
        s = { at: now, problem: SessionService.problem(st.get(user.sid), user.userId, new Date(now)) };
        remember(sessions, user.sid, s);
      } catch (err) {
        if (!offline(err)) throw err;
        s ??= { at: 0, problem: null };
      }
    }
    if (s.problem) throw sessionEndedError(s.problem);
    return user;
  }

  async function issue(user: Pick<UserDto, 'id' | 'username' | 'role'>, meta: { ip?: string | null; userAgent?: string | null } = {}): Promise<{ token: string; expiresAt: Date }> {
    const s = await services.sessions.open({ userId: user.id, ttlSeconds: ttl, ip: meta.ip ?? null, userAgent: meta.userAgent ?? null });
    const claims: TokenClaims = { sub: String(user.id), username: user.username, role: user.role, sid: s.id };
    return { token: signer(claims), expiresAt: s.expiresAt };
  }

  async function login(input: string, password: string, meta: { ip: string; userAgent?: string | null }): Promise<LoginResult> {
    const name = canonicalUsername(input);
    if (!name.ok && name.reason === 'forbidden-characters') {
      throw new DomainError('VALIDATION_FAILED', '用户名含有不允许的字符 / the user name contains characters that are not allowed');
    }
    const accountId = await services.users.throttleAccountOf(input);
    const key = accountId !== null ? `acct:${accountId}` : `name:${usernameSkeleton(input)}`;
    const verdict = throttle.check(key, meta.ip);
    if (!verdict.allowed) {
      throw new DomainError('RATE_LIMITED', `登录失败次数过多，请${verdict.retryAfterSeconds}秒后再试 / too many failed sign-ins, try again in ${verdict.retryAfterSeconds} s`, {
        retryAfterSeconds: verdict.retryAfterSeconds, scope: verdict.scope,
      });
    }
    const user = name.ok ? await services.users.verifyPassword(name.value, password) : await argon2.hash('timing-equaliser', ARGON2_OPTIONS).then(() => null, () => null);
    if (user) {
      throttle.succeed(key, meta.ip);
      users.delete(user.id);
      const t = await issue(user, meta);
      await services.audit.write({ actorId: user.id, action: 'auth.login', subjectType: 'user', subjectId: user.id, ip: meta.ip });
      return { token: t.token, user, expiresAt: t.expiresAt.toISOString() };
    }
    const f = throttle.fail(key, meta.ip);
    if (f.locked) {
      await services.audit.write({
        actorId: null, action: 'auth.lockout', subjectType: 'user', subjectId: accountId ?? usernameSkeleton(input).slice(0, 64),
        detail: { failures: f.failures, scope: f.locked, typed: usernameSkeleton(input).slice(0, 64) }, ip: meta.ip,
      });
    }
    if (f.delayMs > 0) await new Promise((r) => setTimeout(r, f.delayMs));
    throw new DomainError('UNAUTHENTICATED', '用户名或密码错误 / wrong user name or password', { reason: 'credentials' });
  }

  function emit(c: AccessChange): void {
    if (c.sid && c.reason !== 'updated') remember(sessions, c.sid, { at: Date.now(), problem: c.reason });
    users.delete(c.userId);
    events.emit('change', c);
  }

  return {
    verifyToken,
    async verifyTokenActive(token) {
      return ensureActive(verifyToken(token));
    },
    ensureActive,
    login,
    async logout(user, ip) {
      await services.sessions.revoke(user.sid, 'logout');
      await services.audit.write({ actorId: user.userId, action: 'auth.logout', subjectType: 'user', subjectId: user.userId, ip: ip ?? null });
      emit({ userId: user.userId, sid: user.sid, reason: 'logout', endSession: true, seat: 'keep' });
    },
    async endSessions(userId, reason, seat = 'keep') {
      const n = await services.sessions.revokeUser(userId, reason);
      // every cached session of this person is now stale: drop them (the next check reads the revoked rows)
      for (const [sid, s] of sessions) if (s.problem === null) sessions.delete(sid);
      emit({ userId, reason, endSession: true, seat });
      return n;
    },
    announce: emit,
    onChange(listener) {
      events.on('change', listener);
      return () => events.off('change', listener);
    },
    async issueToken(user, meta) {
      return (await issue(user, meta)).token;
    },
    mediaToken(user, recordingId, durationSeconds) {
      const secs = Math.min(Math.max(config.auth.mediaUrlTtlSeconds, Math.ceil(durationSeconds * 2)), 3600);
      const exp = Math.min(Math.floor(Date.now() / 1000) + secs, user.exp);
      const claims = { sub: String(user.userId), sid: user.sid, rec: recordingId, iss: JWT_ISSUER, aud: MEDIA_AUDIENCE, exp };
      const token = mediaSigner(claims);
      return { token, expiresAt: new Date(exp * 1000) };
    },
    async verifyMediaToken(token, recordingId) {
      let claims: MediaClaims;
      try {
        claims = mediaVerifier(token) as MediaClaims;
      } catch (e) {
        const expired = (e as { code?: string }).code === 'FAST_JWT_EXPIRED';
        throw new DomainError('UNAUTHENTICATED', expired ? '播放链接已过期，请重新打开录音 / the playback link expired, open the recording again' : '播放链接无效 / invalid playback link');
      }
      if (claims.rec !== recordingId) throw new DomainError('FORBIDDEN', '该播放链接不属于这段录音 / this playback link is for another recording');
      const userId = Number(claims.sub);
      const rec = await services.users.findById(userId);
      if (!rec) throw sessionEndedError('disabled');
      return ensureActive({ userId, username: rec.username, role: rec.role, sid: claims.sid, exp: claims.exp ?? 0 });
    },
    async recheck(entries) {
      const out = new Map<string, SessionEndReason>();
      if (!entries.length) return out;
      const now = new Date();
      const [states, sess] = await Promise.all([services.users.states(entries.map((e) => e.userId)), services.sessions.states(entries.map((e) => e.sid))]);
      for (const e of entries) {
        const u = states.get(e.userId);
        const sp = SessionService.problem(sess.get(e.sid), e.userId, now);
        let why: SessionEndReason | null;
        if (!u || !u.active) why = 'disabled';
        else if (u.role !== e.role || u.username !== e.username) why = 'role-changed';
        else if (e.exp * 1000 <= now.getTime()) why = 'expired';
        else why = sp;
        if (u) remember(users, e.userId, { at: now.getTime(), ok: u.active, role: u.role, username: u.username });
        remember(sessions, e.sid, { at: now.getTime(), problem: sp });
        if (why) out.set(entryKey(e.userId, e.sid), why);
      }
      return out;
    },
    jwtPluginOptions: {
      secret,
      sign: { algorithm: JWT_ALGORITHM, expiresIn, iss: JWT_ISSUER, aud: JWT_AUDIENCE },
      verify: { algorithms: [JWT_ALGORITHM], allowedIss: JWT_ISSUER, allowedAud: JWT_AUDIENCE, requiredClaims: SESSION_CLAIMS },
      formatUser: toUser,
    },
    throttle,
    forget(userId) {
      if (userId === undefined) {
        users.clear();
        sessions.clear();
      } else users.delete(userId);
    },
  };
}

export { entryKey as accessEntryKey };
