/**
 * No merge-conflict markers in anything the repository tracks (one was committed once in the README's SMS rows by a
 * merge that resolved the code and forgot the prose): a line that is exactly a marker fails the build.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TEXT = /\.(ts|vue|js|mjs|cjs|json|md|conf|yml|yaml|sh|sql|html|css)$/;
const MARKER = /^(<{7} |={7}$|>{7} )/m;

it('no tracked text file carries a merge-conflict marker', () => {
  const files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => TEXT.test(f));
  expect(files.length).toBeGreaterThan(100);
  const bad = files.filter((f) => {
    try {
      return MARKER.test(readFileSync(path.join(ROOT, f), 'utf8'));
    } catch {
      return false; // listed but absent (a deleted file not yet staged)
    }
  });
  expect(bad).toEqual([]);
});
