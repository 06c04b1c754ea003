/**
 * openBridgeDatabase(config): the database the bridge runs on — SQLite (embedded) or MySQL/MariaDB from config.db —
 * migrated, with the domain services wired on it (PII keys derived from config.auth.piiKey, the center's default
 * area code), the default eligibility rule set stored, and:
 *  - embedded SQLite on first start: the demo data (sites, slots, donors incl. the well-known demo donors,
 *    knowledge, phrases) and the demo users agent1/agent2/supervisor/qa/admin (password demo123) — idempotent: a
 *    database that has data is left alone; one log line says which;
 *  - a production database: no demo data, no demo users; ADMIN_USERNAME/ADMIN_PASSWORD create the first admin once.
 */
import {
  createDomainServices, DEFAULT_CONTACT_RULES, DEFAULT_QA_SAMPLING, describeDbConfig, kindOf, openDatabase, seedDemoData,
  type DbConfig, type DomainServices, type DomainServicesOptions, type PiiKeys, type SeedSummary,
} from '@donorline/domain/node';
import type { BridgeConfig } from '../config.js';
import { checkPiiKeys, DEMO_PII_KEYS, derivePiiKeys } from './pii-keys.js';

export interface DbLog {
  info(msg: string): void;
  warn(msg: string): void;
}

export interface BridgeDatabase {
  services: DomainServices;
  ds: DomainServices['ds'];
  kind: 'sqlite' | 'mysql';
  /** For logs (password hidden). */
  description: string;
  /** Which keys protect national IDs: derived from PII_KEY, or the public demo keys of a `npm run seed` database. */
  piiKeys: 'derived' | 'demo';
  /** The demo seed's summary (skipped: true when the database already had data); null when seeding is off. */
  seed: SeedSummary | null;
  close(): Promise<void>;
}

export interface BridgeDatabaseOptions {
  log?: DbLog;
  /** Generated donors for the demo seed (besides the well-known demo donors). Default 2,000. */
  seedDonors?: number;
  clock?: () => Date;
  lookupCache?: DomainServicesOptions['lookupCache'];
}

const consoleLog: DbLog = { info: (m) => console.info(m), warn: (m) => console.warn(m) };

export function dbConfigOf(config: Readonly<BridgeConfig>): DbConfig {
  const db = config.db;
  return db.kind === 'sqlite' ? { kind: 'sqlite', file: db.file } : { kind: 'mysql', url: db.url, poolSize: db.poolSize, ...(db.flavor ? { flavor: db.flavor } : {}) };
}

export async function openBridgeDatabase(config: Readonly<BridgeConfig>, opts: BridgeDatabaseOptions = {}): Promise<BridgeDatabase> {
  const cfg = dbConfigOf(config);
  const ds = await openDatabase(cfg);
  try {
    return await prepareBridgeDatabase(ds, config, opts, describeDbConfig(cfg));
  } catch (e) {
    if (ds.isInitialized) await ds.destroy();
    throw e;
  }
}

/** Everything after opening (exported for tests that bring their own throwaway database). */
export async function prepareBridgeDatabase(
  ds: DomainServices['ds'],
  config: Readonly<BridgeConfig>,
  opts: BridgeDatabaseOptions = {},
  description: string = kindOf(ds),
): Promise<BridgeDatabase> {
  const log = opts.log ?? consoleLog;
  const kind = kindOf(ds);
  const embedded = config.db.kind === 'sqlite';

  let keys: PiiKeys = derivePiiKeys(config.auth.piiKey);
  let piiKeys: BridgeDatabase['piiKeys'] = 'derived';
  if ((await checkPiiKeys(ds, keys)) === 'mismatch') {
    if (embedded && (await checkPiiKeys(ds, DEMO_PII_KEYS)) === 'match') {
      keys = DEMO_PII_KEYS;
      piiKeys = 'demo';
      log.warn('national IDs in this embedded database were written with the public demo keys (npm run seed): using them — demo data only');
    } else {
      throw new Error('PII_KEY does not match the national IDs stored in this database (they cannot be decrypted with it). Start with the PII_KEY the data was written with.');
    }
  }

  const services = createDomainServices(ds, {
    pii: keys,
    defaultAreaCode: config.phone.defaultAreaCode,
    sensitiveLookupsPerHour: config.guard.piiLookupsPerHour,
    slotHorizonDays: config.slots.horizonDays,
    work: config.work.rules,
    qa: { sampling: { ...DEFAULT_QA_SAMPLING, percentPerAgentWeek: config.qa.samplePercent }, claimMinutes: config.qa.claimMinutes },
    smsQuietHours: config.sms.quietHours,
    ...(config.work.contactHours ? { contactRules: { ...DEFAULT_CONTACT_RULES, hours: { ...DEFAULT_CONTACT_RULES.hours, ...config.work.contactHours } } } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.lookupCache !== undefined ? { lookupCache: opts.lookupCache } : {}),
  });

  let seed: SeedSummary | null = null;
  if (config.seedDemo) {
    seed = await seedDemoData(ds, { pii: keys, demoUsers: embedded, donors: opts.seedDonors ?? 2000 });
    log.info(seed.skipped
      ? `demo data: not seeded — ${seed.reason}`
      : `demo data seeded in ${seed.seconds.toFixed(1)} s: ${seed.rows.donor ?? 0} donors, ${seed.rows.appointment_slot ?? 0} slots${seed.demoUsers ? '; demo users agent1 (8001), agent2 (8002), supervisor, qa, admin — password demo123' : ''}`);
  }

  // after the seed (which stores its own rule set): a production database gets GB 18467-2011 as the active rules
  await services.ruleSets.ensureDefault();

  const admin = config.auth.bootstrapAdmin;
  if (admin) {
    const users = await services.users.list();
    if (!users.some((u) => u.role === 'admin')) {
      const existing = await services.users.findByUsername(admin.username);
      if (existing) log.warn(`ADMIN_USERNAME ${admin.username} exists without the admin role: not changed`);
      else {
        await services.users.create({ username: admin.username, displayName: '系统管理员 / Administrator', password: admin.password, role: 'admin' });
        log.info(`created the first administrator "${admin.username}" (ADMIN_USERNAME)`);
      }
    }
  }

  return {
    services, ds, kind, description, piiKeys, seed,
    async close() {
      if (ds.isInitialized) await ds.destroy();
    },
  };
}
