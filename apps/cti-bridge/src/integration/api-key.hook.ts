/**
 * Machine clients authenticate with an API key, never a user's JWT: `X-API-Key: dlk_…` (or `Authorization: Bearer
 * dlk_…`). Routes declare `config: { public: true, apiKeyScope: 'donations' }` — public only means "no desk JWT";
 * this hook then requires a valid, unrevoked key with that scope (401 / 403).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, type ApiKeyScope } from '@donorline/domain';
import type { BecsIntegration, VerifiedKey } from '@donorline/domain/node';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An ingest route: an API key with this scope is required. */
    apiKeyScope?: ApiKeyScope;
  }
  interface FastifyRequest {
    apiKey?: VerifiedKey;
  }
}

export function presentedKey(req: FastifyRequest): string | null {
  const h = req.headers['x-api-key'];
  if (typeof h === 'string' && h.trim()) return h.trim();
  const m = /^Bearer\s+(dlk_\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m ? m[1]! : null;
}

export function installApiKeyHook(app: FastifyInstance, integration: BecsIntegration): void {
  app.addHook('onRequest', async (req) => {
    const scope = req.routeOptions.config.apiKeyScope;
    if (!scope) return;
    const key = presentedKey(req);
    if (!key) throw new DomainError('UNAUTHENTICATED', '需要 API 密钥（X-API-Key 头）/ an API key is required (X-API-Key header)');
    req.apiKey = await integration.apiKeys.verify(key, scope);
  });
}
