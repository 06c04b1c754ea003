/** API keys of machine clients (admins): create (the key is shown once), list (prefix, scopes, last use), revoke. */
import { Type } from '@fastify/type-provider-typebox';
import { API_KEY_SCOPES } from '@donorline/domain';
import { userOf } from '../auth/auth.hook.js';
import { ADMIN_ONLY } from '../auth/roles.js';
import type { Api, HttpDeps } from '../http/http-deps.js';
import { errors, IdParams } from '../http/schemas/common.schemas.js';
import { ApiKeyS } from './integration.schemas.js';

export function apiKeyRoutes(app: Api, deps: HttpDeps): void {
  const keys = deps.services.integration.apiKeys;
  const tags = ['integration'];
  app.get('/api/integration/api-keys', {
    config: { roles: ADMIN_ONLY },
    schema: { tags, summary: 'API 密钥列表 / API keys (never the secret)', response: { 200: Type.Array(ApiKeyS), ...errors(401, 403) } },
  }, async () => keys.list());

  app.post('/api/integration/api-keys', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '创建 API 密钥 / create an API key (shown once)',
      description: 'The answer carries `key` — the only time it is shown; Donorline keeps only its SHA-256. Audited.',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), scopes: Type.Array(Type.Enum([...API_KEY_SCOPES]), { minItems: 1, maxItems: API_KEY_SCOPES.length }) }, {
        examples: [{ name: 'SHINOW 夜间同步', scopes: ['donors', 'donations', 'deferrals'] }],
      }),
      response: { 200: Type.Object({ key: Type.String({ description: 'dlk_<prefix>.<secret>: send it as X-API-Key' }), apiKey: ApiKeyS }), ...errors(400, 401, 403) },
    },
  }, async (req) => keys.create(req.body, userOf(req).userId));

  app.post('/api/integration/api-keys/:id/revoke', {
    config: { roles: ADMIN_ONLY },
    schema: { tags, summary: '吊销 / revoke an API key (its next request gets 401)', params: IdParams, response: { 200: ApiKeyS, ...errors(401, 403, 404) } },
  }, async (req) => keys.revoke(req.params.id, userOf(req).userId));
}
