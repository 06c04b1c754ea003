/**
 * npm start and the browser tests rebuild the desk when its sources changed since the last build (a pulled or edited
 * source used to be served from a stale dist by npm start until someone remembered `npm run desk:build`).
 * Checked on a throwaway tree of the same shape, so the real dist is never touched by this test.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { deskIsFresh, deskSourcesStamp } from '../../scripts/desk-build.js';

const root = mkdtempSync(path.join(tmpdir(), 'dl-desk-stamp-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function put(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

it('a dist is fresh only while the desk sources, the domain and the lock file are as they were built', () => {
  put('apps/agent-desk/src/main.ts', 'console.log(1)');
  put('packages/domain/src/index.ts', 'export {}');
  put('package-lock.json', '{}');
  expect(deskIsFresh(root)).toBe(false); // never built

  put('apps/agent-desk/dist/index.html', '<html></html>');
  put('apps/agent-desk/dist/.sources-stamp', deskSourcesStamp(root));
  expect(deskIsFresh(root)).toBe(true);

  const later = new Date(Date.now() + 60_000);
  utimesSync(path.join(root, 'packages/domain/src/index.ts'), later, later); // a pull touches a domain file
  expect(deskIsFresh(root)).toBe(false);

  put('apps/agent-desk/dist/.sources-stamp', deskSourcesStamp(root)); // rebuilt
  put('apps/agent-desk/src/views/New.vue', '<template />'); // a new page
  expect(deskIsFresh(root)).toBe(false);
});
