/**
 * npm run bench:pbx [-- --calls 200 --rate 5 --agents 50 --talk 3000 --number 96607]
 *
 * Real SIP calls (SIPp, Debian's sip-tester) against a REAL Asterisk loaded with asterisk/, and the bridge exactly as
 * production runs it (apps/cti-bridge/bench/bridge-runner.ts: buildBridge on AMI_URL/ARI_URL, a seeded SQLite DB):
 *   1. `agents` phones register (agent-register.xml) from one local port, then one SIPp UAS answers for all of them
 *      there (agent-phone.xml: rings 300 ms, answers, plays G.711, talks until the PBX hangs up);
 *   2. every agent's desk connects over Socket.IO and takes its seat (QueueAdd hotline);
 *   3. donors call `number` through the carrier trunk (donor-call.xml from the carrier's address): `calls` calls at
 *      `rate`/s, each stays `talk` ms after the answer and hangs up;
 *   4. each desk saves a disposition (POST /api/calls/:callId/disposition) when its call ends.
 * Measured: the agent's phone starting to ring (AgentCalled on a second AMI session) → the pop on that agent's socket
 * (p99 aim ≤ 20 ms), and SIP INVITE (SIPp's clock, same host) → pop beside it; then every call's record must be
 * complete: ended, the agent on it, a recording with audio, the disposition.
 *
 * Needs (skipped when PBX_AMI_URL / PBX_ARI_URL are not set — prints {"skipped":true}):
 *   PBX_AMI_URL=tcp://donorline:<AMI_SECRET>@127.0.0.1:5038  PBX_ARI_URL=http://donorline-bridge:<secret>@127.0.0.1:8088
 *   PBX_SIP              Asterisk's SIP address (default <AMI host>:5060)
 *   PBX_CARRIER_ADDRESS  local address SIPp sends from as the carrier (= CARRIER_MATCH; default 127.0.0.2)
 *   PBX_CARRIER_PORT     its port (= CARRIER_PORT, default 5080; SIPp there answers the trunk's OPTIONS)
 *   PBX_AGENT_PASSWORDS  "ext password" per line (docker-entrypoint.sh's agents.passwords; default
 *                        /var/lib/asterisk/generated/agents.passwords)
 *   PBX_AGENT_ADDRESS / PBX_AGENT_PORT  where the agents' SIPp phone listens (default 127.0.0.1:5071)
 *   PBX_RECORDINGS_DIR   Asterisk's monitor folder as this host reads it (default /var/spool/asterisk/monitor)
 *   PBX_RECORDINGS_PBX_DIR  the same folder as Asterisk names it (default PBX_RECORDINGS_DIR)
 * Prints one JSON document with `pass`. Every SIPp process it starts is stopped at the end.
 */
import { spawn, fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@donorline/domain';
import { DEMO_DONORS } from '@donorline/domain/node';
import { buildUser } from '@donorline/domain/testing';
import { AmiClient } from '../../../apps/cti-bridge/src/ami/ami-client.js';
import { createAuth } from '../../../apps/cti-bridge/src/auth/index.js';
import { loadConfig } from '../../../apps/cti-bridge/src/config.js';
import { openBridgeDatabase } from '../../../apps/cti-bridge/src/db/index.js';

const { values: args } = parseArgs({
  options: {
    calls: { type: 'string', default: '200' },
    rate: { type: 'string', default: '5' },
    agents: { type: 'string', default: '50' },
    talk: { type: 'string', default: '3000' },
    number: { type: 'string', default: process.env.PBX_HOTLINE_NUMBER || '96607' },
  },
});
const CALLS = Number(args.calls);
const RATE = Number(args.rate);
const AGENTS = Number(args.agents);
const TALK = Number(args.talk);
const AIM_POP_P99_MS = 20;

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../../..');
const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const log = (m: string): void => void process.stderr.write(`[bench:pbx] ${m}\n`);
const r2 = (n: number): number => Math.round(n * 100) / 100;

function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return r2(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
}
function summary(xs: number[]): { n: number; p50: number | null; p95: number | null; p99: number | null; max: number | null } {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.length ? r2(s[s.length - 1]!) : null };
}

const AMI_URL = process.env.PBX_AMI_URL?.trim();
const ARI_URL = process.env.PBX_ARI_URL?.trim();

interface Sipp {
  proc: ChildProcess;
  done: Promise<number>;
}
const started: ChildProcess[] = [];
function sipp(argv: string[], name: string, dir: string): Sipp {
  const proc = spawn('sipp', [...argv, '-nostdin', '-trace_err', '-error_file', path.join(dir, `${name}-errors.log`)], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  started.push(proc);
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<number>((resolve) => proc.on('exit', (code) => {
    if (code && code !== 0 && err.trim()) log(`${name}: ${err.trim().split('\n').slice(-2).join(' | ')}`);
    resolve(code ?? -1);
  }));
  return { proc, done };
}

function stopAll(): void {
  for (const p of started) if (p.exitCode === null && p.pid) p.kill('SIGTERM');
}
process.on('exit', stopAll);

async function main(): Promise<void> {
  if (!AMI_URL || !ARI_URL) {
    console.log(JSON.stringify({ skipped: true, reason: 'no real Asterisk configured: set PBX_AMI_URL and PBX_ARI_URL (see test/pbx/sipp/bench.ts)', pass: false }, null, 2));
    return;
  }
  const ami = new URL(AMI_URL);
  const sipTarget = process.env.PBX_SIP || `${ami.hostname}:5060`;
  const carrierAddr = process.env.PBX_CARRIER_ADDRESS || '127.0.0.2';
  const carrierPort = process.env.PBX_CARRIER_PORT || '5080';
  const agentAddr = process.env.PBX_AGENT_ADDRESS || '127.0.0.1';
  const agentPort = process.env.PBX_AGENT_PORT || '5071';
  const pwFile = process.env.PBX_AGENT_PASSWORDS || '/var/lib/asterisk/generated/agents.passwords';
  const recDir = process.env.PBX_RECORDINGS_DIR || '/var/spool/asterisk/monitor';
  const recPbxDir = process.env.PBX_RECORDINGS_PBX_DIR || recDir;
  if (!existsSync(pwFile)) throw new Error(`no agent passwords at ${pwFile} (PBX_AGENT_PASSWORDS)`);
  const passwords = readFileSync(pwFile, 'utf8').trim().split('\n').map((l) => l.trim().split(/\s+/)).filter((x) => /^\d+$/.test(x[0] ?? '') && x[1]);
  const agents = passwords.slice(0, AGENTS);
  if (agents.length < AGENTS) throw new Error(`only ${agents.length} agent passwords in ${pwFile}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'dl-bench-pbx-'));

  // --- the phones --------------------------------------------------------------------------------------------
  writeFileSync(path.join(dir, 'agents.csv'), `SEQUENTIAL\n${agents.map(([ext, pw]) => `${ext};[authentication username=${ext} password=${pw}]`).join('\n')}\n`);
  const reg = sipp([sipTarget, '-sf', path.join(here, 'agent-register.xml'), '-inf', path.join(dir, 'agents.csv'), '-i', agentAddr, '-p', agentPort, '-m', String(agents.length), '-r', '50', '-timeout', '30s'], 'register', dir);
  if ((await reg.done) !== 0) throw new Error('the agents could not register (see register-errors.log)');
  log(`${agents.length} agent phones registered at ${agentAddr}:${agentPort}`);
  const phones = sipp(['-sf', path.join(here, 'agent-phone.xml'), '-i', agentAddr, '-p', agentPort, '-mi', agentAddr, '-mp', '16000', '-aa', '-l', String(agents.length * 2)], 'phones', dir);

  const observer = new AmiClient({ host: ami.hostname, port: Number(ami.port || 5038), username: decodeURIComponent(ami.username), secret: decodeURIComponent(ami.password) });
  observer.start();
  for (let i = 0; i < 100 && observer.state !== 'up'; i++) await sleep(100);
  if (observer.state !== 'up') throw new Error(`AMI login failed: ${observer.lastReason}`);
  // Asterisk qualifies each contact within qualify_frequency (30 s): wait until every phone is reachable
  const exts = agents.map(([e]) => e!);
  const t0q = now();
  for (;;) {
    const list = await observer.list('DeviceStateList');
    const states = new Map(list.items.map((m) => [m.h.device, m.h.state]));
    const down = exts.filter((e) => states.get(`PJSIP/${e}`) !== 'NOT_INUSE');
    if (!down.length) break;
    if (now() - t0q > 70_000) throw new Error(`phones not reachable after 70 s: ${down.slice(0, 5).join(', ')}…`);
    await sleep(1000);
  }
  log(`phones qualified in ${Math.round((now() - t0q) / 1000)} s`);

  // --- database, bridge, desks -------------------------------------------------------------------------------
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AMI_URL, ARI_URL,
    DATA_DIR: path.join(dir, 'data'),
    DB_URL: `sqlite:${path.join(dir, 'bench.sqlite')}`,
    PII_KEY: 'd4'.repeat(32),
    JWT_SECRET: 'bench-pbx-secret-0123456789abcdef0123456789ab',
    HTTP_PORT: '0', DESK_DIR: '', QUEUES: 'hotline',
    WRAP_UP_SECONDS: '0', WRAP_UP_REQUIRED: 'false',
    // the desks take calls at once (a seat would otherwise start paused, 未就绪)
    AGENT_START_PAUSED: 'false',
    RECORDINGS_DIR: recDir, RECORDINGS_PBX_DIR: recPbxDir,
    IVR_ENABLED: 'false', LOG_LEVEL: 'error',
  };
  const config = loadConfig(env, dir);
  const db = await openBridgeDatabase(config, { log: { info: () => undefined, warn: () => undefined }, seedDonors: 500 });
  const auth = createAuth(config, db.services);
  const tokens: string[] = [];
  for (const [i, ext] of exts.entries()) {
    const u = await buildUser(db.ds, { username: `sipp${String(i + 1).padStart(3, '0')}`, displayName: `SIPp 坐席 ${ext}`, role: 'agent', extension: ext });
    tokens.push(await auth.issueToken({ id: u.id, username: u.username, role: 'agent' }));
  }
  await db.close();

  const bridge = fork(path.join(ROOT, 'apps/cti-bridge/bench/bridge-runner.ts'), [], { env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('bridge did not start in 60 s')), 60_000);
    bridge.on('message', (m: { type: string; port?: number }) => {
      if (m.type === 'ready') {
        clearTimeout(t);
        resolve(m.port!);
      }
    });
  });
  const url = `http://127.0.0.1:${port}`;
  log(`bridge on ${url}`);

  const popAt = new Map<string, number>(); // callId|ext → first pop
  const ended = new Map<string, string>(); // callId → ext
  const dispositions = new Map<string, boolean>();
  const sockets: Array<Socket<ServerToClientEvents, ClientToServerEvents>> = [];
  await Promise.all(tokens.map(async (token, i) => {
    const ext = exts[i]!;
    const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    s.on('pop:show', (pop, ack) => {
      const key = `${pop.callId}|${ext}`;
      if (!popAt.has(key)) popAt.set(key, now());
      ack({ popId: pop.popId });
    });
    s.on('call:updated', (u) => {
      if (u.state !== 'ended' || u.missed || ended.has(u.callId)) return;
      ended.set(u.callId, ext);
      // the agent's wrap-up: one disposition per answered call
      void fetch(`${url}/api/calls/${encodeURIComponent(u.callId)}/disposition`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ disposition: 'consultation', notes: 'SIPp bench' }),
      }).then((r) => dispositions.set(u.callId, r.ok), () => dispositions.set(u.callId, false));
    });
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    const r = await s.timeout(20_000).emitWithAck('agent:login', { extension: ext });
    if (!r.ok) throw new Error(`agent:login ${ext}: ${r.error.code} ${r.error.message}`);
    sockets.push(s);
  }));
  log(`${sockets.length} desks seated`);

  // --- what Asterisk says, on a second AMI session ----------------------------------------------------------
  const agentCalledAt = new Map<string, number>(); // linkedid|ext → first AgentCalled
  const linkedidOf = new Map<string, string>(); // caller number → linkedid
  const joinedAt = new Map<string, number>(); // linkedid → QueueCallerJoin
  observer.on('event', (m) => {
    if (m.event === 'AgentCalled') {
      const ext = /^PJSIP\/(\d+)$/.exec(m.h.interface ?? '')?.[1];
      const key = `${m.h.linkedid}|${ext}`;
      if (ext && !agentCalledAt.has(key)) agentCalledAt.set(key, m.at);
    } else if (m.event === 'QueueCallerJoin' && m.h.linkedid) {
      joinedAt.set(m.h.linkedid, m.at);
    } else if (m.event === 'Newchannel' && (m.h.channel ?? '').startsWith('PJSIP/carrier-') && m.h.calleridnum) {
      linkedidOf.set(m.h.calleridnum, m.h.linkedid ?? m.h.uniqueid ?? '');
    }
  });

  // --- the donors ----------------------------------------------------------------------------------------------
  const known = DEMO_DONORS.map((d) => d.e164.replace(/^\+86/, ''));
  const numbers = Array.from({ length: CALLS }, (_, i) => (i % 10 === 0 && known[i / 10] ? known[i / 10]! : `1398${String(i).padStart(7, '0')}`));
  writeFileSync(path.join(dir, 'callers.csv'), `SEQUENTIAL\n${numbers.join('\n')}\n`);
  const t0 = now();
  const donors = sipp([sipTarget, '-sf', path.join(here, 'donor-call.xml'), '-inf', path.join(dir, 'callers.csv'), '-i', carrierAddr, '-p', carrierPort, '-mi', carrierAddr, '-mp', '18000',
    '-s', args.number!, '-r', String(RATE), '-m', String(CALLS), '-d', String(TALK), '-aa', '-l', String(CALLS), '-timeout', `${Math.ceil(CALLS / RATE + TALK / 1000 + 120)}s`,
    '-trace_logs', '-log_file', path.join(dir, 'invites.log'), '-trace_stat', '-stf', path.join(dir, 'stats.csv')], 'donors', dir);
  const donorExit = await donors.done;
  const elapsed = (now() - t0) / 1000;
  log(`donor calls done in ${elapsed.toFixed(1)} s (sipp exit ${donorExit})`);

  // every call ended on the desks and got its disposition
  const waitUntil = now() + 30_000;
  while (now() < waitUntil && (ended.size < linkedidOf.size || dispositions.size < ended.size)) await sleep(200);
  await sleep(1500); // recordings are measured when MixMonitor stops (the last Hangup): let the journal finish
  const inviteAt = new Map<string, number>();
  for (const line of readFileSync(path.join(dir, 'invites.log'), 'utf8').split('\n')) {
    // SIPp prints its variables as doubles: "<s>.000000.<us>.000000"
    const m = /INVITE \S+ (\d+) (\d+)(?:\.\d+)?\.(\d+)/.exec(line);
    if (m) inviteAt.set(m[1]!, Number(m[2]) * 1000 + Number(m[3]) / 1000);
  }

  // --- figures -------------------------------------------------------------------------------------------------
  const ringToPop: number[] = [];
  let lostPops = 0;
  for (const [key, at] of agentCalledAt) {
    const p = popAt.get(key);
    if (p === undefined) lostPops++;
    else ringToPop.push(p - at);
  }
  const queueWait: number[] = [];
  for (const [linkedid, at] of joinedAt) {
    const first = [...agentCalledAt.entries()].filter(([k]) => k.startsWith(`${linkedid}|`)).map(([, t]) => t).sort((a, b) => a - b)[0];
    if (first !== undefined) queueWait.push(first - at);
  }
  const inviteToPop: number[] = [];
  for (const [num, linkedid] of linkedidOf) {
    const inv = inviteAt.get(num);
    const first = [...popAt.entries()].filter(([k]) => k.startsWith(`${linkedid}|`)).map(([, t]) => t).sort((a, b) => a - b)[0];
    if (inv !== undefined && first !== undefined) inviteToPop.push(first - inv);
  }

  bridge.send({ cmd: 'stop' });
  await new Promise((r) => bridge.once('exit', r));
  const check = await openBridgeDatabase({ ...config, seedDemo: false }, { log: { info: () => undefined, warn: () => undefined } });
  const incomplete: Array<{ callId: string; missing: string[] }> = [];
  for (const linkedid of linkedidOf.values()) {
    const missing: string[] = [];
    const rec = await check.services.calls.getByLinkedid(linkedid).catch(() => null);
    if (!rec) missing.push('record');
    else {
      if (!rec.endedAt) missing.push('ended');
      if (!rec.agent) missing.push('agent');
      if (!rec.recording || !rec.recording.sizeBytes || rec.recording.durationSeconds <= 0) missing.push('recording');
      if (!rec.disposition) missing.push('disposition');
    }
    if (missing.length) incomplete.push({ callId: linkedid, missing });
  }
  await check.close();
  // the seats leave the queue again (QueueRemove) — the bridge was stopped, so say it to Asterisk directly
  for (const ext of exts) await observer.action('QueueRemove', { Queue: 'hotline', Interface: `PJSIP/${ext}` }).catch(() => undefined);
  for (const s of sockets) s.close();
  await observer.stop();
  phones.proc.kill('SIGTERM');
  await phones.done;

  const sippStats = readFileSync(path.join(dir, 'stats.csv'), 'utf8').trim().split('\n');
  const head = sippStats[0]!.split(';');
  const last = sippStats.at(-1)!.split(';');
  const stat = (name: string): number => Number(last[head.indexOf(name)]);
  const ring = summary(ringToPop);
  const out = {
    asterisk: `${sipTarget} (AMI ${ami.host})`,
    calls: { offered: CALLS, ratePerSecond: RATE, agents: AGENTS, talkMs: TALK, seconds: r2(elapsed), sippSuccessful: stat('SuccessfulCall(C)'), sippFailed: stat('FailedCall(C)'), seenByBridge: linkedidOf.size },
    agentCalledToPopMs: { ...ring, lost: lostPops, aimP99: AIM_POP_P99_MS },
    sipInviteToPopMs: summary(inviteToPop),
    queueJoinToAgentCalledMs: summary(queueWait),
    records: { checked: linkedidOf.size, complete: linkedidOf.size - incomplete.length, incomplete: incomplete.slice(0, 10) },
    pass: donorExit === 0 && linkedidOf.size === CALLS && lostPops === 0 && ring.p99 !== null && ring.p99 <= AIM_POP_P99_MS && incomplete.length === 0,
  };
  console.log(JSON.stringify(out, null, 2));
}

main().then(
  () => {
    stopAll();
    process.exit(0);
  },
  (e: unknown) => {
    stopAll();
    console.error(`[bench:pbx] failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
