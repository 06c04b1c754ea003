/**
 * Administration → queues (read-only): the hotline's queues (QUEUES) with their members as Asterisk reports them
 * now (QueueStatus through the live side), each member's seat state and pause reason, and the staff configured
 * for the queue who are not signed in. The merge is the domain's (admin/queue-overview.ts).
 */
import { Type } from '@fastify/type-provider-typebox';
import { AGENT_STATES, buildQueueOverview, type HttpApi } from '@donorline/domain';
import { ADMIN_ONLY } from '../../auth/roles.js';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors, Nullable } from '../schemas/common.schemas.js';
import { QueueStatsS } from '../schemas/dto.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;

const QueueMemberS = Type.Object({
  extension: Nullable(Type.String()),
  agent: Nullable(Type.Object({ id: Type.Integer(), displayName: Type.String(), username: Type.String(), employeeNo: Nullable(Type.String()) })),
  configured: Type.Boolean(), loggedIn: Type.Boolean(), paused: Type.Boolean(), pauseReason: Nullable(Type.String()), state: Nullable(Type.Enum(AGENT_STATES)),
});
const QueueOverviewS = Type.Object({ queue: Type.String(), stats: Nullable(QueueStatsS), members: Type.Array(QueueMemberS), pbxAnswered: Type.Boolean() });

export function adminQueueRoutes(app: Api, deps: HttpDeps): void {
  app.get('/api/admin/queues', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags: ['admin'], summary: '队列与成员（管理员，只读）/ queues with their members now (admin, read-only)',
      description: 'Per queue of QUEUES: the PBX members now (paused, reason), their seat state, and the active agents/supervisors whose skills include the queue but who are not signed in. pbxAnswered=false: the PBX could not be asked; the seats stand in.',
      response: { 200: Type.Array(QueueOverviewS), ...errors(401, 403) },
    },
  }, async (): R<'GET /api/admin/queues'> => {
    const [staff, seats, pbx, stats] = await Promise.all([
      deps.services.staff.list({ active: true }),
      deps.live.agentStatuses(),
      deps.live.queueMembers ? deps.live.queueMembers() : Promise.resolve(null),
      deps.live.queueStats(),
    ]);
    return buildQueueOverview({ queues: deps.config.pbx.queues, staff, seats, pbx, stats });
  });
}
