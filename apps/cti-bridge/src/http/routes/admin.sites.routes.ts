/**
 * Administration → Sites (admin only): sites (献血屋, fixed points, buses), their weekly slot templates, per-day
 * overrides (closed, other capacity), the generated slots, and the button that regenerates the horizon. The
 * domain (SiteAdminService) validates, refuses changes that would orphan or overbook a booking (409 with the
 * bookings in details.bookings), audits old → new, and regenerates the site's slots after each change.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { HttpApi } from '@donorline/domain';
import { userOf } from '../../auth/auth.hook.js';
import { ADMIN_ONLY } from '../../auth/roles.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors, IdParams, LocalDateS } from '../schemas/common.schemas.js';
import { SlotDtoS } from '../schemas/dto.schemas.js';
import {
  GenerateReportS, HorizonS, SiteAdminDtoS, SiteDayDtoS, SiteDayInputS, SiteDayParams, SiteInputS, SiteUpdateS, SlotTemplateDtoS, SlotTemplateInputS,
  SlotTemplateUpdateS, TemplateParams,
} from '../schemas/sites.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;
const tags = ['sites'];
const config = { roles: ADMIN_ONLY };
const BLOCKED = 'Refused with 409 CONFLICT when bookings stand in the way; details.bookings lists them (masked names) so they can be moved first.';

export function adminSiteRoutes(app: Api, deps: HttpDeps): void {
  const { sites } = deps.services;
  const horizon = deps.config.slots.horizonDays;

  app.get('/api/admin/sites', { config, schema: { tags, summary: '献血点列表 / sites', response: { 200: Type.Array(SiteAdminDtoS), ...errors(401, 403) } } },
    async (): R<'GET /api/admin/sites'> => sites.list());

  app.post('/api/admin/sites', {
    config,
    schema: {
      tags, summary: '新建献血点 / create a site', body: SiteInputS,
      description: 'kind: fixed (献血屋), point (固定采血点) or bus (献血车, whole blood only). hours: opening hours as people read them (a bus: its route days). Audited as site.create.',
      response: { 200: SiteAdminDtoS, ...errors(400, 401, 403, 409) },
    },
  }, async (req): R<'POST /api/admin/sites'> => sites.create(req.body, userOf(req).userId));

  app.patch('/api/admin/sites/:id', {
    config,
    schema: {
      tags, summary: '修改献血点 / edit (or disable) a site', params: IdParams, body: SiteUpdateS,
      description: `Disabling a site or dropping a product with future bookings is refused. ${BLOCKED} Audited as site.update (old → new).`,
      response: { 200: SiteAdminDtoS, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req): R<'PATCH /api/admin/sites/:id'> => sites.update(req.params.id, req.body, userOf(req).userId));

  app.get('/api/admin/sites/:id/templates', {
    config, schema: { tags, summary: '时段模板 / slot templates of a site', params: IdParams, response: { 200: Type.Array(SlotTemplateDtoS), ...errors(401, 403, 404) } },
  }, async (req): R<'GET /api/admin/sites/:id/templates'> => sites.templates(req.params.id));

  app.post('/api/admin/sites/:id/templates', {
    config,
    schema: {
      tags, summary: '新建时段模板 / add a slot template', params: IdParams, body: SlotTemplateInputS,
      description: 'Every <weekday> a slot of <type> from <start> to <end> (local) with <capacity> places; slots are generated for the horizon at once. Audited as slot-template.create.',
      response: { 200: SlotTemplateDtoS, ...errors(400, 401, 403, 404) },
    },
  }, async (req): R<'POST /api/admin/sites/:id/templates'> => sites.createTemplate(req.params.id, req.body, userOf(req).userId));

  app.patch('/api/admin/sites/:id/templates/:templateId', {
    config,
    schema: {
      tags, summary: '修改时段模板 / edit a slot template', params: TemplateParams, body: SlotTemplateUpdateS,
      description: `Lowering the capacity below what a slot has booked, or moving/disabling a template with bookings, is refused. ${BLOCKED}`,
      response: { 200: SlotTemplateDtoS, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req): R<'PATCH /api/admin/sites/:id/templates/:templateId'> => sites.updateTemplate(req.params.id, req.params.templateId, req.body, userOf(req).userId));

  app.delete('/api/admin/sites/:id/templates/:templateId', {
    config, schema: { tags, summary: '删除时段模板 / delete a slot template', description: BLOCKED, params: TemplateParams, response: { 200: Type.Object({ ok: Type.Literal(true) }), ...errors(401, 403, 404, 409) } },
  }, async (req): R<'DELETE /api/admin/sites/:id/templates/:templateId'> => {
    await sites.deleteTemplate(req.params.id, req.params.templateId, userOf(req).userId);
    return { ok: true };
  });

  app.get('/api/admin/sites/:id/days', {
    config, schema: { tags, summary: '特殊日期 / per-day overrides', params: IdParams, response: { 200: Type.Array(SiteDayDtoS), ...errors(401, 403, 404) } },
  }, async (req): R<'GET /api/admin/sites/:id/days'> => sites.days(req.params.id));

  app.put('/api/admin/sites/:id/days/:date', {
    config,
    schema: {
      tags, summary: '设置某天停诊或名额 / close a day or change its capacity', params: SiteDayParams, body: SiteDayInputS,
      description: `closed: no slots that day (closure, holiday); otherwise capacity replaces every slot's capacity that day. ${BLOCKED} Audited as site-day.set.`,
      response: { 200: SiteDayDtoS, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req): R<'PUT /api/admin/sites/:id/days/:date'> => sites.setDay(req.params.id, req.params.date, req.body, userOf(req).userId));

  app.delete('/api/admin/sites/:id/days/:date', {
    config, schema: { tags, summary: '取消特殊日期 / remove a per-day override', params: SiteDayParams, response: { 200: Type.Object({ ok: Type.Literal(true) }), ...errors(400, 401, 403, 404) } },
  }, async (req): R<'DELETE /api/admin/sites/:id/days/:date'> => {
    await sites.clearDay(req.params.id, req.params.date, userOf(req).userId);
    return { ok: true };
  });

  app.get('/api/admin/sites/:id/slots', {
    config,
    schema: {
      tags, summary: '已生成的时段 / the site\'s slots', params: IdParams,
      querystring: Type.Object({ from: Type.Optional(LocalDateS), days: Type.Optional(HorizonS) }),
      response: { 200: Type.Array(SlotDtoS), ...errors(400, 401, 403, 404) },
    },
  }, async (req): R<'GET /api/admin/sites/:id/slots'> => sites.slots(req.params.id, req.query.from, req.query.days ?? horizon));

  app.post('/api/admin/sites/generate', {
    config,
    schema: {
      tags, summary: '按模板生成时段 / generate slots from the templates',
      description: `Every site, from today for \`days\` days (default SLOT_HORIZON_DAYS = ${horizon}). Idempotent: a second run changes nothing. Slots whose bookings forbid a change are kept and listed in \`kept\`. Audited as slots.generate.`,
      body: Type.Object({ days: Type.Optional(HorizonS) }, { additionalProperties: false }),
      response: { 200: GenerateReportS, ...errors(400, 401, 403) },
    },
  }, async (req): R<'POST /api/admin/sites/generate'> => sites.generate(req.body.days ?? horizon, userOf(req).userId));
}
