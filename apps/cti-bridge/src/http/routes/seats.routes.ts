/** Seats: a supervisor or admin frees a seat someone else holds (the way out of "extension taken"). */
import { Type } from '@fastify/type-provider-typebox';
import { DomainError, type HttpApi } from '@donorline/domain';
import { userOf } from '../../auth/auth.hook.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors } from '../schemas/common.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;

export function seatRoutes(app: Api, deps: HttpDeps): void {
  app.post('/api/seats/:extension/release', {
    config: { roles: ['supervisor', 'admin'] },
    schema: {
      tags: ['seats'],
      summary: '释放座席 / free a seat',
      description: 'Removes the seat at this extension from the queues (QueueRemove). The holder\'s desk is told; a call in progress goes on. Audited as seat.release.',
      params: Type.Object({ extension: Type.String({ pattern: '^\\d{2,8}$' }) }),
      response: { 200: Type.Object({ released: Type.Boolean(), userId: Type.Union([Type.Integer(), Type.Null()]) }), ...errors(400, 401, 403, 503) },
    },
  }, async (req): R<'POST /api/seats/:extension/release'> => {
    if (!deps.seats) throw new DomainError('PBX_UNAVAILABLE', '座席服务不可用 / seats are not available here');
    const me = userOf(req);
    const who = await deps.services.users.findById(me.userId);
    const r = await deps.seats.release(req.params.extension, { userId: me.userId, displayName: who?.displayName ?? me.username });
    await deps.services.audit.write({ actorId: me.userId, action: 'seat.release', subjectType: 'seat', subjectId: req.params.extension, detail: { holderId: r.userId, released: r.released }, ip: req.ip });
    return r;
  });
}
