import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startSimulator } from '../simulator.js';
import { AmiEventTally, watchAmiEvents } from './ami-event-counter.js';

const stream = (n: number): string =>
  'Asterisk Call Manager/11.0.0\r\n' +
  'Response: Success\r\nActionID: 1\r\nMessage: Authentication accepted\r\n\r\n' +
  Array.from({ length: n }, (_, k) => `Event: Newstate\r\nPrivilege: call,all\r\nUniqueid: 17.${k}\r\n\r\n`).join('') +
  'Response: Success\r\nPing: Pong\r\n\r\n';

it('counts each event once wherever the stream is split — also inside the "\\r\\n\\r\\nEvent: " marker', () => {
  const s = stream(5);
  for (let cut = 0; cut <= s.length; cut++) {
    const t = new AmiEventTally();
    t.feed(s.slice(0, cut));
    t.feed(s.slice(cut));
    expect(t.count, `split at ${cut}`).toBe(5);
  }
  const bytes = new AmiEventTally();
  for (const ch of stream(40)) bytes.feed(ch);
  expect(bytes.count).toBe(40);
});

it('watches a simulator over TCP: logs in and counts the events it is sent', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dl-watch-'));
  const sim = await startSimulator({ amiPort: 0, ariPort: 0, recordingsDir: dir, speech: false, timeScale: 0.05 });
  const watch = await watchAmiEvents({ port: sim.amiPort, username: sim.username, secret: sim.secret });
  try {
    await expect.poll(() => watch.count()).toBeGreaterThan(0); // FullyBooted after the login
    const before = watch.count();
    sim.placeCall({ from: '13800138000', to: '96607' });
    await expect.poll(() => watch.count(), { timeout: 5000 }).toBeGreaterThan(before + 3);
  } finally {
    watch.close();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
