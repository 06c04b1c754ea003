import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { silentLogger, type Logger } from '../logger.js';

/**
 * Acquire: SET NX PX, and only then a new fencing token (INCR) stored with the holder — atomically, in one script,
 * so two standbys racing for an expired lease can never both get it and the token grows with every new owner.
 */
const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local t = redis.call('INCR', KEYS[2])
  redis.call('SET', KEYS[1], ARGV[1] .. '#' .. t, 'PX', ARGV[2])
  return t
end
return 0`;
/** Renew: compare-and-extend — only the holder with its own token extends; anyone else gets 0 (the lease is lost). */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
/** Release: compare-and-delete (a clean stop hands over at once instead of after the TTL). */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** The holder value of a bridge working alone because Redis was never reachable. */
const LOCAL = '(local)';

export interface AmiLeaseOptions {
  /** Key prefix of one hotline (several bridges of one Asterisk). */
  namespace: string;
  bridgeId: string;
  ttlMs: number;
  /** How often a standby tries to acquire (and the owner looks at its renewal). */
  pollMs: number;
  logger?: Logger;
  /** Monotonic milliseconds (tests). */
  now?: () => number;
}

export type LeaseRole = 'owner' | 'standby';

export interface LeaseStatus {
  role: LeaseRole;
  bridgeId: string;
  token: number | null;
  /** Redis unreachable: the owner goes on alone (local operation), a standby waits. */
  redisDown: boolean;
  since: number;
}

/**
 * The AMI ownership lease (Redis): exactly one bridge of a hotline owns the AMI event stream — it emits the pops and
 * writes what is derived from AMI events (call records, rings, work items). Standbys keep the AMI link and the live
 * state warm but write and emit nothing; the first to acquire an expired lease becomes owner with a higher token.
 *
 * The fencing token: a write derived from an AMI event is allowed only while `isOwner()` — held, and the last renewal
 * younger than the TTL on this process's monotonic clock. A process paused (GC, SIGSTOP, a frozen VM) past its TTL
 * comes back with an expired validity and writes nothing until a renewal succeeds; a renewal after a successor took
 * the lease fails on the token compare, and the old owner steps down. `checkToken()` asks Redis itself (for jobs that
 * want the strong check before a side effect).
 */
export class AmiLease extends EventEmitter<{ acquired: [number]; lost: [string]; status: [LeaseStatus] }> {
  private readonly key: string;
  private readonly tokenKey: string;
  private readonly log: Logger;
  private readonly now: () => number;
  private value: string | null = null;
  private tok: number | null = null;
  private validUntil = 0;
  private lastRenew = 0;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private reached = false;
  private stopped = false;
  private down = false;
  private since: number;
  /** Times this bridge became owner. */
  acquisitions = 0;

  constructor(private readonly redis: Redis, private readonly o: AmiLeaseOptions) {
    super();
    this.key = `${o.namespace}:ami:lease`;
    this.tokenKey = `${o.namespace}:ami:token`;
    this.log = o.logger ?? silentLogger;
    this.now = o.now ?? (() => performance.now());
    this.since = Date.now();
  }

  /** This bridge may act on AMI events now (emit pops, write records). Jobs that must run once use it too. */
  isOwner(): boolean {
    if (this.value === null) return false;
    return this.down || this.value === LOCAL || this.now() < this.validUntil;
  }

  get token(): number | null {
    return this.isOwner() ? this.tok : null;
  }

  status(): LeaseStatus {
    return { role: this.isOwner() ? 'owner' : 'standby', bridgeId: this.o.bridgeId, token: this.tok, redisDown: this.down, since: this.since };
  }

  /** Starts competing: the first tick runs at once (a lone bridge owns within one round trip). */
  start(): Promise<void> {
    this.stopped = false;
    return this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const v = this.value;
    this.value = null;
    if (v && v !== LOCAL) await this.redis.eval(RELEASE, 1, this.key, v).catch(() => undefined);
  }

  /** Stops competing without releasing (a dead process): the lease runs out by its TTL. */
  abandon(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.value = null;
  }

  /** Asks Redis whether `token` still holds the lease (the strong check). */
  async checkToken(token: number): Promise<boolean> {
    const v = await this.redis.get(this.key);
    return v !== null && v.endsWith(`#${token}`);
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), this.o.pollMs);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      if (this.value !== null) await this.renew();
      else await this.acquire();
      this.reached = true;
      this.setDown(false);
    } catch (err) {
      this.setDown(true, err);
      // Redis never reached since this bridge started: it works alone rather than not at all (said in the log/status)
      if (!this.reached && this.value === null && !this.stopped) this.own(LOCAL, 0, this.now());
    } finally {
      this.busy = false;
      this.schedule();
    }
  }

  private async acquire(): Promise<void> {
    const started = this.now();
    const t = Number(await this.redis.eval(ACQUIRE, 2, this.key, this.tokenKey, this.o.bridgeId, String(this.o.ttlMs)));
    if (!t || this.stopped) return;
    this.own(`${this.o.bridgeId}#${t}`, t, started);
  }

  private own(value: string, t: number, started: number): void {
    this.value = value;
    this.tok = t;
    this.lastRenew = started;
    this.validUntil = started + this.o.ttlMs;
    this.acquisitions++;
    this.since = Date.now();
    if (value === LOCAL) this.log.error({ bridge: this.o.bridgeId }, 'Redis unreachable at start: this bridge owns the AMI event stream alone (local operation)');
    else this.log.info({ token: t, bridge: this.o.bridgeId }, 'AMI lease acquired: this bridge owns the AMI event stream');
    this.emit('acquired', t);
    this.emit('status', this.status());
  }

  private async renew(): Promise<void> {
    // renew at a third of the TTL: two renewals may fail before the lease runs out
    if (this.now() - this.lastRenew < this.o.ttlMs / 3 && !this.down) return;
    const started = this.now();
    const ok = Number(await this.redis.eval(RENEW, 1, this.key, this.value!, String(this.o.ttlMs)));
    if (ok === 1) {
      this.lastRenew = started;
      this.validUntil = started + this.o.ttlMs;
      return;
    }
    this.lose(this.value === LOCAL ? 'Redis is back: competing for the lease' : 'the lease expired or another bridge holds it');
    // the lease may simply have run out while Redis was away: take it again at once if nobody else did
    await this.acquire();
  }

  private lose(reason: string): void {
    this.value = null;
    this.since = Date.now();
    this.log.warn({ reason, token: this.tok }, 'AMI lease lost: standing by');
    this.emit('lost', reason);
    this.emit('status', this.status());
  }

  private setDown(down: boolean, err?: unknown): void {
    if (down === this.down) return;
    this.down = down;
    if (down) this.log.error({ err: (err as Error)?.message }, this.value ? 'Redis unreachable: this bridge goes on owning the AMI stream alone (local operation)' : 'Redis unreachable: standing by');
    else this.log.info('Redis reachable again');
    this.emit('status', this.status());
  }
}
