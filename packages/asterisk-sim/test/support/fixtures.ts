import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/index.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'asterisk22');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export function tempDir(prefix = 'asterisk-sim-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A simulator on ephemeral ports with a private recordings directory and fast simulated time. */
export function testSim(opts: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ amiPort: 0, ariPort: 0, timeScale: 0.02, recordingsDir: tempDir(), speech: false, ...opts });
}

export async function until(pred: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
