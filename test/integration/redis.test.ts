/**
 * With REDIS_URL the Socket.IO server runs on the Redis adapter (several bridge instances can share rooms); pops and
 * acks work the same. Runs when Redis answers on 127.0.0.1:6379 (the team machine and CI start it).
 */
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '@donorline/domain/testing';
import { Harness } from './support/harness.js';

const redisUp = await new Promise<boolean>((resolve) => {
  const s = createConnection(6379, '127.0.0.1');
  s.once('connect', () => (s.destroy(), resolve(true)));
  s.once('error', () => resolve(false));
  setTimeout(() => (s.destroy(), resolve(false)), 1000);
});

describe.runIf(redisUp || !!process.env.CI)('Socket.IO over the Redis adapter', () => {
  let db: TestDatabase;
  let h: Harness;
  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    h = await Harness.start(db, { env: { REDIS_URL: 'redis://127.0.0.1:6379' } });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await db?.close();
  });

  it('pops the ringing agent through the adapter', async () => {
    const agent = await h.seatedDesk('agent1', '8001');
    const call = h.sim.placeCall({ from: '13500001111', to: '96607' });
    const pop = await agent.waitPop((p) => p.callId === call.linkedid);
    expect(pop).toMatchObject({ state: 'ringing', match: 'unknown', queue: 'hotline' });
    h.sim.hangupCaller(call.callId);
    await agent.waitUpdate((u) => u.callId === call.linkedid && u.state === 'ended');
  }, 30_000);
});
