/** Donors: search, 360° view, create (also from a call), update, link a phone, audited unmasking. */
import { Type } from '@fastify/type-provider-typebox';
import { DomainError, toHalfWidth, type HttpApi } from '@donorline/domain';
import { actorOf, userOf } from '../../auth/auth.hook.js';
import { UNMASK_ROLES } from '../../auth/roles.js';
import { assertCallAccess } from '../call-access.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { CallIdS, errors, Id, IdParams, PageOf, PageQuery } from '../schemas/common.schemas.js';
import { Donor360S, DonorCreateS, DonorSummaryS, DonorUpdateS, PhoneDtoS } from '../schemas/dto.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;
const tags = ['donors'];

export function donorRoutes(app: Api, deps: HttpDeps): void {
  const { donors } = deps.services;
  /** The live call's pops learn who is calling now (never fails the request: the link is stored either way). */
  const callerLinked = async (callId: string): Promise<void> => {
    try {
      await deps.live.callerLinked?.(callId);
    } catch {
      /* the pop refreshes at the next identification */
    }
  };

  app.get('/api/donors', {
    // digits typed with a Chinese IME (１９９…) are the same digits: made half-width before the schema checks them
    preValidation: async (req) => {
      const q = req.query as Record<string, unknown>;
      for (const k of ['q', 'phone', 'idLast4', 'name']) if (typeof q[k] === 'string') q[k] = toHalfWidth(q[k] as string).trim();
    },
    schema: {
      tags,
      summary: '查找献血者 / search donors',
      description: 'By phone — the full number in any spelling, or exactly its last 4 digits (results show it masked) — name prefix, last 4 of the national ID, or `q` (any of these, or a full ID). At least one criterion. Full-number and full-ID searches are audited (`donor.lookup.exact`) and limited per user (PII_LOOKUPS_PER_HOUR, 429 with Retry-After); searches as a whole are limited per user per minute (SEARCH_RATE_PER_MINUTE).',
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: 64 })),
        phone: Type.Optional(Type.String({ maxLength: 32 })),
        name: Type.Optional(Type.String({ maxLength: 50 })),
        idLast4: Type.Optional(Type.String({ pattern: '^\\d{3}[\\dXx*]$' })),
        ...PageQuery,
      }),
      response: { 200: PageOf(DonorSummaryS), ...errors(400, 401, 429) },
    },
  }, async (req): R<'GET /api/donors'> => donors.search(req.query, { actor: actorOf(req), ip: req.ip }));

  app.get('/api/donors/:id', {
    schema: {
      tags, summary: '献血者360°视图 / donor 360° view (numbers masked)',
      description: 'The national ID shows its last 4 only. Agents get the age but no birth date (`birthDate: null`) and birthday care tasks by month; supervisors, quality and admins also see the birth date.',
      params: IdParams, response: { 200: Donor360S, ...errors(401, 404) },
    },
  }, async (req): R<'GET /api/donors/:id'> => donors.view360(req.params.id, undefined, { role: userOf(req).role }));

  app.post('/api/donors', {
    schema: {
      tags,
      summary: '新建献血者 / create a donor',
      description: 'With `phone`, or with `callId` alone to use the caller number of that call (agents: only their own call). Nothing is written when any field is invalid. A national ID that is already registered (409) counts as a full-ID lookup (audited, limited per user).',
      body: DonorCreateS,
      response: { 200: Donor360S, ...errors(400, 401, 403, 404, 409, 429) },
    },
  }, async (req): R<'POST /api/donors'> => {
    const user = userOf(req);
    const body = req.body;
    if (!body.phone?.trim() && !body.callId) throw new DomainError('VALIDATION_FAILED', '请填写电话号码或关联通话 / give phone or callId');
    if (body.callId) await assertCallAccess(deps, user, body.callId);
    const created = await donors.create(body, actorOf(req), req.ip);
    if (body.callId) await callerLinked(body.callId);
    return created;
  });

  app.patch('/api/donors/:id', {
    schema: {
      tags, summary: '修改献血者资料 / update a donor',
      description: 'Roles per field (403 FORBIDDEN otherwise): national ID and account manager — supervisor/admin; do-not-call — anyone may set it, supervisor/admin clear it; consents — anyone may withdraw, supervisor/admin grant; other fields — anyone. Every change is audited old → new (personal data masked).',
      params: IdParams, body: DonorUpdateS, response: { 200: Donor360S, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req): R<'PATCH /api/donors/:id'> => donors.update(req.params.id, req.body, actorOf(req)));

  app.post('/api/donors/:id/phones', {
    schema: {
      tags,
      summary: '关联电话 / link a phone number',
      description: '`number`, or `callId` alone to link the caller number of that call (the desk only holds it masked). Idempotent.',
      params: IdParams,
      body: Type.Object({ number: Type.Optional(Type.String({ minLength: 3, maxLength: 32 })), label: Type.Optional(Type.String({ maxLength: 32 })), callId: Type.Optional(CallIdS) }),
      response: { 200: PhoneDtoS, ...errors(400, 401, 403, 404) },
    },
  }, async (req): R<'POST /api/donors/:id/phones'> => {
    const user = userOf(req);
    const { number, label, callId } = req.body;
    if (!number?.trim() && !callId) throw new DomainError('VALIDATION_FAILED', '请填写电话号码或关联通话 / give number or callId');
    if (callId) await assertCallAccess(deps, user, callId);
    const phone = await donors.linkPhone(req.params.id, { number: number ?? null, callId: callId ?? null }, label ?? null, user.userId);
    if (callId) await callerLinked(callId);
    return phone;
  });

  app.post('/api/donors/:id/unmask', {
    config: { roles: UNMASK_ROLES },
    schema: {
      tags,
      summary: '查看完整号码（审计）/ unmask one field (audited)',
      description: `Roles: ${UNMASK_ROLES.join(', ')}. Returns the full phone number (of \`phoneId\`, default the primary) or national ID, and writes an audit row (who, when, which, why, from where) in the same transaction.`,
      params: IdParams,
      body: Type.Object({
        field: Type.Enum(['phone', 'nationalId']),
        phoneId: Type.Optional(Id),
        reason: Type.String({ minLength: 2, maxLength: 200, description: '查看原因 / why the full value is needed' }),
      }),
      response: { 200: Type.Object({ value: Type.String() }), ...errors(400, 401, 403, 404) },
    },
  }, async (req): R<'POST /api/donors/:id/unmask'> => {
    const { field, phoneId, reason } = req.body;
    return donors.unmask(req.params.id, field, userOf(req).userId, reason, req.ip, phoneId);
  });
}
