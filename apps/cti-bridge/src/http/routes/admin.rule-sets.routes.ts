/**
 * Administration → eligibility rule sets: every stored version with how it stands today (in force, scheduled,
 * superseded); a new version with its effective date (the domain picks the version in force on each date); a
 * scheduled version withdrawn before its day. The set in force on a date is readable by everybody signed in.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { HttpApi } from '@donorline/domain';
import { userOf } from '../../auth/auth.hook.js';
import { ADMIN_ONLY } from '../../auth/roles.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors, LocalDateS } from '../schemas/common.schemas.js';
import { RuleSetS } from '../schemas/dto.schemas.js';
import { RuleSetBodyS, RuleSetVersionS } from '../schemas/rule-set.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;
const tags = ['admin'];

export function adminRuleSetRoutes(app: Api, deps: HttpDeps): void {
  const { ruleSets } = deps.services;

  app.get('/api/rule-sets/in-force', {
    schema: {
      tags: ['knowledge'], summary: '某日生效的献血资格规则 / the eligibility rule set in force on a date',
      querystring: Type.Object({ date: LocalDateS }), response: { 200: RuleSetS, ...errors(400, 401) },
    },
  }, async (req): R<'GET /api/rule-sets/in-force'> => ruleSets.inForceOn(req.query.date));

  app.get('/api/admin/rule-sets', {
    config: { roles: ADMIN_ONLY },
    schema: { tags, summary: '献血资格规则各版本（管理员）/ every rule-set version and how it stands today (admin)', response: { 200: Type.Array(RuleSetVersionS), ...errors(401, 403) } },
  }, async (): R<'GET /api/admin/rule-sets'> => ruleSets.list());

  app.post('/api/admin/rule-sets', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '发布新版本（管理员）/ publish a new version with its effective date (admin)',
      description: 'The whole rule set: a version above every stored one of the family, the standard it cites, the day it takes effect (today or earlier: at once; later: scheduled). '
        + 'Eligibility computed on or after that day uses it and names it. 400 with the problems (ages, intervals …); 409 when the version is not newer. Audited as rule-set.publish with the values it changes (old → new).',
      body: RuleSetBodyS, response: { 200: RuleSetVersionS, ...errors(400, 401, 403, 409) },
    },
  }, async (req): R<'POST /api/admin/rule-sets'> => ruleSets.publish(req.body, userOf(req).userId));

  app.post('/api/admin/rule-sets/:family/:version/withdraw', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '撤回待生效版本（管理员）/ withdraw a scheduled version before its day (admin)',
      description: '409 for a version that has taken effect (it decided eligibility; publish a new version instead). Audited as rule-set.withdraw.',
      params: Type.Object({ family: Type.String({ minLength: 1, maxLength: 32 }), version: Type.Integer({ minimum: 1, maximum: 1_000_000 }) }),
      response: { 200: Type.Array(RuleSetVersionS), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req): R<'POST /api/admin/rule-sets/:family/:version/withdraw'> => {
    await ruleSets.withdraw(req.params.family, req.params.version, userOf(req).userId);
    return ruleSets.list();
  });
}
