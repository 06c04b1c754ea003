/**
 * Campaigns with a dialer (issue 13): supervisors and admins create campaigns (from a saved segment or a list — the
 * planner's ranked list), assign agents, start / pause / stop them and read the board; assigned agents join a running
 * campaign, get preview donors (masked, with the script), dial or skip them, and record each conversation's result.
 * Every body is validated (TypeBox here, the campaign's rules in the domain); every dial goes through the contact
 * policy on the server (CampaignDialer → CallControl.dial).
 */
import { Type } from '@fastify/type-provider-typebox';
import { DomainError, type Role } from '@donorline/domain';
import { actorOf } from '../auth/auth.hook.js';
import type { Api, HttpDeps } from '../http/http-deps.js';
import { errors, Id, IdParams, Instant, LocalDateS, Nullable } from '../http/schemas/common.schemas.js';
import type { CampaignDialer } from './campaign-dialer.js';

const tags = ['campaigns'];
const WORK: readonly Role[] = ['agent', 'supervisor', 'admin'];
const LEAD: readonly Role[] = ['supervisor', 'admin'];
const HM = Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'local HH:MM (Asia/Shanghai)' });

export const CampaignS = Type.Object({
  id: Type.Integer(), name: Type.String(), status: Type.String(), mode: Type.String(), channel: Type.String(), script: Nullable(Type.String()),
  startsOn: LocalDateS, endsOn: Nullable(LocalDateS), hoursStart: Type.String(), hoursEnd: Type.String(), maxAttempts: Type.Integer(),
  retryMinutes: Type.Array(Type.Integer()), segmentId: Nullable(Type.Integer()), agentIds: Type.Array(Type.Integer()), createdAt: Instant,
});
const BoardS = Type.Object({
  campaignId: Type.Integer(), targets: Type.Integer(), pending: Type.Integer(), dialing: Type.Integer(), attempted: Type.Integer(), attempts: Type.Integer(),
  reached: Type.Integer(), booked: Type.Integer(), showedUp: Type.Integer(), donated: Type.Integer(), exhausted: Type.Integer(), blocked: Type.Integer(),
  blockedByReason: Type.Record(Type.String(), Type.Integer()), outcomes: Type.Record(Type.String(), Type.Integer()),
});
const TargetViewS = Type.Object({
  targetId: Type.Integer(), campaignId: Type.Integer(), campaignName: Type.String(), mode: Type.String(), script: Nullable(Type.String()), donorId: Type.Integer(),
  nameMasked: Type.String(), phoneMasked: Nullable(Type.String()), blood: Nullable(Type.String()), lastDonation: Nullable(Type.String()), attempts: Type.Integer(), status: Type.String(),
});
const TargetRowS = Type.Object({
  targetId: Type.Integer(), donorId: Type.Integer(), nameMasked: Type.String(), status: Type.String(), attempts: Type.Integer(),
  lastOutcome: Nullable(Type.String()), blockReason: Nullable(Type.String()), nextAt: Nullable(Instant),
});
const CreateS = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  mode: Type.Union([Type.Literal('preview'), Type.Literal('progressive')]),
  channel: Type.Optional(Type.Union([Type.Literal('call'), Type.Literal('sms')])),
  script: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  startsOn: LocalDateS, endsOn: Type.Optional(Nullable(LocalDateS)),
  hoursStart: Type.Optional(HM), hoursEnd: Type.Optional(HM),
  maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
  retryMinutes: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 20_160 }), { maxItems: 10 })),
  agentIds: Type.Array(Id, { maxItems: 200 }),
  segmentId: Type.Optional(Nullable(Id)),
  donorIds: Type.Optional(Type.Array(Id, { maxItems: 50_000 })),
}, { additionalProperties: false });
const TargetParams = Type.Object({ id: Id, targetId: Id });
const MemberS = Nullable(Type.Object({ campaignId: Type.Integer(), mode: Type.String(), busy: Type.Boolean() }));

export function campaignRoutes(app: Api, deps: HttpDeps & { dialer?: CampaignDialer }): void {
  const store = deps.services.dialer;
  const dialer = (): CampaignDialer => {
    if (!deps.dialer) throw new DomainError('NOT_FOUND', '拨号器不可用 / the dialer is not available');
    return deps.dialer;
  };

  app.get('/api/campaigns', { config: { roles: WORK }, schema: { tags, summary: '外呼活动 / campaigns', response: { 200: Type.Array(CampaignS), ...errors(401, 403) } } },
    async (req) => {
      const a = actorOf(req);
      const list = await store.list();
      return LEAD.includes(a.role) ? list : list.filter((c) => c.agentIds.includes(a.id));
    });

  app.post('/api/campaigns', {
    config: { roles: LEAD },
    schema: {
      tags, summary: '新建外呼活动 / create a campaign', body: CreateS,
      description: 'Targets come from a saved segment (segmentId) and/or an explicit list in its order (donorIds: the planner\'s ranked list). At least one agent.',
      response: { 200: CampaignS, ...errors(400, 401, 403) },
    },
  }, async (req) => store.create(req.body, actorOf(req).id));

  app.get('/api/campaigns/mine', {
    config: { roles: WORK },
    schema: { tags, summary: '我的进行中活动 / my running campaigns and my dialing', response: { 200: Type.Object({ campaigns: Type.Array(CampaignS), member: MemberS }), ...errors(401, 403) } },
  }, async (req) => {
    const a = actorOf(req);
    return { campaigns: await store.runningFor(a.id), member: deps.dialer?.memberOf(a.id) ?? null };
  });

  app.get('/api/campaigns/:id', {
    config: { roles: WORK },
    schema: { tags, summary: '活动与看板 / a campaign and its board', params: IdParams, response: { 200: Type.Object({ campaign: CampaignS, board: BoardS }), ...errors(401, 403, 404) } },
  }, async (req) => {
    const a = actorOf(req);
    const campaign = await store.get(req.params.id);
    if (!LEAD.includes(a.role) && !campaign.agentIds.includes(a.id)) throw new DomainError('FORBIDDEN', '您不是该活动的指派坐席 / you are not assigned to this campaign');
    return { campaign, board: await store.board(req.params.id) };
  });

  app.get('/api/campaigns/:id/targets', {
    config: { roles: LEAD },
    schema: { tags, summary: '活动目标（脱敏）/ targets (masked)', params: IdParams, querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }), response: { 200: Type.Array(TargetRowS), ...errors(401, 403, 404) } },
  }, async (req) => store.targets(req.params.id, req.query.limit ?? 100));

  for (const action of ['start', 'pause', 'stop'] as const) {
    app.post(`/api/campaigns/:id/${action}`, {
      config: { roles: LEAD },
      schema: { tags, summary: `${action === 'start' ? '开始' : action === 'pause' ? '暂停' : '结束'} / ${action} a campaign`, params: IdParams, response: { 200: CampaignS, ...errors(401, 403, 404, 409) } },
    }, async (req) => store.transition(req.params.id, action, actorOf(req).id));
  }

  app.post('/api/campaigns/:id/join', {
    config: { roles: WORK },
    schema: { tags, summary: '加入外呼 / join a running campaign (a seat is needed)', params: IdParams, response: { 200: Type.Object({ mode: Type.String(), target: Nullable(TargetViewS) }), ...errors(401, 403, 404, 409) } },
  }, async (req) => dialer().join(actorOf(req), req.params.id));

  app.post('/api/campaigns/leave', {
    config: { roles: WORK },
    schema: { tags, summary: '退出外呼 / leave the campaign dialing', response: { 200: Type.Object({ ok: Type.Boolean() }), ...errors(401, 403) } },
  }, async (req) => {
    await dialer().leave(actorOf(req).id);
    return { ok: true };
  });

  app.post('/api/campaigns/:id/targets/:targetId/dial', {
    config: { roles: WORK },
    schema: { tags, summary: '预览式拨号 / dial the previewed donor (contact policy decides)', params: TargetParams, response: { 200: Type.Object({ callId: Type.String() }), ...errors(401, 403, 404, 409) } },
  }, async (req) => dialer().dialPreview(actorOf(req), req.params.targetId));

  app.post('/api/campaigns/:id/targets/:targetId/skip', {
    config: { roles: WORK },
    schema: { tags, summary: '跳过 / skip the previewed donor (no attempt) and get the next', params: TargetParams, response: { 200: Type.Object({ target: Nullable(TargetViewS) }), ...errors(401, 403, 404, 409) } },
  }, async (req) => ({ target: await dialer().skip(actorOf(req).id, req.params.targetId) }));

  app.post('/api/campaigns/:id/targets/:targetId/outcome', {
    config: { roles: WORK },
    schema: {
      tags, summary: '登记通话结果 / record the result of a conversation', params: TargetParams,
      body: Type.Object({ outcome: Type.Union([Type.Literal('reached-booked'), Type.Literal('reached-declined'), Type.Literal('reached-later'), Type.Literal('wrong-number')]) }, { additionalProperties: false }),
      response: { 200: Type.Object({ status: Type.String() }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => {
    const a = actorOf(req);
    if ((await store.view(req.params.targetId)).campaignId !== req.params.id) throw new DomainError('NOT_FOUND', '该目标不属于此活动 / the target is not in this campaign');
    return store.setOutcome(req.params.targetId, req.body.outcome, { id: a.id, oversight: LEAD.includes(a.role) });
  });
}
