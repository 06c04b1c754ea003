import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { AmiLease, type LeaseStatus } from './ami-lease.js';
import type { HaConfig } from './ha-config.js';
import { SharedSeats } from './shared-seats.js';
import { shareLoginThrottle } from './shared-throttle.js';
import type { LoginThrottle } from '../auth/login-throttle.js';

/**
 * One bridge's part in a group of bridges (REDIS_URL): the AMI lease and the shared seat directory.
 * `isOwner()` is the one question the rest of the bridge — and scheduled jobs that must run once — asks.
 */
export interface HaNode {
  readonly bridgeId: string;
  readonly lease: AmiLease;
  readonly seats: SharedSeats;
  isOwner(): boolean;
  status(): LeaseStatus;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Login failures/successes counted on every bridge. */
  shareThrottle(t: LoginThrottle): void;
  /** As if the process died (tests, the fault suite): timers stop, Redis drops, nothing is released. */
  abandon(): void;
}

const CONNECT_WAIT_MS = 2500;

export function createHaNode(cfg: HaConfig, redisUrl: string, log: Logger): HaNode {
  // fail fast while Redis is away (no offline queue): the lease must learn at once that it cannot renew
  const opts = { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: (n: number) => Math.min(200 * n, 2000), lazyConnect: true };
  const redis = new Redis(redisUrl, opts);
  const sub = new Redis(redisUrl, { ...opts, enableOfflineQueue: true });
  let quiet = false;
  const onError = (which: string) => (e: Error): void => {
    if (!quiet) log.warn({ err: e.message, which }, 'HA redis error');
    quiet = true;
  };
  redis.on('error', onError('lease'));
  sub.on('error', onError('seats'));
  redis.on('ready', () => (quiet = false));
  const lease = new AmiLease(redis, { namespace: cfg.namespace, bridgeId: cfg.bridgeId, ttlMs: cfg.leaseTtlMs, pollMs: cfg.pollMs, logger: log });
  const seats = new SharedSeats(redis, sub, { namespace: cfg.namespace, bridgeId: cfg.bridgeId, ttlMs: Math.max(200, Math.round(cfg.leaseTtlMs / 2)), logger: log });
  const connect = (r: Redis): Promise<void> =>
    Promise.race([r.connect().catch(() => undefined), new Promise<void>((res) => setTimeout(res, CONNECT_WAIT_MS).unref())]);
  return {
    bridgeId: cfg.bridgeId,
    lease,
    seats,
    isOwner: () => lease.isOwner(),
    status: () => lease.status(),
    async start() {
      await Promise.all([connect(redis), connect(sub)]);
      if (redis.status === 'ready') await seats.start();
      else {
        log.error('HA: Redis unreachable at start — seats are not shared until it is back');
        redis.once('ready', () => void seats.start());
      }
      await lease.start();
    },
    async stop() {
      seats.stop();
      await lease.stop();
      redis.disconnect();
      sub.disconnect();
    },
    shareThrottle(t) {
      shareLoginThrottle(t, redis, sub, { namespace: cfg.namespace, bridgeId: cfg.bridgeId });
    },
    abandon() {
      seats.stop();
      lease.abandon();
      redis.disconnect();
      sub.disconnect();
    },
  };
}
