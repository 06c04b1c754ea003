export * from './planning.types.js';
export * from './forecast.js';
export * from './projection.js';
export * from './plan.js';
export * from './ranking.js';
export * from './simulate.js';
