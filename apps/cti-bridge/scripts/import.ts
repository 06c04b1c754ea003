/**
 * npm run import -- --file <export.csv|xlsx> [options]   (npm run import -- --help)
 *
 * The BECS file import from a terminal, on the same database and with the same rules as the desk's import page:
 * a dry run (counts, row-level issues), then — with --apply — the apply, with progress on stderr. Configuration is
 * the bridge's (DB_URL, PII_KEY, DATA_DIR, IMPORT_DIR, DEFAULT_AREA_CODE). Exit code: 0 done, 1 rows rejected or the
 * file refused, 2 usage/configuration error.
 */
import { copyFileSync, createWriteStream, mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BECS_ENTITIES, isDomainError, type BecsEntity, type ImportEncoding, type ImportJobDto } from '@donorline/domain';
import { ConfigError, loadConfig } from '../src/config.js';
import { openBridgeDatabase } from '../src/db/index.js';

const HELP = `npm run import -- --file <path> [options]

Imports donors (with phones), donations and deferrals from a BECS export (SHINOW and the like): CSV in UTF-8 (with or
without BOM), GB18030/GBK or UTF-16 with BOM, or XLSX (one kind of record per sheet: 献血者 / 献血记录 / 暂缓).
Always a dry run first (nothing written); --apply then writes, idempotently (keyed by 献血者编号 / 献血编号):
importing the same file twice changes nothing, a corrected row updates.

  --file PATH          the export (required unless --resume/--list)
  --kind KIND          donors | donations | deferrals (default: detected from the headers / sheet names)
  --source NAME        saved column mapping to use (default shinow)
  --encoding ENC       auto | utf-8 | utf-8-bom | gb18030 | utf-16le (default auto)
  --apply              apply after a clean dry run
  --skip-invalid       with --apply: apply even though the dry run rejected rows (they are skipped and reported)
  --errors PATH        write the error report (.csv or .xlsx) of the last phase
  --resume ID          resume an interrupted or failed apply of job ID
  --list               list the last import jobs
  -h, --help           this text

Environment: DB_URL, PII_KEY (required with DB_URL), DATA_DIR, IMPORT_DIR, DEFAULT_AREA_CODE — as for the bridge.
Exit code: 0 done, 1 rejected rows or refused file, 2 usage or configuration error.`;

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      file: { type: 'string' }, kind: { type: 'string' }, source: { type: 'string', default: 'shinow' }, encoding: { type: 'string', default: 'auto' },
      apply: { type: 'boolean', default: false }, 'skip-invalid': { type: 'boolean', default: false }, errors: { type: 'string' }, resume: { type: 'string' },
      list: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (e) {
  console.error(`${(e as Error).message}\n\n${HELP}`);
  process.exit(2);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const usage = (msg: string): never => {
  console.error(`${msg}\n\n${HELP}`);
  process.exit(2);
};
if (!values.file && !values.resume && !values.list) usage('--file is required');
if (values.kind && !(BECS_ENTITIES as readonly string[]).includes(String(values.kind))) usage(`--kind must be one of ${BECS_ENTITIES.join(', ')}`);

let config: ReturnType<typeof loadConfig>;
try {
  config = { ...loadConfig(), seedDemo: false };
} catch (e) {
  if (e instanceof ConfigError) usage(`configuration error: ${e.message}`);
  throw e;
}
const db = await openBridgeDatabase(config, { log: { info: () => undefined, warn: (m) => console.error(m) } });
const integration = db.services.integration;
const err = (s: string): boolean => process.stderr.write(s + '\n');
const line = (j: ImportJobDto): string => `#${j.id} ${j.fileName} ${j.kind} ${j.status}/${j.phase} rows ${j.processedRows}/${j.totalRows} created ${j.counts.created} updated ${j.counts.updated} unchanged ${j.counts.unchanged} rejected ${j.counts.rejected}`;

async function runPhase(id: number): Promise<ImportJobDto> {
  let last = 0;
  const job = await integration.run(id, {
    onProgress: (p) => {
      if (Date.now() - last < 1000) return;
      last = Date.now();
      const pct = p.total ? ` (${Math.round((p.processed / p.total) * 100)}%)` : '';
      err(`  ${p.phase} ${p.processed}/${p.total}${pct}  created ${p.counts.created} updated ${p.counts.updated} unchanged ${p.counts.unchanged} rejected ${p.counts.rejected}`);
    },
  });
  err(line(job));
  if (job.message) err(`  ${job.message}`);
  if (job.issueCount) {
    const issues = await integration.jobs.issues(id, { phase: job.phase, pageSize: 20 });
    for (const i of issues.items) err(`  ${i.severity === 'error' ? '✗' : '!'} ${i.message}${i.value ? ` [${i.value}]` : ''}`);
    if (job.issueCount > issues.items.length) err(`  … ${job.issueCount - issues.items.length} more (--errors report.csv)`);
  }
  return job;
}

let exit = 0;
try {
  if (values.list) {
    for (const j of (await integration.jobs.list(1, 20)).items) console.log(line(j));
  } else {
    let id: number;
    if (values.resume) {
      id = Number(values.resume);
      await integration.jobs.requestApply(id, !!values['skip-invalid'], null);
    } else {
      mkdirSync(config.imports.dir, { recursive: true });
      const file = path.resolve(String(values.file));
      const stored = path.join(config.imports.dir, `${randomUUID()}${/\.xlsx$/i.test(file) ? '.xlsx' : '.csv'}`);
      copyFileSync(file, stored);
      const job = await integration.jobs.create({
        path: stored, fileName: path.basename(file), source: String(values.source), entity: (values.kind as BecsEntity | undefined) ?? null,
        encoding: String(values.encoding) as 'auto' | ImportEncoding, createdBy: null,
      });
      err(`job #${job.id}: ${job.format}${job.encoding ? ` ${job.encoding}` : ''}, ${job.totalRows} rows — ${job.sheets.map((s) => `${s.name} → ${s.entity}`).join(', ')}`);
      id = job.id;
      const dry = await runPhase(id);
      if (dry.status !== 'validated') exit = 1;
      else if (values.apply) {
        if (dry.counts.rejected && !values['skip-invalid']) {
          err(`the dry run rejected ${dry.counts.rejected} rows: nothing applied (fix the file, or --skip-invalid)`);
          exit = 1;
        } else await integration.jobs.requestApply(id, !!values['skip-invalid'], null);
      } else if (dry.counts.rejected) exit = 1;
    }
    const job = await integration.jobs.get(id);
    if (job.status === 'queued') {
      const done = await runPhase(id);
      if (done.status !== 'done') exit = 1;
    }
    if (values.errors) {
      const out = String(values.errors);
      const final = await integration.jobs.get(id);
      const ws = createWriteStream(out);
      const closed = new Promise<void>((resolve, reject) => ws.on('close', () => resolve()).on('error', reject));
      await integration.writeReport(id, final.phase, /\.xlsx$/i.test(out) ? 'xlsx' : 'csv', ws);
      await closed;
      err(`error report: ${out}`);
    }
  }
} catch (e) {
  err(isDomainError(e) ? e.message : String((e as Error)?.stack ?? e));
  exit = isDomainError(e) ? 1 : 2;
} finally {
  await db.close();
}
process.exit(exit);
