export * from './figures.js';
export * from './ivr-figures.js';
export * from './alerts.js';
export * from './report.types.js';
export * from './report-columns.js';
export * from './satisfaction.js';
