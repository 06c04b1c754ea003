import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger, type Logger } from '../logger.js';

export interface JournalledWrapUp<T = unknown> {
  /** Idempotency key: the entry is written to the database once, whatever happens around the replay. */
  key: string;
  userId: number;
  callId: string;
  body: T;
  at: string;
}

type Line<T> = { e: JournalledWrapUp<T> } | { done: string; outcome: 'saved' | 'rejected'; reason?: string };

/**
 * Wrap-ups saved while the database is away: appended to a local file (one JSON line each, fsync'ed before the desk
 * is told "saved"), written to the database when it is back, each followed by a `done` line carrying its key — so a
 * replay that is interrupted (crash, the database going away again) resumes without writing anything twice. The
 * file is compacted once every entry is done.
 */
export class WrapUpJournal<T = unknown> {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly log: Logger;
  private replaying = false;
  /** Entries not yet in the database (as known to this process). */
  pending = 0;

  constructor(private readonly file: string, logger?: Logger) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.log = logger ?? silentLogger;
  }

  /** Durably records a wrap-up; resolves once it is on disk. */
  append(e: Omit<JournalledWrapUp<T>, 'key' | 'at'>): Promise<JournalledWrapUp<T>> {
    const entry: JournalledWrapUp<T> = { ...e, key: randomUUID(), at: new Date().toISOString() };
    return this.serial(async () => {
      await this.write([{ e: entry }]);
      this.pending++;
      return entry;
    });
  }

  /** Entries not done yet, in the order they were saved. */
  async open(): Promise<JournalledWrapUp<T>[]> {
    const lines = await this.read();
    const done = new Set(lines.flatMap((l) => ('done' in l ? [l.done] : [])));
    return lines.flatMap((l) => ('e' in l && !done.has(l.e.key) ? [l.e] : []));
  }

  /**
   * Writes every open entry with `save` (in order); an entry `save` refuses for good (the call is not the agent's)
   * is marked rejected, an entry failing otherwise (the database went away again) stops the replay for later.
   */
  replay(save: (e: JournalledWrapUp<T>) => Promise<'saved' | { rejected: string }>): Promise<{ saved: number; rejected: number; left: number }> {
    return this.serial(async () => {
      if (this.replaying) return { saved: 0, rejected: 0, left: this.pending };
      this.replaying = true;
      let saved = 0;
      let rejected = 0;
      try {
        const open = await this.open();
        for (const [i, e] of open.entries()) {
          let r: 'saved' | { rejected: string };
          try {
            r = await save(e);
          } catch (err) {
            this.log.warn({ err, key: e.key }, 'journalled wrap-up not written yet (retried when the database is back)');
            this.pending = open.length - i;
            return { saved, rejected, left: open.length - i };
          }
          await this.write([r === 'saved' ? { done: e.key, outcome: 'saved' } : { done: e.key, outcome: 'rejected', reason: r.rejected }]);
          if (r === 'saved') saved++;
          else rejected++;
        }
        this.pending = 0;
        await this.compact();
        return { saved, rejected, left: 0 };
      } finally {
        this.replaying = false;
      }
    });
  }

  private serial<R>(fn: () => Promise<R>): Promise<R> {
    const p = this.chain.then(fn);
    this.chain = p.catch(() => undefined);
    return p;
  }

  private async write(lines: Line<T>[]): Promise<void> {
    const fh = await open(this.file, 'a+');
    try {
      // after a torn line (a crash mid-append) the next entry starts on a line of its own, or it would be torn too
      const { size } = await fh.stat();
      const last = size > 0 ? (await fh.read(Buffer.alloc(1), 0, 1, size - 1)).buffer.toString('utf8', 0, 1) : '\n';
      await fh.write((last === '\n' ? '' : '\n') + lines.map((l) => JSON.stringify(l) + '\n').join(''));
      await fh.datasync();
    } finally {
      await fh.close();
    }
  }

  private async read(): Promise<Line<T>[]> {
    const text = await readFile(this.file, 'utf8').catch(() => null);
    if (text === null) return [];
    const out: Line<T>[] = [];
    for (const raw of text.split('\n')) {
      if (!raw.trim()) continue;
      try {
        out.push(JSON.parse(raw) as Line<T>);
      } catch {
        // a line torn by a crash mid-write is the last one and was never acknowledged: skipped
        this.log.warn('torn line in the wrap-up journal skipped');
      }
    }
    return out;
  }

  /** Everything done: keep the history in `<file>.done` (appended), start an empty journal. */
  private async compact(): Promise<void> {
    const text = await readFile(this.file, 'utf8').catch(() => '');
    if (!text) return;
    const fh = await open(`${this.file}.done`, 'a');
    try {
      await fh.write(text);
      await fh.datasync();
    } finally {
      await fh.close();
    }
    const tmp = `${this.file}.tmp`;
    await (await open(tmp, 'w')).close();
    await rename(tmp, this.file);
  }
}
