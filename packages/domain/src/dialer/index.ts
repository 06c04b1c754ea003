export * from './campaign-rules.js';
export * from './dialer.types.js';
