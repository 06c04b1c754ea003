import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server } from 'socket.io';
import type { Logger } from '../logger.js';

/**
 * Several bridge instances behind one load balancer share rooms through Redis (REDIS_URL). Without Redis the
 * bridge works alone; an unreachable Redis is reported and the bridge keeps working single-instance.
 */
export async function attachRedisAdapter(io: Server, url: string, log: Logger): Promise<{ close(): Promise<void> } | null> {
  const pub = createClient({ url, socket: { connectTimeout: 3000, reconnectStrategy: (n) => Math.min(1000 * n, 5000) } });
  const sub = pub.duplicate();
  pub.on('error', (e: Error) => log.warn({ err: e.message }, 'redis (pub) error'));
  sub.on('error', (e: Error) => log.warn({ err: e.message }, 'redis (sub) error'));
  try {
    await Promise.race([
      Promise.all([pub.connect(), sub.connect()]),
      new Promise((_, reject) => setTimeout(() => reject(new Error('redis connect timeout')), 4000)),
    ]);
  } catch (e) {
    log.error({ err: (e as Error).message, url: url.replace(/\/\/[^@]*@/, '//***@') }, 'Redis adapter not attached: running single-instance');
    await Promise.allSettled([pub.quit(), sub.quit()]);
    return null;
  }
  const inProcess = io.adapter()!;
  io.adapter(createAdapter(pub, sub));
  log.info('Socket.IO Redis adapter attached');
  return {
    close: async () => {
      // back to the in-process adapter first: an emit after this (a timer firing during shutdown) must not publish
      // on a closed client — that is an unhandled rejection inside the adapter, not an error we could catch
      io.adapter(inProcess);
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
