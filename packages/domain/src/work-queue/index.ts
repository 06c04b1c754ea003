export * from './work.types.js';
export * from './work-rules.js';
export * from './work-policy.js';
