/** BECS integration, pure part (browser-safe): vocabulary, column mapping, value parsers, row validation, events. */
export * from './integration.types.js';
export * from './column-mapping.js';
export * from './value-parsers.js';
export * from './issues.js';
export * from './record-validation.js';
export * from './seen-map.js';
export * from './phone-cache.js';
export * from './integration-events.js';
