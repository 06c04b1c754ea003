/**
 * The SMS room's scheduled jobs (the day-before reminders; more join the same way). Embedded: croner in-process
 * (Asia/Shanghai; protect: a slow run is not overlapped). With REDIS_URL: a BullMQ job scheduler on the queue
 * `donorline-sms` (tz Asia/Shanghai) — every bridge upserts the same scheduler id (idempotent) and runs a BullMQ
 * worker, and BullMQ hands each occurrence to exactly one of them, so three bridges send one reminder round, not three.
 * The outbox itself needs no queue to be exactly-once: a message is sent only by the worker holding its claim
 * (SmsOutboxStore.claim), whichever bridge that is.
 */
import { Queue, Worker, type Job } from 'bullmq';
import { Cron } from 'croner';
import type { Logger } from '../logger.js';

export const SMS_QUEUE = 'donorline-sms';
export const SHANGHAI = 'Asia/Shanghai';

export interface ScheduledJob {
  /** A stable id: the BullMQ scheduler id, the croner name. */
  id: string;
  /** Cron pattern (5 or 6 fields) in Asia/Shanghai. */
  pattern: string;
  run: () => Promise<void>;
}

export interface SmsSchedule {
  kind: 'croner' | 'bullmq';
  stop(): Promise<void>;
}

export function cronerSchedule(jobs: readonly ScheduledJob[]): SmsSchedule {
  const crons = jobs.map((j) => new Cron(j.pattern, { name: j.id, timezone: SHANGHAI, protect: true }, () => void j.run()));
  return {
    kind: 'croner',
    async stop() {
      for (const c of crons) c.stop();
    },
  };
}

/** Redis connection options from a redis:// URL (BullMQ needs maxRetriesPerRequest null on its blocking connection). */
export function redisConnection(url: string): { host: string; port: number; username?: string; password?: string; db?: number; maxRetriesPerRequest: null } {
  const u = new URL(url);
  const db = Number(u.pathname.replace('/', '') || 0);
  return {
    host: u.hostname || '127.0.0.1', port: Number(u.port || 6379), maxRetriesPerRequest: null,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}), ...(u.password ? { password: decodeURIComponent(u.password) } : {}), ...(db ? { db } : {}),
  };
}

export async function bullmqSchedule(jobs: readonly ScheduledJob[], o: { redisUrl: string; logger: Logger; queueName?: string; onRun?: (job: Job) => void }): Promise<SmsSchedule> {
  const connection = redisConnection(o.redisUrl);
  const name = o.queueName ?? SMS_QUEUE;
  const queue = new Queue(name, { connection });
  for (const j of jobs) await queue.upsertJobScheduler(j.id, { pattern: j.pattern, tz: SHANGHAI }, { name: j.id, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const worker = new Worker(name, async (job) => {
    const j = byId.get(job.name);
    if (!j) return; // a job another bridge version scheduled: not ours to run
    o.onRun?.(job);
    await j.run();
  }, { connection, concurrency: 1 });
  worker.on('failed', (job, err) => o.logger.warn({ err, job: job?.name }, 'scheduled SMS job failed'));
  return {
    kind: 'bullmq',
    async stop() {
      await worker.close();
      await queue.close();
    },
  };
}
