/**
 * The reports' vocabulary and wire shapes (GET /api/reports/:kind). Every report is a table (rows of plain values)
 * so the one CSV/XLSX export serves them all; charts read the same rows.
 */
import type { WallboardThresholds } from './alerts.js';
import type { QueueFigures } from './figures.js';
import type { SatisfactionChannel, SatisfactionGroup, SatisfactionLowRow, SatisfactionRow } from './satisfaction.js';

export const REPORT_KINDS = ['volume', 'agents', 'ivr', 'work-sla', 'attribution', 'satisfaction', 'satisfaction-low'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** How the volume report groups calls (local time, Asia/Shanghai). */
export const VOLUME_GROUPS = ['hour', 'day', 'week', 'queue', 'hour-of-day'] as const;
export type VolumeGroup = (typeof VOLUME_GROUPS)[number];

export const REPORT_EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ReportExportFormat = (typeof REPORT_EXPORT_FORMATS)[number];

/** Who may read reports (never unmasked numbers: no report carries a phone or ID number at all). */
export const REPORT_ROLES = ['supervisor', 'quality', 'admin'] as const;

/** Longest range one request may cover (a year and a bit: year-on-year views, bounded work). */
export const REPORT_MAX_DAYS = 400;

export interface ReportFilter {
  /** Local dates (YYYY-MM-DD), both inclusive. */
  from: string;
  to: string;
  queue?: string | null;
  agentId?: number | null;
  group?: VolumeGroup;
  /** Service-level threshold (seconds); default 20. */
  slSeconds?: number;
  /** The satisfaction report's grouping (default 'day') and channel (default both). */
  satGroup?: SatisfactionGroup;
  channel?: SatisfactionChannel;
}

export interface VolumeRow extends QueueFigures {
  /** The bucket: '2026-12-07 09' (hour), '2026-12-07' (day), '2026-W49' (ISO week), a queue name, or '09' (hour of day). */
  bucket: string;
}

export interface AgentReportRow {
  agentId: number;
  name: string;
  extension: string | null;
  /** Segments the agent answered. */
  handled: number;
  talkSeconds: number;
  holdSeconds: number;
  wrapUpSeconds: number;
  ahtSeconds: number | null;
  pausedSeconds: number;
  /** Pause seconds by reason code (from the agent state log; empty before it was recorded). */
  pauseByReason: Record<string, number>;
  occupancy: number | null;
  /** Calls the agent filed as complaints (disposition 'complaint'). */
  complaints: number;
  /** Mean score of the published evaluations (质检, regular, not drafts) of the agent's calls in the range; null: none. */
  qaScore: number | null;
  qaEvaluations: number;
}

export interface IvrNodeRow {
  node: string;
  reached: number;
  endedHere: number;
  completes: boolean;
  /** endedHere ÷ reached (null: never reached). */
  dropRate: number | null;
}

export interface IvrReport {
  entered: number;
  contained: number;
  toAgent: number;
  containment: number | null;
  nodes: IvrNodeRow[];
}

export interface WorkSlaRow {
  /** A task source ('abandoned', 'survey', …) or kind. */
  source: string;
  created: number;
  resolved: number;
  resolvedInTime: number;
  /** Still open and past due now. */
  openOverdue: number;
  /** resolvedInTime ÷ resolved. */
  slaRate: number | null;
  /** Mean hours from creation to resolution. */
  avgResolveHours: number | null;
}

export interface AttributionRow {
  /** The donor's media source (donor.media_source), '' when unknown. */
  mediaSource: string;
  /** Inbound calls from donors of this source. */
  calls: number;
  callers: number;
  /** Appointments made in the range (any channel) and those made during a call. */
  appointments: number;
  appointmentsByCall: number;
  /** Donations in the range by donors who made an appointment in the range (on or after it was made). */
  donations: number;
  donors: number;
  /** donors ÷ callers. */
  conversion: number | null;
}

export interface ReportResult<K extends ReportKind = ReportKind> {
  kind: K;
  filter: ReportFilter;
  generatedAt: string;
  rows: K extends 'volume' ? VolumeRow[] : K extends 'agents' ? AgentReportRow[] : K extends 'ivr' ? IvrNodeRow[] : K extends 'work-sla' ? WorkSlaRow[]
    : K extends 'satisfaction' ? SatisfactionRow[] : K extends 'satisfaction-low' ? SatisfactionLowRow[] : AttributionRow[];
  /** The whole range in one row (volume: all calls; ivr: containment; satisfaction: every survey). */
  total?: K extends 'volume' ? QueueFigures : K extends 'ivr' ? Omit<IvrReport, 'nodes'> : K extends 'satisfaction' ? SatisfactionRow : never;
}

/** GET /api/reports/wallboard: what the wallboard colours against, and the work queue's overdue count. */
export interface WallboardInfoDto {
  slThresholdSeconds: number;
  slTarget: number;
  thresholds: WallboardThresholds;
  overdueTasks: number;
}

/** Query of GET /api/reports/:kind (and its export). */
export interface ReportQuery {
  from: string;
  to: string;
  queue?: string;
  agentId?: number;
  group?: VolumeGroup;
  slSeconds?: number;
  satGroup?: SatisfactionGroup;
  channel?: SatisfactionChannel;
}

export interface ReportsHttpApi {
  'GET /api/reports/wallboard': { reply: WallboardInfoDto };
  'GET /api/reports/:kind': { params: { kind: ReportKind }; query: ReportQuery; reply: ReportResult };
  /** A file (text/csv or XLSX), not JSON: the desk downloads it. */
  'GET /api/reports/:kind/export': { params: { kind: ReportKind }; query: ReportQuery & { format: ReportExportFormat; lang?: 'zh' | 'en' }; reply: unknown };
}
