export * from './care.types.js';
export * from './care-occasions.js';
export * from './lunar-holidays.js';
export * from './care-exclusion.js';
