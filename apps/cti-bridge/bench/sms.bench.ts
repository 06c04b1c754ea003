/**
 * npm run bench:sms [-- --messages 6000 --donations 10000 --fail 0.05 --replies 1000]
 *
 * The SMS outbox against the simulated gateway, over real HTTP with the Aliyun RPC signature, on a throwaway SQLite
 * database:
 *  1. throughput: `messages` queued, sent by the in-process worker (32 in flight, 400/s provider limit) while the
 *     gateway fails 5 % of requests (2.5 % HTTP 503, 2.5 % isp.SYSTEM_ERROR), retried with back-off.
 *     Aims: ≥ 200 messages/s sustained (10 %→90 % of the run), 0 lost (every message sent), 0 duplicated (the
 *     gateway counts accepted messages per OutId), RSS bounded (peak − start ≤ 150 MB).
 *  2. survey loop: `donations` of today ingested through the BECS ingest (batches of 1,000) → the survey subscriber
 *     enqueues, the worker sends; then `replies` donors reply through the gateway (half 不满意/1/2, half 5/满意) to
 *     the bridge's real /api/sms/inbound route. Aims: every survey sent ≤ 60 s after its donation arrived; every
 *     unsatisfied reply a callback task ≤ 5 s after the donor sent it.
 * Prints one JSON document; "pass" only when every aim is met.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { SMS_TEMPLATE_DEFS, SMS_TEMPLATE_KEYS } from '@donorline/domain';
import { createDomainServices, DEMO_PII_KEYS, enqueueSms, type SmsEnqueue } from '@donorline/domain/node';
import { becsDonor, openTestDatabase } from '@donorline/domain/testing';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { startMessaging } from '../src/messaging/index.js';
import { smsCallbackRoutes } from '../src/http/routes/sms-callbacks.routes.js';
import type { Api, HttpDeps } from '../src/http/http-deps.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '6000' }, donations: { type: 'string', default: '10000' }, fail: { type: 'string', default: '0.05' }, replies: { type: 'string', default: '1000' } } });
const N = Number(values.messages);
const DONATIONS = Number(values.donations);
const FAIL = Number(values.fail);
const REPLIES = Math.min(Number(values.replies), DONATIONS);
const TOKEN = 'bench-sms-callback-token-0123456789';

const mb = (): number => Math.round(process.memoryUsage().rss / 1048576);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const num = (v: unknown): number => Number(v ?? 0);

/** The gateway in its own process (bench/sms-sim.child.ts), driven over its control API. */
async function simProcess(options: Record<string, unknown>) {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./sms-sim.child.ts', import.meta.url).pathname], {
    env: { ...process.env, SMS_SIM_OPTIONS: JSON.stringify(options) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const url = (JSON.parse(line) as { url: string }).url;
  const control = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const r = await fetch(`${url}/control/${path}`, { method, ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
    return (await r.json()) as Record<string, unknown>;
  };
  return {
    url,
    stats: () => control('GET', 'stats'),
    reply: async (phone: string, content: string) => (await control('POST', 'reply', { phone, content })).reply as { pushed: boolean },
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

async function main(): Promise<void> {
  const db = await openTestDatabase('sqlite');
  const env = { SMS_PROVIDER: 'sim', SMS_CALLBACK_TOKEN: TOKEN, SMS_QUIET_HOURS: 'off', SMS_RATE_PER_SECOND: '400', SMS_CONCURRENCY: '32', SMS_RETRY_BASE_MS: '200', SMS_MAX_ATTEMPTS: '10', PII_KEY: 'a1'.repeat(32), JWT_SECRET: 'bench-jwt-secret-0123456789abcdef0123456789', DATA_DIR: '/tmp/dl-sms-bench' };
  const config = loadConfig(env, process.cwd());
  const services = createDomainServices(db.ds, { pii: DEMO_PII_KEYS, lookupCache: false });
  // the bridge's real callback routes on their own Fastify (the rest of the API is not under test here)
  const app = Fastify({ logger: false });
  smsCallbackRoutes(app as unknown as Api, { config, services } as unknown as HttpDeps);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const sim = await simProcess({
    accessKeyId: config.sms.accessKeyId, accessKeySecret: config.sms.accessKeySecret, reportDelayMs: 200, seed: 7,
    templates: Object.fromEntries(SMS_TEMPLATE_KEYS.map((k) => [config.sms.templateCodes[k], SMS_TEMPLATE_DEFS[k].text])),
    reportUrl: `${base}/api/sms/reports?token=${TOKEN}`, inboundUrl: `${base}/api/sms/inbound?token=${TOKEN}`,
    faults: { http5xxRate: FAIL / 2, errorRate: FAIL / 2 },
  });
  const messaging = startMessaging({ config: { ...config.sms, endpoint: sim.url }, services, logger: silentLogger, pollMs: 50 });
  const worker = messaging.worker!;

  // --- 1. throughput --------------------------------------------------------------------------------------------
  const rss0 = mb();
  let rssPeak = rss0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, mb())), 250);
  const msgs: SmsEnqueue[] = Array.from({ length: N }, (_, i) => ({
    to: `+86139${String(10_000_000 + i).slice(-8)}`, template: 'voice-reply', payload: { name: `献血者${i}` }, body: 'bench', ref: `bench:${i}`, dedupKey: `bench:${i}`,
  }));
  const t0 = Date.now();
  const marks: number[] = [];
  await db.ds.transaction((m) => enqueueSms(m, msgs, new Date(), null));
  worker.kick();
  for (;;) {
    const [r] = await db.ds.query("SELECT SUM(CASE WHEN status IN ('sent', 'delivered', 'undelivered') THEN 1 ELSE 0 END) AS done, SUM(CASE WHEN status IN ('failed', 'parked', 'suppressed') THEN 1 ELSE 0 END) AS lost FROM sms_outbox WHERE ref LIKE 'bench:%'") as Record<string, unknown>[];
    const done = num(r?.done);
    while (marks.length < 9 && done >= (N * (marks.length + 1)) / 10) marks.push(Date.now());
    if (done + num(r?.lost) >= N || Date.now() - t0 > 300_000) break;
    await sleep(100);
  }
  const elapsed = (Date.now() - t0) / 1000;
  const [tp] = await db.ds.query("SELECT SUM(CASE WHEN status IN ('sent', 'delivered', 'undelivered') THEN 1 ELSE 0 END) AS sent, SUM(CASE WHEN status NOT IN ('sent', 'delivered', 'undelivered') THEN 1 ELSE 0 END) AS notSent, SUM(attempts) AS attempts FROM sms_outbox WHERE ref LIKE 'bench:%'") as Record<string, unknown>[];
  const sustained = marks.length >= 9 ? (0.8 * N) / ((marks[8]! - marks[0]!) / 1000) : 0;
  const simStats = (await sim.stats()) as { accepted: number; faulted: number; duplicates: number; distinctOutIds: number };
  const throughput = {
    messages: N, seconds: +elapsed.toFixed(1), perSecondOverall: Math.round(N / elapsed), perSecondSustained: Math.round(sustained),
    sent: num(tp?.sent), lost: num(tp?.notSent), attempts: num(tp?.attempts), injectedFailures: simStats.faulted, gatewayAccepted: simStats.accepted,
    duplicated: simStats.duplicates + (simStats.accepted - simStats.distinctOutIds), rssStartMb: rss0, rssPeakMb: rssPeak,
  };

  // --- 2. the survey loop ----------------------------------------------------------------------------------------
  const ingest = services.integration.ingest;
  const fixtures = Array.from({ length: DONATIONS }, (_, i) => becsDonor(i, 'SMB'));
  for (let i = 0; i < DONATIONS; i += 1000) {
    await ingest.ingest('donors', fixtures.slice(i, i + 1000).map((d) => ({ donorNo: d.donorNo, name: d.name, nationalId: d.nationalId, phones: [d.mobile] })), { apiKeyId: null });
  }
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const arrival = new Map<string, number>();
  const t1 = Date.now();
  for (let i = 0; i < DONATIONS; i += 1000) {
    const part = fixtures.slice(i, i + 1000);
    const res = await ingest.ingest('donations', part.map((d, j) => ({ donationNo: `SMB-D${i + j}`, donorNo: d.donorNo, date: today, product: '全血', volume: '400ml' })), { apiKeyId: null });
    const at = Date.now();
    for (const r of res.results) if (r.id !== null) arrival.set(`donation:${r.id}`, at);
  }
  const ingestSeconds = (Date.now() - t1) / 1000;
  let surveyRows: Record<string, unknown>[];
  for (;;) {
    surveyRows = await db.ds.query("SELECT ref, status, sent_at FROM sms_outbox WHERE template = 'survey'") as Record<string, unknown>[];
    const sent = surveyRows.filter((r) => r.sent_at !== null).length;
    if ((surveyRows.length >= arrival.size && sent >= surveyRows.length) || Date.now() - t1 > 90_000) break;
    await sleep(250);
  }
  const surveyStatuses = (await db.ds.query("SELECT status, COUNT(*) AS n, MIN(last_error) AS reason FROM sms_outbox WHERE template = 'survey' GROUP BY status") as Record<string, unknown>[])
    .map((r) => ({ status: String(r.status), n: num(r.n), ...(r.reason ? { reason: String(r.reason) } : {}) }));
  const lat = surveyRows.filter((r) => r.sent_at !== null && arrival.has(String(r.ref)))
    .map((r) => (new Date(`${String(r.sent_at).replace(' ', 'T')}Z`).getTime() - arrival.get(String(r.ref))!) / 1000).sort((a, b) => a - b);
  // replies: the first REPLIES donors, half unsatisfied
  const replyLat: number[] = [];
  let unsatisfied = 0;
  let tasksMissing = 0;
  const texts = ['不满意', '1', '2', '5', '满意', '4'];
  let k = 0;
  const lanes = Array.from({ length: 16 }, async () => {
    while (k < REPLIES) {
      const i = k++;
      const text = texts[i % texts.length]!;
      const bad = i % texts.length < 3;
      const phone = fixtures[i]!.mobile;
      const s = Date.now();
      const r = await sim.reply(phone, text);
      if (!bad) continue;
      unsatisfied++;
      const [row] = await db.ds.query("SELECT i.ticket_id, t.created_at FROM sms_inbound i LEFT JOIN ticket t ON t.id = i.ticket_id WHERE i.from_e164 = ? AND i.content = ? ORDER BY i.id DESC LIMIT 1", [`+86${phone}`, text]) as Record<string, unknown>[];
      if (!r.pushed || !row?.ticket_id) tasksMissing++;
      else replyLat.push((Date.now() - s) / 1000);
    }
  });
  await Promise.all(lanes);
  replyLat.sort((a, b) => a - b);
  const survey = {
    donations: DONATIONS, ingestSeconds: +ingestSeconds.toFixed(1), surveysEnqueued: surveyRows.length, surveysSent: lat.length, surveyStatuses,
    sendLatencySeconds: { p50: lat[Math.floor(lat.length / 2)] ?? null, p99: lat[Math.floor(lat.length * 0.99)] ?? null, max: lat[lat.length - 1] ?? null },
    replies: REPLIES, unsatisfiedReplies: unsatisfied, tasksMissing, taskLatencySeconds: { p50: replyLat[Math.floor(replyLat.length / 2)] ?? null, max: replyLat[replyLat.length - 1] ?? null },
  };
  clearInterval(sampler);

  const aims = {
    throughputPerSecond: { aim: '≥ 200 sustained', ok: throughput.perSecondSustained >= 200 },
    lost: { aim: 0, ok: throughput.lost === 0 },
    duplicated: { aim: 0, ok: throughput.duplicated === 0 },
    rss: { aim: 'peak − start ≤ 150 MB', ok: rssPeak - rss0 <= 150 },
    surveyWithin60s: { aim: 'every survey sent ≤ 60 s after its donation arrived', ok: survey.surveysSent === DONATIONS && (survey.sendLatencySeconds.max ?? Infinity) <= 60 },
    taskWithin5s: { aim: 'every unsatisfied reply a task ≤ 5 s', ok: tasksMissing === 0 && (survey.taskLatencySeconds.max ?? Infinity) <= 5 },
  };
  await messaging.stop();
  await sim.stop();
  await app.close();
  await db.close();
  console.log(JSON.stringify({
    bench: 'sms', database: 'sqlite', provider: 'sim (Aliyun dysmsapi RPC over HTTP)', injectedFailureRate: FAIL, workerStats: worker.stats, throughput, survey, aims,
    pass: Object.values(aims).every((a) => a.ok),
  }, null, 2));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
