export * from './monitor-rules.js';
