/** Care (关怀管理) on the database (issue 13). */
export { CareService, type CareServiceOptions } from './care.service.js';
export { occasionCandidates, HONOUR_WINDOW_DAYS } from './care-candidates.js';
