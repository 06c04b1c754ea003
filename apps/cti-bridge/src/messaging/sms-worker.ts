/**
 * The outbox worker, in-process: claims due messages (SmsOutboxStore.claim — one worker per message, so two bridges
 * on one database never send the same one), checks each against the provider's limits (a parameter too long is
 * parked with its reason, never cut), sends through the provider port at most `ratePerSecond` (the provider's QPS)
 * with `concurrency` requests in flight, and settles each answer (sent / back-off / parked / unknown). It wakes on
 * kick() (a message was enqueued) or every `pollMs`; stop() waits for the messages in flight.
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
  private wake: (() => void) | null = null;
  private leaseTimer: NodeJS.Timeout | null = null;
  private readonly limiter: RateLimiter;

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
  }

  /** Something was enqueued: look now rather than at the next poll. */
  kick(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.wake?.();
    await this.loop;
  }

  private backoffMs = (attempt: number): number => {
    const base = Math.min(this.o.config.retryBaseMs * 2 ** Math.max(0, attempt - 1), 3_600_000);
    return Math.round(base * (0.8 + Math.random() * 0.4));
  };

  private async run(): Promise<void> {
    const { concurrency, timeoutMs } = this.o.config;
    const batch = concurrency * 4;
    // long enough for a whole batch at the rate limit plus a timed-out request: a live claim never expires
    const leaseMs = Math.max(60_000, 3 * timeoutMs + (1000 * batch) / this.o.config.ratePerSecond);
    while (this.running) {
      let claimed: ClaimedSms[] = [];
      try {
        claimed = await this.o.store.claim({ limit: batch, leaseMs, quiet: this.o.config.quietHours });
      } catch (err) {
        this.stats.errors++;
        this.o.logger.warn({ err }, 'SMS claim failed; retrying');
      }
      if (!claimed.length) {
        await this.idle(this.o.pollMs ?? 500);
        continue;
      }
      let i = 0;
      const done: { c: ClaimedSms; outcome: SendOutcome }[] = [];
      const lanes = Array.from({ length: Math.min(concurrency, claimed.length) }, async () => {
        while (i < claimed.length) {
          const c = claimed[i++]!;
          done.push({ c, outcome: await this.sendOne(c) });
        }
      });
      await Promise.all(lanes);
      await this.record(done);
    }
  }

  /** The batch's answers in one transaction (see SmsOutboxStore.settleMany). */
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

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done(): void {
        clearTimeout(t);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
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
