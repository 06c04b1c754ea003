export { ReportService } from './reports.service.js';
export { reportRange, bucketSql, CENTER_UTC_OFFSET_MINUTES, type ReportRange } from './report-range.js';
export type { AgentStateChange } from './agent-state-log.js';
