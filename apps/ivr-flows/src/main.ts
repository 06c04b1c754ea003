/**
 * npm run ivr — the IVR as a standalone process: reads its config, opens the database (migrating it), connects to
 * ARI (the simulator by default) and takes calls until SIGINT/SIGTERM. Calls still in the IVR when it stops stay
 * parked in Stasis and are adopted by the next start.
 */
import { createDomainServices, dbConfigFromUrl, describeDbConfig, openDatabase } from '@donorline/domain/node';
import { DomainBackend } from './backend/domain-backend.js';
import { ConfigError, loadConfig } from './config.js';
import { startIvr } from './ivr.js';
import { consoleLogger, errorInfo } from './runtime/logger.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const dbConfig = dbConfigFromUrl(config.db.url);
  const ds = await openDatabase(dbConfig);
  // The IVR holds no PII key: it matches the stored last four and never reads or writes a national ID (its tests run
  // on keyless services too, so a flow that starts needing one fails there, not silently in production).
  const services = createDomainServices(ds, { pii: 'none', defaultAreaCode: config.areaCode });
  const backend = new DomainBackend({ services, ariRecordingsDir: config.recordings.ariDir, defaultAreaCode: config.areaCode, pinMaxFailures: config.qa.pinMaxFailures });
  consoleLogger.info({ db: describeDbConfig(dbConfig), ari: config.ari.url.replace(/\/\/[^@]*@/, '//***@'), app: config.ari.app }, 'starting the IVR');
  const ivr = await startIvr(config, { backend, log: consoleLogger, waitForAri: true });
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    consoleLogger.info({ signal, liveCalls: ivr.dispatcher.liveCalls }, 'stopping the IVR');
    await ivr.stop();
    await ds.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) console.error(e.message);
  else consoleLogger.error(errorInfo(e), 'the IVR could not start');
  process.exit(1);
});
