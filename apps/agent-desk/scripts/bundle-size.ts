/// <reference types="node" />
/**
 * Size of the desk's first load: the entry chunk plus everything it imports statically (what the browser must
 * fetch before the login/desk screen can run), gzip -9, from dist/.vite/manifest.json. Prints JSON.
 * Run after `npm run desk:build`: `npm run size -w @donorline/agent-desk`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
const BUDGET_KB = 300;

const gz = (file: string): { raw: number; gzip: number } => {
  const buf = readFileSync(join(dist, file));
  return { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
};

const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
if (!entryKey) throw new Error('no entry in the manifest; build first');

const seen = new Set<string>();
const js: string[] = [];
const css = new Set<string>();
(function walk(key: string): void {
  if (seen.has(key)) return;
  seen.add(key);
  const c = manifest[key]!;
  js.push(c.file);
  for (const f of c.css ?? []) css.add(f);
  for (const i of c.imports ?? []) walk(i);
})(entryKey);

const sum = (files: Iterable<string>) => {
  let raw = 0;
  let gzip = 0;
  const items = [];
  for (const f of files) {
    const s = gz(f);
    raw += s.raw;
    gzip += s.gzip;
    items.push({ file: f, kb: +(s.raw / 1024).toFixed(1), gzipKb: +(s.gzip / 1024).toFixed(1) });
  }
  return { files: items, kb: +(raw / 1024).toFixed(1), gzipKb: +(gzip / 1024).toFixed(1) };
};

const firstJs = sum(js);
const firstCss = sum(css);
const lazy = Object.entries(manifest)
  .filter(([k, c]) => !seen.has(k) && c.file.endsWith('.js'))
  .map(([k, c]) => ({ chunk: k, ...(({ raw, gzip }) => ({ kb: +(raw / 1024).toFixed(1), gzipKb: +(gzip / 1024).toFixed(1) }))(gz(c.file)) }));

const report = {
  firstLoad: { js: firstJs, css: firstCss },
  budgetGzipKb: BUDGET_KB,
  withinBudget: firstJs.gzipKb <= BUDGET_KB,
  lazyChunks: lazy,
};
console.log(JSON.stringify(report, null, 2));
if (!report.withinBudget) process.exitCode = 1;
