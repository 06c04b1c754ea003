/**
 * The bridge's HTTP armour, in one place:
 *  - security headers on every response (@fastify/helmet): a Content-Security-Policy the desk works under (Vue +
 *    Element Plus + wavesurfer + Socket.IO, checked in Chromium with no violation on login, desk, recordings and
 *    wallboard), X-Frame-Options DENY / frame-ancestors 'none', X-Content-Type-Options nosniff, Referrer-Policy
 *    no-referrer (an audio URL's ?token= never leaves in a Referer), COOP/CORP same-origin;
 *  - rate limits (@fastify/rate-limit) per route group: sign-in per client address, searches per user, exports per
 *    user — 429 RATE_LIMITED with Retry-After, like every other error body.
 */
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '@donorline/domain';
import type { GuardConfig } from '../config.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The rate-limit group of a route (guard/http-guard.ts); routes of the built-in table need not say it. */
    limitGroup?: LimitGroup;
  }
}

export type LimitGroup = 'login' | 'search' | 'export';

/**
 * The desk's policy. script-src 'self' only (the Vite build has no inline script and nothing evaluates code);
 * style-src needs 'unsafe-inline' because Element Plus and Vue write style attributes and wavesurfer puts a <style>
 * into its shadow root; media and images may be blob:/data: (wavesurfer, icons); connect-src 'self' covers the REST
 * API, the audio fetch and the Socket.IO WebSocket of the same origin. No upgrade-insecure-requests: a hotline on an
 * intranet address without TLS must keep working (TLS belongs to the proxy, which also sets HSTS).
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'media-src': ["'self'", 'blob:'],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
};

/** Security headers on every response of the instance (desk, API, docs, metrics, errors). */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: Object.fromEntries(Object.entries(CSP_DIRECTIVES).map(([k, v]) => [k, [...v]])) },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false,
  });
}

/** Which group a request's route falls in (the table, or the route's config.limitGroup). */
export function limitGroupOf(req: FastifyRequest): LimitGroup | null {
  const own = req.routeOptions.config?.limitGroup;
  if (own) return own;
  const route = `${req.method} ${req.routeOptions.url ?? ''}`;
  if (route === 'POST /api/auth/login') return 'login';
  if (route === 'GET /api/donors' || route === 'GET /api/calls' || route === 'GET /api/recordings') return 'search';
  return null;
}

const userKey = (req: FastifyRequest): string => {
  const u = req.user as { userId?: number } | undefined;
  return typeof u?.userId === 'number' ? `u${u.userId}` : `ip${req.ip}`;
};

/**
 * Rate limits on the API scope. Runs as a preHandler, after authentication, so searches and exports count per user;
 * sign-in counts per client address (the per-account lock-out is the auth module's).
 */
export async function registerRateLimits(api: FastifyInstance, cfg: GuardConfig['http']): Promise<void> {
  await api.register(rateLimit, { global: false });
  const limiters: Record<LimitGroup, ReturnType<FastifyInstance['createRateLimit']>> = {
    login: api.createRateLimit({ max: cfg.loginPerMinute, timeWindow: 60_000, keyGenerator: (req) => `ip${req.ip}` }),
    search: api.createRateLimit({ max: cfg.searchPerMinute, timeWindow: 60_000, keyGenerator: userKey }),
    export: api.createRateLimit({ max: cfg.exportPerMinute, timeWindow: 60_000, keyGenerator: userKey }),
  };
  api.addHook('preHandler', async (req) => {
    const group = limitGroupOf(req);
    if (!group) return;
    const r = await limiters[group](req);
    if (r.isAllowed || !r.isExceeded) return;
    const s = Math.max(1, r.ttlInSeconds);
    const what = group === 'login' ? { zh: '登录尝试', en: 'sign-in attempts' } : group === 'search' ? { zh: '查询', en: 'searches' } : { zh: '导出', en: 'exports' };
    throw new DomainError('RATE_LIMITED', `${what.zh}过于频繁（每分钟最多${r.max}次），请${s}秒后再试 / too many ${what.en} (at most ${r.max} a minute): try again in ${s} s`, {
      retryAfterSeconds: s, limit: r.max,
    });
  });
}
