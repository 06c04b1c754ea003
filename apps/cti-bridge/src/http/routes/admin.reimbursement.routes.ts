/**
 * Blood-use reimbursement policies per province (用血报销): everybody signed in reads and searches them (the desk's
 * knowledge search) and a donor's answer (policy + what they and their family can claim, the 360); admins add,
 * edit and delete rows. Every change is audited with old → new values.
 */
import { Type } from '@fastify/type-provider-typebox';
import { localDateOf, type HttpApi } from '@donorline/domain';
import { userOf } from '../../auth/auth.hook.js';
import { ADMIN_ONLY } from '../../auth/roles.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors, IdParams, Nullable } from '../schemas/common.schemas.js';
import { DonorReimbursementS, ReimbursementInputS, ReimbursementPolicyS } from '../schemas/reimbursement.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;
const tags = ['admin'];

export function reimbursementRoutes(app: Api, deps: HttpDeps): void {
  const { reimbursement } = deps.services;

  app.get('/api/reimbursement-policies', {
    schema: {
      tags: ['knowledge'], summary: '用血报销政策 / blood-use reimbursement policies (search by province or words)',
      querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) }),
      response: { 200: Type.Array(ReimbursementPolicyS), ...errors(400, 401) },
    },
  }, async (req): R<'GET /api/reimbursement-policies'> => (req.query.q?.trim() ? reimbursement.search(req.query.q) : reimbursement.list()));

  app.get('/api/donors/:id/reimbursement', {
    schema: {
      tags: ['donors'], summary: '献血者用血报销 / what a donor and their family can claim under the policy',
      description: 'The policy of `province` (default: the center\'s own, the first entered) in force today, read out as text, and the entitlement from the donor\'s whole-blood donations (apheresis not converted). null when no policy is entered.',
      params: IdParams, querystring: Type.Object({ province: Type.Optional(Type.String({ maxLength: 32 })) }),
      response: { 200: Nullable(DonorReimbursementS), ...errors(400, 401, 404) },
    },
  }, async (req): R<'GET /api/donors/:id/reimbursement'> => reimbursement.forDonor(req.params.id, localDateOf(new Date()), req.query.province));

  app.post('/api/admin/reimbursement-policies', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '新增报销政策（管理员）/ add a province\'s policy (admin)',
      description: 'One row per province and effective date (409 for a second one). 400 with the field and reason. Mark demo rows `demo: true`. Audited as reimbursement.create.',
      body: ReimbursementInputS, response: { 200: ReimbursementPolicyS, ...errors(400, 401, 403, 409) },
    },
  }, async (req): R<'POST /api/admin/reimbursement-policies'> => reimbursement.create(req.body, userOf(req).userId));

  app.put('/api/admin/reimbursement-policies/:id', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '修改报销政策（管理员）/ edit a policy (admin)', description: 'The whole row. Audited as reimbursement.update with the changed fields old → new.',
      params: IdParams, body: ReimbursementInputS, response: { 200: ReimbursementPolicyS, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req): R<'PUT /api/admin/reimbursement-policies/:id'> => reimbursement.update(req.params.id, req.body, userOf(req).userId));

  app.delete('/api/admin/reimbursement-policies/:id', {
    config: { roles: ADMIN_ONLY },
    schema: { tags, summary: '删除报销政策（管理员）/ delete a policy (admin)', params: IdParams, response: { 200: Type.Object({ deleted: Type.Boolean() }), ...errors(401, 403, 404) } },
  }, async (req): R<'DELETE /api/admin/reimbursement-policies/:id'> => {
    await reimbursement.remove(req.params.id, userOf(req).userId);
    return { deleted: true };
  });
}
