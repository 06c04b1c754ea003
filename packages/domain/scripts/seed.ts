/**
 * npm run seed [-- --donors N --seed S --today YYYY-MM-DD --reset --demo-users]
 * Deterministic demo data. Without DB_URL: the embedded SQLite file (data/donorline.sqlite) with the demo users
 * (agent1/agent2/supervisor/qa/admin, password demo123). With DB_URL: the given MySQL/MariaDB — never demo users.
 */
import { parseArgs } from 'node:util';
import { DEMO_PII_KEYS, dbConfigFromUrl, describeDbConfig, localDateOf, openDatabase, seedDemoData, type PiiKeys } from '../src/node.js';

const { values } = parseArgs({
  options: {
    donors: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '20160601' },
    today: { type: 'string' },
    reset: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`npm run seed -- [options]

Creates deterministic, realistic demo data (Qingdao blood center): donors with histories, sites, slots for the next
14 days, appointments, contacts, tickets, surveys, a recall campaign, knowledge base, standard phrases.

  --donors N         generated donors besides the well-known demo donors (default 2000; 1000000 takes minutes)
  --seed S           PRNG seed (default 20160601); same seed + today + size = same donors
  --today YYYY-MM-DD the local date everything is relative to (default: today in Asia/Shanghai)
  --reset            wipe existing data first (otherwise an already seeded database is left alone)
  -h, --help         this text

Environment:
  DB_URL             mysql://user:pass@host:port/db — seed that database (no demo users are ever created there)
                     unset: the embedded SQLite file data/donorline.sqlite, with the demo users (password demo123)
  DATA_DIR           folder of the embedded SQLite file (default data/)
  PII_HMAC_KEY, PII_ENC_KEY  keys protecting national IDs (hex/base64; default: the public demo keys, SQLite only)`);
  process.exit(0);
}

const donors = Number(values.donors);
if (!Number.isInteger(donors) || donors < 0) throw new Error('--donors must be a non-negative integer');
const seed = Number(values.seed);
if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
const cfg = dbConfigFromUrl(process.env.DB_URL, process.env.DATA_DIR ?? 'data');
let pii: PiiKeys = DEMO_PII_KEYS;
if (process.env.PII_HMAC_KEY && process.env.PII_ENC_KEY) pii = { hmacKey: process.env.PII_HMAC_KEY, encryptionKey: process.env.PII_ENC_KEY };
else if (cfg.kind === 'mysql') console.warn('warning: PII_HMAC_KEY/PII_ENC_KEY not set — national IDs are protected with the public demo keys');

const ds = await openDatabase(cfg);
try {
  console.log(`seeding ${describeDbConfig(cfg)} — ${donors} donors, seed ${seed}, today ${values.today ?? localDateOf(new Date())}${cfg.kind === 'sqlite' ? ', with demo users' : ''}`);
  const s = await seedDemoData(ds, { pii, donors, seed, today: values.today, reset: values.reset, demoUsers: cfg.kind === 'sqlite', onProgress: (l) => console.log('  ' + l) });
  if (s.skipped) {
    console.log(`skipped: ${s.reason} (use --reset to wipe and seed again)`);
  } else {
    console.log(`done in ${s.seconds.toFixed(1)} s (${Math.round((s.rows.donor ?? 0) / Math.max(s.seconds, 0.001))} donors/s)`);
    for (const [t, n] of Object.entries(s.rows)) console.log(`  ${t.padEnd(18)} ${n}`);
    if (s.demoUsers) console.log('demo users: agent1 (8001), agent2 (8002), supervisor, qa, admin — password demo123');
  }
} finally {
  await ds.destroy();
}
