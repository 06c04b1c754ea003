/** Login throttling shared over Redis: failures counted on one bridge hold the guesser off at the other. */
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { LoginThrottle } from '../auth/login-throttle.js';
import { shareLoginThrottle } from './shared-throttle.js';

const redisUp = await new Promise<boolean>((resolve) => {
  const s = createConnection(6379, '127.0.0.1');
  s.once('connect', () => (s.destroy(), resolve(true)));
  s.once('error', () => resolve(false));
  setTimeout(() => (s.destroy(), resolve(false)), 1000);
});

describe.runIf(redisUp || !!process.env.CI)('login throttle across bridges', () => {
  const clients: Redis[] = [];
  afterAll(() => clients.forEach((c) => c.disconnect()));
  const opts = { maxFailures: 3, maxFailuresPerIp: 30, maxFailuresPerAccount: 20, windowSeconds: 900, lockoutSeconds: 300, lockoutMaxSeconds: 3600, failureDelayMs: 0 };

  it('failures on bridge A lock the address out at bridge B; another address is not held off', async () => {
    const namespace = `test:${randomBytes(4).toString('hex')}`;
    const [a, b] = [new LoginThrottle(opts), new LoginThrottle(opts)];
    for (const [t, id] of [[a, 'a'], [b, 'b']] as const) {
      const r = new Redis('redis://127.0.0.1:6379');
      const sub = new Redis('redis://127.0.0.1:6379');
      clients.push(r, sub);
      shareLoginThrottle(t, r, sub, { namespace, bridgeId: id });
    }
    // let both subscriptions settle: a message published before SUBSCRIBE is lost
    await new Promise<void>((res) => {
      const probe = (): void => {
        void clients[2]!.pubsub('NUMSUB', `${namespace}:login`).then((n) => (Number((n as [string, number])[1]) >= 2 ? res() : setTimeout(probe, 20)));
      };
      probe();
    });
    for (let i = 0; i < 3; i++) a.fail('agent1', '10.0.0.9');
    const t0 = Date.now();
    while (b.check('agent1', '10.0.0.9').allowed && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 10));
    expect(b.check('agent1', '10.0.0.9')).toMatchObject({ allowed: false, scope: 'account' });
    // another address is not affected anywhere
    expect(b.check('agent1', '10.0.0.10')).toEqual({ allowed: true });
  });
});
