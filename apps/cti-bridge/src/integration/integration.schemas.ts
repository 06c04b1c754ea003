/** TypeBox schemas of the BECS integration routes (validation + the OpenAPI document with examples). */
import { Type } from '@fastify/type-provider-typebox';
import { API_KEY_SCOPES, BECS_ENTITIES, IMPORT_STATUSES, INGEST_MAX_RECORDS, INGEST_MODES, ISSUE_CODES } from '@donorline/domain';
import { Instant, Nullable } from '../http/schemas/common.schemas.js';

const lit = <const T extends string>(xs: readonly T[]) => Type.Enum([...xs] as T[]);

export const RowIssueS = Type.Object({
  row: Type.Integer({ description: 'file: spreadsheet row (header = 1); API: index of the record in `records` (0-based)' }),
  sheet: Type.Optional(Nullable(Type.String())),
  column: Nullable(Type.String({ description: 'the file column header, or the API field' })),
  field: Nullable(Type.String()),
  code: lit(ISSUE_CODES),
  severity: lit(['error', 'warning'] as const),
  message: Type.String({ description: 'zh-CN / English, naming the row and column' }),
  becsId: Type.Optional(Nullable(Type.String())),
  value: Type.Optional(Nullable(Type.String({ description: 'the offending value, masked when personal' }))),
});

export const CountsS = Type.Object({
  rows: Type.Integer(), created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), rejected: Type.Integer(), warnings: Type.Integer(),
});

export const IngestResultS = Type.Object({
  mode: lit(INGEST_MODES),
  committed: Type.Boolean({ description: 'false: all-or-nothing refused the batch and nothing was written' }),
  counts: CountsS,
  results: Type.Array(Type.Object({
    index: Type.Integer(),
    becsId: Nullable(Type.String()),
    outcome: lit(['created', 'updated', 'unchanged', 'rejected'] as const),
    id: Nullable(Type.Integer({ description: 'Donorline id of the donor/donation/deferral' })),
    issues: Type.Array(RowIssueS),
  })),
}, {
  examples: [{
    mode: 'per-record', committed: true, counts: { rows: 2, created: 1, updated: 0, unchanged: 0, rejected: 1, warnings: 0 },
    results: [
      { index: 0, becsId: 'QD2024000123', outcome: 'created', id: 4711, issues: [] },
      { index: 1, becsId: 'QD2024000124', outcome: 'rejected', id: null, issues: [{ row: 1, column: 'nationalId', field: 'nationalId', code: 'INVALID_NATIONAL_ID', severity: 'error', message: '第 1 条记录 nationalId：身份证号码无效（位数或校验位不正确） / record 1, field nationalId: the national ID is invalid (length or check character)', becsId: 'QD2024000124', value: '3702**********1235' }] },
    ],
  }],
});

const cell = Type.Union([Type.String({ maxLength: 255 }), Type.Number(), Type.Null()]);

export const DonorRecordS = Type.Object({
  donorNo: Type.String({ minLength: 1, maxLength: 32, description: '献血者编号 — the BECS donor number (the key)' }),
  name: Type.String({ maxLength: 50 }),
  gender: Type.Optional(cell), birthDate: Type.Optional(cell), nationalId: Type.Optional(cell),
  phones: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 5, description: 'any spelling; stored as E.164' })),
  mobile: Type.Optional(cell), phone: Type.Optional(cell),
  bloodType: Type.Optional(cell), rhd: Type.Optional(cell), address: Type.Optional(cell),
}, { additionalProperties: false });

export const DonationRecordS = Type.Object({
  donationNo: Type.String({ minLength: 1, maxLength: 40, description: '献血编号 / bag barcode (the key)' }),
  donorNo: Type.String({ minLength: 1, maxLength: 32 }),
  date: Type.String({ maxLength: 30, description: 'YYYY-MM-DD' }),
  product: Type.String({ maxLength: 64, description: 'whole-blood | platelets | plasma, or the source’s product name/code (全血, 机采血小板 …)' }),
  volume: Type.Optional(cell), site: Type.Optional(cell), outcome: Type.Optional(cell),
}, { additionalProperties: false });

export const DeferralRecordS = Type.Object({
  donorNo: Type.String({ minLength: 1, maxLength: 32 }),
  deferralNo: Type.Optional(cell),
  reason: Type.String({ maxLength: 255 }),
  from: Type.String({ maxLength: 30, description: 'YYYY-MM-DD' }),
  until: Type.Optional(cell),
  products: Type.Optional(cell),
}, { additionalProperties: false });

const batch = (record: ReturnType<typeof Type.Object>, example: unknown) => Type.Object({
  records: Type.Array(record, { minItems: 1, maxItems: INGEST_MAX_RECORDS }),
  source: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,31}$', description: 'saved mapping whose product table applies (default: api)' })),
}, { examples: [example] });

export const DonorBatchS = batch(DonorRecordS, { records: [{ donorNo: 'QD2024000123', name: '王建华', gender: '男', nationalId: '370202198402151234', phones: ['13805320001', '0532-88886666'], bloodType: 'A+' }] });
export const DonationBatchS = batch(DonationRecordS, { records: [{ donationNo: 'W0000240012345', donorNo: 'QD2024000123', date: '2026-11-20', product: '机采血小板', volume: '2治疗量', site: '市南区献血屋' }] });
export const DeferralBatchS = batch(DeferralRecordS, { records: [{ donorNo: 'QD2024000123', reason: '感冒服药', from: '2026-11-20', until: '2026-12-04' }] });

export const IngestQueryS = Type.Object({ mode: Type.Optional(lit(INGEST_MODES)) });

export const ApiKeyS = Type.Object({
  id: Type.Integer(), name: Type.String(), prefix: Type.String(), scopes: Type.Array(lit(API_KEY_SCOPES)),
  createdBy: Nullable(Type.Object({ id: Type.Integer(), username: Type.String() })), createdAt: Instant, lastUsedAt: Nullable(Instant), revokedAt: Nullable(Instant),
});

export const ImportJobS = Type.Object({
  id: Type.Integer(), source: Type.String(), kind: Type.String(), fileName: Type.String(), format: lit(['csv', 'xlsx'] as const),
  encoding: Nullable(Type.String()), status: lit(IMPORT_STATUSES), phase: lit(['dry-run', 'apply'] as const), skipInvalid: Type.Boolean(),
  totalRows: Type.Integer(), processedRows: Type.Integer(), counts: CountsS, issueCount: Type.Integer(), message: Nullable(Type.String()),
  sheets: Type.Array(Type.Object({ name: Type.String(), entity: lit(BECS_ENTITIES), columns: Type.Record(Type.String(), Type.String()) })),
  createdBy: Nullable(Type.Object({ id: Type.Integer(), username: Type.String() })), createdAt: Instant, startedAt: Nullable(Instant), finishedAt: Nullable(Instant),
});
