/**
 * npm run prompts [-- --sln16] [--out asterisk/sounds] [--only zh|en] [--sites-from-db] [--sites <file.json>]
 * Renders every prompt and spoken piece — and each donation site's name and details, read from the database
 * (DB_URL, or the embedded SQLite) with --sites-from-db or from a JSON file with --sites — with espeak-ng + sox
 * into Asterisk 22 formats, skipping what has not changed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { catalogueItems, renderPrompts, type RenderItem } from '../src/prompts/prompt-renderer.js';
import { siteSoundItems, type SiteSoundSource } from '../src/prompts/site-sounds.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: resolve(import.meta.dirname, '../../../asterisk/sounds') },
    sln16: { type: 'boolean', default: false },
    only: { type: 'string' },
    sites: { type: 'string' },
    'sites-from-db': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});

const extra: RenderItem[] = [];
if (values.sites) extra.push(...siteSoundItems(JSON.parse(readFileSync(values.sites, 'utf8')) as SiteSoundSource[]));
if (values['sites-from-db']) {
  const { createDomainServices, dbConfigFromUrl, DEMO_PII_KEYS, openDatabase } = await import('@donorline/domain/node');
  const ds = await openDatabase(dbConfigFromUrl(process.env.DB_URL));
  const services = createDomainServices(ds, { pii: DEMO_PII_KEYS });
  const sites: SiteSoundSource[] = [];
  for (const s of await services.appointments.sites()) {
    const d = await services.appointments.site(s.id);
    sites.push({ code: s.code, name: s.name, address: s.address, hours: s.hours, transport: s.transport, ...(d.whatToBring ? { whatToBring: d.whatToBring } : {}) });
  }
  await ds.destroy();
  extra.push(...siteSoundItems(sites));
  console.log(`sites from the database: ${sites.length}`);
}
let items = catalogueItems(extra);
if (values.only === 'zh' || values.only === 'en') items = items.filter((i) => i.lang === values.only);

const tty = process.stdout.isTTY;
const summary = await renderPrompts(items, {
  soundsDir: values.out,
  sln16: values.sln16,
  onProgress: (done, total, item, action) => {
    if (values.quiet) return;
    const line = `[${String(done).padStart(String(total).length)}/${total}] ${action.padEnd(8)} ${item.lang}/${item.id}`;
    if (tty) process.stdout.write(`\r${line.padEnd(70)}`);
    else if (action !== 'skipped' || done === total) console.log(line);
  },
});
if (tty && !values.quiet) process.stdout.write('\n');
console.log(JSON.stringify({ ...summary, soundsDir: values.out }, null, 2));
if (summary.failed.length > 0) process.exitCode = 1;
