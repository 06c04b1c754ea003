/**
 * The platelet demand planner (issue 14) for recruiters (agents), supervisors and admins — quality staff have no use
 * for it and do not see donors' recruitment lists. Stock snapshots, issues (entered or imported from XLSX in the
 * desk) and known needs are written by any planner; the safety levels steer every plan, so only supervisors and
 * admins change them. Phones are masked in the list; every write is validated in the domain (no plan on bad numbers)
 * and audited.
 */
import type { Role } from '@donorline/domain';
import { actorOf } from '../../auth/auth.hook.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors, IdParams } from '../schemas/common.schemas.js';
import { IssuesBodyS, ListQueryS, ListS, NeedBodyS, NeedS, PlanQueryS, PlanS, SafetyS, SnapshotBodyS, SnapshotS, TasksBodyS, TasksS } from './planning.schemas.js';
import { Type } from '@fastify/type-provider-typebox';
import type { BloodType } from '@donorline/domain';

export const PLANNER_ROLES: readonly Role[] = ['agent', 'supervisor', 'admin'];
const SAFETY_ROLES: readonly Role[] = ['supervisor', 'admin'];
const tags = ['planning'];
const config = { roles: PLANNER_ROLES };

export function planningRoutes(app: Api, deps: HttpDeps): void {
  const { planning } = deps.services;

  app.get('/api/planning/plan', {
    config,
    schema: {
      tags, summary: '血小板计划 / the plan: forecast, projected stock with/without collections, donations, slots, invitations',
      querystring: PlanQueryS, response: { 200: PlanS, ...errors(400, 401, 403) },
    },
  }, async (req) => planning.plan({ settings: req.query }));

  app.get('/api/planning/list', {
    config,
    schema: {
      tags, summary: '招募名单 / ranked call list for a group and target day (eligible that day, contactable, with reasons)',
      querystring: ListQueryS, response: { 200: ListS, ...errors(400, 401, 403) },
    },
  }, async (req) => planning.rankedList({
    group: req.query.group as BloodType, targetDay: req.query.targetDay, emergency: req.query.emergency, limit: req.query.limit,
    siteIds: req.query.siteIds ? req.query.siteIds.split(',').map(Number) : undefined,
  }));

  app.post('/api/planning/tasks', {
    config,
    schema: {
      tags, summary: '生成外呼任务 / turn the list into callback tasks (work queue, source planner; contact policy re-checked)',
      body: TasksBodyS, response: { 200: TasksS, ...errors(400, 401, 403) },
    },
  }, async (req) => planning.createCallTasks({
    ...req.body, group: req.body.group as BloodType,
    reasons: req.body.reasons ? Object.fromEntries(Object.entries(req.body.reasons).map(([k, v]) => [Number(k), v])) : undefined,
  }, actorOf(req)));

  app.get('/api/planning/stock', {
    config,
    schema: { tags, summary: '最新库存 / the latest stock snapshot (by count time)', response: { 200: Type.Union([SnapshotS, Type.Null()]), ...errors(401, 403) } },
  }, async () => planning.latestSnapshot());

  app.post('/api/planning/stock', {
    config,
    schema: { tags, summary: '录入库存 / enter a stock snapshot (lots by group and expiry day)', body: SnapshotBodyS, response: { 200: SnapshotS, ...errors(400, 401, 403) } },
  }, async (req) => planning.saveSnapshot(req.body, { actor: actorOf(req), source: 'desk' }));

  app.post('/api/planning/issues', {
    config,
    schema: { tags, summary: '录入/导入发血记录 / enter or import (XLSX, parsed by the desk) issues per day and group', body: IssuesBodyS, response: { 200: Type.Object({ written: Type.Integer() }), ...errors(400, 401, 403) } },
  }, async (req) => planning.saveIssues(req.body.records.map((r) => ({ ...r, group: r.group as BloodType })), req.body.source ?? 'desk', actorOf(req)));

  app.get('/api/planning/needs', {
    config,
    schema: { tags, summary: '已知需求 / known needs from today', response: { 200: Type.Array(NeedS), ...errors(401, 403) } },
  }, async () => planning.needs(planning.today()));

  app.post('/api/planning/needs', {
    config,
    schema: { tags, summary: '新增已知需求 / add a known need (scheduled surgery, standing order)', body: NeedBodyS, response: { 200: NeedS, ...errors(400, 401, 403) } },
  }, async (req) => planning.addNeed({ ...req.body, group: req.body.group as BloodType }, actorOf(req)));

  app.delete('/api/planning/needs/:id', {
    config,
    schema: { tags, summary: '删除已知需求 / remove a known need', params: IdParams, response: { 204: Type.Null(), ...errors(401, 403, 404) } },
  }, async (req, reply) => {
    await planning.removeNeed(req.params.id, actorOf(req));
    return reply.code(204).send(null);
  });

  app.get('/api/planning/safety', {
    config,
    schema: { tags, summary: '安全库存 / safety levels per group (units)', response: { 200: SafetyS, ...errors(401, 403) } },
  }, async () => planning.safety() as Promise<Record<string, number>>);

  app.put('/api/planning/safety', {
    config: { roles: SAFETY_ROLES },
    schema: { tags, summary: '设置安全库存 / set safety levels (supervisor, admin; audited old → new)', body: SafetyS, response: { 200: SafetyS, ...errors(400, 401, 403) } },
  }, async (req) => planning.setSafety(req.body as Partial<Record<BloodType, number>>, actorOf(req)) as Promise<Record<string, number>>);
}
