import type { Redis } from 'ioredis';
import type { LoginThrottle } from '../auth/login-throttle.js';

/**
 * Login throttling across bridges: every failure and success a bridge counts is published, and every bridge counts
 * the others' too (same rules, same windows) — so a guesser spreading attempts over the bridges behind the load
 * balancer meets the same limits as against one. The hot path stays synchronous and in memory.
 */
export function shareLoginThrottle(throttle: LoginThrottle, redis: Redis, sub: Redis, o: { namespace: string; bridgeId: string }): void {
  const channel = `${o.namespace}:login`;
  const fail = throttle.fail.bind(throttle);
  const succeed = throttle.succeed.bind(throttle);
  const publish = (kind: 'f' | 's', account: string, ip: string): void => {
    void redis.publish(channel, JSON.stringify([o.bridgeId, kind, account, ip])).catch(() => undefined);
  };
  throttle.fail = (account, ip) => {
    publish('f', account, ip);
    return fail(account, ip);
  };
  throttle.succeed = (account, ip) => {
    publish('s', account, ip);
    succeed(account, ip);
  };
  sub.on('message', (ch: string, msg: string) => {
    if (ch !== channel) return;
    try {
      const [from, kind, account, ip] = JSON.parse(msg) as [string, string, string, string];
      if (from === o.bridgeId || typeof account !== 'string' || typeof ip !== 'string') return;
      if (kind === 'f') fail(account, ip);
      else if (kind === 's') succeed(account, ip);
    } catch {
      /* not ours */
    }
  });
  void sub.subscribe(channel).catch(() => undefined);
}
