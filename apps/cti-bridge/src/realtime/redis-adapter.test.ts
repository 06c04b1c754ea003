/**
 * The Redis adapter against the real Redis on 127.0.0.1:6379 (the team machine and CI start it). A CI run once went
 * red on an unhandled rejection: a coalesced push fired after shutdown had closed the Redis clients.
 */
import { createServer } from 'node:http';
import { createConnection } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { silentLogger } from '../logger.js';
import { attachRedisAdapter } from './redis-adapter.js';

const redisUp = await new Promise<boolean>((resolve) => {
  const s = createConnection(6379, '127.0.0.1');
  s.once('connect', () => (s.destroy(), resolve(true)));
  s.once('error', () => resolve(false));
});

const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

describe.runIf(redisUp || !!process.env.CI)('Socket.IO Redis adapter', () => {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => void rejections.push(reason);
  afterEach(() => void process.off('unhandledRejection', onRejection));

  it('an emit after close stays in the process instead of publishing on a closed client', async () => {
    const http = createServer();
    const io = new Server(http);
    const adapter = await attachRedisAdapter(io, 'redis://127.0.0.1:6379', silentLogger);
    expect(adapter).not.toBeNull();
    process.on('unhandledRejection', onRejection);
    await adapter!.close();
    io.emit('work:changed', { taskIds: [1], reason: 'updated' });
    io.to('oversight').emit('work:escalated', { taskIds: [1] });
    await turns(5);
    expect(rejections.map(String)).toEqual([]);
    io.engine.close();
  });
});
