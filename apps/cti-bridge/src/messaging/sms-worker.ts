/**
 * The outbox worker, in-process: claims due messages (SmsOutboxStore.claim — one worker per message, so two bridges
 * on one database never send the same one), checks each against the provider's limits (a parameter too long is
 * parked with its reason, never cut), sends through the provider port at most `ratePerSecond` (the provider's QPS)
 * with `concurrency` requests in flight, and settles each answer (sent / back-off / parked / unknown). It wakes on
 * kick() (a message was enqueued) or every `pollMs`; stop() waits for the messages in flight and gives back the
 * claims it had not sent yet.
 */
import { templateParams, type ClaimedSms, type SendOutcome, type SmsOutboxStore } from '@donorline/domain/node';
import type { Logger } from '../logger.js';
import type { SmsConfig } from './sms-config.js';
import type { SmsProviderPort } from './sms-provider.js';

/** Spaces requests evenly at `rate` per second (a provider's QPS limit is a rate, not a burst allowance). */
export class RateLimiter {
  private next = 0;
  constructor(private readonly rate: number) {}
  async take(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + 1000 / this.rate;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  }
}

/** Record answers when this many are waiting, or at least every FLUSH_MS. */
const FLUSH_AT = 64;
const FLUSH_MS = 25;

export interface SmsWorkerStats {
  sent: number;
  retried: number;
  parked: number;
  unknown: number;
  errors: number;
}

export interface SmsWorkerOptions {
  store: SmsOutboxStore;
  provider: SmsProviderPort;
  config: Pick<SmsConfig, 'ratePerSecond' | 'concurrency' | 'maxAttempts' | 'retryBaseMs' | 'timeoutMs' | 'quietHours'>;
  logger: Logger;
  pollMs?: number;
  onSettled?: (c: ClaimedSms, o: SendOutcome) => void;
}

export class SmsWorker {
  readonly stats: SmsWorkerStats = { sent: 0, retried: 0, parked: 0, unknown: 0, errors: 0 };
  private running = false;
  private loop: Promise<void> | null = null;
  private nap: { promise: Promise<void>; wake: () => void } | null = null;
  private leaseTimer: NodeJS.Timeout | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly limiter: RateLimiter;
  /** Claimed, not yet handed to the provider. */
  private queue: ClaimedSms[] = [];
  /** Answered, not yet recorded. */
  private answered: { c: ClaimedSms; outcome: SendOutcome }[] = [];
  private claiming: Promise<number> | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly o: SmsWorkerOptions) {
    this.limiter = new RateLimiter(o.config.ratePerSecond);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
    this.leaseTimer = setInterval(() => {
      void this.o.store.expireLeases().then((n) => n && this.o.logger.warn({ parked: n }, 'SMS claims whose lease ran out parked as unknown'))
        .catch((err: unknown) => this.o.logger.warn({ err }, 'could not expire SMS leases'));
    }, 30_000);
    this.leaseTimer.unref();
    // answers are recorded in small batches (one transaction each), at least this often
    this.flushTimer = setInterval(() => this.answered.length && void this.flush(), FLUSH_MS);
    this.flushTimer.unref();
  }

  /** Something was enqueued: look now rather than at the next poll. */
  kick(): void {
    this.nap?.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    if (this.flushTimer) clearInterval(this.flushTimer);
    this.nap?.wake();
    await this.loop;
  }

  private backoffMs = (attempt: number): number => {
    const base = Math.min(this.o.config.retryBaseMs * 2 ** Math.max(0, attempt - 1), 3_600_000);
    return Math.round(base * (0.8 + Math.random() * 0.4));
  };

  private get batch(): number {
    return this.o.config.concurrency * 2;
  }

  private get leaseMs(): number {
    // long enough for a claimed batch to wait its turn at the rate limit plus a timed-out request: a live claim never expires
    return Math.max(60_000, 3 * this.o.config.timeoutMs + (1000 * this.batch * 2) / this.o.config.ratePerSecond);
  }

  /**
   * A pipeline: `concurrency` lanes each take the next claimed message and send it; when the queue runs low one claim
   * (a batch, one UPDATE) refills it while the lanes go on sending; answers are recorded a batch at a time. No lane
   * waits for the slowest request of a batch, so a provider's slow answers cost only their own lane.
   */
  private async run(): Promise<void> {
    const lanes = Array.from({ length: Math.max(1, this.o.config.concurrency) }, () => this.lane());
    await Promise.all(lanes);
    await this.flush();
    await this.flushing;
    const left = this.queue.splice(0);
    if (left.length) await this.o.store.release(left).catch((err: unknown) => this.o.logger.warn({ err }, 'could not release unsent SMS claims (their lease will park them)'));
  }

  private async lane(): Promise<void> {
    while (this.running) {
      if (this.queue.length < this.o.config.concurrency) void this.refill();
      let c = this.queue.shift();
      if (!c) {
        const got = await this.refill();
        c = this.queue.shift();
        if (!c) {
          if (!got) await this.idle(this.o.pollMs ?? 500);
          continue;
        }
      }
      const outcome = await this.sendOne(c);
      this.answered.push({ c, outcome });
      if (this.answered.length >= FLUSH_AT) void this.flush();
    }
  }

  /** One claim at a time, shared by the lanes that find the queue empty; resolves to how many it added. */
  private refill(): Promise<number> {
    if (!this.running) return Promise.resolve(0);
    this.claiming ??= this.o.store.claim({ limit: this.batch, leaseMs: this.leaseMs, quiet: this.o.config.quietHours })
      .then((got) => {
        this.queue.push(...got);
        return got.length;
      })
      .catch((err: unknown) => {
        this.stats.errors++;
        this.o.logger.warn({ err }, 'SMS claim failed; retrying');
        return 0;
      })
      .finally(() => (this.claiming = null));
    return this.claiming;
  }

  /** Records the answers so far in one transaction (SmsOutboxStore.settleMany), one flush after another. */
  private flush(): Promise<void> {
    const done = this.answered.splice(0);
    if (!done.length) return this.flushing;
    this.flushing = this.flushing.then(() => this.record(done));
    return this.flushing;
  }

  private async record(done: { c: ClaimedSms; outcome: SendOutcome }[]): Promise<void> {
    try {
      await this.o.store.settleMany(done, { provider: this.o.provider.name, maxAttempts: this.o.config.maxAttempts, backoffMs: this.backoffMs });
    } catch (err) {
      // the claims stay 'sending' and their lease expires into 'parked (unknown)': never resent blindly
      this.stats.errors++;
      this.o.logger.error({ err, sms: done.map((d) => d.c.id) }, 'could not record SMS outcomes');
    }
    for (const d of done) this.o.onSettled?.(d.c, d.outcome);
  }

  /** All idle lanes sleep on one nap; kick() or the poll interval ends it. */
  private idle(ms: number): Promise<void> {
    if (!this.nap) {
      let wake!: () => void;
      const promise = new Promise<void>((resolve) => {
        const t = setTimeout(() => wake(), ms);
        wake = () => {
          clearTimeout(t);
          this.nap = null;
          resolve();
        };
      });
      this.nap = { promise, wake };
    }
    return this.nap.promise;
  }

  private async sendOne(c: ClaimedSms): Promise<SendOutcome> {
    const p = templateParams(c.template, c.payload, this.o.provider.limits);
    let outcome: SendOutcome;
    if (!p.ok) outcome = { kind: 'park', reason: p.reason };
    else {
      await this.limiter.take();
      outcome = await this.o.provider.send({ id: c.id, to: c.to, template: c.template, params: p.params })
        .catch((e: Error): SendOutcome => ({ kind: 'unknown', reason: `adapter error: ${e.message}` }));
    }
    if (outcome.kind === 'sent') this.stats.sent++;
    else if (outcome.kind === 'retry') this.stats.retried++;
    else if (outcome.kind === 'park') this.stats.parked++;
    else this.stats.unknown++;
    if (outcome.kind !== 'sent') this.o.logger.info({ sms: c.id, template: c.template, attempt: c.attempts, outcome: outcome.kind, reason: outcome.reason }, 'SMS not sent');
    return outcome;
  }
}
