/**
 * Brute-force protection for the login: failures are counted per user name and per client address in a sliding
 * window. Each failure is answered after a growing delay (0, d, 2d, 4d … capped at 8d); at `maxFailures` for a
 * name (or `maxFailuresPerIp` for an address) further attempts are refused for `lockoutSeconds` without checking the
 * password, so a locked account costs no argon2 work. A success clears the name's counter.
 *
 * In-process state: with several bridge instances each counts on its own (the limits then apply per instance).
 */
export interface LoginThrottleOptions {
  maxFailures: number;
  maxFailuresPerIp: number;
  windowSeconds: number;
  lockoutSeconds: number;
  failureDelayMs: number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; scope: 'user' | 'ip' };

interface Counter {
  failures: number[];
  lockedUntil: number;
}

const MAX_KEYS = 50_000;

export class LoginThrottle {
  private readonly byUser = new Map<string, Counter>();
  private readonly byIp = new Map<string, Counter>();

  constructor(
    private readonly opts: LoginThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {}

  private static key(username: string): string {
    return username.trim().toLowerCase();
  }

  private counter(map: Map<string, Counter>, key: string): Counter {
    let c = map.get(key);
    if (!c) {
      if (map.size >= MAX_KEYS) this.prune(map);
      c = { failures: [], lockedUntil: 0 };
      map.set(key, c);
    }
    return c;
  }

  private prune(map: Map<string, Counter>): void {
    const t = this.now();
    const horizon = t - this.opts.windowSeconds * 1000;
    for (const [k, c] of map) if (c.lockedUntil <= t && (c.failures.at(-1) ?? 0) < horizon) map.delete(k);
    // still full (an attack from many names): forget the oldest half rather than grow without bound
    if (map.size >= MAX_KEYS) [...map.keys()].slice(0, map.size / 2).forEach((k) => map.delete(k));
  }

  private recent(c: Counter): number[] {
    const horizon = this.now() - this.opts.windowSeconds * 1000;
    while (c.failures.length && c.failures[0]! < horizon) c.failures.shift();
    return c.failures;
  }

  /** May this attempt proceed to the password check? */
  check(username: string, ip: string): ThrottleVerdict {
    const t = this.now();
    for (const [map, key, scope] of [[this.byUser, LoginThrottle.key(username), 'user'], [this.byIp, ip, 'ip']] as const) {
      const c = map.get(key);
      if (c && c.lockedUntil > t) return { allowed: false, retryAfterSeconds: Math.ceil((c.lockedUntil - t) / 1000), scope };
    }
    return { allowed: true };
  }

  /** Records a failed attempt; returns how long to hold the answer back and whether this failure locked the account. */
  fail(username: string, ip: string): { delayMs: number; failures: number; locked: boolean } {
    const t = this.now();
    const user = this.counter(this.byUser, LoginThrottle.key(username));
    const addr = this.counter(this.byIp, ip);
    this.recent(user).push(t);
    this.recent(addr).push(t);
    let locked = false;
    if (user.failures.length >= this.opts.maxFailures) {
      user.lockedUntil = t + this.opts.lockoutSeconds * 1000;
      user.failures = [];
      locked = true;
    }
    if (addr.failures.length >= this.opts.maxFailuresPerIp) {
      addr.lockedUntil = t + this.opts.lockoutSeconds * 1000;
      addr.failures = [];
      locked = true;
    }
    const n = Math.max(user.failures.length, locked ? this.opts.maxFailures : 0);
    const delayMs = n <= 1 ? 0 : Math.min(this.opts.failureDelayMs * 2 ** (n - 2), this.opts.failureDelayMs * 8);
    return { delayMs, failures: n, locked };
  }

  succeed(username: string): void {
    this.byUser.delete(LoginThrottle.key(username));
  }
}
