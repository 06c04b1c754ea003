import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPcm8k } from './wav-reader.js';

/**
 * Synthesised speech for recordings, when espeak-ng and sox are installed: Mandarin through the
 * `cmn-latn-pinyin` voice (the plain `cmn` voice reads digits in English on Debian 12), resampled to
 * 8 kHz mono. Phrases are rendered once per process and cached; without the tools it returns undefined
 * and callers fall back to tones.
 */
const cache = new Map<string, Int16Array | null>();
let available: boolean | undefined;

export function speechAvailable(): boolean {
  if (available === undefined) available = existsSync('/usr/bin/espeak-ng') && existsSync('/usr/bin/sox');
  return available;
}

export function speak(text: string, voice = 'cmn-latn-pinyin', pitch = 50): Int16Array | undefined {
  const key = `${voice}|${pitch}|${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  if (!speechAvailable()) {
    cache.set(key, null);
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'sim-speech-'));
  try {
    const raw = join(dir, 'raw.wav');
    const out = join(dir, 'out.wav');
    execFileSync('/usr/bin/espeak-ng', ['-v', voice, '-s', '150', '-p', String(pitch), '-w', raw, text], { stdio: 'ignore', timeout: 10_000 });
    execFileSync('/usr/bin/sox', ['-G', raw, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', out, 'gain', '-n', '-6'], {
      stdio: 'ignore',
      timeout: 10_000,
    });
    const pcm = readPcm8k(out) ?? null;
    cache.set(key, pcm);
    return pcm ?? undefined;
  } catch {
    cache.set(key, null);
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
