/**
 * npm run bench:ivr [-- --rate 20 --seconds 15 --time-scale 0.5 --db sqlite|mysql]
 *
 * 20 IVR calls/s into the simulated Asterisk, as three processes like a deployment: the simulator (`npm run sim`
 * with the repository's dialplan), the IVR (this process: startIvr over ari-client, DomainBackend on a fresh
 * database), and a caller driver (a forked copy of this file) that places calls and presses keys through the
 * simulator's control API. Half the callers book an appointment (identity check, type, day, time, confirm), half
 * browse sites and messages; they press once a prompt has finished or, for some steps, during it (barge-in).
 * The driver's ARI observer (a separate application with subscribeAll) timestamps ChannelDtmfReceived and
 * PlaybackStarted on every caller channel.
 *
 *  - DTMF → next prompt: from the key that completes an entry (a menu key, the 4th digit of the ID's last four) to
 *    the next PlaybackStarted on that channel. No deliberate pause (a timeout) is inside. Target p95 ≤ 100 ms.
 *  - ARI request latency as the IVR sees it (every REST call through the wrapper). Target p99 ≤ 20 ms.
 * Prints JSON on stdout; progress on stderr.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { SimDriver, type ObservedEvent } from '../test/support/sim-driver.js';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '15' },
    'time-scale': { type: 'string', default: '0.5' },
    db: { type: 'string', default: 'sqlite' },
    role: { type: 'string', default: 'ivr' },
  },
});
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const TIME_SCALE = Number(args['time-scale']);
const CALLS = Math.round(RATE * SECONDS);
const REPO = resolve(import.meta.dirname, '../../..');

function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 100) / 100;
}
const stats = (xs: number[]): { samples: number; p50: number; p95: number; p99: number; max: number } => ({ samples: xs.length, p50: pct(xs, 50), p95: pct(xs, 95), p99: pct(xs, 99), max: pct(xs, 100) });
const progress = (msg: string): void => void process.stderr.write(`[bench:ivr] ${msg}\n`);

interface DriverTask {
  controlUrl: string;
  ariUrl: string;
  user: string;
  pass: string;
  calls: number;
  rate: number;
  donors: { phone: string; last4: string }[];
}

interface DriverResult {
  placed: number;
  placedPerSec: number;
  completed: number;
  failed: number;
  stuck: number;
  dtmfToPromptMs: number[];
  wallSeconds: number;
}

// ════════════════════════════════════════ the caller driver (child) ═════════════════════════════════════════
interface Step {
  prompt: string;
  keys: string;
  /** Press while the prompt plays (barge-in) instead of after it. */
  barge?: boolean;
}

interface Caller {
  callId: string;
  steps: Step[];
  index: number;
  end: string;
  playbackOfStep: string | null;
  lastKey: string | null;
  keyAt: number | null;
  done: boolean;
}

async function runDriver(task: DriverTask): Promise<DriverResult> {
  const post = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
    const r = await fetch(`${task.controlUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${task.user}:${task.pass}`).toString('base64')}` },
      body: JSON.stringify(body),
    });
    const text = await r.text();
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${text}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
  const callers = new Map<string, Caller>();
  const seenPlayback = new Set<string>();
  const samples: number[] = [];
  let completed = 0;
  let failed = 0;

  const press = (c: Caller, step: Step): void => {
    c.index++;
    c.lastKey = step.keys.at(-1)!;
    void post(`/calls/${c.callId}/dtmf`, { digits: step.keys, gapMs: 40 }).catch(() => undefined);
  };
  const finish = (c: Caller, ok: boolean): void => {
    if (c.done) return;
    c.done = true;
    if (ok) completed++;
    else failed++;
    if (ok) void post(`/calls/${c.callId}/hangup`, {}).catch(() => undefined);
  };
  const onEvent = (e: ObservedEvent): void => {
    const c = e.channelId ? callers.get(e.channelId) : undefined;
    if (!c || c.done) return;
    if (e.type === 'ChannelDtmfReceived' && c.lastKey !== null && e.digit === c.lastKey) {
      c.keyAt = e.at; // the key that completes the entry
      c.lastKey = null;
      return;
    }
    if (e.type === 'PlaybackStarted') {
      const pbId = (e.raw.playback as { id: string }).id;
      if (!seenPlayback.has(pbId)) {
        seenPlayback.add(pbId);
        if (c.keyAt !== null) {
          samples.push(e.at - c.keyAt);
          c.keyAt = null;
        }
      }
      if (c.index >= c.steps.length && e.media === `sound:donorline/${c.end}`) return finish(c, true);
      const step = c.steps[c.index];
      if (step && e.media === `sound:donorline/${step.prompt}`) {
        if (step.barge) setTimeout(() => press(c, step), 30);
        else c.playbackOfStep = pbId;
      }
      return;
    }
    if (e.type === 'PlaybackFinished') {
      const step = c.steps[c.index];
      if (step && c.playbackOfStep === (e.raw.playback as { id: string }).id) {
        c.playbackOfStep = null;
        setTimeout(() => press(c, step), 20); // the caller listened to the end
      }
      return;
    }
    if (e.type === 'ChannelDestroyed') finish(c, false);
  };
  const observer = await SimDriver.open(task.ariUrl, task.user, task.pass, 'dl-bench-observer', { onEvent, keep: false });

  const scenario = (i: number): { from: string; steps: Step[]; end: string } => {
    if (i % 2 === 0) {
      const d = task.donors[i / 2]!;
      return {
        from: d.phone,
        end: 'booking-done',
        steps: [
          { prompt: 'main-menu', keys: '2', barge: i % 4 === 0 },
          { prompt: 'id-enter-last4', keys: d.last4 },
          { prompt: 'choose-type', keys: '1' },
          { prompt: 'choose-day', keys: String((i % 3) + 1) },
          { prompt: 'choose-slot', keys: '1', barge: true },
          { prompt: 'you-chose', keys: '1' },
        ],
      };
    }
    return {
      from: `1380000${String(i).padStart(4, '0')}`,
      end: 'main-menu',
      steps: [
        { prompt: 'main-menu', keys: '3' },
        { prompt: 'sites-intro', keys: '1', barge: true },
        { prompt: 'sites-details-menu', keys: '2' },
        { prompt: 'how-to-prepare', keys: '*', barge: true },
        { prompt: 'main-menu', keys: '4', barge: true },
        { prompt: 'messages-menu', keys: '*' },
      ],
    };
  };

  const t0 = performance.now();
  await new Promise<void>((done) => {
    let i = 0;
    const timer = setInterval(() => {
      const s = scenario(i++);
      void post('/calls', { from: s.from, to: '96606' }).then((placed) => {
        callers.set(String(placed.uniqueid), { callId: String(placed.callId), steps: s.steps, end: s.end, index: 0, playbackOfStep: null, lastKey: null, keyAt: null, done: false });
      });
      if (i >= task.calls) {
        clearInterval(timer);
        done();
      }
    }, 1000 / task.rate);
  });
  const placedIn = (performance.now() - t0) / 1000;
  const deadline = performance.now() + 120_000;
  while (completed + failed < task.calls && performance.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  observer.close();
  return {
    placed: task.calls,
    placedPerSec: Math.round((task.calls / placedIn) * 10) / 10,
    completed,
    failed,
    stuck: task.calls - completed - failed,
    dtmfToPromptMs: samples,
    wallSeconds: Math.round(((performance.now() - t0) / 1000) * 10) / 10,
  };
}

if (args.role === 'driver') {
  process.once('message', (task: DriverTask) => {
    void runDriver(task).then((r) => {
      process.send!(r, () => process.exit(0));
    });
  });
} else {
  await runIvrBench();
}

// ═══════════════════════════════════════ the IVR process (parent) ═══════════════════════════════════════════
async function runIvrBench(): Promise<void> {
  const { addDays, completeNationalId, createDomainServices, DEMO_PII_KEYS, localDateOf, openDatabase, dbConfigFromUrl } = await import('@donorline/domain/node');
  const { buildDonor, buildSite, buildSlot } = await import('@donorline/domain/testing');
  const { DomainBackend } = await import('../src/backend/domain-backend.js');
  const { loadConfig } = await import('../src/config.js');
  const { startIvr } = await import('../src/ivr.js');
  const { catalogueItems, renderPrompts } = await import('../src/prompts/prompt-renderer.js');
  const { silentLogger } = await import('../src/runtime/logger.js');

  const soundsDir = join(REPO, 'asterisk', 'sounds');
  const rendered = await renderPrompts(catalogueItems(), { soundsDir });
  progress(`prompts: ${rendered.rendered} rendered, ${rendered.skipped} up to date (${rendered.seconds} s)`);

  const tmp = mkdtempSync(join(tmpdir(), 'dl-bench-ivr-'));
  const children: ChildProcess[] = [];
  const cleanup = (): void => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    // ── database: a site with room, one donor per booking call ──
    const ds = await openDatabase(args.db === 'mysql' ? dbConfigFromUrl(process.env.MYSQL_TEST_URL ?? 'mysql://root@127.0.0.1:3306/donorline_ci') : { kind: 'sqlite', file: join(tmp, 'bench.sqlite') });
    const services = createDomainServices(ds, { pii: DEMO_PII_KEYS });
    const today = localDateOf(new Date());
    const at = (day: string, hhmm: string): Date => new Date(`${day}T${hhmm}:00+08:00`);
    const site = await buildSite(ds, { capabilities: ['whole-blood', 'platelets'] });
    for (let d = 1; d <= 7; d++) for (const t of ['09:00', '14:00']) await buildSlot(ds, site.id, { type: 'whole-blood', startsAt: at(addDays(today, d), t), capacity: 100_000 });
    const donors: { phone: string; last4: string }[] = [];
    const stamp = String(Date.now() % 1000).padStart(3, '0');
    for (let i = 0; i < Math.ceil(CALLS / 2); i++) {
      const phone = `139${stamp}${String(i).padStart(5, '0')}`;
      const k = Math.floor(i / 1000);
      const nid = completeNationalId(`3702021990${String((k % 12) + 1).padStart(2, '0')}${String((Math.floor(k / 12) % 28) + 1).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`);
      await buildDonor(ds, { phones: [`+86${phone}`], nationalId: nid });
      donors.push({ phone, last4: nid.slice(-4).replace('X', i % 2 ? '*' : '0') }); // an X is keyed as * or 0
    }
    progress(`database ready: ${donors.length} donors, 14 slots (${args.db})`);

    // ── the simulator, in its own process ──
    const sim = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'packages/asterisk-sim/src/main.ts')], {
      cwd: REPO,
      env: { ...process.env, SIM_AMI_PORT: '0', SIM_ARI_PORT: '0', SIM_TIME_SCALE: String(TIME_SCALE), SIM_SPEECH: '0', SIM_LOG_LEVEL: 'error', SIM_RECORDINGS_DIR: join(tmp, 'rec'), SIM_SOUNDS_DIR: soundsDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(sim);
    const info = await new Promise<{ ari: string; control: string; username: string }>((resolveInfo, reject) => {
      const rl = createInterface({ input: sim.stdout! });
      rl.on('line', (line) => {
        try {
          const j = JSON.parse(line) as { ari?: string; control?: string; username?: string };
          if (j.ari && j.control) resolveInfo(j as { ari: string; control: string; username: string });
        } catch {
          // log lines
        }
      });
      sim.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
    });
    const secret = process.env.SIM_SECRET ?? 'donorline';
    progress(`simulator up at ${info.ari}`);

    // ── the IVR, here ──
    const ariLatency: number[] = [];
    const byOp = new Map<string, number[]>();
    let ariFailures = 0;
    const backend = new DomainBackend({ services, ariRecordingsDir: join(tmp, 'rec', 'ari') });
    const ivr = await startIvr(loadConfig({ ARI_URL: info.ari.replace('http://', `http://${info.username}:${secret}@`) }), {
      backend,
      log: silentLogger,
      clock: () => at(today, '10:00'),
      onRequest: (op, ms, ok) => {
        if (!ok) ariFailures++;
        ariLatency.push(ms);
        (byOp.get(op) ?? byOp.set(op, []).get(op)!).push(ms);
      },
    });

    // ── the callers, in a third process ──
    const driver = fork(import.meta.filename, ['--role', 'driver'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.push(driver);
    progress(`placing ${CALLS} calls at ${RATE}/s (time scale ${TIME_SCALE})`);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await new Promise<DriverResult>((resolveResult, reject) => {
      driver.once('message', (m) => resolveResult(m as DriverResult));
      driver.once('exit', (code) => code !== 0 && reject(new Error(`driver exited (${code})`)));
      driver.send({ controlUrl: info.control, ariUrl: info.ari, user: info.username, pass: secret, calls: CALLS, rate: RATE, donors } satisfies DriverTask);
    });
    const cpu = process.cpuUsage(cpu0);
    const ivrCpuPct = Math.round(((cpu.user + cpu.system) / 1000 / (performance.now() - t0)) * 100);
    const booked = Number(((await ds.query("SELECT COUNT(*) AS n FROM appointment WHERE status = 'booked' AND channel = 'ivr'")) as { n: number }[])[0]!.n);
    await ivr.stop();
    await ds.destroy();

    const ops: Record<string, ReturnType<typeof stats>> = {};
    for (const [op, xs] of byOp) ops[op] = stats(xs);
    const dtmf = stats(result.dtmfToPromptMs);
    const ari = stats(ariLatency);
    console.log(
      JSON.stringify(
        {
          bench: 'ivr',
          setup: { processes: ['simulator', 'ivr', 'caller-driver'], timeScale: TIME_SCALE, db: args.db, cores: (await import('node:os')).availableParallelism() },
          calls: { placed: result.placed, ratePerSec: result.placedPerSec, completed: result.completed, failed: result.failed, stuck: result.stuck, appointmentsBooked: booked, wallSeconds: result.wallSeconds, ivrCpuPct },
          dtmfToNextPromptMs: dtmf,
          ariRequestMs: { ...ari, failures: ariFailures, byOp: ops },
          targets: { dtmfToNextPromptP95Ms: 100, ariRequestP99Ms: 20 },
          pass: dtmf.p95 <= 100 && ari.p99 <= 20 && result.stuck === 0 && result.failed === 0,
        },
        null,
        2,
      ),
    );
  } finally {
    cleanup();
  }
  process.exit(0);
}
