/**
 * The AMI lease on the real Redis (127.0.0.1:6379): one owner, a token that grows with every new owner, takeover
 * after the TTL, and a paused owner that may not write once its validity ran out (fencing).
 */
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { AmiLease } from './ami-lease.js';

const redisUp = await new Promise<boolean>((resolve) => {
  const s = createConnection(6379, '127.0.0.1');
  s.once('connect', () => (s.destroy(), resolve(true)));
  s.once('error', () => resolve(false));
  setTimeout(() => (s.destroy(), resolve(false)), 1000);
});

async function until(fn: () => boolean, ms = 3000): Promise<void> {
  const t0 = Date.now();
  while (!fn()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.runIf(redisUp || !!process.env.CI)('AMI lease (Redis)', () => {
  const clients: Redis[] = [];
  const client = (url = 'redis://127.0.0.1:6379'): Redis => {
    const r = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 500, retryStrategy: () => 200, lazyConnect: true });
    r.on('error', () => undefined);
    clients.push(r);
    return r;
  };
  afterAll(() => {
    for (const c of clients) c.disconnect();
  });

  it('one owner at a time; the token grows with each new owner; a clean stop hands over at once', async () => {
    const ns = `test:${randomBytes(4).toString('hex')}`;
    const [ra, rb] = [client(), client()];
    await Promise.all([ra.connect(), rb.connect()]);
    const a = new AmiLease(ra, { namespace: ns, bridgeId: 'a', ttlMs: 1000, pollMs: 50 });
    const b = new AmiLease(rb, { namespace: ns, bridgeId: 'b', ttlMs: 1000, pollMs: 50 });
    await a.start();
    await b.start();
    expect(a.isOwner()).toBe(true);
    expect(b.isOwner()).toBe(false);
    const t1 = a.token!;
    // a renews (ttl/3) for longer than the TTL: b never gets it
    await new Promise((r) => setTimeout(r, 1300));
    expect([a.isOwner(), b.isOwner()]).toEqual([true, false]);
    const handedAt = Date.now();
    await a.stop();
    await until(() => b.isOwner());
    expect(Date.now() - handedAt).toBeLessThan(500);
    expect(b.token).toBe(t1 + 1);
    expect(await b.checkToken(t1 + 1)).toBe(true);
    expect(await b.checkToken(t1)).toBe(false);
    await b.stop();
  });

  it('a paused owner loses the right to write at its TTL, the standby takes over with a higher token, and the old one steps down', async () => {
    const ns = `test:${randomBytes(4).toString('hex')}`;
    const [ra, rb] = [client(), client()];
    await Promise.all([ra.connect(), rb.connect()]);
    // a never renews (its next tick is far away): as a process frozen right after acquiring
    const a = new AmiLease(ra, { namespace: ns, bridgeId: 'a', ttlMs: 400, pollMs: 60_000 });
    const b = new AmiLease(rb, { namespace: ns, bridgeId: 'b', ttlMs: 400, pollMs: 40 });
    await a.start();
    await b.start();
    const t1 = a.token!;
    let lost = '';
    a.on('lost', (why) => (lost = why));
    const t0 = Date.now();
    await until(() => b.isOwner());
    expect(Date.now() - t0).toBeLessThan(1000);
    // a has not heard anything, yet its own validity ran out: no write with the old token
    expect(a.isOwner()).toBe(false);
    expect(a.token).toBeNull();
    expect(b.token).toBeGreaterThan(t1);
    // a wakes up: its compare-and-extend fails on the token, it stays standby
    await (a as unknown as { tick(): Promise<void> }).tick();
    expect(lost).toMatch(/another bridge/);
    expect(a.isOwner()).toBe(false);
    expect(b.isOwner()).toBe(true);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('Redis unreachable from the start: the bridge works alone (local operation) and says so', async () => {
    const r = client('redis://127.0.0.1:1');
    await r.connect().catch(() => undefined);
    const a = new AmiLease(r, { namespace: 'test:down', bridgeId: 'a', ttlMs: 1000, pollMs: 50 });
    await a.start();
    expect(a.isOwner()).toBe(true);
    expect(a.status()).toMatchObject({ role: 'owner', redisDown: true, token: 0 });
    await a.stop();
  });
});
