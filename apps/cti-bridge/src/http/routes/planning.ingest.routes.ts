/**
 * The BECS posts the planner's inputs with an API key (scope 'planning'), like the other ingest routes: a stock
 * snapshot (the latest count wins, so a retried or late post never hides a newer count) and daily issues per group
 * (one row per day and group: a re-post replaces it). Bad numbers → 400 and nothing written.
 */
import { Type } from '@fastify/type-provider-typebox';
import type { BloodType } from '@donorline/domain';
import type { Api, HttpDeps } from '../http-deps.js';
import { errors } from '../schemas/common.schemas.js';
import { IssuesBodyS, SnapshotBodyS, SnapshotS } from './planning.schemas.js';

export function planningIngestRoutes(app: Api, deps: HttpDeps): void {
  const { planning } = deps.services;
  const base = { tags: ['integration'], security: [{ apiKey: [] }] };

  app.post('/api/integration/planning/stock', {
    config: { public: true, apiKeyScope: 'planning' },
    schema: { ...base, summary: '血小板库存快照（API 密钥）/ platelet stock snapshot (API key, scope planning)', body: SnapshotBodyS, response: { 200: SnapshotS, ...errors(400, 401, 403) } },
  }, async (req) => planning.saveSnapshot(req.body, { apiKeyId: req.apiKey?.id ?? null, source: 'becs' }));

  app.post('/api/integration/planning/issues', {
    config: { public: true, apiKeyScope: 'planning' },
    schema: { ...base, summary: '每日发血（API 密钥）/ daily issues per group (API key, scope planning)', body: Type.Omit(IssuesBodyS, ['source']), response: { 200: Type.Object({ written: Type.Integer() }), ...errors(400, 401, 403) } },
  }, async (req) => planning.saveIssues(req.body.records.map((r) => ({ ...r, group: r.group as BloodType })), 'becs', null));
}
