/**
 * Administration → Service calendar (admin only): the hotline's agent hours, working weekdays, public holidays and
 * make-up working days (调休). The IVR reads it from the database; audited old → new.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { HttpApi } from '@donorline/domain';
import { userOf } from '../../auth/auth.hook.js';
import { ADMIN_ONLY } from '../../auth/roles.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors, LocalDateS } from '../schemas/common.schemas.js';
import { CalendarDayBodyS, ServiceCalendarDtoS, ServiceHoursInputS } from '../schemas/sites.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;
const tags = ['service-calendar'];
const config = { roles: ADMIN_ONLY };
const DateParams = Type.Object({ date: LocalDateS });

export function adminCalendarRoutes(app: Api, deps: HttpDeps): void {
  const { calendar } = deps.services;

  app.get('/api/admin/service-calendar', {
    config, schema: { tags, summary: '服务日历 / the hotline calendar', response: { 200: ServiceCalendarDtoS, ...errors(401, 403) } },
  }, async (): R<'GET /api/admin/service-calendar'> => calendar.get());

  app.put('/api/admin/service-calendar/hours', {
    config,
    schema: {
      tags, summary: '人工服务时间 / agent hours and weekdays', body: ServiceHoursInputS,
      description: 'open/close HH:MM local (close exclusive), weekdays ISO 1–7. The IVR offers agents only inside these hours. Audited as service-calendar.hours.',
      response: { 200: ServiceCalendarDtoS, ...errors(400, 401, 403) },
    },
  }, async (req): R<'PUT /api/admin/service-calendar/hours'> => calendar.setHours(req.body, userOf(req).userId));

  app.put('/api/admin/service-calendar/days/:date', {
    config,
    schema: {
      tags, summary: '设置节假日或调休上班日 / set a holiday or a make-up working day', params: DateParams, body: CalendarDayBodyS,
      description: 'holiday: no agents that day (sites that close on holidays get no slots); workday: agents although the weekday is off (调休). Audited as service-calendar.day-set.',
      response: { 200: ServiceCalendarDtoS, ...errors(400, 401, 403) },
    },
  }, async (req): R<'PUT /api/admin/service-calendar/days/:date'> => calendar.setDay(req.params.date, req.body.kind, req.body.name, userOf(req).userId));

  app.delete('/api/admin/service-calendar/days/:date', {
    config, schema: { tags, summary: '删除日历日期 / remove a calendar day', params: DateParams, response: { 200: ServiceCalendarDtoS, ...errors(400, 401, 403, 404) } },
  }, async (req): R<'DELETE /api/admin/service-calendar/days/:date'> => calendar.deleteDay(req.params.date, userOf(req).userId));
}
