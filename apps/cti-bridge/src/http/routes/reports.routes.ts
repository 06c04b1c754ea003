/**
 * Reports (issue 15): volume, per agent, IVR, work-queue SLA, media attribution, post-donation satisfaction (issue 12) as JSON tables; the same tables as
 * CSV/XLSX; the wallboard's thresholds. Supervisors, quality staff and admins only; no report carries a phone or ID
 * number (masked or not), only counts, times and names of staff. Every export is audited (data leaving the system).
 */
import { Type } from '@fastify/type-provider-typebox';
import { DEFAULT_FIGURE_OPTIONS, DEFAULT_WALLBOARD_THRESHOLDS, DomainError, REPORT_EXPORT_FORMATS, REPORT_KINDS, REPORT_ROLES, SATISFACTION_CHANNELS, SATISFACTION_GROUPS, VOLUME_GROUPS, type HttpApi, type ReportQuery, type Role, type WallboardThresholds } from '@donorline/domain';
import { actorOf } from '../../auth/auth.hook.js';
import { reportFile } from '../../reports/report-export.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors } from '../schemas/common.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'local date YYYY-MM-DD (Asia/Shanghai)' });
const QueryS = {
  from: Day, to: Day,
  queue: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,32}$' })),
  agentId: Type.Optional(Type.Integer({ minimum: 1 })),
  group: Type.Optional(Type.Enum(VOLUME_GROUPS)),
  slSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 600, description: 'service-level threshold (default SL_THRESHOLD_SECONDS, 20)' })),
  satGroup: Type.Optional(Type.Enum(SATISFACTION_GROUPS, { description: 'satisfaction: group by day | week | month | site | agent | donor-kind | channel (default day)' })),
  channel: Type.Optional(Type.Enum(SATISFACTION_CHANNELS, { description: 'satisfaction: sms or ivr surveys only' })),
};
// one number per WallboardThresholds key (the response is checked against the domain's defaults' shape)
const ThresholdsS = Type.Object(Object.fromEntries(Object.keys(DEFAULT_WALLBOARD_THRESHOLDS).map((k) => [k, Type.Number()])) as { [K in keyof WallboardThresholds]: ReturnType<typeof Type.Number> });
const KindParams = Type.Object({ kind: Type.Enum(REPORT_KINDS) });

function gate(role: Role): void {
  if (!(REPORT_ROLES as readonly Role[]).includes(role)) throw new DomainError('FORBIDDEN', '报表仅限主管、质检和管理员 / reports are for supervisors, quality staff and admins', { rule: 'reports.view' });
}

export function reportsRoutes(app: Api, deps: HttpDeps): void {
  const { reports, audit } = deps.services;
  const slDefault = (): number => deps.live.wallboardInfo?.().slThresholdSeconds ?? DEFAULT_FIGURE_OPTIONS.slThresholdSeconds;
  const withSl = (q: ReportQuery): ReportQuery => ({ ...q, slSeconds: q.slSeconds ?? slDefault() });

  app.get('/api/reports/wallboard', {
    schema: {
      tags: ['reports'], summary: '大屏阈值 / the wallboard\'s thresholds and overdue tasks',
      response: { 200: Type.Object({ slThresholdSeconds: Type.Integer(), slTarget: Type.Number(), thresholds: ThresholdsS, overdueTasks: Type.Integer() }), ...errors(401, 403) },
    },
  }, async (req): R<'GET /api/reports/wallboard'> => {
    gate(actorOf(req).role);
    return deps.live.wallboardInfo?.() ?? { slThresholdSeconds: DEFAULT_FIGURE_OPTIONS.slThresholdSeconds, slTarget: DEFAULT_FIGURE_OPTIONS.slTarget, thresholds: { ...DEFAULT_WALLBOARD_THRESHOLDS }, overdueTasks: 0 };
  });

  app.get('/api/reports/:kind', {
    schema: {
      tags: ['reports'], summary: '报表 / a report',
      description: 'kind: volume (group hour | day | week | queue | hour-of-day) | agents | ivr | work-sla | attribution | satisfaction (satGroup, channel, agentId) | satisfaction-low (every unsatisfied answer and its callback). Dates are local, both inclusive, at most 400 days.',
      params: KindParams, querystring: Type.Object(QueryS),
      response: { 200: Type.Object({ kind: Type.String(), filter: Type.Unknown(), generatedAt: Type.String(), rows: Type.Array(Type.Unknown()), total: Type.Optional(Type.Unknown()) }), ...errors(400, 401, 403) },
    },
  }, async (req): R<'GET /api/reports/:kind'> => {
    gate(actorOf(req).role);
    return reports.run(req.params.kind, withSl(req.query));
  });

  app.get('/api/reports/:kind/export', {
    schema: {
      tags: ['reports'], summary: '导出报表 / export a report (CSV or XLSX)',
      params: KindParams, querystring: Type.Object({ ...QueryS, format: Type.Enum(REPORT_EXPORT_FORMATS), lang: Type.Optional(Type.Enum(['zh', 'en'])) }),
      response: { 200: Type.Unknown({ description: 'the file' }), ...errors(400, 401, 403) },
    },
  }, async (req, reply) => {
    const actor = actorOf(req);
    gate(actor.role);
    const { format, lang, ...q } = req.query;
    const r = await reports.run(req.params.kind, withSl(q));
    const f = await reportFile(r, format, lang ?? 'zh');
    await audit.write({ actorId: actor.id, action: 'report.export', subjectType: 'report', subjectId: req.params.kind, detail: { ...q, format, rows: r.rows.length }, ip: req.ip });
    return reply
      .header('content-type', f.contentType)
      .header('content-disposition', `attachment; filename="${f.fileName}"`)
      .header('cache-control', 'no-store')
      .send(f.body);
  });
}
