/**
 * Where a recording's file is on the bridge's disk. The PBX reports paths in its own file system (MixMonitor under
 * /var/spool/asterisk/monitor on a real Asterisk; the simulator writes into the bridge's data dir); the bridge reads
 * them from `recordingsDir` (the same volume). Anything that would leave `recordingsDir` is refused — by its name
 * (resolveRecordingFile) and by what is really on disk (verifyRecordingFile): no symbolic link anywhere below the
 * recordings directory, no hard link, nothing but a regular file. (A symlink planted in the recordings volume once
 * served the JWT signing key as "audio".)
 */
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';

export interface RecordingDirs {
  recordingsDir: string;
  pbxRecordingsDir: string;
}

function inside(child: string, parent: string, p: typeof path.posix | typeof path = path): boolean {
  const rel = p.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !p.isAbsolute(rel);
}

/** { root, rel } for reply.sendFile(rel, root), or null when the path is outside the recordings volume. */
export function resolveRecordingFile(filePath: string, dirs: RecordingDirs): { root: string; rel: string } | null {
  if (!filePath || filePath.includes('\0')) return null;
  const root = path.resolve(dirs.recordingsDir);
  let abs: string;
  if (!path.isAbsolute(filePath)) abs = path.resolve(root, filePath);
  else if (inside(path.resolve(filePath), root)) abs = path.resolve(filePath);
  else {
    const pbx = path.posix.resolve('/', dirs.pbxRecordingsDir);
    const posixPath = path.posix.resolve('/', filePath);
    if (!inside(posixPath, pbx, path.posix)) return null;
    abs = path.resolve(root, ...path.posix.relative(pbx, posixPath).split('/'));
  }
  if (!inside(abs, root)) return null;
  return { root, rel: path.relative(root, abs) };
}

/**
 * The file as it really is on disk, or null: the recordings directory is resolved once (an operator may mount it
 * through a link), then every component below it is checked with lstat — a symbolic link anywhere is refused, the
 * last component must be a regular file with a single link (a hard link to a secret is as bad as a symlink).
 * The result names the real directory, so what is streamed is what was checked.
 */
export async function verifyRecordingFile(file: { root: string; rel: string }): Promise<{ root: string; rel: string } | null> {
  let root: string;
  try {
    root = await realpath(file.root);
  } catch {
    return null;
  }
  const parts = file.rel.split(path.sep).filter(Boolean);
  if (!parts.length || parts.some((p) => p === '..' || p === '.')) return null;
  let cur = root;
  for (let i = 0; i < parts.length; i++) {
    cur = path.join(cur, parts[i]!);
    let st;
    try {
      st = await lstat(cur);
    } catch {
      return null;
    }
    if (st.isSymbolicLink()) return null;
    const last = i === parts.length - 1;
    if (last ? !st.isFile() || st.nlink !== 1 : !st.isDirectory()) return null;
  }
  // belt and braces: the real path of what was checked is still inside the real recordings directory
  try {
    if (!inside(await realpath(cur), root)) return null;
  } catch {
    return null;
  }
  return { root, rel: parts.join(path.sep) };
}
