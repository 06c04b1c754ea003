/**
 * Points, referrals and rewards (积分与推荐): the donor 360's card (balance, honour progress, history, referrals),
 * referral entry from the desk and from the BECS ingest API (API key, scope 'donors'), the redemption catalogue
 * (supervisors and admins keep it) and redemption on a donor's behalf (idempotent per requestId, audited).
 */
import { Type } from '@fastify/type-provider-typebox';
import { POINTS_KINDS, type HttpApi, type Role } from '@donorline/domain';
import type { LoyaltyService } from '@donorline/domain/node';
import { userOf } from '../auth/auth.hook.js';
import type { Api } from '../http/http-deps.js';
import { errors, Id, IdParams, Instant, Nullable } from '../http/schemas/common.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;
const tags = ['loyalty'];
const DESK: readonly Role[] = ['agent', 'supervisor', 'admin'];
const LEAD: readonly Role[] = ['supervisor', 'admin'];
const Level = Type.Union([Type.Literal('bronze'), Type.Literal('silver'), Type.Literal('gold')]);

const ReferralS = Type.Object({
  id: Type.Integer(), referrerId: Type.Integer(), referredNameMasked: Type.String(), referredPhoneMasked: Nullable(Type.String()), referredDonorId: Nullable(Type.Integer()),
  converted: Type.Boolean(), rewardPoints: Type.Integer(), at: Instant,
});
const RewardS = Type.Object({ id: Type.Integer(), name: Type.String(), cost: Type.Integer(), stock: Type.Integer(), active: Type.Boolean() });
const DonorLoyaltyS = Type.Object({
  donorId: Type.Integer(), balance: Type.Integer(),
  honour: Type.Object({ units: Type.Integer(), level: Nullable(Level), next: Nullable(Type.Object({ level: Level, at: Type.Integer(), missing: Type.Integer() })), percent: Type.Integer() }),
  history: Type.Array(Type.Object({
    id: Type.Integer(), kind: Type.Enum(POINTS_KINDS), delta: Type.Integer(), sourceKey: Type.String(), note: Nullable(Type.String()), rewardName: Nullable(Type.String()), at: Instant,
  })),
  referrals: Type.Array(ReferralS),
  referredBy: Nullable(Type.Object({ referralId: Type.Integer(), referrerId: Type.Integer(), referrerNameMasked: Type.String() })),
});
const Name = Type.String({ minLength: 1, maxLength: 50 });
const Phone = Type.String({ minLength: 3, maxLength: 32 });

export function loyaltyRoutes(app: Api, loyalty: LoyaltyService): void {
  app.get('/api/loyalty/donors/:id', {
    config: { roles: DESK }, schema: { tags, summary: '积分与推荐 / a donor\'s points, honour progress, history and referrals', params: IdParams, response: { 200: DonorLoyaltyS, ...errors(401, 403, 404) } },
  }, async (req): R<'GET /api/loyalty/donors/:id'> => loyalty.donor(req.params.id));

  app.post('/api/loyalty/referrals', {
    config: { roles: DESK },
    schema: {
      tags, summary: '登记推荐 / record who referred whom (an existing donor who has not donated, or a name and phone)',
      body: Type.Object({ referrerId: Id, referredDonorId: Type.Optional(Id), referredName: Type.Optional(Name), referredPhone: Type.Optional(Phone) }, { additionalProperties: false }),
      response: { 200: ReferralS, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req): R<'POST /api/loyalty/referrals'> => loyalty.refer(req.body, { actorId: userOf(req).userId }));

  app.post('/api/integration/referrals', {
    config: { public: true, apiKeyScope: 'donors' },
    schema: {
      tags: ['integration'], security: [{ apiKey: [] }], summary: '推荐关系（API 密钥）/ a referral from the BECS (API key, scope donors)',
      body: Type.Object({ referrerDonorNo: Type.String({ minLength: 1, maxLength: 32 }), referredDonorNo: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })), referredName: Type.Optional(Name), referredPhone: Type.Optional(Phone) }, { additionalProperties: false }),
      response: { 200: ReferralS, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => loyalty.referByBecs(req.body, req.apiKey?.id ?? null));

  app.get('/api/loyalty/rewards', { config: { roles: DESK }, schema: { tags, summary: '兑换目录 / the redemption catalogue', response: { 200: Type.Array(RewardS), ...errors(401, 403) } } },
    async (): R<'GET /api/loyalty/rewards'> => loyalty.rewards());

  app.post('/api/loyalty/rewards', {
    config: { roles: LEAD },
    schema: { tags, summary: '新增礼品 / add a reward (audited)', body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 60 }), cost: Type.Integer({ minimum: 1, maximum: 1_000_000 }), stock: Type.Integer({ minimum: 0, maximum: 1_000_000 }) }), response: { 200: RewardS, ...errors(400, 401, 403, 409) } },
  }, async (req): R<'POST /api/loyalty/rewards'> => loyalty.createReward(req.body, userOf(req).userId));

  app.patch('/api/loyalty/rewards/:id', {
    config: { roles: LEAD },
    schema: {
      tags, summary: '修改礼品或库存 / change a reward or move its stock (never below zero; audited)', params: IdParams,
      body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })), cost: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })), stockDelta: Type.Optional(Type.Integer({ minimum: -1_000_000, maximum: 1_000_000 })), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: RewardS, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req): R<'PATCH /api/loyalty/rewards/:id'> => loyalty.updateReward(req.params.id, req.body, userOf(req).userId));

  app.post('/api/loyalty/donors/:id/redeem', {
    config: { roles: DESK },
    schema: {
      tags, summary: '积分兑换 / redeem points for a reward (stock and balance never below zero; one redemption per requestId)', params: IdParams,
      body: Type.Object({ rewardId: Id, quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })), requestId: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' }) }),
      response: { 200: Type.Object({ balance: Type.Integer(), entryId: Type.Integer(), stock: Type.Integer() }), ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req): R<'POST /api/loyalty/donors/:id/redeem'> => loyalty.redeem(req.params.id, req.body.rewardId, req.body.quantity ?? 1, req.body.requestId, userOf(req).userId));
}
