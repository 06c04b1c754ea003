/**
 * registerHttp(fastify, deps): the bridge's REST API under /api (every route of HttpApi), OpenAPI docs at /api/docs,
 * the desk's static files at / with the SPA fallback, and the one error handler — all on the given (root) Fastify
 * instance, which app.ts builds and main.ts starts. The API routes live in an encapsulated context with the TypeBox
 * validator, plain JSON serialization, @fastify/jwt and the auth hook, so other routes on the instance (/metrics,
 * Socket.IO) are untouched by them.
 */
import { voiceReplyRoutes } from '../voice-replies/voice-replies.routes.js';
import { readFileSync } from 'node:fs';
import fastifyJwt from '@fastify/jwt';
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { installAuthHook } from '../auth/auth.hook.js';
import { registerAuthRoutes } from '../auth/auth.routes.js';
import type { BridgeConfig } from '../config.js';
import { registerRateLimits, registerSecurityHeaders } from '../guard/http-guard.js';
import { redactUrl, serializeError, serializeRequest } from '../guard/log-redaction.js';
import { exposeMetrics } from '../guard/metrics-exposure.js';
import { trustFunction } from './client-address.js';
import { registerDesk } from './desk-static.js';
import { registerDocs } from './docs.js';
import { installErrorHandler } from './error-handler.js';
import type { HttpDeps } from './http-deps.js';
import { adminPhraseRoutes } from './routes/admin.phrases.routes.js';
import { adminSiteRoutes } from './routes/admin.sites.routes.js';
import { adminCalendarRoutes } from './routes/admin.calendar.routes.js';
import { adminListRoutes } from './routes/admin.lists.routes.js';
import { adminRuleSetRoutes } from './routes/admin.rule-sets.routes.js';
import { reimbursementRoutes } from './routes/admin.reimbursement.routes.js';
import { adminQueueRoutes } from './routes/admin.queues.routes.js';
import { appointmentRoutes } from './routes/appointments.routes.js';
import { adminStaffRoutes } from './routes/admin.staff.routes.js';
import { auditRoutes } from './routes/audit.routes.js';
import { callRoutes } from './routes/calls.routes.js';
import { contactTicketRoutes } from './routes/contacts-tickets.routes.js';
import { donorRoutes } from './routes/donors.routes.js';
import { knowledgeRoutes } from './routes/knowledge.routes.js';
import { liveRoutes } from './routes/live.routes.js';
import { recordingRoutes } from './routes/recordings.routes.js';
import { seatRoutes } from './routes/seats.routes.js';
import { trainingRoutes } from './routes/training.routes.js';
import { planningIngestRoutes } from './routes/planning.ingest.routes.js';
import { planningRoutes } from './routes/planning.routes.js';
import { workRoutes } from './routes/work.routes.js';
import { qaRoutes } from './routes/qa.routes.js';
import { qaEvaluationRoutes } from './routes/qa-evaluations.routes.js';
import { crmRoutes } from './routes/crm.routes.js';
import { campaignRoutes } from '../dialer/campaigns.routes.js';
import { createSmsCampaigns, smsCampaignRoutes } from '../sms-campaign/index.js';
import { reportsRoutes } from './routes/reports.routes.js';
import { smsRoutes } from './routes/sms.routes.js';
import { smsCallbackRoutes } from './routes/sms-callbacks.routes.js';
import { softphoneRoutes } from '../softphone/softphone.routes.js';
import { registerIntegration } from '../integration/index.js';
import { careRoutes, createCareService } from '../care/index.js';
import { createLoyaltyService, loyaltyRoutes } from '../loyalty/index.js';
import { managerPerformanceRoutes } from '../crm/manager-performance.routes.js';

export type { HttpDeps, Api } from './http-deps.js';
export type { MetricsSource } from '../guard/metrics-exposure.js';
export type { LivePort, LiveHealth, LinkState, TrainingCallRequest } from './live-port.js';
export type { SeatPort } from './seat-port.js';
export { toHttpError, sendError } from './error-handler.js';
export { DOCS_PREFIX } from './docs.js';
export { clientAddress, trustFunction, type TrustFn } from './client-address.js';

const PACKAGE_VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

/** `?token=…` and media tokens (`?t=…`) hidden, personal query values masked in anything logged (guard/log-redaction.ts). */
export { redactUrl };

/**
 * Options for the Fastify constructor that the HTTP layer relies on: the client address behind a proxy (audited with
 * every unmask and playback) and request logs without the `?token=` of audio URLs. app.ts spreads them in:
 *   Fastify({ ...httpServerOptions(config), logger: { level, ...httpServerOptions(config).logger } })
 */
export function httpServerOptions(config: Readonly<BridgeConfig>): Pick<FastifyServerOptions, 'trustProxy' | 'bodyLimit'> & {
  logger: { level: string; serializers: { req: (req: { method: string; url: string; ip?: string; headers?: Record<string, unknown> }) => Record<string, unknown>; err: typeof serializeError } };
} {
  return {
    trustProxy: trustFunction(config.http.trustProxy),
    bodyLimit: 1_048_576,
    logger: {
      level: config.logLevel,
      // phone numbers, IDs and names never reach the log: URLs redacted, driver parameters dropped from errors
      serializers: { req: serializeRequest, err: serializeError },
    },
  };
}

export interface HttpExtras {
  /** /metrics on its own listener (METRICS_PORT): the caller listens on config.guard.metrics host/port and closes it. */
  metricsServer: FastifyInstance | null;
}

export async function registerHttp(fastify: FastifyInstance, deps: HttpDeps): Promise<HttpExtras> {
  const version = deps.version ?? PACKAGE_VERSION;
  installErrorHandler(fastify);
  await registerSecurityHeaders(fastify);
  if (deps.config.guard.docs) await registerDocs(fastify, version);
  await registerDesk(fastify, deps.config);
  const metricsServer = exposeMetrics(fastify, deps.config.guard.metrics, deps.metrics ?? (() => null));
  await fastify.register(async (scope) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.setValidatorCompiler(TypeBoxValidatorCompiler);
    // responses go out as they are (the schemas document them; they must never drop or coerce a field)
    app.setSerializerCompiler(() => (data) => JSON.stringify(data));
    await app.register(fastifyJwt, deps.auth.jwtPluginOptions);
    installAuthHook(app, deps.auth);
    await registerRateLimits(app, deps.config.guard.http);
    registerAuthRoutes(app, deps);
    liveRoutes(app, deps, version);
    donorRoutes(app, deps);
    callRoutes(app, deps);
    contactTicketRoutes(app, deps);
    appointmentRoutes(app, deps);
    recordingRoutes(app, deps);
    knowledgeRoutes(app, deps);
    auditRoutes(app, deps);
    trainingRoutes(app, deps);
    adminStaffRoutes(app, deps);
    seatRoutes(app, deps);
    softphoneRoutes(app, deps);
    adminPhraseRoutes(app, deps);
    adminSiteRoutes(app, deps);
    adminCalendarRoutes(app, deps);
    workRoutes(app, deps);
    qaRoutes(app, deps);
    qaEvaluationRoutes(app, deps);
    crmRoutes(app, deps);
    campaignRoutes(app, deps);
    smsCampaignRoutes(app, createSmsCampaigns(deps.services, deps.config));
    managerPerformanceRoutes(app, deps);
    reportsRoutes(app, deps);
    smsRoutes(app, deps);
    smsCallbackRoutes(app, deps);
    voiceReplyRoutes(app, deps);
    adminListRoutes(app, deps);
    adminRuleSetRoutes(app, deps);
    reimbursementRoutes(app, deps);
    adminQueueRoutes(app, deps);
    await registerIntegration(app, deps);
    planningRoutes(app, deps);
    planningIngestRoutes(app, deps); // after registerIntegration: its API-key hook must see these routes
    careRoutes(app, createCareService(deps.services, deps.config));
    loyaltyRoutes(app, createLoyaltyService(deps.services, deps.config)); // after registerIntegration (its ingest route)
  });
  return { metricsServer };
}
