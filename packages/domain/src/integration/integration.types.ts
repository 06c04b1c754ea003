/**
 * Donor data from the blood-establishment system (BECS: SHINOW 血站信息系统, eProgesa …) — the vocabulary shared by
 * the file import, the ingest API, the desk and the CLI. Browser-safe.
 *
 * Three kinds of record arrive, each keyed by the BECS's own id so that a file imported twice or an API batch sent
 * twice changes nothing: donors (献血者编号), donations (献血编号 / bag barcode) and deferrals (the BECS deferral
 * number, or donor number + start date + reason).
 */
import type { Page } from '../contracts/dto.js';
import type { DonationOutcome, DonationType } from '../donations/donation.types.js';

export const BECS_ENTITIES = ['donors', 'donations', 'deferrals'] as const;
export type BecsEntity = (typeof BECS_ENTITIES)[number];

/** Canonical fields per kind of record: file columns are mapped onto them, API records use them as JSON keys. */
export const BECS_FIELDS = {
  donors: ['donorNo', 'name', 'gender', 'birthDate', 'nationalId', 'mobile', 'phone', 'bloodType', 'rhd', 'address'],
  donations: ['donationNo', 'donorNo', 'date', 'product', 'volume', 'site', 'outcome'],
  deferrals: ['donorNo', 'reason', 'from', 'until', 'deferralNo', 'products'],
} as const satisfies Record<BecsEntity, readonly string[]>;
export type BecsField<E extends BecsEntity = BecsEntity> = (typeof BECS_FIELDS)[E][number];

export const REQUIRED_FIELDS: Readonly<Record<BecsEntity, readonly string[]>> = {
  donors: ['donorNo', 'name'],
  donations: ['donationNo', 'donorNo', 'date', 'product'],
  deferrals: ['donorNo', 'reason', 'from'],
};

/** Row-level problems. Errors reject the row (nothing of it is written); warnings are reported and the row is applied. */
export const ISSUE_CODES = [
  'REQUIRED', 'TOO_LONG', 'INVALID_DATE', 'INVALID_NATIONAL_ID', 'NATIONAL_ID_MISMATCH', 'INVALID_PHONE', 'INVALID_GENDER',
  'INVALID_BLOOD_TYPE', 'UNKNOWN_PRODUCT', 'INVALID_VOLUME', 'INVALID_OUTCOME', 'DATE_IN_FUTURE', 'DONATION_BEFORE_BIRTH',
  'UNTIL_BEFORE_FROM', 'DUPLICATE_DONATION_NO', 'DUPLICATE_DONOR_NO', 'DUPLICATE_DEFERRAL', 'DONOR_NOT_FOUND', 'DUPLICATE_DONOR',
  'UNKNOWN_SITE',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];
export type IssueSeverity = 'error' | 'warning';

export interface RowIssue {
  /** File: the row number as a spreadsheet shows it (header = 1). API: the record's index in the batch (0-based). */
  row: number;
  sheet?: string | null;
  /** The file's column header (or the API field) the problem is in; null for a whole-row problem. */
  column: string | null;
  field: string | null;
  code: IssueCode;
  severity: IssueSeverity;
  /** zh-CN / English, naming the row and column. */
  message: string;
  /** The record's BECS id (donor number, donation number …) when known. */
  becsId?: string | null;
  /** The offending value, masked when it is personal data. */
  value?: string | null;
}

/** What happened to one record. 'rejected' = an error issue, nothing of it written. */
export type RecordOutcome = 'created' | 'updated' | 'unchanged' | 'rejected';

export interface OutcomeCounts {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
}

export const emptyCounts = (): OutcomeCounts => ({ rows: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, warnings: 0 });

// ---- normalised records (after validation) ---------------------------------------------------------------------

export interface DonorRecord {
  donorNo: string;
  name: string;
  gender: 'male' | 'female' | 'unknown';
  birthDate: string | null;
  /** Normalised 18-character ID, or null. Never stored in clear (HMAC + AES-GCM). */
  nationalId: string | null;
  phones: { e164: string; kind: 'mobile' | 'fixed-line' | 'other' }[];
  abo: 'A' | 'B' | 'O' | 'AB' | null;
  rh: '+' | '-' | null;
  address: string | null;
}

export interface DonationRecord {
  donationNo: string;
  donorNo: string;
  date: string;
  type: DonationType;
  volumeMl: number | null;
  units: number | null;
  site: string | null;
  outcome: DonationOutcome;
}

export interface DeferralRecord {
  /** deferralNo, or donorNo|from|reason. */
  key: string;
  deferralNo: string | null;
  donorNo: string;
  from: string;
  until: string | null;
  reason: string;
  types: DonationType[] | null;
}

export type BecsRecord<E extends BecsEntity> = E extends 'donors' ? DonorRecord : E extends 'donations' ? DonationRecord : DeferralRecord;

// ---- column mapping --------------------------------------------------------------------------------------------

/**
 * A saved column mapping of one source (one BECS export layout): for each kind of record and canonical field, the
 * column headers that carry it (first match wins), and the source's product names. Unlisted fields fall back to the
 * default (SHINOW-like Chinese headers, and the canonical English names).
 */
export interface ImportMapping {
  source: string;
  description?: string;
  fields: Partial<Record<BecsEntity, Partial<Record<string, string[]>>>>;
  /** Product name/code in the export → donation type, e.g. { "机采血小板": "platelets", "0101": "whole-blood" }. */
  products?: Record<string, DonationType>;
}

// ---- import jobs (file import) ---------------------------------------------------------------------------------

export const IMPORT_STATUSES = ['queued', 'validating', 'validated', 'applying', 'done', 'failed', 'cancelled'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export type ImportPhase = 'dry-run' | 'apply';
export type ImportKind = BecsEntity | 'workbook';
export type ImportFormat = 'csv' | 'xlsx';
export type ImportEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le';

export interface ImportSheetDto {
  name: string;
  entity: BecsEntity;
  /** canonical field → the file's column header. */
  columns: Record<string, string>;
}

export interface ImportJobDto {
  id: number;
  source: string;
  kind: ImportKind;
  fileName: string;
  format: ImportFormat;
  encoding: ImportEncoding | null;
  status: ImportStatus;
  phase: ImportPhase;
  skipInvalid: boolean;
  totalRows: number;
  processedRows: number;
  /** Dry run: what applying would do; apply: what it did. */
  counts: OutcomeCounts;
  issueCount: number;
  /** Why a job failed (zh-CN / English, naming the row and column), or a note. */
  message: string | null;
  sheets: ImportSheetDto[];
  createdBy: { id: number; username: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportIssueDto extends RowIssue {
  phase: ImportPhase;
}

// ---- ingest API -------------------------------------------------------------------------------------------------

/** 'planning': the platelet planner's stock snapshots and daily issues (issue 14). */
export const API_KEY_SCOPES = ['donors', 'donations', 'deferrals', 'planning'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export interface ApiKeyDto {
  id: number;
  name: string;
  /** The public part (dlk_<prefix>.…) to recognise a key; the secret is shown once at creation. */
  prefix: string;
  scopes: ApiKeyScope[];
  createdBy: { id: number; username: string } | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/**
 * Batch semantics: `per-record` (default) writes every valid record and reports the others; `all-or-nothing`
 * writes nothing unless every record is valid. Either way the written records commit in one transaction.
 */
export const INGEST_MODES = ['per-record', 'all-or-nothing'] as const;
export type IngestMode = (typeof INGEST_MODES)[number];
export const INGEST_MAX_RECORDS = 5000;

export interface IngestRecordResult {
  index: number;
  becsId: string | null;
  outcome: RecordOutcome;
  /** The platform's id of the donor/donation/deferral (created/updated/unchanged). */
  id: number | null;
  issues: RowIssue[];
}

export interface IngestResult {
  mode: IngestMode;
  /** false when all-or-nothing refused the batch: nothing was written. */
  committed: boolean;
  counts: OutcomeCounts;
  results: IngestRecordResult[];
}

export interface BecsDuplicateDto {
  id: number;
  becsDonorNo: string;
  existingDonorId: number;
  existingBecsDonorNo: string | null;
  reason: 'national-id' | 'phone-name-birth';
  times: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

/**
 * The JSON routes of the integration the desk calls (the typed client); HttpApi extends this. The multipart upload
 * (POST /api/integration/imports), the report download and the ingest API (API keys) are documented in OpenAPI.
 */
export interface IntegrationHttpApi {
  'GET /api/integration/imports': { query: { page?: number; pageSize?: number }; reply: Page<ImportJobDto> };
  'GET /api/integration/imports/:id': { params: { id: number }; reply: ImportJobDto };
  'GET /api/integration/imports/:id/issues': { params: { id: number }; query: { phase?: ImportPhase; page?: number; pageSize?: number }; reply: Page<ImportIssueDto> };
  'POST /api/integration/imports/:id/apply': { params: { id: number }; body: { skipInvalid?: boolean }; reply: ImportJobDto };
  'POST /api/integration/imports/:id/cancel': { params: { id: number }; reply: ImportJobDto };
  'GET /api/integration/api-keys': { reply: ApiKeyDto[] };
  'POST /api/integration/api-keys': { body: { name: string; scopes: ApiKeyScope[] }; reply: { key: string; apiKey: ApiKeyDto } };
  'POST /api/integration/api-keys/:id/revoke': { params: { id: number }; reply: ApiKeyDto };
  'GET /api/integration/duplicates': { query: { limit?: number }; reply: BecsDuplicateDto[] };
}

export type { DonationOutcome, DonationType };
