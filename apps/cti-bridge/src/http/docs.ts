/** OpenAPI 3 document of the REST API (from the routes' TypeBox schemas) and Swagger UI at /api/docs. */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export const DOCS_PREFIX = '/api/docs';

export async function registerDocs(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Donorline CTI bridge API',
        version,
        description: [
          'REST API between the Donorline bridge and the agent desk (献血服务热线). The typed route map is `HttpApi` in packages/domain/src/contracts/http.ts.',
          'Errors are `{ code, message, details? }` with the status from ERROR_HTTP_STATUS: 400 validation, 401 no/invalid token, 403 wrong role, 404, 409 business rule, 429 too many attempts, 5xx PBX/internal.',
          'Personal data is masked in every response; full values only through the audited unmask endpoint. Recording playback is audited.',
          'Real-time events (screen-pop, call updates, seat state) are on Socket.IO at /socket.io (contract: packages/domain/src/contracts/socket.ts).',
        ].join('\n\n'),
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          mediaToken: { type: 'apiKey', in: 'query', name: 't', description: 'a media token from POST /api/recordings/{id}/media-url: that recording only, minutes, bound to the session' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'machine clients of the ingest API (POST /api/integration/donors|donations|deferrals): a key an admin created (dlk_<prefix>.<secret>), with the endpoint’s scope' },
        },
      },
      security: [{ bearerAuth: [] }],
      tags: [
        { name: 'auth', description: '登录 / sign-in' },
        { name: 'donors', description: '献血者 / donors' },
        { name: 'calls', description: '通话记录 / call records' },
        { name: 'contacts', description: '联系记录 / contact history' },
        { name: 'tickets', description: '工单 / tickets' },
        { name: 'appointments', description: '预约 / sites, slots, appointments' },
        { name: 'recordings', description: '录音 / recordings (audited playback)' },
        { name: 'live', description: '实时状态 / health, queues, agents' },
        { name: 'knowledge', description: '知识库与规范用语 / knowledge base, phrases, rule set' },
        { name: 'audit', description: '审计 / audit log' },
        { name: 'training', description: '培训模式 / training (simulated PBX only)' },
        { name: 'staff', description: '人员管理 / staff administration (admin)' },
        { name: 'seats', description: '座席 / seats' },
        { name: 'integration', description: '血站系统数据 / donor data from the BECS: ingest API (API keys), file import, mappings, API keys' },
        { name: 'admin', description: '管理 / administration (admin role)' },
        { name: 'sites', description: '献血点与时段 / sites, slot templates, per-day overrides, slot generation (admin)' },
        { name: 'service-calendar', description: '服务日历 / hotline hours, holidays and 调休 make-up days (admin; the IVR reads it)' },
      ],
    },
    transform: ({ schema, url, route }) => {
      const s = { ...(schema ?? {}) } as Record<string, unknown>;
      if (!url.startsWith('/api/')) s.hide = true;
      if (route.config?.media) s.security = [{ bearerAuth: [] }, { mediaToken: [] }];
      return { schema: s as typeof schema, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: { docExpansion: 'list', deepLinking: true, persistAuthorization: false } });
}
