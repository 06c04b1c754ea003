/**
 * Writes test/config/asterisk-modules.json — the loadable modules of an Asterisk release and what each needs at load
 * time — from an Asterisk SOURCE checkout (it reads the C files; it builds nothing):
 *
 *   tsx scripts/asterisk-modules.ts /path/to/asterisk-22.10.1 [out.json]
 *
 * For every module the loader knows (a .c file with AST_MODULE_INFO under apps/, bridges/, cdr/, cel/, channels/,
 * codecs/, formats/, funcs/, pbx/, res/, addons/), it records `.requires`, `.optional_modules` and `.support_level`;
 * the core's built-in modules (main/*.c with AST_MODULE_INFO: http, manager, acl, …) are listed apart — they are always
 * loaded. test/config/asterisk-modules.test.ts checks asterisk/modules.conf against this file without an Asterisk.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MODULE_DIRS = ['apps', 'bridges', 'cdr', 'cel', 'channels', 'codecs', 'formats', 'funcs', 'pbx', 'res', 'addons'];

export interface ModuleFacts {
  requires: string[];
  optional: string[];
  support: string;
  /** the source file, relative to the checkout */
  source: string;
}

function list(field: string, info: string): string[] {
  const m = new RegExp(`\\.${field}\\s*=\\s*((?:"[^"]*"\\s*)+)`).exec(info);
  if (!m) return [];
  const joined = [...m[1]!.matchAll(/"([^"]*)"/g)].map((x) => x[1]).join('');
  return joined.split(',').map((s) => s.trim()).filter(Boolean);
}

/** The AST_MODULE_INFO(...) block of a C file, or null. */
function moduleInfo(text: string): string | null {
  const at = text.search(/\bAST_MODULE_INFO(?:_[A-Z_]+)?\s*\(/);
  if (at < 0) return null;
  let depth = 0;
  for (let i = text.indexOf('(', at); i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(at, i + 1);
  }
  return text.slice(at);
}

export function scan(src: string): { version: string; builtin: string[]; modules: Record<string, ModuleFacts> } {
  const version = readFileSync(path.join(src, '.version'), 'utf8').trim();
  const modules: Record<string, ModuleFacts> = {};
  for (const dir of MODULE_DIRS) {
    let files: string[];
    try {
      files = readdirSync(path.join(src, dir)).filter((f) => f.endsWith('.c'));
    } catch {
      continue;
    }
    for (const f of files.sort()) {
      const text = readFileSync(path.join(src, dir, f), 'utf8');
      const info = moduleInfo(text);
      if (!info) continue;
      // AST_MODULE_INFO_STANDARD(_EXTENDED|_DEPRECATED) name the support level in the macro
      const support = (/AST_MODULE_SUPPORT_(\w+)/.exec(info)?.[1] ?? /^AST_MODULE_INFO_STANDARD_(\w+)/.exec(info)?.[1] ?? (/^AST_MODULE_INFO_STANDARD\b/.test(info) ? 'CORE' : 'UNKNOWN')).toLowerCase();
      modules[f.replace(/\.c$/, '')] = { requires: list('requires', info), optional: list('optional_modules', info), support, source: `${dir}/${f}` };
    }
  }
  const builtin: string[] = [];
  for (const f of readdirSync(path.join(src, 'main')).filter((x) => x.endsWith('.c')).sort()) {
    const text = readFileSync(path.join(src, 'main', f), 'utf8');
    if (!moduleInfo(text) || f === 'loader.c') continue;
    builtin.push(/#define\s+AST_MODULE\s+"([^"]+)"/.exec(text)?.[1] ?? f.replace(/\.c$/, ''));
  }
  return { version, builtin: builtin.sort(), modules };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const src = process.argv[2];
  if (!src) {
    console.error('usage: tsx scripts/asterisk-modules.ts <asterisk source checkout> [out.json]');
    process.exit(2);
  }
  const out = process.argv[3] ?? path.join(ROOT, 'test/config/asterisk-modules.json');
  const facts = scan(path.resolve(src));
  writeFileSync(out, JSON.stringify({ asterisk: facts.version, generatedBy: "scripts/asterisk-modules.ts", builtin: facts.builtin, modules: facts.modules }, null, 1) + '\n');
  console.log(`${Object.keys(facts.modules).length} modules, ${facts.builtin.length} built-in, Asterisk ${facts.version} → ${path.relative(ROOT, out)}`);
}
