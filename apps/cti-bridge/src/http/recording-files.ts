/**
 * Where a recording's file is on the bridge's disk. The PBX reports paths in its own file system (MixMonitor under
 * /var/spool/asterisk/monitor on a real Asterisk; the simulator writes into the bridge's data dir); the bridge reads
 * them from `recordingsDir` (the same volume). Anything that would leave `recordingsDir` is refused.
 */
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
