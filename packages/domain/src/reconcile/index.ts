export * from './cdr-line.js';
export * from './pbx-call.js';
export * from './compare.js';
