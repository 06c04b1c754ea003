/**
 * The work queue (工单/待办, issue 12): the lists (我的待办, the pool, everything for supervisors), counts for the
 * desk's badge, one task with its calls, actions (assign, start, resolve with an outcome, close, reopen) and bulk
 * assign/close. Every write is role-checked in the domain (work-queue/work-policy.ts) and audited old → new.
 */
import { Type } from '@fastify/type-provider-typebox';
import { DomainError, OVERSIGHT_ROLES, TASK_PRIORITIES, TASK_SOURCES, TICKET_STATUSES, WORK_ACTIONS, WORK_DUE_FILTERS, WORK_SORTS, type HttpApi } from '@donorline/domain';
import { actorOf } from '../../auth/auth.hook.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors, Id, IdParams, Instant, Nullable, PageOf, PageQuery } from '../schemas/common.schemas.js';
import { TicketKindS, TicketStatusS } from '../schemas/dto.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;

const Person = Type.Object({ id: Type.Integer(), displayName: Type.String() });
const TASK_FIELDS = {
  id: Type.Integer(), kind: TicketKindS, source: Type.Enum(TASK_SOURCES), status: TicketStatusS, priority: Type.Enum(TASK_PRIORITIES), subject: Type.String(),
  team: Nullable(Type.String()), owner: Nullable(Person), donor: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  callerMasked: Nullable(Type.String({ description: 'masked (138****8000)' })), createdAt: Instant, dueAt: Nullable(Instant), overdue: Type.Boolean(),
  escalatedAt: Nullable(Instant), outcome: Nullable(Type.String()), callCount: Type.Integer(),
};
const WorkTaskS = Type.Object(TASK_FIELDS);
const WorkDetailS = Type.Object({
  ...TASK_FIELDS,
  body: Nullable(Type.String()), startedAt: Nullable(Instant), resolvedAt: Nullable(Instant), closedAt: Nullable(Instant),
  calls: Type.Array(Type.Object({ callId: Type.String(), at: Instant, direction: Nullable(Type.String()), outcome: Nullable(Type.String()), hasRecording: Type.Boolean() })),
  notes: Type.Array(Type.Object({ id: Type.Integer(), at: Instant, body: Type.String(), author: Nullable(Person) })),
});
const Outcome = Type.String({ maxLength: 500, description: '处理结果 / what was done — required to resolve' });

export function workRoutes(app: Api, deps: HttpDeps): void {
  const { work, users } = deps.services;

  app.get('/api/work', {
    schema: {
      tags: ['work'], summary: '待办 / the work queue',
      description: 'scope mine (default) | pool (nobody\'s) | all (supervisor, quality, admin); status: a status, open (default: new, assigned, in progress) or any; due: overdue | today; sort: due (default) | priority | created.',
      querystring: Type.Object({
        scope: Type.Optional(Type.Enum(['mine', 'pool', 'all'])), kind: Type.Optional(TicketKindS), status: Type.Optional(Type.Enum([...TICKET_STATUSES, 'open', 'any'])),
        due: Type.Optional(Type.Enum(WORK_DUE_FILTERS)), sort: Type.Optional(Type.Enum(WORK_SORTS)), ownerId: Type.Optional(Id), ...PageQuery,
      }),
      response: { 200: PageOf(WorkTaskS), ...errors(400, 401, 403) },
    },
  }, async (req): R<'GET /api/work'> => {
    const actor = actorOf(req);
    const scope = req.query.scope ?? 'mine';
    if ((scope === 'all' || req.query.ownerId !== undefined) && !OVERSIGHT_ROLES.includes(actor.role)) {
      throw new DomainError('FORBIDDEN', '查看全部工单需要主管、质检或管理员 / all tasks are for supervisors, quality staff and admins', { rule: 'work.view-all' });
    }
    return work.list({ ...req.query, scope }, actor);
  });

  app.get('/api/work/counts', {
    schema: {
      tags: ['work'], summary: '待办数量 / counts for the badge',
      response: { 200: Type.Object({ mine: Type.Integer(), mineOverdue: Type.Integer(), pool: Type.Integer(), overdue: Type.Integer() }), ...errors(401) },
    },
  }, async (req): R<'GET /api/work/counts'> => work.counts(actorOf(req).id));

  app.get('/api/work/assignees', {
    schema: {
      tags: ['work'], summary: '可指派人员 / people work can be given to (active agents and supervisors)',
      response: { 200: Type.Array(Type.Object({ id: Type.Integer(), displayName: Type.String(), role: Type.String(), extension: Nullable(Type.String()) })), ...errors(401) },
    },
  }, async (): R<'GET /api/work/assignees'> => (await users.list())
    .filter((u) => u.role === 'agent' || u.role === 'supervisor')
    .map((u) => ({ id: u.id, displayName: u.displayName, role: u.role, extension: u.extension ?? null })));

  app.get('/api/work/:id', {
    schema: { tags: ['work'], summary: '工单详情 / one task with its calls and notes', params: IdParams, response: { 200: WorkDetailS, ...errors(401, 404) } },
  }, async (req): R<'GET /api/work/:id'> => work.detail(req.params.id));

  app.post('/api/work/bulk', {
    schema: {
      tags: ['work'], summary: '批量指派/关闭 / bulk assign or close (supervisor, admin)',
      body: Type.Object({ ids: Type.Array(Id, { minItems: 1, maxItems: 200 }), action: Type.Enum(['assign', 'close']), ownerId: Type.Optional(Nullable(Id)), outcome: Type.Optional(Outcome) }),
      response: { 200: Type.Object({ updated: Type.Integer() }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req): R<'POST /api/work/bulk'> => {
    const { ids, action, ...input } = req.body;
    return work.bulk(ids, action, actorOf(req), input);
  });

  app.post('/api/work/:id/:action', {
    schema: {
      tags: ['work'], summary: '处理工单 / act on a task: assign { ownerId }, start, resolve { outcome }, close, reopen',
      description: 'The owner acts on their task; anyone takes one from the pool for themselves; supervisors and admins on any. 403 FORBIDDEN otherwise, 409 CONFLICT when the action does not apply to the status, 400 when resolve has no outcome.',
      params: Type.Object({ id: Id, action: Type.Enum(WORK_ACTIONS) }),
      body: Type.Object({ ownerId: Type.Optional(Nullable(Id)), outcome: Type.Optional(Outcome), note: Type.Optional(Type.String({ maxLength: 2000 })) }),
      response: { 200: WorkDetailS, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req): R<'POST /api/work/:id/:action'> => work.act(req.params.id, req.params.action, actorOf(req), req.body ?? {}));
}
