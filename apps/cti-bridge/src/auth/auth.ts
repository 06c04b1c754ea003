/**
 * Authentication for the bridge: password login (argon2 through the domain's UserService) with brute-force
 * throttling, JWTs (HS256, `sub` = user id, `role`, expiry from config) and their verification.
 *
 * The HTTP API signs and verifies through @fastify/jwt (registered with `auth.jwtPluginOptions`); `verifyToken` is the
 * same check for code outside Fastify (the Socket.IO handshake) on fast-jwt, the engine under @fastify/jwt, with the
 * same key, algorithm and claims — a token from one is accepted by the other.
 */
import { createSigner, createVerifier } from 'fast-jwt';
import { DomainError, ROLES, type Role, type UserDto } from '@donorline/domain';
import type { DomainServices } from '@donorline/domain/node';
import type { BridgeConfig } from '../config.js';
import type { AuthUser, TokenClaims } from './auth.types.js';
import { LoginThrottle } from './login-throttle.js';

export const JWT_ALGORITHM = 'HS256';
/** Tokens minted by this bridge carry this issuer; others are refused. */
export const JWT_ISSUER = 'donorline-bridge';

export interface Auth {
  /**
   * Checks signature, algorithm, issuer and expiry; returns who the token belongs to or throws
   * DomainError('UNAUTHENTICATED'). Synchronous and cheap: for the Socket.IO handshake and any non-HTTP caller.
   */
  verifyToken(token: string): AuthUser;
  /** verifyToken plus "the account is still active with the same role" (cached for a few seconds). */
  verifyTokenActive(token: string): Promise<AuthUser>;
  /** Same account check for an already verified token (the HTTP hook uses it after @fastify/jwt's verify). */
  ensureActive(user: AuthUser): Promise<AuthUser>;
  /** Password check with throttling: the user, or DomainError UNAUTHENTICATED / RATE_LIMITED (details.retryAfterSeconds). */
  checkPassword(username: string, password: string, ip: string): Promise<UserDto>;
  /** A token for a user (the same claims the login route signs through @fastify/jwt). */
  signToken(user: Pick<UserDto, 'id' | 'username' | 'role'>): string;
  claimsOf(user: Pick<UserDto, 'id' | 'username' | 'role'>): TokenClaims;
  /** Options for `fastify.register(fastifyJwt, auth.jwtPluginOptions)`. */
  readonly jwtPluginOptions: {
    secret: string;
    sign: { algorithm: typeof JWT_ALGORITHM; expiresIn: string; iss: string };
    verify: { algorithms: [typeof JWT_ALGORITHM]; allowedIss: string };
    formatUser: (claims: TokenClaims) => AuthUser;
  };
  readonly throttle: LoginThrottle;
  /** Forget cached account checks (after a role change or deactivation). */
  forget(userId?: number): void;
}

/** TOKEN_TTL ('10h', '30m', '3600s', '3600') → the string both JWT libraries accept. */
function ttl(s: string): string {
  const m = /^(\d+)\s*([smhd])?$/.exec(s.trim());
  if (!m) throw new Error(`bad token TTL ${s}`);
  return `${m[1]}${m[2] ?? 's'}`;
}

function toUser(claims: TokenClaims): AuthUser {
  const userId = Number(claims.sub);
  if (!Number.isInteger(userId) || userId <= 0 || typeof claims.username !== 'string' || !ROLES.includes(claims.role as Role)) {
    throw new DomainError('UNAUTHENTICATED', '登录凭证无效 / invalid token');
  }
  return { userId, username: claims.username, role: claims.role };
}

const ACTIVE_CACHE_MS = 10_000;

export function createAuth(config: Readonly<BridgeConfig>, services: Pick<DomainServices, 'users' | 'audit'>): Auth {
  const secret = config.auth.jwtSecret;
  const expiresIn = ttl(config.auth.tokenTtl);
  const signer = createSigner({ key: secret, algorithm: JWT_ALGORITHM, expiresIn, iss: JWT_ISSUER });
  const verifier = createVerifier({ key: secret, algorithms: [JWT_ALGORITHM], allowedIss: JWT_ISSUER, cache: 1000 });
  const throttle = new LoginThrottle(config.auth.login);
  const active = new Map<number, { at: number; ok: boolean; role: Role; username: string }>();

  function verifyToken(token: string): AuthUser {
    if (!token || typeof token !== 'string') throw new DomainError('UNAUTHENTICATED', '请先登录 / sign in first');
    let claims: TokenClaims;
    try {
      claims = verifier(token) as TokenClaims;
    } catch (e) {
      const expired = (e as { code?: string }).code === 'FAST_JWT_EXPIRED';
      throw new DomainError('UNAUTHENTICATED', expired ? '登录已过期，请重新登录 / the session expired, sign in again' : '登录凭证无效 / invalid token');
    }
    return toUser(claims);
  }

  async function ensureActive(user: AuthUser): Promise<AuthUser> {
    const now = Date.now();
    let c = active.get(user.userId);
    if (!c || now - c.at > ACTIVE_CACHE_MS) {
      const u = await services.users.findById(user.userId);
      c = { at: now, ok: !!u && u.active, role: u?.role ?? user.role, username: u?.username ?? user.username };
      if (active.size > 10_000) active.clear();
      active.set(user.userId, c);
    }
    if (!c.ok) throw new DomainError('UNAUTHENTICATED', '账号已停用 / the account is disabled');
    // a changed role invalidates older tokens: the desk must sign in again to get the new rights
    if (c.role !== user.role || c.username !== user.username) throw new DomainError('UNAUTHENTICATED', '账号权限已变更，请重新登录 / the account changed, sign in again');
    return user;
  }

  function claimsOf(u: Pick<UserDto, 'id' | 'username' | 'role'>): TokenClaims {
    return { sub: String(u.id), username: u.username, role: u.role };
  }

  async function checkPassword(username: string, password: string, ip: string): Promise<UserDto> {
    const verdict = throttle.check(username, ip);
    if (!verdict.allowed) {
      throw new DomainError('RATE_LIMITED', `登录失败次数过多，请${verdict.retryAfterSeconds}秒后再试 / too many failed sign-ins, try again in ${verdict.retryAfterSeconds} s`, {
        retryAfterSeconds: verdict.retryAfterSeconds,
      });
    }
    const user = await services.users.verifyPassword(username, password);
    if (user) {
      throttle.succeed(username);
      active.delete(user.id);
      await services.audit.write({ actorId: user.id, action: 'auth.login', subjectType: 'user', subjectId: user.id, ip });
      return user;
    }
    const f = throttle.fail(username, ip);
    if (f.locked) {
      await services.audit.write({ actorId: null, action: 'auth.lockout', subjectType: 'user', subjectId: username.trim().slice(0, 64), detail: { failures: f.failures }, ip });
    }
    if (f.delayMs > 0) await new Promise((r) => setTimeout(r, f.delayMs));
    throw new DomainError('UNAUTHENTICATED', '用户名或密码错误 / wrong user name or password');
  }

  return {
    verifyToken,
    async verifyTokenActive(token) {
      return ensureActive(verifyToken(token));
    },
    ensureActive,
    checkPassword,
    claimsOf,
    signToken: (u) => signer(claimsOf(u)),
    jwtPluginOptions: {
      secret,
      sign: { algorithm: JWT_ALGORITHM, expiresIn, iss: JWT_ISSUER },
      verify: { algorithms: [JWT_ALGORITHM], allowedIss: JWT_ISSUER },
      formatUser: toUser,
    },
    throttle,
    forget(userId) {
      if (userId === undefined) active.clear();
      else active.delete(userId);
    },
  };
}
