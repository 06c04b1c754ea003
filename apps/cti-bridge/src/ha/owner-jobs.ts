import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';

/** A running scheduled job: its run at start (awaited before it counts as stopped) and how to stop it. */
export interface OwnedJob {
  readonly first?: Promise<unknown>;
  stop(): void | Promise<void>;
}

export interface OwnerJobSpec {
  /** Shown in the log, the status and the tests (slots, qa, rollup, no-show, care, sms, sms-campaign). */
  name: string;
  /**
   * Starts the job on this bridge. `mayRun` is asked by every scheduled run right before it works: false on a bridge
   * that is no longer the owner although it has not heard so yet (a process paused past its lease: its cron fires
   * on waking, before the lease's own timer finds out).
   */
  start(mayRun: () => boolean): OwnedJob;
}

/** What the jobs need of the AMI lease (ami-lease.ts): the question, and the moments the answer changes. */
export interface OwnershipSource {
  isOwner(): boolean;
  on(event: 'status', fn: () => void): unknown;
  off(event: 'status', fn: () => void): unknown;
}

/**
 * Scheduled work that must run on exactly one bridge (slot generation, QA sampling, report rollups, care, the SMS
 * outbox and reminders): it runs on the AMI lease owner only. The jobs start when this bridge becomes the owner (at
 * start, or at a takeover — their run at start catches up on what the dead owner left), and stop when it loses the
 * lease; every scheduled run asks `isOwner()` again right before it works. Without a lease (one bridge, the embedded
 * default) they simply run from start() to stop().
 */
export class OwnerJobs {
  private readonly specs: OwnerJobSpec[] = [];
  private readonly running = new Map<string, OwnedJob>();
  private readonly log: Logger;
  private wanted = false;
  private chain: Promise<void> = Promise.resolve();
  /** Scheduled runs let through / refused by ownership, per job (status and tests). */
  readonly ran = new Map<string, number>();
  readonly refused = new Map<string, number>();
  /** Times the jobs were started on this bridge (1 at a start, +1 at every takeover). */
  starts = 0;

  constructor(private readonly lease: OwnershipSource | null, logger: Logger = silentLogger) {
    this.log = logger;
  }

  add(spec: OwnerJobSpec): this {
    this.specs.push(spec);
    return this;
  }

  isOwner(): boolean {
    return this.lease?.isOwner() ?? true;
  }

  /** Names of the jobs running here now. */
  names(): string[] {
    return [...this.running.keys()];
  }

  start(): Promise<void> {
    this.wanted = true;
    this.lease?.on('status', this.sync);
    return this.sync();
  }

  async stop(): Promise<void> {
    this.wanted = false;
    this.lease?.off('status', this.sync);
    await this.sync();
  }

  /** Brings the running jobs in line with the ownership now (one change at a time, in order). */
  private readonly sync = (): Promise<void> => {
    this.chain = this.chain.then(async () => {
      const want = this.wanted && this.isOwner();
      if (want && this.running.size === 0 && this.specs.length) this.startAll();
      else if (!want && this.running.size) await this.stopAll();
    });
    return this.chain;
  };

  private startAll(): void {
    this.starts++;
    if (this.lease) this.log.info({ jobs: this.specs.map((s) => s.name) }, 'this bridge owns the AMI lease: scheduled jobs run here');
    for (const spec of this.specs) {
      try {
        this.running.set(spec.name, spec.start(() => this.mayRun(spec.name)));
      } catch (err) {
        this.log.error({ err, job: spec.name }, 'scheduled job could not start');
      }
    }
  }

  private async stopAll(): Promise<void> {
    const jobs = [...this.running];
    this.running.clear();
    if (this.wanted) this.log.warn({ jobs: jobs.map(([n]) => n) }, 'AMI lease lost: scheduled jobs stop here (the new owner runs them)');
    await Promise.all(jobs.map(async ([name, job]) => {
      try {
        await job.stop();
        await job.first;
      } catch (err) {
        this.log.warn({ err, job: name }, 'scheduled job did not stop cleanly');
      }
    }));
  }

  private mayRun(name: string): boolean {
    const ok = this.wanted && this.isOwner();
    const tally = ok ? this.ran : this.refused;
    tally.set(name, (tally.get(name) ?? 0) + 1);
    // the lease ran out without a word yet (a paused process): stop here now rather than at the lease's next tick
    if (!ok) void this.sync();
    return ok;
  }
}
