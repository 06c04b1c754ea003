/**
 * 客户经理绩效: per manager and period (crm/manager-performance.types.ts defines each figure), as JSON for the desk
 * and as an XLSX download (exceljs). Supervisors and admins; the export is audited.
 */
import { Type } from '@fastify/type-provider-typebox';
import ExcelJS from 'exceljs';
import { PERFORMANCE_COLUMNS, PERFORMANCE_HEADINGS, type HttpApi, type Role } from '@donorline/domain';
import { managerPerformance } from '@donorline/domain/node';
import { userOf } from '../auth/auth.hook.js';
import type { Api, HttpDeps } from '../http/http-deps.js';
import { errors, LocalDateS } from '../http/schemas/common.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;
const LEAD: readonly Role[] = ['supervisor', 'admin'];
const RowS = Type.Object({
  managerId: Type.Integer(), displayName: Type.String(), donors: Type.Integer(), contacts: Type.Integer(), reached: Type.Integer(), booked: Type.Integer(),
  showedUp: Type.Integer(), donated: Type.Integer(), complaints: Type.Integer(),
});
const Period = { from: LocalDateS, to: LocalDateS };

export function managerPerformanceRoutes(app: Api, deps: HttpDeps): void {
  const { ds, audit } = deps.services;
  app.get('/api/crm/performance', {
    config: { roles: LEAD },
    schema: { tags: ['crm'], summary: '客户经理绩效 / performance per account manager and period', querystring: Type.Object(Period), response: { 200: Type.Object({ ...Period, rows: Type.Array(RowS) }), ...errors(400, 401, 403) } },
  }, async (req): R<'GET /api/crm/performance'> => ({ ...req.query, rows: await managerPerformance(ds, req.query.from, req.query.to) }));

  app.get('/api/crm/performance/export', {
    config: { roles: LEAD },
    schema: {
      tags: ['crm'], summary: '导出客户经理绩效 / the same as XLSX', querystring: Type.Object({ ...Period, lang: Type.Optional(Type.Enum(['zh', 'en'])) }),
      response: { 200: Type.Unknown({ description: 'the file' }), ...errors(400, 401, 403) },
    },
  }, async (req, reply) => {
    const { from, to } = req.query;
    const h = PERFORMANCE_HEADINGS[req.query.lang === 'en' ? 'en' : 'zh'];
    const list = await managerPerformance(ds, from, to);
    const wb = new ExcelJS.Workbook();
    wb.creator = 'Donorline';
    const ws = wb.addWorksheet(`${from}_${to}`);
    ws.addRow([h.manager, ...PERFORMANCE_COLUMNS.map((c) => h[c])]).font = { bold: true };
    for (const r of list) ws.addRow([r.displayName, ...PERFORMANCE_COLUMNS.map((c) => r[c])]);
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    ws.getColumn(1).width = 18;
    await audit.write({ actorId: userOf(req).userId, action: 'crm.performance.export', subjectType: 'report', subjectId: 'manager-performance', detail: { from, to, rows: list.length }, ip: req.ip });
    const buf = await wb.xlsx.writeBuffer();
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="manager-performance-${from}_${to}.xlsx"`)
      .header('cache-control', 'no-store')
      .send(Buffer.from(buf as ArrayBuffer));
  });
}
