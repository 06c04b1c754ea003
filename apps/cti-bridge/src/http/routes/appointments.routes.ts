/** Sites, free slots, and booking / cancelling / rescheduling with capacity and eligibility checks. */
import { Type } from '@fastify/type-provider-typebox';
import { DomainError, type HttpApi } from '@donorline/domain';
import { userOf } from '../../auth/auth.hook.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { DateOrInstant, errors, Id, IdParams } from '../schemas/common.schemas.js';
import { AppointmentBriefS, AppointmentCreateS, DonationTypeS, SiteDtoS, SlotDtoS } from '../schemas/dto.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;
const tags = ['appointments'];
const MAX_RANGE_DAYS = 62;

function dayNumber(s: string): number {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00+08:00` : s);
  if (Number.isNaN(t)) throw new DomainError('VALIDATION_FAILED', `日期格式不正确 / not a date: ${s}`);
  return t / 86_400_000;
}

export function appointmentRoutes(app: Api, deps: HttpDeps): void {
  const { appointments } = deps.services;

  app.get('/api/sites', {
    schema: { tags, summary: '献血点 / donation sites', response: { 200: Type.Array(SiteDtoS), ...errors(401) } },
  }, async (): R<'GET /api/sites'> => appointments.sites());

  app.get('/api/slots', {
    schema: {
      tags,
      summary: '可预约时段 / free slots',
      description: `Slots of a donation type from \`from\` to \`to\` (local days or instants, at most ${MAX_RANGE_DAYS} days), optionally at one site; only future slots with free places, earliest first.`,
      querystring: Type.Object({ siteId: Type.Optional(Id), type: DonationTypeS, from: DateOrInstant, to: DateOrInstant }),
      response: { 200: Type.Array(SlotDtoS), ...errors(400, 401) },
    },
  }, async (req): R<'GET /api/slots'> => {
    const { from, to } = req.query;
    const span = dayNumber(to) - dayNumber(from);
    if (span < 0) throw new DomainError('VALIDATION_FAILED', '结束日期早于开始日期 / `to` is before `from`');
    if (span > MAX_RANGE_DAYS) throw new DomainError('VALIDATION_FAILED', `查询范围不超过${MAX_RANGE_DAYS}天 / at most ${MAX_RANGE_DAYS} days`);
    return appointments.availableSlots(req.query);
  });

  app.get('/api/appointments', {
    schema: { tags, summary: '献血者的预约 / a donor\'s appointments', querystring: Type.Object({ donorId: Id }), response: { 200: Type.Array(AppointmentBriefS), ...errors(400, 401) } },
  }, async (req): R<'GET /api/appointments'> => appointments.forDonor(req.query.donorId));

  app.post('/api/appointments', {
    schema: {
      tags,
      summary: '预约 / book',
      description: 'One transaction: future slot of that type at a site that collects it; donor eligible on that day with the active rule set (409 NOT_ELIGIBLE with the reasons and eligibleFrom); no other open booking of the type (409 CONFLICT); a free place (409 SLOT_FULL); SMS confirmation queued.',
      body: AppointmentCreateS,
      response: { 200: AppointmentBriefS, ...errors(400, 401, 404, 409) },
    },
  }, async (req): R<'POST /api/appointments'> => appointments.book({ ...req.body, actorId: userOf(req).userId }));

  app.post('/api/appointments/:id/cancel', {
    schema: {
      tags, summary: '取消预约 / cancel', params: IdParams, body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 255 }) }),
      response: { 200: AppointmentBriefS, ...errors(400, 401, 404, 409) },
    },
  }, async (req): R<'POST /api/appointments/:id/cancel'> => appointments.cancel(req.params.id, req.body.reason, userOf(req).userId));

  app.post('/api/appointments/:id/reschedule', {
    schema: {
      tags, summary: '改约 / move to another slot', description: 'Atomic: the old place is released only when the new one is taken. Returns the new appointment.',
      params: IdParams, body: Type.Object({ slotId: Id }), response: { 200: AppointmentBriefS, ...errors(400, 401, 404, 409) },
    },
  }, async (req): R<'POST /api/appointments/:id/reschedule'> => appointments.reschedule(req.params.id, req.body.slotId, userOf(req).userId));
}
