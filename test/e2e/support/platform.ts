/**
 * The real platform for browser tests, started the README's way (`npm start`) with a throwaway data directory and
 * free ports, in its own process group so it is stopped exactly (and only) by its group id.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HealthDto } from '@donorline/domain';
import { ensureDeskBuilt } from '../../../scripts/desk-build.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function until<T>(probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs: number, what: string, everyMs = 100): Promise<T> {
  const start = Date.now();
  let last: unknown = null;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await sleep(everyMs);
  }
}

/**
 * The environment for child processes, without vitest's own variables: the desk's Vite config drops Element Plus
 * CSS when it sees VITEST, and the platform must run as it does for a user.
 */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const k of Object.keys(env)) if (k === 'VITEST' || k.startsWith('VITEST_') || k === 'TEST' || k === 'NODE_ENV') delete env[k];
  return env;
}

/** Builds the desk from the current sources, once per change of its sources (scripts/desk-build.ts). */
export async function buildDesk(): Promise<void> {
  await ensureDeskBuilt({ env: childEnv() });
}

export interface Platform {
  url: string;
  dataDir: string;
  sqliteFile: string;
  /** The simulator's control API (/sim/v1 on its ARI port, ARI credentials). */
  sim: { url: string; auth: string };
  output(): string;
  stop(): Promise<void>;
}

export async function startPlatform(extraEnv: Record<string, string> = {}): Promise<Platform> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'donorline-e2e-'));
  const [http, ami, ari, sms] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const env = childEnv({
    DATA_DIR: dataDir,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(http),
    SIM_AMI_PORT: String(ami),
    SIM_ARI_PORT: String(ari),
    SMS_SIM_PORT: String(sms),
    LOG_LEVEL: 'warn',
    // seats take calls at once unless a test asks for the production default (start paused, 未就绪)
    AGENT_START_PAUSED: 'false',
    // the hotline is staffed around the clock here: what the IVR offers must not depend on the hour or the date the
    // suite runs at (a complaint after 20:00 Beijing time or on a holiday becomes a message, not a ringing queue)
    IVR_HOURS: '00:00-24:00',
    IVR_WEEKDAYS: '1-7',
    IVR_HOLIDAYS: '[]',
    // likewise the contact policy's calling hours for click-to-dial
    CONTACT_HOURS: '00:00-24:00',
    ...extraEnv,
  });
  let out = '';
  const child: ChildProcess = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${http}`;

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const done = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
      if (!done) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await until(
      async () => {
        if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${out}`);
        const res = await fetch(`${url}/api/health`);
        if (!res.ok) return null;
        const h = (await res.json()) as HealthDto;
        return h.ami === 'up' && h.ari === 'up' ? h : null;
      },
      150_000,
      'the platform to be healthy',
      250,
    );
    // The desk itself must be served, with its styles.
    const html = await until(async () => {
      const res = await fetch(`${url}/`);
      return res.headers.get('content-type')?.includes('text/html') ? res.text() : null;
    }, 10_000, 'the desk at /');
    if (!/<link[^>]+\.css/.test(html)) throw new Error('the desk at / has no stylesheet (built under vitest?)');
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n--- platform output ---\n${out.slice(-4000)}`, { cause: e });
  }
  return {
    url,
    dataDir,
    sqliteFile: path.join(dataDir, 'donorline.sqlite'),
    sim: { url: `http://127.0.0.1:${ari}/sim/v1`, auth: `Basic ${Buffer.from('donorline:donorline').toString('base64')}` },
    output: () => out,
    stop,
  };
}
