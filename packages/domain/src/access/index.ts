export * from './actor.js';
export * from './donor-view.js';
export * from './write-policy.js';
