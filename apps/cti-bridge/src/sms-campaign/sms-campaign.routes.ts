/**
 * SMS campaigns (招募短信邀约): supervisors and admins create one from a saved segment or a list (the planner's ranked
 * list), read its results (counts, and every recipient masked: queued, sent, delivered, failed, blocked by the policy
 * with the reasons, replied, booked) — and launch, pause, resume and stop it with the campaigns' own routes
 * (POST /api/campaigns/:id/start|pause|stop, audited with the actor). Agents have no business here (403).
 */
import { Type } from '@fastify/type-provider-typebox';
import { INVITATION_BLOCK_REASONS, INVITATION_PRODUCTS, SMS_RECIPIENT_STATES, type Role } from '@donorline/domain';
import { actorOf } from '../auth/auth.hook.js';
import { CampaignS } from '../dialer/campaigns.routes.js';
import type { Api } from '../http/http-deps.js';
import { errors, Id, IdParams, Instant, LocalDateS, Nullable } from '../http/schemas/common.schemas.js';
import type { SmsCampaigns } from './index.js';

const tags = ['sms-campaigns'];
const LEAD: readonly Role[] = ['supervisor', 'admin'];
const HM = Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'local HH:MM (Asia/Shanghai)' });
const Param = (description: string) => Type.String({ minLength: 1, maxLength: 64, description: `${description} (at most 35 characters reach the gateway: a longer value is refused with a clear message)` });

const SettingsS = Type.Object({
  site: Type.String(), inviteDate: Type.String(), product: Type.Enum(INVITATION_PRODUCTS), ratePerMinute: Type.Integer(), conversionDays: Type.Integer(), frequencyCapDays: Type.Integer(),
});
const ResultsS = Type.Object({
  campaignId: Type.Integer(), targets: Type.Integer(), byState: Type.Record(Type.String(), Type.Integer()), blockedByReason: Type.Record(Type.String(), Type.Integer()),
  replied: Type.Integer(), optedOut: Type.Integer(), booked: Type.Integer(), conversion: Type.Number(), lastMinute: Type.Integer(),
});
const DetailS = Type.Object({ campaign: CampaignS, settings: SettingsS, results: ResultsS, sample: Type.String() });
const RecipientS = Type.Object({
  targetId: Type.Integer(), donorId: Type.Integer(), nameMasked: Type.String(), phoneMasked: Nullable(Type.String()), state: Type.Enum(SMS_RECIPIENT_STATES),
  blockReasons: Type.Array(Type.Enum(INVITATION_BLOCK_REASONS)), smsStatus: Nullable(Type.String()), failure: Nullable(Type.String()), queuedAt: Nullable(Instant),
  deliveredAt: Nullable(Instant), repliedAt: Nullable(Instant), replyIntent: Nullable(Type.String()), bookedAt: Nullable(Instant),
});
const CreateS = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  startsOn: LocalDateS, endsOn: Type.Optional(Nullable(LocalDateS)),
  hoursStart: Type.Optional(HM), hoursEnd: Type.Optional(HM),
  segmentId: Type.Optional(Nullable(Id)),
  donorIds: Type.Optional(Type.Array(Id, { maxItems: 50_000 })),
  site: Param('the site in the invitation (${site})'),
  inviteDate: Param('the day in the invitation (${date}), e.g. 12月9日'),
  product: Type.Optional(Type.Enum(INVITATION_PRODUCTS)),
  ratePerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 6000 })),
  conversionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
  frequencyCapDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 90 })),
}, { additionalProperties: false });

export function smsCampaignRoutes(app: Api, sms: SmsCampaigns): void {
  app.post('/api/sms-campaigns', {
    config: { roles: LEAD },
    schema: {
      tags, summary: '新建短信邀约活动 / create an SMS campaign', body: CreateS,
      description: 'Recipients come from a saved segment (segmentId) and/or a list in its order (donorIds: the planner\'s list). Created as a draft; POST /api/campaigns/:id/start launches it.',
      response: { 200: DetailS, ...errors(400, 401, 403) },
    },
  }, async (req) => sms.service.create(req.body, actorOf(req).id));

  app.get('/api/sms-campaigns/:id', {
    config: { roles: LEAD },
    schema: { tags, summary: '短信活动与结果 / an SMS campaign and its results', params: IdParams, response: { 200: DetailS, ...errors(401, 403, 404) } },
  }, async (req) => sms.service.detail(req.params.id));

  app.get('/api/sms-campaigns/:id/recipients', {
    config: { roles: LEAD },
    schema: {
      tags, summary: '短信活动收件人（脱敏）/ recipients (masked)', params: IdParams,
      querystring: Type.Object({ state: Type.Optional(Type.Enum(SMS_RECIPIENT_STATES)), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false }),
      response: { 200: Type.Array(RecipientS), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => sms.service.recipients(req.params.id, req.query));
}
