/**
 * SMS for people (issue 12): the outbox for supervisors, quality staff and admins (status, failures with their
 * reason, retry or park — audited), the state of business messages for any signed-in user (the booking's
 * confirmation: 短信已发送/已送达), and a donor's SMS in the contact history. Phones are masked; message texts carry
 * no phone numbers.
 */
import { Type } from '@fastify/type-provider-typebox';
import { OVERSIGHT_ROLES, SMS_CLASSES, SMS_STATUSES, SMS_TEMPLATE_KEYS } from '@donorline/domain';
import { actorOf } from '../../auth/auth.hook.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors, Id, IdParams, Instant, Nullable, PageOf, PageQuery } from '../schemas/common.schemas.js';

const StatusS = Type.Enum(SMS_STATUSES);
const SmsS = Type.Object({
  id: Type.Integer(), toMasked: Type.String({ description: 'masked (138****8000)' }), donor: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  template: Type.Enum(SMS_TEMPLATE_KEYS), class: Type.Enum(SMS_CLASSES), status: StatusS, attempts: Type.Integer(), providerId: Nullable(Type.String()),
  failureReason: Nullable(Type.String()), body: Nullable(Type.String()), ref: Nullable(Type.String()), createdAt: Instant, nextAttemptAt: Nullable(Instant),
  sentAt: Nullable(Instant), deliveredAt: Nullable(Instant),
});
const RefS = Type.String({ pattern: '^[a-z-]+:\\d{1,12}$', maxLength: 40 });

export function smsRoutes(app: Api, deps: HttpDeps): void {
  const sms = deps.services.messaging.service;

  app.get('/api/sms', {
    config: { roles: OVERSIGHT_ROLES },
    schema: {
      tags: ['sms'], summary: '短信发件箱 / the SMS outbox',
      description: 'status: one status, or problems (failed, parked, undelivered). Newest first.',
      querystring: Type.Object({ status: Type.Optional(Type.Enum([...SMS_STATUSES, 'problems'])), template: Type.Optional(Type.Enum(SMS_TEMPLATE_KEYS)), donorId: Type.Optional(Id), ...PageQuery }),
      response: { 200: PageOf(SmsS), ...errors(400, 401, 403) },
    },
  }, async (req) => sms.list(req.query, actorOf(req)));

  app.get('/api/sms/counts', {
    config: { roles: OVERSIGHT_ROLES },
    schema: {
      tags: ['sms'], summary: '短信统计 / counts by status, opted-out numbers, replies today',
      response: { 200: Type.Object({ byStatus: Type.Record(Type.String(), Type.Integer()), optedOut: Type.Integer(), inboundToday: Type.Integer() }), ...errors(401, 403) },
    },
  }, async (req) => sms.counts(actorOf(req)));

  app.post('/api/sms/:id/retry', {
    config: { roles: OVERSIGHT_ROLES },
    schema: { tags: ['sms'], summary: '重发 / send a failed or parked SMS again (audited)', params: IdParams, response: { 200: SmsS, ...errors(400, 401, 403, 404, 409) } },
  }, async (req) => sms.retry(req.params.id, actorOf(req)));

  app.post('/api/sms/:id/park', {
    config: { roles: OVERSIGHT_ROLES },
    schema: {
      tags: ['sms'], summary: '暂停发送 / stop a waiting or failed SMS, with a reason (audited)', params: IdParams,
      body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 200 }) }), response: { 200: SmsS, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => sms.park(req.params.id, actorOf(req), req.body.reason));

  app.get('/api/sms/refs', {
    schema: {
      tags: ['sms'], summary: '业务短信状态 / the state of the SMS for business objects (appointment:12)',
      querystring: Type.Object({ ref: Type.Union([RefS, Type.Array(RefS, { maxItems: 100 })]) }),
      response: { 200: Type.Array(Type.Object({ ref: Type.String(), id: Type.Integer(), status: StatusS, at: Instant, failureReason: Nullable(Type.String()) })), ...errors(400, 401) },
    },
  }, async (req) => sms.refStates(Array.isArray(req.query.ref) ? req.query.ref : [req.query.ref]));

  app.get('/api/donors/:id/sms', {
    schema: {
      tags: ['sms'], summary: '献血者短信记录 / a donor\'s SMS, sent and replied (contact history)', params: IdParams,
      response: {
        200: Type.Array(Type.Object({
          direction: Type.Enum(['out', 'in']), id: Type.Integer(), at: Instant, text: Type.String(), template: Nullable(Type.Enum(SMS_TEMPLATE_KEYS)),
          status: Nullable(StatusS), intent: Nullable(Type.String()), ticketId: Nullable(Type.Integer()),
        })),
        ...errors(400, 401),
      },
    },
  }, async (req) => sms.history(req.params.id));
}
