/** The audit trail (admins only): every unmasking, playback, login lock-out, data change. */
import { Type } from '@fastify/type-provider-typebox';
import type { HttpApi } from '@donorline/domain';
import { ADMIN_ONLY } from '../../auth/roles.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { DateOrInstant, errors, Id, PageOf, PageQuery } from '../schemas/common.schemas.js';
import { AuditEntryS } from '../schemas/dto.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;

export function auditRoutes(app: Api, deps: HttpDeps): void {
  app.get('/api/audit', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags: ['audit'],
      summary: '审计日志（管理员）/ audit log (admin)',
      description: 'Newest first. Actions include recording.play, donor.unmask, auth.login, auth.lockout, donor.create/update, appointment.*, ticket.*, knowledge.*.',
      querystring: Type.Object({
        actorId: Type.Optional(Id), action: Type.Optional(Type.String({ maxLength: 64 })), from: Type.Optional(DateOrInstant), to: Type.Optional(DateOrInstant), ...PageQuery,
      }),
      response: { 200: PageOf(AuditEntryS), ...errors(400, 401, 403) },
    },
  }, async (req): R<'GET /api/audit'> => deps.services.audit.list(req.query));
}
