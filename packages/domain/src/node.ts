/**
 * @donorline/domain/node — the Node-only data layer: entities, migrations, the DataSource factory and the services
 * the apps use. Everything in the browser-safe entry is re-exported too, so apps can import from one place.
 */
import 'reflect-metadata';

export * from './index.js';
export * from './db/data-source.js';
export * from './db/entities/index.js';
export { MIGRATIONS } from './db/migrations/index.js';
export { withTx, exclusive, sqlTime, iso, toDate } from './db/sql.js';
export { PiiCipher, DEMO_PII_KEYS, type PiiKeys, type ProtectedNationalId } from './db/pii.js';
