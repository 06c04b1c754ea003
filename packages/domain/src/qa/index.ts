export * from './qa.types.js';
export * from './scoring.js';
export * from './sampling.js';
export * from './calibration.js';
export * from './qa-policy.js';
export * from './donor-hotline-form.js';
export * from './qa-http.js';
