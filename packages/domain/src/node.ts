/**
 * @donorline/domain/node — the Node-only data layer: entities, migrations, the DataSource factory and the services
 * the apps use. Everything in the browser-safe entry is re-exported too, so apps can import from one place.
 *
 *   const ds = await openDatabase(dbConfigFromUrl(env.DB_URL));
 *   const svc = createDomainServices(ds, { pii: { hmacKey, encryptionKey } });
 *   const ids = await svc.lookup.findDonorIdsByPhone('+8613800138000');
 *
 * SQLite: write through the services (or withTx/exclusive) — TypeORM's better-sqlite3 driver shares one connection,
 * so a bare ds.transaction() overlapping another would nest inside it.
 */
import 'reflect-metadata';

export * from './index.js';
export * from './db/data-source.js';
export * from './db/entities/index.js';
export { MIGRATIONS } from './db/migrations/index.js';
export { withTx, exclusive, sqlTime, iso, toDate } from './db/sql.js';
export { PiiCipher, KeylessPiiCipher, DEMO_PII_KEYS, type PiiKeys, type ProtectedNationalId } from './db/pii.js';
export * from './db/services/index.js';
export * from './db/dialer/index.js';
export * from './db/seed/index.js';
export * from './db/integration/integration.service.js';
export * from './db/care/index.js';
export * from './db/sms-campaign/index.js';
export * from './db/loyalty/index.js';
export { refreshDonationFacts, refreshDonationFactsRange, type FactsPort } from './db/integration/donation-facts.js';
export { inspectTable, sheetRows, sheetsInApplyOrder, type TableInfo, type TableSheet } from './integration/readers/table-reader.js';
export { fileError, type FileProblem } from './integration/readers/file-errors.js';
export { listVoiceMessages, voiceMessageFiles, type VoiceMessageFiles } from './db/voice-replies/voice-message-list.js';
export { PbxReconcileService, type LogCursor, type StoredCall } from './db/reconcile/pbx-reconcile.service.js';
