/**
 * Reads the PBX's CDR file on from a durable position: complete lines only (a line Asterisk is still writing waits
 * for its "\n"), each with the byte offset just after it, so the caller can store exactly how far it applied.
 * Rotation: when the file at the path is no longer the inode the position belongs to, the rest of the old file is
 * read first — found by its inode among the rotated siblings (donorline-cdr.csv.1, …-20261207, .gz excluded) —
 * then the new file from its start; a file shorter than the position (truncated in place) is read from its start.
 */
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CDR_MAX_LINE } from '@donorline/domain';
import type { LogCursor } from '@donorline/domain/node';

export interface LogLine {
  text: string;
  /** Byte offset just after this line's "\n" in its file. */
  end: number;
  /** Byte offset of the line's first byte. */
  start: number;
}

export interface LogChunk {
  inode: string;
  /** The current file (true) or the rest of a rotated one (false). */
  current: boolean;
  lines: LogLine[];
  /** Where reading stopped in this file (after the last complete line). */
  end: number;
  /** Lines longer than CDR_MAX_LINE, skipped. */
  oversized: number;
}

/** At most this much is read per file per pass; the rest is read by the next pass. */
const MAX_READ = 8 * 1024 * 1024;

export async function readLogFrom(file: string, cursor: LogCursor | null): Promise<LogChunk[]> {
  const chunks: LogChunk[] = [];
  const cur = await stat(file).catch(() => null);
  const curInode = cur ? String(cur.ino) : null;
  if (cursor && cursor.inode !== curInode) {
    const rotated = await findByInode(file, cursor.inode);
    if (rotated) chunks.push({ ...(await readLines(rotated, cursor.position)), inode: cursor.inode, current: false });
  }
  if (cur && curInode) {
    const from = cursor && cursor.inode === curInode && cursor.position <= cur.size ? cursor.position : 0;
    chunks.push({ ...(await readLines(file, from)), inode: curInode, current: true });
  }
  return chunks;
}

async function findByInode(file: string, inode: string): Promise<string | null> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const n of names) {
    if (n === base || !n.startsWith(base) || n.endsWith('.gz')) continue;
    const st = await stat(path.join(dir, n)).catch(() => null);
    if (st && String(st.ino) === inode) return path.join(dir, n);
  }
  return null;
}

async function readLines(file: string, from: number): Promise<Omit<LogChunk, 'inode' | 'current'>> {
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const len = Math.max(0, Math.min(size - from, MAX_READ));
    const buf = Buffer.alloc(len);
    let got = 0;
    while (got < len) {
      const { bytesRead } = await fh.read(buf, got, len - got, from + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    const lines: LogLine[] = [];
    let oversized = 0;
    let at = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, at);
      if (nl < 0 || nl >= got) break;
      if (nl - at > CDR_MAX_LINE) oversized++;
      else lines.push({ text: buf.toString('utf8', at, nl), start: from + at, end: from + nl + 1 });
      at = nl + 1;
    }
    // a single "line" longer than a whole read with no "\n": skip it rather than stall on it forever
    if (at === 0 && got === MAX_READ) return { lines, end: from + got, oversized: oversized + 1 };
    return { lines, end: from + at, oversized };
  } finally {
    await fh.close();
  }
}
