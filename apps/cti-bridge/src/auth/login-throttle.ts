/**
 * Brute-force protection for the login, built so that nobody can lock a colleague out for good.
 *
 * Failures are charged to an *account key* (the account the typed name resolves to — by its canonical name, its
 * 工号, or the name its look-alike imitates, so `àgent1` and `ａｇｅｎｔ１` spend agent1's budget) and to the client
 * address (the real one: see http/client-address.ts), in a sliding window:
 *  - account × address: `maxFailures` → that address is held off that account; each further lock-out doubles
 *    (back-off) up to `lockoutMaxSeconds`, and a success resets it. Someone guessing from their own PC therefore
 *    never affects the victim at theirs;
 *  - address (any accounts): `maxFailuresPerIp` → the address is held off everything (password spraying);
 *  - account (all addresses together): `maxFailuresPerAccount` → addresses that have never signed in to this account
 *    are held off it (a distributed guess), while addresses it signed in from recently still get in.
 * A held-off attempt is refused before the password is checked (no argon2 work). Every failure is answered after a
 * growing delay (0, d, 2d … capped at 8d) counted per account × address.
 *
 * In-process state: with several bridge instances each counts on its own (the limits then apply per instance).
 */
export interface LoginThrottleOptions {
  maxFailures: number;
  maxFailuresPerIp: number;
  maxFailuresPerAccount: number;
  windowSeconds: number;
  lockoutSeconds: number;
  lockoutMaxSeconds: number;
  failureDelayMs: number;
  /** How long an address that signed in stays "known" to the account (default 30 days). */
  knownAddressSeconds?: number;
}

export type ThrottleScope = 'account' | 'ip' | 'account-wide';
export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; scope: ThrottleScope };

interface Counter {
  failures: number[];
  lockedUntil: number;
  /** Lock-outs so far (the next one lasts lockoutSeconds × 2^strikes, capped). */
  strikes: number;
}

const MAX_KEYS = 50_000;

export class LoginThrottle {
  private readonly byPair = new Map<string, Counter>();
  private readonly byIp = new Map<string, Counter>();
  private readonly byAccount = new Map<string, Counter>();
  /** account → address → last successful sign-in. */
  private readonly known = new Map<string, Map<string, number>>();

  constructor(
    private readonly opts: LoginThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {}

  private counter(map: Map<string, Counter>, key: string): Counter {
    let c = map.get(key);
    if (!c) {
      if (map.size >= MAX_KEYS) this.prune(map);
      c = { failures: [], lockedUntil: 0, strikes: 0 };
      map.set(key, c);
    }
    return c;
  }

  private prune(map: Map<string, Counter>): void {
    const t = this.now();
    const horizon = t - Math.max(this.opts.windowSeconds, this.opts.lockoutMaxSeconds) * 1000;
    for (const [k, c] of map) if (c.lockedUntil <= t && (c.failures.at(-1) ?? 0) < horizon) map.delete(k);
    // still full (an attack from many names or addresses): forget the oldest half rather than grow without bound
    if (map.size >= MAX_KEYS) [...map.keys()].slice(0, map.size / 2).forEach((k) => map.delete(k));
  }

  private recent(c: Counter): number[] {
    const horizon = this.now() - this.opts.windowSeconds * 1000;
    while (c.failures.length && c.failures[0]! < horizon) c.failures.shift();
    return c.failures;
  }

  /** Locks the counter with back-off; strikes are forgiven after a quiet spell as long as the longest lock-out. */
  private lock(c: Counter, t: number): void {
    if (c.lockedUntil && t - c.lockedUntil > this.opts.lockoutMaxSeconds * 1000) c.strikes = 0;
    const secs = Math.min(this.opts.lockoutSeconds * 2 ** c.strikes, this.opts.lockoutMaxSeconds);
    c.lockedUntil = t + secs * 1000;
    c.strikes++;
    c.failures = [];
  }

  private isKnown(account: string, ip: string): boolean {
    const at = this.known.get(account)?.get(ip);
    return at !== undefined && this.now() - at < (this.opts.knownAddressSeconds ?? 30 * 86_400) * 1000;
  }

  /** May this attempt (account key, client address) proceed to the password check? */
  check(account: string, ip: string): ThrottleVerdict {
    const t = this.now();
    const held = (c: Counter | undefined, scope: ThrottleScope): ThrottleVerdict | null =>
      c && c.lockedUntil > t ? { allowed: false, retryAfterSeconds: Math.ceil((c.lockedUntil - t) / 1000), scope } : null;
    return (
      held(this.byPair.get(`${account}|${ip}`), 'account')
      ?? held(this.byIp.get(ip), 'ip')
      ?? (this.isKnown(account, ip) ? null : held(this.byAccount.get(account), 'account-wide'))
      ?? { allowed: true }
    );
  }

  /** Records a failed attempt; returns how long to hold the answer back and which lock-out (if any) it started. */
  fail(account: string, ip: string): { delayMs: number; failures: number; locked: ThrottleScope | null } {
    const t = this.now();
    const pair = this.counter(this.byPair, `${account}|${ip}`);
    const addr = this.counter(this.byIp, ip);
    const acct = this.counter(this.byAccount, account);
    this.recent(pair).push(t);
    this.recent(addr).push(t);
    this.recent(acct).push(t);
    const failures = pair.failures.length;
    let locked: ThrottleScope | null = null;
    if (pair.failures.length >= this.opts.maxFailures) {
      this.lock(pair, t);
      locked = 'account';
    }
    if (addr.failures.length >= this.opts.maxFailuresPerIp) {
      this.lock(addr, t);
      locked ??= 'ip';
    }
    if (acct.failures.length >= this.opts.maxFailuresPerAccount) {
      this.lock(acct, t);
      locked ??= 'account-wide';
    }
    const n = locked ? this.opts.maxFailures : failures;
    const delayMs = n <= 1 ? 0 : Math.min(this.opts.failureDelayMs * 2 ** (n - 2), this.opts.failureDelayMs * 8);
    return { delayMs, failures: locked ? this.opts.maxFailures : failures, locked };
  }

  /** A success: this address's counter for the account is cleared and the address becomes known to the account. */
  succeed(account: string, ip: string): void {
    this.byPair.delete(`${account}|${ip}`);
    let m = this.known.get(account);
    if (!m) {
      if (this.known.size >= MAX_KEYS) this.known.clear();
      m = new Map();
      this.known.set(account, m);
    }
    if (m.size >= 64) m.delete(m.keys().next().value!);
    m.set(ip, this.now());
  }
}
