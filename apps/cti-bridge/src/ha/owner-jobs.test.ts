/**
 * Scheduled jobs on the AMI lease owner only, with real leases on the real Redis (127.0.0.1:6379): they start on the
 * owner, move to the standby at a handover, stop on a paused owner that finds its lease gone, and a run that fires
 * on a bridge whose lease ran out unnoticed is refused. Without a lease (one bridge) they just run.
 */
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { AmiLease } from './ami-lease.js';
import { OwnerJobs, type OwnerJobSpec } from './owner-jobs.js';

const redisUp = await new Promise<boolean>((resolve) => {
  const s = createConnection(6379, '127.0.0.1');
  s.once('connect', () => (s.destroy(), resolve(true)));
  s.once('error', () => resolve(false));
  setTimeout(() => (s.destroy(), resolve(false)), 1000);
});

async function until(fn: () => boolean, ms = 4000): Promise<void> {
  const t0 = Date.now();
  while (!fn()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A job that "runs" every 20 ms when its gate lets it, and says when it is started and stopped. */
function tickingJob(log: string[], name = 'tick'): OwnerJobSpec & { runs: number } {
  const spec = {
    name,
    runs: 0,
    start(mayRun: () => boolean) {
      log.push('start');
      const t = setInterval(() => {
        if (mayRun()) spec.runs++;
      }, 20);
      return { first: Promise.resolve(), stop: () => (clearInterval(t), void log.push('stop')) };
    },
  };
  return spec;
}

describe('scheduled jobs without a lease (one bridge)', () => {
  it('run from start() to stop()', async () => {
    const log: string[] = [];
    const job = tickingJob(log);
    const jobs = new OwnerJobs(null).add(job);
    await jobs.start();
    expect(jobs.names()).toEqual(['tick']);
    await until(() => job.runs >= 2);
    await jobs.stop();
    expect(log).toEqual(['start', 'stop']);
    expect(jobs.names()).toEqual([]);
  });
});

describe.runIf(redisUp || !!process.env.CI)('scheduled jobs on the AMI lease owner (Redis)', () => {
  const clients: Redis[] = [];
  const client = (): Redis => {
    const r = new Redis('redis://127.0.0.1:6379', { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
    r.on('error', () => undefined);
    clients.push(r);
    return r;
  };
  afterAll(() => {
    for (const c of clients) c.disconnect();
  });

  it('run on the owner only, and move to the standby when the owner hands over', async () => {
    const ns = `test:${randomBytes(4).toString('hex')}`;
    const [ra, rb] = [client(), client()];
    await Promise.all([ra.connect(), rb.connect()]);
    const a = new AmiLease(ra, { namespace: ns, bridgeId: 'a', ttlMs: 1000, pollMs: 50 });
    const b = new AmiLease(rb, { namespace: ns, bridgeId: 'b', ttlMs: 1000, pollMs: 50 });
    await a.start();
    await b.start();
    const [logA, logB] = [[] as string[], [] as string[]];
    const [jobA, jobB] = [tickingJob(logA), tickingJob(logB)];
    const ja = new OwnerJobs(a).add(jobA);
    const jb = new OwnerJobs(b).add(jobB);
    await Promise.all([ja.start(), jb.start()]);
    await until(() => jobA.runs >= 3);
    expect([ja.names(), jb.names()]).toEqual([['tick'], []]);
    expect(jobB.runs).toBe(0);

    await a.stop();
    await until(() => jb.names().length === 1 && jobB.runs >= 3);
    expect(ja.names()).toEqual([]);
    expect(logA).toEqual(['start', 'stop']);
    expect(logB).toEqual(['start']);
    const runsA = jobA.runs;
    await until(() => jobB.runs >= 6);
    expect(jobA.runs).toBe(runsA);
    await Promise.all([ja.stop(), jb.stop(), b.stop()]);
    expect(logB).toEqual(['start', 'stop']);
  });

  it('a paused owner: its runs are refused once its lease ran out, and its jobs stop; the standby runs them', async () => {
    const ns = `test:${randomBytes(4).toString('hex')}`;
    const [ra, rb] = [client(), client()];
    await Promise.all([ra.connect(), rb.connect()]);
    // a never renews (its next tick is far away): a process frozen right after acquiring
    const a = new AmiLease(ra, { namespace: ns, bridgeId: 'a', ttlMs: 400, pollMs: 60_000 });
    const b = new AmiLease(rb, { namespace: ns, bridgeId: 'b', ttlMs: 400, pollMs: 40 });
    await a.start();
    await b.start();
    const [logA, logB] = [[] as string[], [] as string[]];
    const [jobA, jobB] = [tickingJob(logA), tickingJob(logB)];
    const ja = new OwnerJobs(a).add(jobA);
    const jb = new OwnerJobs(b).add(jobB);
    await Promise.all([ja.start(), jb.start()]);
    expect(ja.names()).toEqual(['tick']);
    // b takes over at a's TTL; a heard nothing, but its next run is refused and its jobs stop there and then
    await until(() => jb.names().length === 1 && jobB.runs >= 2);
    await until(() => ja.names().length === 0);
    expect(ja.refused.get('tick')).toBeGreaterThanOrEqual(1);
    expect(logA).toEqual(['start', 'stop']);
    const runsA = jobA.runs;
    await until(() => jobB.runs >= 5);
    expect(jobA.runs).toBe(runsA);
    await Promise.all([ja.stop(), jb.stop(), a.stop(), b.stop()]);
  });
});
