/**
 * The file import (admins): upload a CSV/XLSX export (multipart, streamed to IMPORT_DIR — never held in memory), its
 * headers are checked at once (400 naming the sheet/columns, the encoding, a damaged or truncated upload), a dry run
 * is queued; the admin reads counts and row-level issues, downloads the error report (CSV/XLSX), then applies.
 * Also the saved column mappings per source and the report of donors found under two BECS numbers.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Type } from '@fastify/type-provider-typebox';
import { BECS_ENTITIES, DomainError, type BecsEntity, type ImportEncoding, type ImportMapping } from '@donorline/domain';
import { fileError } from '@donorline/domain/node';
import { userOf } from '../auth/auth.hook.js';
import { ADMIN_ONLY } from '../auth/roles.js';
import type { Api, HttpDeps } from '../http/http-deps.js';
import { errors, Id, IdParams, Instant, Nullable, PageOf, PageQuery } from '../http/schemas/common.schemas.js';
import { ImportJobS, RowIssueS } from './integration.schemas.js';
import type { ImportWorker } from './import-worker.js';

const tags = ['integration'];
const ENCODINGS = ['auto', 'utf-8', 'utf-8-bom', 'gb18030', 'utf-16le'] as const;

function field(fields: Record<string, unknown>, name: string): string | undefined {
  const f = fields[name] as { type?: string; value?: unknown } | undefined;
  return f && f.type === 'field' && typeof f.value === 'string' ? f.value.trim() : undefined;
}

export function importRoutes(app: Api, deps: HttpDeps, worker: ImportWorker): void {
  const integration = deps.services.integration;
  const dir = deps.config.imports.dir;

  app.post('/api/integration/imports', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags,
      summary: '上传导入文件（试导入）/ upload a BECS export (starts a dry run)',
      description: [
        'multipart/form-data: `file` (CSV — UTF-8 with or without BOM, GB18030/GBK, UTF-16 with BOM — or XLSX, one kind of record per sheet), and before it the optional fields',
        '`source` (saved mapping, default `shinow`), `kind` (donors | donations | deferrals; default: detected from the headers and sheet names), `encoding` (default auto).',
        'The headers are checked at once: a missing required column, a wrong encoding, an old .xls, a damaged or truncated upload answer 400 with details.reason.',
        'Then the dry run runs in the background: poll GET /api/integration/imports/:id.',
      ].join(' '),
      consumes: ['multipart/form-data'],
      response: { 200: ImportJobS, ...errors(400, 401, 403) },
    },
  }, async (req) => {
    const user = userOf(req);
    if (!req.isMultipart()) throw fileError('FILE_FORMAT', '请以 multipart/form-data 上传文件（字段 file）', 'upload the file as multipart/form-data (field "file")');
    const part = await req.file({ limits: { fileSize: deps.config.imports.maxBytes, files: 1, fields: 10 } });
    if (!part) throw fileError('EMPTY_FILE', '没有收到文件', 'no file in the upload');
    const fields = part.fields as Record<string, unknown>;
    const source = field(fields, 'source') || 'shinow';
    const kind = field(fields, 'kind') || null;
    const encoding = (field(fields, 'encoding') || 'auto') as (typeof ENCODINGS)[number];
    if (!/^[a-z0-9][a-z0-9_-]{0,31}$/.test(source)) throw new DomainError('VALIDATION_FAILED', '来源名不正确 / invalid source');
    if (kind && !(BECS_ENTITIES as readonly string[]).includes(kind)) throw new DomainError('VALIDATION_FAILED', `kind 应为 ${BECS_ENTITIES.join('/')} / kind must be one of ${BECS_ENTITIES.join(', ')}`);
    if (!ENCODINGS.includes(encoding)) throw new DomainError('VALIDATION_FAILED', `encoding 应为 ${ENCODINGS.join('/')} / encoding must be one of ${ENCODINGS.join(', ')}`);
    mkdirSync(dir, { recursive: true });
    const ext = /\.xlsx$/i.test(part.filename) ? '.xlsx' : '.csv';
    const stored = path.join(dir, `${randomUUID()}${ext}`);
    try {
      await pipeline(part.file, createWriteStream(stored, { mode: 0o600 }));
    } catch (e) {
      rmSync(stored, { force: true });
      const tooLarge = (e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE';
      if (tooLarge) throw fileError('TOO_LARGE', `文件超过 ${Math.round(deps.config.imports.maxBytes / 1048576)} MB 上限`, `the file exceeds the ${Math.round(deps.config.imports.maxBytes / 1048576)} MB limit`);
      throw fileError('TRUNCATED_UPLOAD', '上传不完整（连接中断？），请重新上传', 'the upload is incomplete (connection lost?): upload it again');
    }
    if (part.file.truncated) {
      rmSync(stored, { force: true });
      throw fileError('TOO_LARGE', `文件超过 ${Math.round(deps.config.imports.maxBytes / 1048576)} MB 上限`, `the file exceeds the ${Math.round(deps.config.imports.maxBytes / 1048576)} MB limit`);
    }
    const job = await integration.jobs.create({
      path: stored, fileName: part.filename || 'upload', source, entity: kind as BecsEntity | null, encoding: encoding as 'auto' | ImportEncoding, createdBy: user.userId,
    });
    worker.kick();
    return job;
  });

  app.get('/api/integration/imports', {
    config: { roles: ADMIN_ONLY },
    schema: { tags, summary: '导入任务列表 / import jobs (newest first)', querystring: Type.Object({ ...PageQuery }), response: { 200: PageOf(ImportJobS), ...errors(400, 401, 403) } },
  }, async (req) => integration.jobs.list(req.query.page, req.query.pageSize));

  app.get('/api/integration/imports/:id', {
    config: { roles: ADMIN_ONLY },
    schema: { tags, summary: '导入任务（进度、计数）/ one import job: status, progress, counts', params: IdParams, response: { 200: ImportJobS, ...errors(401, 403, 404) } },
  }, async (req) => integration.jobs.get(req.params.id));

  app.get('/api/integration/imports/:id/issues', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '行级问题 / row-level issues of the dry run or the apply', params: IdParams,
      querystring: Type.Object({ phase: Type.Optional(Type.Union([Type.Literal('dry-run'), Type.Literal('apply')])), ...PageQuery }),
      response: { 200: PageOf(Type.Object({ ...RowIssueS.properties, phase: Type.String() })), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => integration.jobs.issues(req.params.id, req.query));

  app.get('/api/integration/imports/:id/report', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '下载错误报告 / download the error report (CSV or XLSX)', params: IdParams,
      description: 'Every stored issue (first 10,000) of the phase: sheet, row, column, code, value (masked), message. CSV is UTF-8 with BOM (opens in Excel).',
      querystring: Type.Object({ phase: Type.Optional(Type.Union([Type.Literal('dry-run'), Type.Literal('apply')])), format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])) }),
      response: { ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const job = await integration.jobs.get(req.params.id);
    const phase = req.query.phase ?? job.phase;
    const format = req.query.format ?? 'csv';
    const name = `import-${job.id}-${phase}-errors.${format}`;
    reply.header('content-disposition', `attachment; filename="${name}"`);
    reply.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const { PassThrough } = await import('node:stream');
    const out = new PassThrough();
    integration.writeReport(job.id, phase, format, out).catch((err) => out.destroy(err as Error));
    return reply.send(out as never);
  });

  app.post('/api/integration/imports/:id/apply', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '正式导入 / apply a dry-run-checked job',
      description: 'Runs in the background. A job whose dry run rejected rows needs `skipInvalid: true` (those rows are reported and skipped). An interrupted or failed apply resumes after its last committed batch.',
      params: IdParams, body: Type.Object({ skipInvalid: Type.Optional(Type.Boolean()) }), response: { 200: ImportJobS, ...errors(400, 401, 403, 404, 409) },
    },
  }, async (req) => {
    const job = await integration.jobs.requestApply(req.params.id, req.body.skipInvalid ?? false, userOf(req).userId);
    worker.kick();
    return job;
  });

  app.post('/api/integration/imports/:id/cancel', {
    config: { roles: ADMIN_ONLY },
    schema: { tags, summary: '取消 / cancel (a running apply stops between two batches; applying again resumes)', params: IdParams, response: { 200: ImportJobS, ...errors(401, 403, 404) } },
  }, async (req) => {
    worker.cancel(req.params.id);
    return integration.jobs.cancel(req.params.id, userOf(req).userId);
  });

  const MappingS = Type.Object({
    source: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,31}$' }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
    fields: Type.Record(Type.String(), Type.Record(Type.String(), Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 10 }))),
    products: Type.Optional(Type.Record(Type.String(), Type.String())),
  });
  app.get('/api/integration/mappings', {
    config: { roles: ADMIN_ONLY },
    schema: { tags, summary: '列映射 / saved column mappings per source, and the built-in headers', response: { 200: Type.Object({ mappings: Type.Array(Type.Object({ ...MappingS.properties, updatedAt: Nullable(Instant) })), defaults: Type.Record(Type.String(), Type.Record(Type.String(), Type.Array(Type.String()))) }), ...errors(401, 403) } },
  }, async () => ({ mappings: await integration.mappings.list(), defaults: integration.mappings.defaults() as unknown as Record<string, Record<string, string[]>> }) as never);

  app.put('/api/integration/mappings/:source', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '保存列映射 / save the column mapping of a source (audited, old → new)',
      params: Type.Object({ source: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,31}$' }) }),
      body: Type.Object({ description: MappingS.properties.description, fields: MappingS.properties.fields, products: MappingS.properties.products }, {
        examples: [{ description: '某血站导出', fields: { donors: { donorNo: ['卡号'], mobile: ['手机'] } }, products: { 'PLT-1': 'platelets' } }],
      }),
      response: { 200: Type.Object({ ...MappingS.properties, updatedAt: Nullable(Instant) }), ...errors(400, 401, 403) },
    },
  }, async (req) => (await integration.mappings.save({ ...(req.body as Omit<ImportMapping, 'source'>), source: req.params.source }, userOf(req).userId)) as never);

  app.get('/api/integration/duplicates', {
    config: { roles: ADMIN_ONLY },
    schema: {
      tags, summary: '疑似重复献血者 / donors found under two BECS numbers (reported, never merged)',
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }),
      response: { 200: Type.Array(Type.Object({ id: Id, becsDonorNo: Type.String(), existingDonorId: Id, existingBecsDonorNo: Nullable(Type.String()), reason: Type.String(), times: Type.Integer(), firstSeenAt: Instant, lastSeenAt: Instant })), ...errors(400, 401, 403) },
    },
  }, async (req) => integration.duplicates(req.query.limit));
}
