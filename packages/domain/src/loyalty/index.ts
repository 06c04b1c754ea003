export * from './points-rules.js';
export * from './loyalty.types.js';
