/**
 * Recruitment CRM (issue 13): donor segments — a live count and a masked preview of a rule, saved named segments —
 * and account managers (客户经理): one donor's manager (compare-and-set), bulk by segment balanced across managers,
 * 我的献血者 with due tasks, workload per manager. Rules arrive as JSON and are validated by the domain (a bad rule is
 * a 400 naming the path); names and phones in previews are masked; every change is audited in the domain.
 */
import { Type } from '@fastify/type-provider-typebox';
import { DomainError, localDateOf, type HttpApi, type Role } from '@donorline/domain';
import { userOf } from '../../auth/auth.hook.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors, Id, IdParams, Instant, LocalDateS, Nullable } from '../schemas/common.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;
const tags = ['crm'];
/** Recruiters (agents), supervisors and admins work with segments and portfolios; quality staff do not recruit. */
const CRM: readonly Role[] = ['agent', 'supervisor', 'admin'];
/** Saving segments, assigning in bulk, other people's portfolios and the workload: supervisors and admins. */
const LEAD: readonly Role[] = ['supervisor', 'admin'];

const Rule = Type.Unknown({ description: 'a segment rule: { op: "and"|"or", rules: [ { field, op, value } | group ] } — see crm/segment-rule.ts' });
const SavedS = Type.Object({ id: Type.Integer(), name: Type.String(), rule: Type.Unknown(), createdById: Nullable(Type.Integer()), createdAt: Instant, updatedAt: Instant });
const PreviewS = Type.Object({
  id: Type.Integer(), nameMasked: Type.String(), gender: Type.String(), blood: Nullable(Type.String()), phoneMasked: Nullable(Type.String({ description: 'masked (138****8000)' })),
  lastDonation: Nullable(LocalDateS), accountManagerId: Nullable(Type.Integer()),
});
const PortfolioS = Type.Object({
  donorId: Type.Integer(), nameMasked: Type.String(), phoneMasked: Nullable(Type.String()), blood: Nullable(Type.String()), lastDonation: Nullable(LocalDateS),
  openTasks: Type.Integer(), dueTasks: Type.Integer(), nextDueAt: Nullable(Instant),
});
const WorkloadS = Type.Object({ managerId: Type.Integer(), displayName: Type.String(), active: Type.Boolean(), donors: Type.Integer(), openTasks: Type.Integer(), dueTasks: Type.Integer() });

export function crmRoutes(app: Api, deps: HttpDeps): void {
  const { segments, accountManagers } = deps.services;

  app.post('/api/crm/segments/count', {
    config: { roles: CRM },
    schema: {
      tags, summary: '分群人数 / live count of a rule', body: Type.Object({ rule: Rule, asOf: Type.Optional(LocalDateS) }),
      description: 'asOf: the day relative conditions (months since the last donation, age, eligibility) are measured from; default today (Asia/Shanghai).',
      response: { 200: Type.Object({ count: Type.Integer(), asOf: LocalDateS, ms: Type.Number() }), ...errors(400, 401, 403) },
    },
  }, async (req): R<'POST /api/crm/segments/count'> => {
    const t0 = performance.now();
    const asOf = req.body.asOf ?? localToday();
    const count = await segments.count(req.body.rule, asOf);
    return { count, asOf, ms: Math.round(performance.now() - t0) };
  });

  app.post('/api/crm/segments/preview', {
    config: { roles: CRM },
    schema: {
      tags, summary: '分群预览（脱敏）/ a masked preview of matching donors', body: Type.Object({ rule: Rule, asOf: Type.Optional(LocalDateS), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) }),
      response: { 200: Type.Array(PreviewS), ...errors(400, 401, 403) },
    },
  }, async (req): R<'POST /api/crm/segments/preview'> => segments.preview(req.body.rule, req.body.limit ?? 20, req.body.asOf ?? localToday()));

  app.get('/api/crm/segments', { config: { roles: CRM }, schema: { tags, summary: '已保存的分群 / saved segments', response: { 200: Type.Array(SavedS), ...errors(401, 403) } } },
    async (): R<'GET /api/crm/segments'> => segments.list());

  app.post('/api/crm/segments', {
    config: { roles: LEAD },
    schema: { tags, summary: '保存分群 / save a named segment (audited)', body: Type.Object({ name: Type.String({ maxLength: 200 }), rule: Rule }), response: { 200: SavedS, ...errors(400, 401, 403, 409) } },
  }, async (req): R<'POST /api/crm/segments'> => segments.create(req.body.name, req.body.rule, userOf(req).userId));

  app.patch('/api/crm/segments/:id', {
    config: { roles: LEAD },
    schema: {
      tags, summary: '重命名/修改分群 / rename or change a segment (audited old → new)', params: IdParams,
      body: Type.Object({ name: Type.Optional(Type.String({ maxLength: 200 })), rule: Type.Optional(Rule) }), response: { 200: SavedS, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req): R<'PATCH /api/crm/segments/:id'> => segments.update(req.params.id, req.body, userOf(req).userId));

  app.delete('/api/crm/segments/:id', {
    config: { roles: LEAD },
    schema: { tags, summary: '删除分群 / delete a segment (audited)', params: IdParams, response: { 200: Type.Object({ ok: Type.Literal(true) }), ...errors(401, 403, 404) } },
  }, async (req): R<'DELETE /api/crm/segments/:id'> => {
    await segments.remove(req.params.id, userOf(req).userId);
    return { ok: true };
  });

  app.put('/api/crm/donors/:id/account-manager', {
    config: { roles: CRM },
    schema: {
      tags, summary: '指定客户经理 / set or clear one donor\'s account manager', params: IdParams,
      description: 'expected: the manager the user saw (null = nobody). Someone changed it meanwhile → 409 naming the current manager. An agent may take an unassigned donor or release their own; supervisors and admins assign anyone.',
      body: Type.Object({ managerId: Nullable(Id), expected: Nullable(Id) }),
      response: { 200: Type.Object({ donorId: Type.Integer(), managerId: Nullable(Type.Integer()) }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req): R<'PUT /api/crm/donors/:id/account-manager'> => {
    const u = userOf(req);
    const { managerId, expected } = req.body;
    if (!LEAD.includes(u.role)) {
      const take = managerId === u.userId && expected === null;
      const release = managerId === null && expected === u.userId;
      if (!take && !release) throw new DomainError('FORBIDDEN', '坐席只能认领无人负责的献血者或释放自己的献血者 / an agent may only take an unassigned donor or release their own', { rule: 'crm.assign-others' });
    }
    return accountManagers.assign(req.params.id, managerId, expected, u.userId);
  });

  app.post('/api/crm/assignments/bulk', {
    config: { roles: LEAD },
    schema: {
      tags, summary: '按分群批量分配 / assign a saved segment across managers, balanced (audited)',
      description: 'onlyUnassigned (default true) leaves donors who already have a manager alone. Each donor goes to the manager holding the fewest donors so far.',
      body: Type.Object({ segmentId: Id, managerIds: Type.Array(Id, { minItems: 1, maxItems: 100 }), onlyUnassigned: Type.Optional(Type.Boolean()) }),
      response: { 200: Type.Object({ assigned: Type.Integer(), perManager: Type.Record(Type.String(), Type.Integer()) }), ...errors(400, 401, 403, 404) },
    },
  }, async (req): R<'POST /api/crm/assignments/bulk'> => accountManagers.bulkAssign(req.body, userOf(req).userId));

  app.get('/api/crm/portfolio', {
    config: { roles: CRM },
    schema: {
      tags, summary: '我的献血者 / a manager\'s donors with due tasks first', description: 'managerId: someone else\'s portfolio (supervisors and admins); default your own.',
      querystring: Type.Object({ managerId: Type.Optional(Id), dueOnly: Type.Optional(Type.Boolean()), page: Type.Optional(Type.Integer({ minimum: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }),
      response: { 200: Type.Object({ items: Type.Array(PortfolioS), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() }), ...errors(401, 403) },
    },
  }, async (req): R<'GET /api/crm/portfolio'> => {
    const u = userOf(req);
    const managerId = req.query.managerId ?? u.userId;
    if (managerId !== u.userId && !LEAD.includes(u.role)) throw new DomainError('FORBIDDEN', '只能查看自己的献血者 / only your own portfolio', { rule: 'crm.portfolio-others' });
    return accountManagers.portfolio(managerId, req.query);
  });

  app.get('/api/crm/workload', {
    config: { roles: LEAD },
    schema: { tags, summary: '客户经理工作量 / workload per account manager', response: { 200: Type.Array(WorkloadS), ...errors(401, 403) } },
  }, async (): R<'GET /api/crm/workload'> => accountManagers.workload());
}

function localToday(): string {
  return localDateOf(new Date());
}
