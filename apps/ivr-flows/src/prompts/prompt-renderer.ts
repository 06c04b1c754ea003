/**
 * Renders the catalogue (and the number/date/time pieces, and any data-driven sounds such as site details) with
 * espeak-ng + sox into Asterisk 22 formats: sounds/<lang>/donorline/<id>.wav (8 kHz, 16-bit, mono PCM) and,
 * optionally, .sln16 (16 kHz raw). Incremental: a manifest keeps a hash of what produced each file (text, voice,
 * settings, renderer version) and unchanged entries are skipped.
 *
 * Mandarin uses `-v cmn-latn-pinyin` (plain `cmn`/`zh` read Hanzi as pinyin letters and digits in English on
 * Debian 12's espeak-ng 1.51); `sox -G` with the gain after the telephone band-pass avoids clipping.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Lang } from '../runtime/flow-context.js';
import { PROMPTS, SOUND_FOLDER } from './prompt-catalogue.js';
import { PIECES } from './spoken-forms.js';

const run = promisify(execFile);

/** Bump when the recipe changes so every file is rendered again. */
export const RENDERER_VERSION = 3;

export const VOICES: Readonly<Record<Lang, { voice: string; speed: number }>> = {
  zh: { voice: 'cmn-latn-pinyin', speed: 150 },
  en: { voice: 'en-us', speed: 155 },
};

export interface RenderItem {
  lang: Lang;
  /** Path under the language's donorline folder, without extension ('welcome', 'sites/QD01-name'). */
  id: string;
  text: string;
  /** Short pieces are trimmed of leading/trailing silence so composed numbers flow. */
  piece: boolean;
}

export function catalogueItems(extra: readonly RenderItem[] = []): RenderItem[] {
  const items: RenderItem[] = [];
  for (const [id, t] of Object.entries(PROMPTS)) {
    for (const lang of ['zh', 'en'] as const) if (t[lang]) items.push({ lang, id, text: t[lang], piece: false });
  }
  for (const [id, t] of Object.entries(PIECES)) {
    for (const lang of ['zh', 'en'] as const) {
      const text = t[lang];
      if (text) items.push({ lang, id, text, piece: true });
    }
  }
  return [...items, ...extra];
}

export interface RenderOptions {
  soundsDir: string;
  sln16?: boolean;
  concurrency?: number;
  onProgress?: (done: number, total: number, item: RenderItem, action: 'rendered' | 'skipped' | 'failed') => void;
}

export interface RenderSummary {
  total: number;
  rendered: number;
  skipped: number;
  failed: { key: string; error: string }[];
  seconds: number;
  manifest: string;
}

interface Manifest {
  version: number;
  entries: Record<string, string>;
}

export function itemKey(item: RenderItem): string {
  return `${item.lang}/${SOUND_FOLDER}/${item.id}`;
}

export function itemHash(item: RenderItem, sln16: boolean): string {
  const v = VOICES[item.lang];
  return createHash('sha1').update(JSON.stringify({ r: RENDERER_VERSION, t: item.text, v, p: item.piece, sln16 })).digest('hex');
}

async function renderOne(item: RenderItem, soundsDir: string, sln16: boolean, tmp: string): Promise<void> {
  const base = join(soundsDir, item.lang, SOUND_FOLDER, item.id);
  await mkdir(dirname(base), { recursive: true });
  const raw = join(tmp, `${item.lang}-${item.id.replace(/[^\w-]/g, '_')}.raw.wav`);
  const v = VOICES[item.lang];
  await run('espeak-ng', ['-v', v.voice, '-s', String(v.speed), '-a', '120', '-g', item.piece ? '0' : '2', '-w', raw, item.text]);
  const trim = item.piece ? ['silence', '1', '0.01', '0.5%', 'reverse', 'silence', '1', '0.01', '0.5%', 'reverse', 'pad', '0', '0.04'] : ['pad', '0', '0.15'];
  await run('sox', ['-G', raw, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', `${base}.wav`, 'highpass', '200', 'lowpass', '3400', ...trim, 'rate', '-v', '8000', 'gain', '-n', '-3', 'dither', '-s']);
  if (sln16) await run('sox', ['-G', raw, '-t', 'raw', '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', `${base}.sln16`, ...trim, 'gain', '-n', '-3', 'rate', '-v', '16000']);
  await rm(raw, { force: true });
}

export async function renderPrompts(items: readonly RenderItem[], opts: RenderOptions): Promise<RenderSummary> {
  const t0 = performance.now();
  const sln16 = opts.sln16 ?? false;
  const manifestPath = join(opts.soundsDir, `.${SOUND_FOLDER}-manifest.json`);
  let manifest: Manifest = { version: RENDERER_VERSION, entries: {} };
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
  } catch {
    // first run
  }
  await mkdir(opts.soundsDir, { recursive: true });
  const tmp = await mkdtemp(join(tmpdir(), 'dl-prompts-'));
  const summary: RenderSummary = { total: items.length, rendered: 0, skipped: 0, failed: [], seconds: 0, manifest: manifestPath };
  let done = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const item = items[next++];
      if (!item) return;
      const key = itemKey(item);
      const hash = itemHash(item, sln16);
      const file = join(opts.soundsDir, `${key}.wav`);
      let action: 'rendered' | 'skipped' | 'failed' = 'skipped';
      if (manifest.entries[key] === hash && existsSync(file) && (await stat(file)).size > 44) {
        summary.skipped++;
      } else {
        try {
          await renderOne(item, opts.soundsDir, sln16, tmp);
          manifest.entries[key] = hash;
          summary.rendered++;
          action = 'rendered';
        } catch (e) {
          delete manifest.entries[key];
          summary.failed.push({ key, error: e instanceof Error ? e.message.split('\n')[0]! : String(e) });
          action = 'failed';
        }
      }
      opts.onProgress?.(++done, items.length, item, action);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? availableParallelism()) }, worker));
  } finally {
    await rm(tmp, { recursive: true, force: true });
    manifest.version = RENDERER_VERSION;
    await writeFile(manifestPath, JSON.stringify(manifest, null, 1) + '\n');
  }
  summary.seconds = Math.round((performance.now() - t0) / 10) / 100;
  return summary;
}

/** Duration of an 8 kHz 16-bit mono WAV from its header and size (what Asterisk and the simulator play for). */
export async function wavDurationMs(path: string): Promise<number> {
  const buf = await readFile(path);
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`not a WAV: ${path}`);
  let off = 12;
  let byteRate = 0;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === 'fmt ') byteRate = buf.readUInt32LE(off + 16);
    if (id === 'data') return Math.round(((Math.min(size, buf.length - off - 8) / byteRate) * 1000));
    off += 8 + size + (size % 2);
  }
  throw new Error(`no data chunk: ${path}`);
}
