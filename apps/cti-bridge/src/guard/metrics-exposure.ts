/**
 * Where /metrics is served (config.guard.metrics): nowhere, on the public HTTP port, or on a listener of its own
 * (METRICS_HOST:METRICS_PORT — the internal network Prometheus scrapes from). With METRICS_TOKEN set, a scrape needs
 * `Authorization: Bearer <token>` (compared in constant time). Production default: off unless configured.
 */
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { DomainError } from '@donorline/domain';
import type { GuardConfig } from '../config.js';
import { sendError } from '../http/error-handler.js';

export interface MetricsSource {
  contentType: string;
  metrics(): Promise<string>;
}

function tokenMatches(req: FastifyRequest, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1]!);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function addRoute(app: FastifyInstance, source: () => MetricsSource | null, token: string | null): void {
  app.get('/metrics', { logLevel: 'warn' }, async (req: FastifyRequest, reply: FastifyReply) => {
    if (token && !tokenMatches(req, token)) {
      void reply.header('www-authenticate', 'Bearer realm="metrics"');
      return sendError(reply, new DomainError('UNAUTHENTICATED', '需要指标令牌 / a metrics token is required (Authorization: Bearer)'));
    }
    const src = source();
    if (!src) return sendError(reply, new DomainError('NOT_FOUND', '指标尚未就绪 / metrics are not ready'));
    reply.header('content-type', src.contentType);
    reply.header('cache-control', 'no-store');
    return src.metrics();
  });
}

/**
 * Adds /metrics to `app` (mode public) or builds the separate listener (mode separate; the caller listens on
 * cfg.host:cfg.port and closes it). Mode off: nothing — /metrics answers 404.
 */
export function exposeMetrics(app: FastifyInstance, cfg: GuardConfig['metrics'], source: () => MetricsSource | null): FastifyInstance | null {
  if (cfg.mode === 'off') return null;
  if (cfg.mode === 'public') {
    addRoute(app, source, cfg.token);
    return null;
  }
  const own = Fastify({ logger: false });
  addRoute(own, source, cfg.token);
  own.setNotFoundHandler((req, reply) => sendError(reply, new DomainError('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`)));
  return own;
}
