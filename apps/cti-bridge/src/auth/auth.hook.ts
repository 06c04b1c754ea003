/**
 * The HTTP side of authentication: a token on every API route (Bearer header; `?token=` only where the route says
 * `queryToken: true`, i.e. the audio stream for <audio>/wavesurfer), verified by @fastify/jwt, the account checked
 * active, and the route's `roles` enforced. Routes opt out with `config: { public: true }`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, type Role } from '@donorline/domain';
import type { Auth } from './auth.js';
import type { AuthUser, TokenClaims } from './auth.types.js';
import { requireRole } from './roles.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** No token needed (login, health). */
    public?: boolean;
    /** Only these roles (403 FORBIDDEN otherwise). */
    roles?: readonly Role[];
    /** The token may come as ?token= (media elements cannot send headers). */
    queryToken?: boolean;
  }
}

function tokenOf(req: FastifyRequest, allowQuery: boolean): string | null {
  const h = req.headers.authorization;
  if (h) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
    if (!m) throw new DomainError('UNAUTHENTICATED', 'Authorization 头格式应为 Bearer <token> / use Authorization: Bearer <token>');
    return m[1]!;
  }
  if (allowQuery) {
    const q = (req.query as Record<string, unknown> | undefined)?.token;
    if (typeof q === 'string' && q) return q;
  }
  return null;
}

/** Adds the authentication hook to `app` (an encapsulated context: only its routes are affected). */
export function installAuthHook(app: FastifyInstance, auth: Auth): void {
  app.addHook('onRequest', async (req) => {
    const cfg = req.routeOptions.config;
    if (cfg.public) return;
    const token = tokenOf(req, cfg.queryToken === true);
    if (!token) throw new DomainError('UNAUTHENTICATED', '请先登录 / sign in first');
    let claims: TokenClaims;
    try {
      claims = app.jwt.verify<TokenClaims>(token);
    } catch (e) {
      const expired = /expired/i.test((e as Error).message ?? '');
      throw new DomainError('UNAUTHENTICATED', expired ? '登录已过期，请重新登录 / the session expired, sign in again' : '登录凭证无效 / invalid token');
    }
    const user: AuthUser = await auth.ensureActive(auth.jwtPluginOptions.formatUser(claims));
    req.user = user;
    if (cfg.roles) requireRole(user, cfg.roles);
  });
}

/** The signed-in user of a request that passed the hook. */
export function userOf(req: FastifyRequest): AuthUser {
  const u = req.user as AuthUser | null | undefined;
  if (!u || typeof u.userId !== 'number') throw new DomainError('UNAUTHENTICATED', '请先登录 / sign in first');
  return u;
}
