import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../src/auth/index.js';

const opts = { maxFailures: 3, maxFailuresPerIp: 5, maxFailuresPerAccount: 6, windowSeconds: 60, lockoutSeconds: 120, lockoutMaxSeconds: 600, failureDelayMs: 100 };

describe('LoginThrottle', () => {
  it('holds an address off an account after maxFailures, for lockoutSeconds — the account stays open elsewhere', () => {
    let now = 1_000_000;
    const t = new LoginThrottle(opts, () => now);
    expect(t.fail('acct:1', '10.0.0.1')).toMatchObject({ delayMs: 0, locked: null });
    expect(t.fail('acct:1', '10.0.0.1')).toMatchObject({ delayMs: 100, locked: null });
    expect(t.check('acct:1', '10.0.0.1')).toEqual({ allowed: true });
    expect(t.fail('acct:1', '10.0.0.1')).toMatchObject({ locked: 'account' });
    expect(t.check('acct:1', '10.0.0.1')).toEqual({ allowed: false, retryAfterSeconds: 120, scope: 'account' });
    // the victim at their own desk is not affected
    expect(t.check('acct:1', '10.0.0.2')).toEqual({ allowed: true });
    now += 119_000;
    expect(t.check('acct:1', '10.0.0.1')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    now += 1_000;
    expect(t.check('acct:1', '10.0.0.1')).toEqual({ allowed: true });
  });

  it('repeated lock-outs back off (doubling) up to lockoutMaxSeconds, never beyond; a success resets', () => {
    let now = 0;
    const t = new LoginThrottle(opts, () => now);
    const lockOnce = (): number => {
      for (let i = 0; i < 3; i++) t.fail('acct:1', 'ip');
      const v = t.check('acct:1', 'ip');
      if (v.allowed) throw new Error('not locked');
      now += v.retryAfterSeconds * 1000;
      return v.retryAfterSeconds;
    };
    expect([lockOnce(), lockOnce(), lockOnce(), lockOnce(), lockOnce()]).toEqual([120, 240, 480, 600, 600]);
    t.succeed('acct:1', 'ip');
    expect(lockOnce()).toBe(120); // a success starts the back-off over
  });

  it('forgets failures older than the window and after a success', () => {
    let now = 0;
    const t = new LoginThrottle(opts, () => now);
    t.fail('a', 'ip');
    t.fail('a', 'ip');
    now += 61_000;
    expect(t.fail('a', 'ip')).toMatchObject({ failures: 1, locked: null, delayMs: 0 });
    t.fail('a', 'ip');
    t.succeed('a', 'ip');
    expect(t.fail('a', 'ip')).toMatchObject({ failures: 1, locked: null });
  });

  it('locks a client address that tries many names', () => {
    const t = new LoginThrottle(opts, () => 0);
    for (let i = 0; i < 4; i++) expect(t.fail(`name:user${i}`, '192.0.2.7').locked).toBeNull();
    expect(t.fail('name:user9', '192.0.2.7').locked).toBe('ip');
    expect(t.check('name:fresh', '192.0.2.7')).toMatchObject({ allowed: false, scope: 'ip' });
    expect(t.check('name:fresh', '192.0.2.8')).toEqual({ allowed: true });
  });

  it('a guess from many addresses holds off new addresses only: where the account signed in before still works', () => {
    const t = new LoginThrottle(opts, () => 0);
    t.succeed('acct:7', '10.1.1.1'); // the agent's own desk
    for (let i = 0; i < 6; i++) t.fail('acct:7', `203.0.113.${i}`);
    expect(t.check('acct:7', '203.0.113.99')).toMatchObject({ allowed: false, scope: 'account-wide' });
    expect(t.check('acct:7', '10.1.1.1')).toEqual({ allowed: true });
  });

  it('delays grow and are capped', () => {
    const t = new LoginThrottle({ ...opts, maxFailures: 100, maxFailuresPerIp: 100 }, () => 0);
    const delays = Array.from({ length: 7 }, () => t.fail('x', 'ip').delayMs);
    expect(delays).toEqual([0, 100, 200, 400, 800, 800, 800]);
  });
});
