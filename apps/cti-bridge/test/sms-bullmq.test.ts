/**
 * Several bridges, one outbox, real Redis (issue 12): two bridges' BullMQ job schedulers for the day-before
 * reminders register one scheduler and run each occurrence once (not once per bridge); two outbox workers on one
 * database (SQLite and MariaDB) against the simulated gateway send every message exactly once between them.
 */
import { randomUUID } from 'node:crypto';
import { Queue, type Job } from 'bullmq';
import { afterAll, expect, it, vi } from 'vitest';
import { SMS_TEMPLATE_DEFS, SMS_TEMPLATE_KEYS } from '@donorline/domain';
import { createDomainServices, DEMO_PII_KEYS, enqueueSms, type SmsEnqueue } from '@donorline/domain/node';
import { describeEachDb } from '@donorline/domain/testing';
import { startSmsSim } from '@donorline/sms-sim';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { AliyunSmsAdapter, SmsWorker } from '../src/messaging/index.js';
import { bullmqSchedule, redisConnection } from '../src/messaging/sms-schedule.js';

const REDIS = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const queues: string[] = [];

afterAll(async () => {
  for (const name of queues) {
    const q = new Queue(name, { connection: redisConnection(REDIS) });
    await q.obliterate({ force: true });
    await q.close();
  }
});

it('two bridges’ schedulers: one scheduler in Redis, each occurrence run by exactly one bridge', async () => {
  const name = `dl-test-sms-${randomUUID().slice(0, 8)}`;
  queues.push(name);
  const runs: { bridge: string; id: string }[] = [];
  const job = () => [{ id: 'sms-reminders', pattern: '* * * * * *', run: async () => undefined }];
  const onRun = (bridge: string) => (j: Job) => runs.push({ bridge, id: String(j.id) });
  const a = await bullmqSchedule(job(), { redisUrl: REDIS, logger: silentLogger, queueName: name, onRun: onRun('a') });
  const b = await bullmqSchedule(job(), { redisUrl: REDIS, logger: silentLogger, queueName: name, onRun: onRun('b') });
  try {
    await vi.waitFor(() => expect(runs.length).toBeGreaterThanOrEqual(3), { timeout: 15_000, interval: 100 });
  } finally {
    await a.stop();
    await b.stop();
  }
  const ids = runs.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length); // no occurrence ran twice
  const q = new Queue(name, { connection: redisConnection(REDIS) });
  expect((await q.getJobSchedulers()).map((s) => s.key ?? s.id)).toHaveLength(1);
  await q.close();
}, 30_000);

describeEachDb('two outbox workers on one database', (ctx) => {
  it('send every message exactly once between them', async () => {
    const config = loadConfig({ SMS_PROVIDER: 'sim', SMS_CALLBACK_TOKEN: 'two-workers-token-0123456789', SMS_QUIET_HOURS: 'off', SMS_RETRY_BASE_MS: '20', SMS_CONCURRENCY: '8', SMS_RATE_PER_SECOND: '1000', PII_KEY: 'a1'.repeat(32), JWT_SECRET: 'two-workers-jwt-secret-0123456789abcdef', DATA_DIR: '/tmp/dl-sms-two' }, process.cwd());
    const sim = await startSmsSim({
      accessKeyId: config.sms.accessKeyId, accessKeySecret: config.sms.accessKeySecret, seed: 3,
      templates: Object.fromEntries(SMS_TEMPLATE_KEYS.map((k) => [config.sms.templateCodes[k], SMS_TEMPLATE_DEFS[k].text])),
      faults: { http5xxRate: 0.05 },
    });
    const services = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, lookupCache: false });
    const N = 300;
    const msgs: SmsEnqueue[] = Array.from({ length: N }, (_, i) => ({ to: `+86137${String(20_000_000 + i).slice(-8)}`, template: 'appointment-reminder', payload: { name: `甲${i}`, when: '09:30', site: '献血屋' }, body: 'x', ref: `two:${i}`, dedupKey: `two:${i}` }));
    await ctx.ds.transaction((m) => enqueueSms(m, msgs, new Date(), null));
    const worker = () => new SmsWorker({ store: services.messaging.store, provider: new AliyunSmsAdapter({ ...config.sms, endpoint: sim.url }, 'sim'), config: config.sms, logger: silentLogger, pollMs: 20 });
    const w1 = worker();
    const w2 = worker();
    w1.start();
    w2.start();
    try {
      await vi.waitFor(async () => {
        const [r] = (await ctx.ds.query("SELECT COUNT(*) AS n FROM sms_outbox WHERE ref LIKE 'two:%' AND status = 'sent'")) as { n: number }[];
        expect(Number(r!.n)).toBe(N);
      }, { timeout: 30_000, interval: 100 });
    } finally {
      await w1.stop();
      await w2.stop();
      await sim.stop();
    }
    const s = sim.stats() as { accepted: number; duplicates: number; distinctOutIds: number; faulted: number };
    expect(s).toMatchObject({ accepted: N, duplicates: 0, distinctOutIds: N });
    expect(s.faulted).toBeGreaterThan(0); // retries happened
    expect(w1.stats.sent + w2.stats.sent).toBe(N);
    expect(Math.min(w1.stats.sent, w2.stats.sent)).toBeGreaterThan(0); // both really worked
  }, 60_000);
});
