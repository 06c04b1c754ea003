/**
 * Runs the queued import jobs in the background, one at a time (a dry run or an apply), in this process. At start
 * it takes back what a previous process left running: a dry run starts again, an apply resumes after its last
 * committed batch. Jobs are found in the database, so a restart loses nothing.
 */
import type { BecsIntegration } from '@donorline/domain/node';
import { silentLogger, type Logger } from '../logger.js';

export class ImportWorker {
  private running: { id: number; abort: AbortController; done: Promise<void> } | null = null;
  private kicked = false;
  private looping = false;
  private stopped = false;

  constructor(private readonly integration: BecsIntegration, private readonly log: Logger = silentLogger) {}

  async start(): Promise<void> {
    const resumed = await this.integration.jobs.recoverInterrupted();
    if (resumed.length) this.log.info({ jobs: resumed }, 'import jobs interrupted by the last stop are queued again');
    this.kick();
  }

  /** Something was queued: run it (and whatever follows) unless a job is already running. */
  kick(): void {
    if (this.stopped) return;
    this.kicked = true;
    if (this.looping) return;
    this.looping = true;
    void this.loop().finally(() => {
      this.looping = false;
      if (this.kicked && !this.stopped) this.kick();
    });
  }

  /** The one loop: never two jobs (or the same job twice) at once. */
  private async loop(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      this.kicked = false;
      const id = await this.integration.jobs.nextQueued().catch(() => null);
      if (id === null) return;
      const abort = new AbortController();
      let finish!: () => void;
      const done = new Promise<void>((r) => (finish = r));
      this.running = { id, abort, done };
      try {
        const job = await this.integration.run(id, { signal: abort.signal });
        this.log.info({ job: id, status: job.status, phase: job.phase, counts: job.counts }, 'import job finished');
      } catch (err) {
        this.log.error({ err, job: id }, 'import job failed');
      } finally {
        this.running = null;
        finish();
      }
    }
  }

  /** Stops the running job if it is this one (between two batches: what is committed stays, and re-applying resumes). */
  cancel(id: number): void {
    if (this.running?.id === id) this.running.abort.abort();
  }

  get current(): number | null {
    return this.running?.id ?? null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const r = this.running;
    if (r) {
      r.abort.abort();
      await r.done;
    }
  }
}
