/**
 * Care (关怀管理): rules (view: recruiters; change: supervisors and admins), the prepared actions with their
 * exclusions and reasons (the preview), generation on demand, and confirmation / dismissal by supervisors and admins.
 * Names and phones are masked; confirmation checks the contact policy again server-side and is audited.
 */
import { Type } from '@fastify/type-provider-typebox';
import { CARE_ACTIONS, CARE_AUDIENCES, CARE_EXCLUSIONS, CARE_OCCASIONS, CARE_STATUSES, type CareRulePatch, type HttpApi, type Role } from '@donorline/domain';
import type { CareService } from '@donorline/domain/node';
import { userOf } from '../auth/auth.hook.js';
import type { Api } from '../http/http-deps.js';
import { errors, Id, IdParams, Instant, LocalDateS, Nullable } from '../http/schemas/common.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;
const tags = ['care'];
const VIEW: readonly Role[] = ['agent', 'supervisor', 'admin'];
const LEAD: readonly Role[] = ['supervisor', 'admin'];
const lit = <const T extends readonly string[]>(xs: T) => Type.Enum(xs);

const RuleS = Type.Object({
  id: Type.Integer(), occasion: lit(CARE_OCCASIONS), name: Type.String(), action: lit(CARE_ACTIONS), smsText: Nullable(Type.String()), leadDays: Type.Integer(),
  audience: lit(CARE_AUDIENCES), segmentId: Nullable(Type.Integer()), enabled: Type.Boolean(), updatedAt: Instant,
});
const ActionS = Type.Object({
  id: Type.Integer(), ruleId: Type.Integer(), ruleName: Type.String(), occasion: lit(CARE_OCCASIONS), occasionKey: Type.String(), occasionDate: LocalDateS, action: lit(CARE_ACTIONS),
  status: lit(CARE_STATUSES), reason: Nullable(lit(CARE_EXCLUSIONS)), donorId: Type.Integer(), nameMasked: Type.String(), phoneMasked: Nullable(Type.String({ description: 'masked' })),
  managerName: Nullable(Type.String()), refId: Nullable(Type.Integer()), createdAt: Instant, decidedAt: Nullable(Instant),
});
const Ids = Type.Object({ ids: Type.Array(Id, { minItems: 1, maxItems: 5000 }) });

export function careRoutes(app: Api, care: CareService): void {
  app.get('/api/care/rules', { config: { roles: VIEW }, schema: { tags, summary: '关怀规则 / care rules', response: { 200: Type.Array(RuleS), ...errors(401, 403) } } },
    async (): R<'GET /api/care/rules'> => care.rules());

  app.patch('/api/care/rules/:id', {
    config: { roles: LEAD },
    schema: {
      tags, summary: '修改关怀规则 / change a care rule (audited)', params: IdParams,
      body: Type.Object({
        name: Type.Optional(Type.String({ maxLength: 60 })), action: Type.Optional(lit(CARE_ACTIONS)), smsText: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
        leadDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 14 })), audience: Type.Optional(lit(CARE_AUDIENCES)), segmentId: Type.Optional(Nullable(Id)), enabled: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 200: RuleS, ...errors(400, 401, 403, 404) },
    },
  }, async (req): R<'PATCH /api/care/rules/:id'> => care.updateRule(req.params.id, req.body as CareRulePatch, userOf(req).userId));

  app.post('/api/care/generate', {
    config: { roles: LEAD },
    schema: {
      tags, summary: '生成关怀名单 / prepare the care actions of a day (idempotent; nothing is sent)', body: Type.Object({ date: Type.Optional(LocalDateS) }),
      response: { 200: Type.Object({ date: LocalDateS, added: Type.Integer(), pending: Type.Integer(), excluded: Type.Integer() }), ...errors(400, 401, 403) },
    },
  }, async (req): R<'POST /api/care/generate'> => care.generate(req.body.date));

  app.get('/api/care/actions', {
    config: { roles: VIEW },
    schema: {
      tags, summary: '关怀预览 / the prepared care actions with exclusions and reasons (masked)',
      querystring: Type.Object({
        status: Type.Optional(lit(CARE_STATUSES)), ruleId: Type.Optional(Id), from: Type.Optional(LocalDateS), to: Type.Optional(LocalDateS),
        page: Type.Optional(Type.Integer({ minimum: 1 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
      }),
      response: {
        200: Type.Object({
          items: Type.Array(ActionS), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer(),
          summary: Type.Object({ date: LocalDateS, pending: Type.Integer(), excluded: Type.Integer(), done: Type.Integer(), byReason: Type.Record(Type.String(), Type.Integer()) }),
        }),
        ...errors(400, 401, 403),
      },
    },
  }, async (req): R<'GET /api/care/actions'> => care.list(req.query as Parameters<CareService['list']>[0]));

  app.post('/api/care/actions/confirm', {
    config: { roles: LEAD },
    schema: {
      tags, summary: '确认发送 / confirm: each donor checked again, then the SMS is queued or the call task created (audited)', body: Ids,
      response: { 200: Type.Object({ sent: Type.Integer(), tasked: Type.Integer(), excluded: Type.Array(Type.Object({ id: Type.Integer(), reason: lit(CARE_EXCLUSIONS) })), skipped: Type.Integer() }), ...errors(400, 401, 403) },
    },
  }, async (req): R<'POST /api/care/actions/confirm'> => care.confirm(req.body.ids, userOf(req).userId));

  app.post('/api/care/actions/dismiss', {
    config: { roles: LEAD },
    schema: { tags, summary: '不发送 / dismiss pending care actions (audited)', body: Ids, response: { 200: Type.Object({ dismissed: Type.Integer() }), ...errors(400, 401, 403) } },
  }, async (req): R<'POST /api/care/actions/dismiss'> => care.dismiss(req.body.ids, userOf(req).userId));
}
