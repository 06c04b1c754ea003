/**
 * The HTTP side of authentication: a session token on every API route (`Authorization: Bearer`), the account and
 * session checked active, and the route's `roles` enforced. Routes opt out with `config: { public: true }`.
 * The audio stream (`config: { media: true }`) also accepts `?t=` — a media token minted for that one recording
 * (POST /api/recordings/:id/media-url); a session token is never accepted from a URL.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, type Actor, type Role } from '@donorline/domain';
import type { Auth } from './auth.js';
import type { AuthUser } from './auth.types.js';
import { requireRole } from './roles.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** No token needed (login, health). */
    public?: boolean;
    /** Only these roles (403 FORBIDDEN otherwise). */
    roles?: readonly Role[];
    /** A recording's audio: `?t=<media token>` for this recording (`params.id`) is accepted too. */
    media?: boolean;
  }
}

function bearerOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  if (!m) throw new DomainError('UNAUTHENTICATED', 'Authorization 头格式应为 Bearer <token> / use Authorization: Bearer <token>');
  return m[1]!;
}

/** Adds the authentication hook to `app` (an encapsulated context: only its routes are affected). */
export function installAuthHook(app: FastifyInstance, auth: Auth): void {
  app.addHook('onRequest', async (req) => {
    const cfg = req.routeOptions.config;
    if (cfg.public) return;
    const token = bearerOf(req);
    let user: AuthUser;
    if (token) user = await auth.verifyTokenActive(token);
    else if (cfg.media) {
      const t = (req.query as Record<string, unknown> | undefined)?.t;
      const id = Number((req.params as Record<string, unknown> | undefined)?.id);
      if (typeof t !== 'string' || !t || !Number.isInteger(id)) throw new DomainError('UNAUTHENTICATED', '请先登录 / sign in first');
      user = await auth.verifyMediaToken(t, id);
    } else throw new DomainError('UNAUTHENTICATED', '请先登录 / sign in first');
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

/** The signed-in user as the domain's write rules see them (id and role). */
export function actorOf(req: FastifyRequest): Actor {
  const u = userOf(req);
  return { id: u.userId, role: u.role };
}
