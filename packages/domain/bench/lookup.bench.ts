/**
 * npm run bench:lookup [-- --donors 1000000 --lookups 200000 --concurrency 1,4,8,16 --bridge-concurrency 4 --pool 8 --skip-sqlite --skip-mysql --keep]
 *
 * Caller lookup by phone through CallerLookup (cache disabled) on 1,000,000 seeded donors:
 *  - SQLite: data/bench/lookup.sqlite (seeded once, reused by later runs), sequential lookups;
 *  - MariaDB: database donorline_bench on MYSQL_BENCH_URL / MYSQL_TEST_URL / mysql://root@127.0.0.1:3306,
 *    created and dropped by the bench, lookups at each concurrency of a sweep (1, 4, 8, 16 in flight).
 *    The aim is judged at the concurrency a bridge really uses: one lookup per ringing call, so 20 calls/s with
 *    bursts gives a handful in flight (--bridge-concurrency, default 4); 16 in flight is reported as headroom.
 * Prints one JSON object: lookups/s, p50/p99 latency, seeding time. Aims: SQLite ≥ 20,000/s with p99 ≤ 1 ms,
 * MariaDB ≥ 3,000/s with p99 ≤ 5 ms.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { CallerLookup, DEMO_PII_KEYS, openDatabase, seedDemoData } from '../src/node.js';

const { values } = parseArgs({
  options: {
    donors: { type: 'string', default: '1000000' },
    lookups: { type: 'string', default: '200000' },
    concurrency: { type: 'string', default: '1,4,8,16' },
    'bridge-concurrency': { type: 'string', default: '4' },
    pool: { type: 'string', default: '8' },
    'skip-mysql': { type: 'boolean', default: false },
    'skip-sqlite': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    settle: { type: 'string', default: '20' },
  },
});
const DONORS = Number(values.donors);
const LOOKUPS = Number(values.lookups);
const CONCURRENCIES = values.concurrency.split(',').map(Number).filter((n) => n > 0);
const BRIDGE_CONCURRENCY = Number(values['bridge-concurrency']);
if (!CONCURRENCIES.includes(BRIDGE_CONCURRENCY)) CONCURRENCIES.push(BRIDGE_CONCURRENCY);
const POOL = Number(values.pool);
const TODAY = '2026-11-22';
const err = (s: string): void => void process.stderr.write(s + '\n');

interface Figures {
  donors: number;
  seeded: boolean;
  seedSeconds: number | null;
  lookups: number;
  concurrency: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  hitRate: number;
}

function pct(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function ensureSeeded(ds: DataSource): Promise<{ seeded: boolean; seconds: number | null }> {
  const [r] = (await ds.query('SELECT COUNT(*) AS n FROM donor')) as { n: number }[];
  if (Number(r!.n) >= DONORS) return { seeded: false, seconds: null };
  err(`seeding ${DONORS} donors …`);
  const s = await seedDemoData(ds, { pii: DEMO_PII_KEYS, donors: DONORS, seed: 1, today: TODAY, reset: true, onProgress: (l) => err('  ' + l) });
  return { seeded: true, seconds: Math.round(s.seconds * 10) / 10 };
}

async function sampleNumbers(ds: DataSource): Promise<string[]> {
  const known = ((await ds.query('SELECT e164 FROM donor_phone WHERE id % 7 = 3 LIMIT 50000')) as { e164: string }[]).map((x) => x.e164);
  // one in ten lookups is for a number nobody has (unknown callers)
  const out: string[] = [];
  for (let i = 0; i < known.length; i++) out.push(i % 10 === 9 ? `+86170${String(i).padStart(8, '0')}` : known[i]!);
  return out;
}

async function measure(ds: DataSource, concurrency: number): Promise<Omit<Figures, 'donors' | 'seeded' | 'seedSeconds'>> {
  const lookup = new CallerLookup(ds, false);
  const numbers = await sampleNumbers(ds);
  // warm-up with the same concurrency, so every pooled connection is open and has its statement prepared
  let w = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (w < 5000) await lookup.findDonorIdsByPhone(numbers[w++ % numbers.length]!);
  }));
  const lat = new Float64Array(LOOKUPS);
  let next = 0;
  let hits = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= LOOKUPS) return;
      const t = process.hrtime.bigint();
      const ids = await lookup.findDonorIdsByPhone(numbers[i % numbers.length]!);
      lat[i] = Number(process.hrtime.bigint() - t) / 1e6;
      if (ids.length) hits++;
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  lat.sort();
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  return { lookups: LOOKUPS, concurrency, perSecond: Math.round(LOOKUPS / wall), p50Ms: r3(pct(lat, 0.5)), p99Ms: r3(pct(lat, 0.99)), maxMs: r3(lat[lat.length - 1]!), hitRate: r3(hits / LOOKUPS) };
}

const result: Record<string, unknown> = { bench: 'lookup', node: process.version, donors: DONORS };

if (!values['skip-sqlite']) {
  const file = resolve(join(process.env.DATA_DIR ?? 'data', 'bench', 'lookup.sqlite'));
  err(`SQLite: ${file}${existsSync(file) ? ' (reusing if complete)' : ''}`);
  const ds = await openDatabase({ kind: 'sqlite', file });
  try {
    const s = await ensureSeeded(ds);
    const m = await measure(ds, 1);
    result.sqlite = { donors: DONORS, seeded: s.seeded, seedSeconds: s.seconds, ...m, aim: { perSecond: 20_000, p99Ms: 1 }, met: m.perSecond >= 20_000 && m.p99Ms <= 1 };
  } finally {
    await ds.destroy();
  }
}

if (!values['skip-mysql']) {
  const server = (process.env.MYSQL_BENCH_URL ?? process.env.MYSQL_TEST_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/[^/@]*$/, (m) => (m.includes(':') ? m : ''));
  const u = new URL(server);
  u.pathname = '/';
  const admin = u.toString().replace(/\/$/, '');
  try {
    const c = await createConnection({ uri: admin, connectTimeout: 2000 });
    await c.query('DROP DATABASE IF EXISTS donorline_bench');
    await c.query('CREATE DATABASE donorline_bench CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    await c.end();
    err(`MariaDB: ${admin.replace(/\/\/([^:@/]*):[^@]*@/, '//$1:***@')}/donorline_bench`);
    const ds = await openDatabase({ kind: 'mysql', url: `${admin}/donorline_bench`, poolSize: POOL });
    try {
      const s = await ensureSeeded(ds);
      if (s.seeded) {
        // right after a bulk load InnoDB is still flushing dirty pages and merging secondary-index changes;
        // let it settle (a bridge never starts under that load) and refresh the index statistics
        await ds.query('ANALYZE TABLE donor_phone');
        await new Promise((r) => setTimeout(r, Number(values.settle) * 1000));
      }
      const sweep: Awaited<ReturnType<typeof measure>>[] = [];
      for (const c of CONCURRENCIES.sort((a, b) => a - b)) {
        err(`  ${c} in flight …`);
        sweep.push(await measure(ds, c));
      }
      const m = sweep.find((x) => x.concurrency === BRIDGE_CONCURRENCY)!;
      result.mariadb = {
        settleSeconds: s.seeded ? Number(values.settle) : 0, donors: DONORS, seeded: s.seeded, seedSeconds: s.seconds, poolSize: POOL,
        bridgeConcurrency: BRIDGE_CONCURRENCY, ...m, sweep, aim: { perSecond: 3_000, p99Ms: 5 }, met: m.perSecond >= 3_000 && m.p99Ms <= 5,
      };
    } finally {
      await ds.destroy();
      if (!values.keep) {
        const c2 = await createConnection({ uri: admin });
        await c2.query('DROP DATABASE IF EXISTS donorline_bench');
        await c2.end();
      }
    }
  } catch (e) {
    result.mariadb = { error: (e as Error).message };
  }
}

console.log(JSON.stringify(result, null, 2));
