/** Degraded operation (database or Redis away) — English. Typed against outage.zh-CN.ts. */
import type zh from './outage.zh-CN.js';

const en: typeof zh = {
  dbDegraded: 'Database degraded',
  dbDegradedHint: 'The database cannot be reached: pops go on (cached donor cards, or unknown caller), wrap-ups are kept on the server and written once the database is back — nothing lost, nothing twice.',
  redisDown: 'Cluster degraded',
  redisDownHint: 'Redis cannot be reached: this server works on its own; seats and sign-in limits are not shared between servers for now.',
  buffered: 'Kept; saved once the database is back',
};
export default en;
