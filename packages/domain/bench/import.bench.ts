/**
 * npm run bench:import [-- --donors 1000000 --per-donor 3 --skip-sqlite --skip-mysql --keep --dry-run]
 *
 * The BECS file import at scale: a generated SHINOW-like donors CSV (N donors, 1.5 phones each: every donor a
 * mobile, every other one a Qingdao landline) and a donations CSV (3 per donor), imported through the real import
 * jobs (the apply; with --dry-run also the dry run before it) into a fresh SQLite file and a fresh MariaDB database, then imported again (the same
 * files: every row unchanged, nothing to write). Node runs with --max-old-space-size=160 (as documented for the bridge
 * and the import CLI: V8 otherwise lets garbage grow the heap far past what an import holds). Prints ONE JSON document: rows/s of the apply (and of the dry run),
 * wall times, peak RSS of this process (sampled every 100 ms through the whole run), the aims and pass.
 * Aims: apply ≥ 20,000 rows/s on SQLite and ≥ 10,000 rows/s on MariaDB; RSS ≤ 400 MB throughout; the re-import's
 * apply ≥ 3× faster than the first.
 * MariaDB: MYSQL_BENCH_URL / MYSQL_TEST_URL / mysql://root@127.0.0.1:3306 (database donorline_import_bench, dropped
 * afterwards unless --keep). Files are generated once under data/bench/import/ and reused.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { createDomainServices, DEMO_PII_KEYS, openDatabase, type ImportJobDto } from '../src/node.js';
import { becsDonationRows, becsDonorRows, DONATION_HEADERS, DONOR_HEADERS, writeBecsCsv } from '../src/testing/becs-fixtures.js';

const { values } = parseArgs({
  options: {
    donors: { type: 'string', default: '1000000' },
    'per-donor': { type: 'string', default: '3' },
    'skip-mysql': { type: 'boolean', default: false },
    'skip-sqlite': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
  },
});
const DONORS = Number(values.donors);
const PER = Number(values['per-donor']);
if (!(DONORS > 0) || !(PER >= 0)) throw new Error('--donors must be > 0 and --per-donor ≥ 0');
const err = (s: string): void => void process.stderr.write(s + '\n');
const AIMS = { sqliteRowsPerSec: 20_000, mysqlRowsPerSec: 10_000, maxRssMb: 400, reimportSpeedup: 3 };

let peakRss = 0;
/** What the RSS was made of at its peak (MB): V8's heap, memory outside it (Buffers, typed arrays) and the rest (SQLite's page cache, code). */
let atPeak = { heapTotalMb: 0, externalMb: 0, arrayBuffersMb: 0 };
const sample = (): void => {
  const m = process.memoryUsage();
  if (m.rss > peakRss) {
    peakRss = m.rss;
    atPeak = { heapTotalMb: Math.round(m.heapTotal / 1e6), externalMb: Math.round(m.external / 1e6), arrayBuffersMb: Math.round(m.arrayBuffers / 1e6) };
  }
};
const sampler = setInterval(sample, 100);

const dir = resolve('data/bench/import');
mkdirSync(dir, { recursive: true });
const donorsCsv = join(dir, `donors-${DONORS}.csv`);
const donationsCsv = join(dir, `donations-${DONORS}x${PER}.csv`);

async function ensureFiles(): Promise<{ generatedSeconds: number | null; donorsMb: number; donationsMb: number }> {
  const t0 = Date.now();
  let generated = false;
  if (!existsSync(donorsCsv)) {
    err(`generating ${donorsCsv} …`);
    await writeBecsCsv(donorsCsv + '.tmp', DONOR_HEADERS, becsDonorRows({ count: DONORS }), 'utf-8');
    await import('node:fs/promises').then((f) => f.rename(donorsCsv + '.tmp', donorsCsv));
    generated = true;
  }
  if (!existsSync(donationsCsv)) {
    err(`generating ${donationsCsv} …`);
    await writeBecsCsv(donationsCsv + '.tmp', DONATION_HEADERS, becsDonationRows({ donors: DONORS, perDonor: PER }), 'utf-8');
    await import('node:fs/promises').then((f) => f.rename(donationsCsv + '.tmp', donationsCsv));
    generated = true;
  }
  const mb = (p: string): number => Math.round(statSync(p).size / 1e5) / 10;
  return { generatedSeconds: generated ? (Date.now() - t0) / 1000 : null, donorsMb: mb(donorsCsv), donationsMb: mb(donationsCsv) };
}

interface PassFigures {
  rows: number;
  dryRunSeconds: number | null;
  dryRunRowsPerSec: number | null;
  applySeconds: number;
  applyRowsPerSec: number;
  /** CPU seconds of this process during the applies (user + system; SQLite runs in-process, MariaDB does not). */
  applyCpuSeconds: number;
  /** Rows per CPU second of this process: what the wall-clock figure would be on an idle core (SQLite). */
  applyRowsPerCpuSec: number;
  wallSeconds: number;
  counts: Record<string, number>;
}

async function importOnce(ds: DataSource, label: string): Promise<PassFigures> {
  const svc = createDomainServices(ds, { pii: DEMO_PII_KEYS, lookupCache: false, defaultAreaCode: '0532' });
  const t0 = Date.now();
  let dry = 0;
  let apply = 0;
  let cpu = 0;
  let rows = 0;
  const counts: Record<string, number> = {};
  for (const file of [donorsCsv, donationsCsv]) {
    const tmp = `${file}.${label}.job`;
    await import('node:fs/promises').then((f) => f.copyFile(file, tmp)); // the job owns (and deletes) its file
    const job = await svc.integration.jobs.create({ path: tmp, fileName: file, source: 'shinow', createdBy: null });
    let last = Date.now();
    const onProgress = (p: { phase: string; processed: number; total: number }): void => {
      if (Date.now() - last > 10_000) {
        last = Date.now();
        const m = process.memoryUsage();
        err(`  ${label} ${p.phase} ${p.processed}/${p.total}  rss ${Math.round(m.rss / 1e6)} MB (heap ${Math.round(m.heapTotal / 1e6)}, external ${Math.round(m.external / 1e6)})  load ${(os.loadavg()[0] ?? 0).toFixed(1)}`);
      }
    };
    const t1 = Date.now();
    if (values['dry-run']) {
      const d = await svc.integration.run(job.id, { onProgress });
      if (d.status !== 'validated' || d.counts.rejected) throw new Error(`dry run of ${file}: ${d.status} ${JSON.stringify(d.counts)} ${d.message ?? ''}`);
    } else {
      // the apply alone (what the aims are about): the job is marked checked without its dry-run pass
      await ds.query("UPDATE import_job SET status = 'validated' WHERE id = ?", [job.id]);
    }
    dry += (Date.now() - t1) / 1000;
    await svc.integration.jobs.requestApply(job.id, false, null);
    const t2 = Date.now();
    const c2 = process.cpuUsage();
    const a: ImportJobDto = await svc.integration.run(job.id, { onProgress });
    apply += (Date.now() - t2) / 1000;
    const cu = process.cpuUsage(c2);
    cpu += (cu.user + cu.system) / 1e6;
    if (a.status !== 'done') throw new Error(`apply of ${file}: ${a.status} ${a.message ?? ''}`);
    rows += a.counts.rows;
    for (const [k, v] of Object.entries(a.counts)) counts[k] = (counts[k] ?? 0) + v;
    rmSync(tmp, { force: true });
    err(`  ${label} ${file.split('/').pop()}: ${a.counts.rows} rows, apply ${Math.round(a.counts.rows / Math.max(0.001, (Date.now() - t2) / 1000))}/s`);
  }
  const round = (n: number): number => Math.round(n * 10) / 10;
  return { rows, dryRunSeconds: values['dry-run'] ? round(dry) : null, dryRunRowsPerSec: values['dry-run'] ? Math.round(rows / dry) : null, applySeconds: round(apply), applyRowsPerSec: Math.round(rows / apply), applyCpuSeconds: round(cpu), applyRowsPerCpuSec: Math.round(rows / cpu), wallSeconds: round((Date.now() - t0) / 1000), counts };
}

async function benchDb(kind: 'sqlite' | 'mysql'): Promise<Record<string, unknown>> {
  let ds: DataSource;
  let drop: () => Promise<void>;
  if (kind === 'sqlite') {
    const file = join(dir, 'import-bench.sqlite');
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    ds = await openDatabase({ kind: 'sqlite', file });
    drop = async () => {
      if (!values.keep) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    };
  } else {
    const server = (process.env.MYSQL_BENCH_URL || process.env.MYSQL_TEST_URL || 'mysql://root@127.0.0.1:3306').replace(/\/+$/, '').replace(/\/[^/]*$/, (m) => (m.includes(':') ? m : ''));
    const admin = await createConnection({ uri: server });
    await admin.query('DROP DATABASE IF EXISTS donorline_import_bench');
    await admin.query('CREATE DATABASE donorline_import_bench CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    ds = await openDatabase({ kind: 'mysql', url: `${server}/donorline_import_bench`, poolSize: 4 });
    drop = async () => {
      if (!values.keep) await admin.query('DROP DATABASE IF EXISTS donorline_import_bench');
      await admin.end();
    };
  }
  try {
    err(`${kind}: first import …`);
    const first = await importOnce(ds, `${kind}-first`);
    err(`${kind}: re-import of the same files …`);
    const again = await importOnce(ds, `${kind}-again`);
    const [donors] = (await ds.query('SELECT COUNT(*) AS n FROM donor')) as { n: number }[];
    const [phones] = (await ds.query('SELECT COUNT(*) AS n FROM donor_phone')) as { n: number }[];
    const [donations] = (await ds.query('SELECT COUNT(*) AS n FROM donation')) as { n: number }[];
    const aim = kind === 'sqlite' ? AIMS.sqliteRowsPerSec : AIMS.mysqlRowsPerSec;
    const speedup = Math.round((again.applyRowsPerSec / first.applyRowsPerSec) * 10) / 10;
    return {
      first, reimport: again, reimportSpeedup: speedup,
      tables: { donor: Number(donors!.n), donor_phone: Number(phones!.n), donation: Number(donations!.n) },
      pass: first.applyRowsPerSec >= aim && speedup >= AIMS.reimportSpeedup && again.counts.created === 0 && again.counts.updated === 0,
    };
  } finally {
    await ds.destroy();
    await drop();
  }
}

const files = await ensureFiles();
const out: Record<string, unknown> = {
  bench: 'import', donors: DONORS, donationsPerDonor: PER, phonesPerDonor: 1.5, rowsPerPass: DONORS * (1 + PER), files, node: process.version,
};
const t0 = Date.now();
if (!values['skip-sqlite']) out.sqlite = await benchDb('sqlite');
if (!values['skip-mysql']) out.mysql = await benchDb('mysql');
clearInterval(sampler);
sample();
out.wallSeconds = Math.round((Date.now() - t0) / 100) / 10;
out.peakRssMb = Math.round(peakRss / 1e6);
out.atPeakRss = atPeak;
out.loadAverage = os.loadavg().map((x) => Math.round(x * 100) / 100);
out.aims = AIMS;
const dbPass = [out.sqlite, out.mysql].filter(Boolean).every((r) => (r as { pass: boolean }).pass);
out.pass = dbPass && (out.peakRssMb as number) <= AIMS.maxRssMb && (!values['skip-sqlite'] || !values['skip-mysql']);
console.log(JSON.stringify(out, null, 2));
process.exit(0);
