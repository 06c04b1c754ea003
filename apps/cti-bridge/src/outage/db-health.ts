import { EventEmitter } from 'node:events';
import { silentLogger, type Logger } from '../logger.js';

export type DbState = 'up' | 'degraded';

export interface DbHealthOptions {
  /** A cheap round trip (SELECT 1). */
  probe: () => Promise<unknown>;
  /** Probe period while up / while down (default 5000 / 1000 ms); a probe slower than timeoutMs counts as failed. */
  upEveryMs?: number;
  downEveryMs?: number;
  timeoutMs?: number;
  logger?: Logger;
}

/**
 * Whether the database answers. Anything that sees a database error reports it (`failed`): the state turns
 * `degraded` at once, and a probe every second turns it `up` again. While degraded the desk says so (数据库降级),
 * pops go out from the cards already looked up (or unknown), wrap-ups are journalled (wrap-up-journal.ts) and desks
 * with a valid token are let in on the token alone.
 */
export class DbHealth extends EventEmitter<{ change: [DbState] }> {
  private st: DbState = 'up';
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;
  private readonly log: Logger;
  since = Date.now();
  outages = 0;

  constructor(private readonly o: DbHealthOptions) {
    super();
    this.log = o.logger ?? silentLogger;
  }

  get state(): DbState {
    return this.st;
  }

  get down(): boolean {
    return this.st === 'degraded';
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** A database call failed with something other than a domain error (connection lost, timeout, pool exhausted). */
  failed(err: unknown): void {
    if (this.st === 'degraded') return;
    this.set('degraded', err);
    this.schedule();
  }

  /** Probes now (tests, and after a write that failed). */
  async check(): Promise<DbState> {
    if (this.running) return this.st;
    this.running = true;
    let t: NodeJS.Timeout | undefined;
    try {
      await Promise.race([this.o.probe(), new Promise((_, rej) => (t = setTimeout(() => rej(new Error('database probe timed out')), this.o.timeoutMs ?? 2000)))]);
      this.set('up');
    } catch (err) {
      this.set('degraded', err);
    } finally {
      clearTimeout(t);
      this.running = false;
    }
    return this.st;
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.check().then(() => this.schedule()), this.st === 'up' ? (this.o.upEveryMs ?? 5000) : (this.o.downEveryMs ?? 1000));
    this.timer.unref?.();
  }

  private set(s: DbState, err?: unknown): void {
    if (s === this.st) return;
    this.st = s;
    this.since = Date.now();
    if (s === 'degraded') {
      this.outages++;
      this.log.error({ err: (err as Error)?.message }, 'database unreachable: degraded operation (pops from cache, wrap-ups journalled)');
    } else this.log.info('database reachable again');
    this.emit('change', s);
  }
}
