import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../src/auth/index.js';

const opts = { maxFailures: 3, maxFailuresPerIp: 5, windowSeconds: 60, lockoutSeconds: 120, failureDelayMs: 100 };

describe('LoginThrottle', () => {
  it('locks a user name after maxFailures within the window, for lockoutSeconds', () => {
    let now = 1_000_000;
    const t = new LoginThrottle(opts, () => now);
    expect(t.fail('Agent1', '10.0.0.1')).toMatchObject({ delayMs: 0, locked: false });
    expect(t.fail('agent1 ', '10.0.0.2')).toMatchObject({ delayMs: 100, locked: false }); // names are case/space-insensitive
    expect(t.check('agent1', '10.0.0.3')).toEqual({ allowed: true });
    expect(t.fail('agent1', '10.0.0.3')).toMatchObject({ locked: true });
    expect(t.check('AGENT1', '10.9.9.9')).toEqual({ allowed: false, retryAfterSeconds: 120, scope: 'user' });
    now += 119_000;
    expect(t.check('agent1', '10.9.9.9')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    now += 1_000;
    expect(t.check('agent1', '10.9.9.9')).toEqual({ allowed: true });
  });

  it('forgets failures older than the window and after a success', () => {
    let now = 0;
    const t = new LoginThrottle(opts, () => now);
    t.fail('a', 'ip');
    t.fail('a', 'ip');
    now += 61_000;
    expect(t.fail('a', 'ip')).toMatchObject({ failures: 1, locked: false, delayMs: 0 });
    t.fail('a', 'ip');
    t.succeed('a');
    expect(t.fail('a', 'ip')).toMatchObject({ failures: 1, locked: false });
  });

  it('locks a client address that tries many names', () => {
    const now = 0;
    const t = new LoginThrottle(opts, () => now);
    for (let i = 0; i < 4; i++) expect(t.fail(`user${i}`, '192.0.2.7').locked).toBe(false);
    expect(t.fail('user9', '192.0.2.7').locked).toBe(true);
    expect(t.check('fresh-name', '192.0.2.7')).toMatchObject({ allowed: false, scope: 'ip' });
    expect(t.check('fresh-name', '192.0.2.8')).toEqual({ allowed: true });
  });

  it('delays grow and are capped', () => {
    const t = new LoginThrottle({ ...opts, maxFailures: 100 }, () => 0);
    const delays = Array.from({ length: 7 }, () => t.fail('x', `ip${Math.random()}`).delayMs);
    expect(delays).toEqual([0, 100, 200, 400, 800, 800, 800]);
  });
});
