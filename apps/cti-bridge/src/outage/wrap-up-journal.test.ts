/** The wrap-up journal on a real file: durable, replayed in order, each entry written exactly once. */
import { mkdtempSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WrapUpJournal } from './wrap-up-journal.js';

describe('WrapUpJournal', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const file = (): string => {
    const d = mkdtempSync(path.join(tmpdir(), 'dl-journal-'));
    dirs.push(d);
    return path.join(d, 'outage', 'wrap-ups.jsonl');
  };

  it('keeps entries across a restart, resumes an interrupted replay, and never writes one twice', async () => {
    const f = file();
    const j1 = new WrapUpJournal<{ n: number }>(f);
    await j1.append({ userId: 1, callId: 'c1', body: { n: 1 } });
    await j1.append({ userId: 1, callId: 'c2', body: { n: 2 } });
    await j1.append({ userId: 2, callId: 'c3', body: { n: 3 } });
    // a torn last line (a crash mid-append, never acknowledged) is skipped
    appendFileSync(f, '{"e":{"key":"x","us');

    // a new process: the database fails again at the second entry
    const j2 = new WrapUpJournal<{ n: number }>(f);
    const written: number[] = [];
    let failAt = 2;
    const save = async (e: { body: { n: number } }): Promise<'saved' | { rejected: string }> => {
      if (e.body.n === failAt) throw new Error('connect ECONNREFUSED');
      if (e.body.n === 3) return { rejected: 'FORBIDDEN: not the agent’s call' };
      written.push(e.body.n);
      return 'saved';
    };
    expect(await j2.replay(save)).toEqual({ saved: 1, rejected: 0, left: 2 });
    failAt = 0;
    expect(await j2.replay(save)).toEqual({ saved: 1, rejected: 1, left: 0 });
    expect(await j2.replay(save)).toEqual({ saved: 0, rejected: 0, left: 0 });
    expect(written).toEqual([1, 2]);
    expect(await j2.open()).toEqual([]);
    // compacted: the journal is empty, the history kept beside it
    expect(readFileSync(f, 'utf8')).toBe('');
    expect(readFileSync(`${f}.done`, 'utf8')).toMatch(/"outcome":"rejected"/);
  });
});
