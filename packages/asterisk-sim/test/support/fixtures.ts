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
  return startSimulator({ amiPort: 0, ariPort: 0, timeScale: 0.02, recordingsDir: tempDir(), soundsDir: tempDir('sounds-'), speech: false, ...opts });
}

export async function until(pred: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Record every observer event of a kind from now on (avoids races with fast simulated time). */
export function record<T = Record<string, unknown>>(sim: Simulator, event: string): T[] {
  const list: T[] = [];
  sim.events.on(event, (e: T) => list.push(e));
  return list;
}

export async function nth<T>(list: T[], n: number, pred: (x: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
  await until(() => list.filter(pred).length >= n, timeoutMs, `event #${n}`);
  return list.filter(pred)[n - 1]!;
}
