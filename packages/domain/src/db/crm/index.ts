/** Recruitment CRM on the database (issue 13): segments compiled to SQL, saved segments, account managers. */
export { compileSegment, type CompiledSegment } from './segment-sql.js';
export { SegmentService } from './segment.service.js';
export { AccountManagerService, BULK_ASSIGN_MAX } from './account-manager.service.js';
export { managerPerformance } from './manager-performance.js';
