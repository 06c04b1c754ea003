/** Knowledge base (admins edit), standard phrases, the active eligibility rule set. */
import { Type } from '@fastify/type-provider-typebox';
import { DomainError, type HttpApi } from '@donorline/domain';
import { userOf } from '../../auth/auth.hook.js';
import { ADMIN_ONLY } from '../../auth/roles.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors, IdParams } from '../schemas/common.schemas.js';
import { KnowledgeArticleS, KnowledgeInputS, KnowledgePatchS, PhraseS, RuleSetS } from '../schemas/dto.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;

export function knowledgeRoutes(app: Api, deps: HttpDeps): void {
  const { knowledge, phrases, ruleSets } = deps.services;

  app.get('/api/knowledge', {
    schema: {
      tags: ['knowledge'], summary: '知识库 / knowledge base',
      querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })), category: Type.Optional(KnowledgeArticleS.properties.category) }),
      response: { 200: Type.Array(KnowledgeArticleS), ...errors(400, 401) },
    },
  }, async (req): R<'GET /api/knowledge'> => knowledge.search(req.query.q, req.query.category));

  app.post('/api/knowledge', {
    config: { roles: ADMIN_ONLY },
    schema: { tags: ['knowledge'], summary: '新增条目（管理员）/ add an article (admin)', body: KnowledgeInputS, response: { 200: KnowledgeArticleS, ...errors(400, 401, 403) } },
  }, async (req): R<'POST /api/knowledge'> => knowledge.create(req.body, userOf(req).userId));

  app.patch('/api/knowledge/:id', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags: ['knowledge'], summary: '修改条目（管理员）/ edit an article (admin)', params: IdParams, body: KnowledgePatchS,
      response: { 200: KnowledgeArticleS, ...errors(400, 401, 403, 404) },
    },
  }, async (req): R<'PATCH /api/knowledge/:id'> => {
    if (!Object.values(req.body).some((v) => v !== undefined)) throw new DomainError('VALIDATION_FAILED', '没有要修改的内容 / nothing to change');
    return knowledge.update(req.params.id, req.body, userOf(req).userId);
  });

  app.get('/api/phrases', {
    schema: {
      tags: ['knowledge'], summary: '规范用语 / standard phrases (script order)', querystring: Type.Object({ callType: Type.Optional(Type.String({ maxLength: 64 })) }),
      response: { 200: Type.Array(PhraseS), ...errors(401) },
    },
  }, async (req): R<'GET /api/phrases'> => phrases.list(req.query.callType));

  app.get('/api/rule-sets/active', {
    schema: { tags: ['knowledge'], summary: '当前献血资格规则 / the active eligibility rule set', response: { 200: RuleSetS, ...errors(401) } },
  }, async (): R<'GET /api/rule-sets/active'> => ruleSets.active());
}
