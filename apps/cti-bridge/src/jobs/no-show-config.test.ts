import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';

describe('NO_SHOW_CRON', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dl-noshow-cfg-'));
  const env = { DATA_DIR: path.join(dir, 'data') };
  it('defaults to 07:30 every morning; off disables the schedule; a bad one stops the start naming the variable', () => {
    expect(loadConfig(env, dir).noShow.cron).toBe('0 30 7 * * *');
    expect(loadConfig({ ...env, NO_SHOW_CRON: 'off' }, dir).noShow.cron).toBeNull();
    expect(() => loadConfig({ ...env, NO_SHOW_CRON: 'every morning' }, dir)).toThrow(/NO_SHOW_CRON must be a cron expression or off/);
  });
});
