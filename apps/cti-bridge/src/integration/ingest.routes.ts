/**
 * The ingest API for machine clients (a nightly BECS job, a BECS trigger), authenticated with API keys:
 * POST /api/integration/donors | donations | deferrals with `{ records: [...] }` (≤ INGEST_MAX_RECORDS), each record
 * with its BECS id so a retried batch changes nothing. `?mode=per-record` (default) writes the valid records and
 * reports the others; `?mode=all-or-nothing` writes nothing when any record is invalid (400, details.result).
 * Either way the written records commit in one transaction, and every record gets its own result.
 */
import { DomainError, type BecsEntity, type IngestResult } from '@donorline/domain';
import type { Api, HttpDeps } from '../http/http-deps.js';
import { errors } from '../http/schemas/common.schemas.js';
import { DeferralBatchS, DonationBatchS, DonorBatchS, IngestQueryS, IngestResultS } from './integration.schemas.js';

const BODY_LIMIT = 16 * 1024 * 1024;

export function ingestRoutes(app: Api, deps: HttpDeps): void {
  const integration = deps.services.integration;
  const routes: [BecsEntity, typeof DonorBatchS | typeof DonationBatchS | typeof DeferralBatchS, string][] = [
    ['donors', DonorBatchS, '献血者 / donors (key: donorNo). Phones in any spelling, stored as E.164; national IDs checked (GB 11643) and kept as HMAC + AES-GCM. A person already on file under another donor number is rejected with DUPLICATE_DONOR and reported (GET /api/integration/duplicates), never merged.'],
    ['donations', DonationBatchS, '献血记录 / donations (key: donationNo). The donor must exist (send donors first). A new or corrected donation recomputes the donor’s honours/points and refreshes open 360° views.'],
    ['deferrals', DeferralBatchS, '暂缓/屏蔽 / deferrals (key: deferralNo, or donorNo + from + reason). "Deferred until <date> (reason)"; no until = permanent.'],
  ];
  for (const [entity, body, description] of routes) {
    app.post(`/api/integration/${entity}`, {
      bodyLimit: BODY_LIMIT,
      config: { public: true, apiKeyScope: entity },
      schema: {
        tags: ['integration'],
        summary: `接收${entity === 'donors' ? '献血者' : entity === 'donations' ? '献血记录' : '暂缓记录'}（API 密钥）/ ingest ${entity} (API key, scope ${entity})`,
        description: `${description} Records are validated like file rows; issues name the record index and field (zh-CN / English).`,
        security: [{ apiKey: [] }],
        querystring: IngestQueryS,
        body,
        response: { 200: IngestResultS, ...errors(400, 401, 403) },
      },
    }, async (req, reply) => {
      const result: IngestResult = await integration.ingest.ingest(entity, req.body.records, { mode: req.query.mode, apiKeyId: req.apiKey?.id ?? null, source: req.body.source });
      if (!result.committed) {
        const bad = result.counts.rejected;
        throw new DomainError('VALIDATION_FAILED', `批次被拒绝：${bad} 条记录有错误，未写入任何数据 / batch refused: ${bad} records are invalid, nothing was written`, { result });
      }
      return reply.send(result);
    });
  }
}
