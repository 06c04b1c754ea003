/**
 * The agent desk's build, kept in step with its sources: `npm start` and the browser tests both call ensureDeskBuilt,
 * which rebuilds apps/agent-desk/dist only when a fingerprint of the desk's inputs (path, size and mtime of every
 * file) differs from the one stamped into dist by the last build — after a `git pull`, an edit, or a first start. A
 * lock directory keeps two processes starting at the same moment (two test files, or npm start beside a test run)
 * from building into one dist together.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DESK_DIST = path.join(ROOT, 'apps/agent-desk/dist');

/** What the desk bundle is built from: its own sources and config, the domain package it imports, the lock file. */
const DESK_INPUTS = ['apps/agent-desk/src', 'apps/agent-desk/index.html', 'apps/agent-desk/vite.config.ts', 'apps/agent-desk/public', 'packages/domain/src', 'package-lock.json'];
const DESK_STAMP = path.join(DESK_DIST, '.sources-stamp');
const LOCK = path.join(ROOT, 'apps/agent-desk/.build-lock');
/** A lock older than the longest build was left by a killed process. */
const STALE_LOCK_MS = 300_000;

/** A fingerprint of the desk's inputs, cheap enough to take on every start (a few ms). */
export function deskSourcesStamp(root = ROOT): string {
  const h = createHash('sha1');
  const walk = (rel: string): void => {
    const abs = path.join(root, rel);
    if (!existsSync(abs)) return;
    const st = statSync(abs);
    if (st.isDirectory()) {
      for (const name of readdirSync(abs).sort()) walk(path.join(rel, name));
    } else {
      h.update(`${rel}\0${st.size}\0${st.mtimeMs}\n`);
    }
  };
  DESK_INPUTS.forEach(walk);
  return h.digest('hex');
}

/** Whether the dist under `root` was built from the sources as they are now. */
export function deskIsFresh(root = ROOT, stamp = deskSourcesStamp(root)): boolean {
  const dist = path.join(root, 'apps/agent-desk/dist');
  const stampFile = path.join(dist, '.sources-stamp');
  return existsSync(path.join(dist, 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp;
}

async function takeLock(timeoutMs: number): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch {
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // the holder just released it: try again at once
      }
    }
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for the desk build lock ${LOCK}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface DeskBuildResult {
  built: boolean;
  ms: number;
}

/**
 * Builds the desk when its sources changed since the last build (or it was never built). `env` is the environment of
 * the build (the tests pass one without vitest's variables: the desk's Vite config reacts to VITEST).
 */
export async function ensureDeskBuilt(opts: { env?: NodeJS.ProcessEnv; onBuild?: () => void } = {}): Promise<DeskBuildResult> {
  const t0 = Date.now();
  if (deskIsFresh()) return { built: false, ms: Date.now() - t0 };
  await takeLock(STALE_LOCK_MS);
  try {
    const stamp = deskSourcesStamp();
    if (deskIsFresh(ROOT, stamp)) return { built: false, ms: Date.now() - t0 };
    opts.onBuild?.();
    const r = spawnSync('npm', ['run', 'desk:build'], { cwd: ROOT, encoding: 'utf8', env: opts.env ?? process.env });
    if (r.status !== 0) throw new Error(`npm run desk:build failed:\n${r.stdout}\n${r.stderr}`);
    writeFileSync(DESK_STAMP, stamp);
    return { built: true, ms: Date.now() - t0 };
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
