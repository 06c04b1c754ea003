/** Health and live figures: link state, queues, agents, pause reasons. */
import { Type } from '@fastify/type-provider-typebox';
import type { HealthDto, HttpApi } from '@donorline/domain';
import { kindOf } from '@donorline/domain/node';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors } from '../schemas/common.schemas.js';
import { AgentStatusS, HealthS, PauseReasonS, QueueStatsS } from '../schemas/dto.schemas.js';

type R<K extends keyof HttpApi> = Promise<HttpApi[K]['reply']>;

async function dbAlive(deps: HttpDeps): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      deps.services.ds.query('SELECT 1'),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('db ping timeout')), 2000))),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export function liveRoutes(app: Api, deps: HttpDeps, version: string): void {
  const db = kindOf(deps.services.ds);

  app.get('/api/health', {
    config: { public: true },
    schema: {
      tags: ['live'],
      summary: '健康检查 / health',
      description: '200 with the database kind, the PBX mode (sim | asterisk) and the AMI/ARI link state; status "degraded" while a PBX link is not up. 503 (same body) when the database does not answer.',
      security: [],
      response: { 200: HealthS, 503: HealthS },
    },
  }, async (_req, reply) => {
    const live = deps.live.health();
    const dbOk = await dbAlive(deps);
    const body: HealthDto = {
      status: dbOk && live.ami === 'up' && live.ari === 'up' ? 'ok' : 'degraded',
      db,
      pbx: deps.config.pbx.mode,
      ami: live.ami,
      ari: live.ari,
      liveCalls: live.liveCalls,
      version,
      uptimeSeconds: Math.round(process.uptime()),
    };
    return reply.code(dbOk ? 200 : 503).send(body);
  });

  app.get('/api/queues/stats', {
    schema: { tags: ['live'], summary: '队列统计 / queue figures', response: { 200: Type.Array(QueueStatsS), ...errors(401) } },
  }, async (): R<'GET /api/queues/stats'> => deps.live.queueStats());

  app.get('/api/agents/status', {
    schema: { tags: ['live'], summary: '坐席状态 / agents\' seat states', response: { 200: Type.Array(AgentStatusS), ...errors(401) } },
  }, async (): R<'GET /api/agents/status'> => deps.live.agentStatuses());

  app.get('/api/pause-reasons', {
    schema: { tags: ['live'], summary: '小休原因代码 / the enabled pause reasons\' codes, in order (labels: GET /api/lists)', response: { 200: Type.Array(PauseReasonS), ...errors(401) } },
  }, async (): R<'GET /api/pause-reasons'> => (await deps.services.lists.active()).pauseReasons.map((i) => i.code));
}
