/**
 * npm run bench:dialer [-- --agents 50 --donors 20000 --seconds 90]
 *
 * The progressive dialer on the simulated Asterisk, in one process over real sockets: the simulator (AMI on TCP, time
 * scale 0.1, agent phones that answer by themselves), the bridge (buildBridge on a throwaway SQLite database), 50
 * agents signed in over Socket.IO with ready seats (no wrap-up), one progressive campaign of 20,000 donors. Donors
 * behave by number: 60 % answer and talk, 12 % busy (17), 12 % never answer (19 after the 30 s Dial timeout — 3 s at
 * this scale), 6 % reject (21), 5 % are a wrong number (1); 5 % of all donors are do-not-call and must be refused by
 * the contact policy before any dial.
 *
 * The run lasts `seconds` (wall clock): the agents work through as much of the list as the window allows — a subset
 * of the 20,000, said in the output (`dialedDonors`). Then the campaign is paused and every call in flight finishes.
 * Figures:
 *  - idleP95Ms: per agent, the time from the end of one call (call:updated ended on the agent's socket) to the next
 *    campaign call for that agent (campaign:call dialing) — aim ≤ 2,000 ms;
 *  - dialedAgainstPolicy: donors dialed (a DialBegin towards the carrier) who are do-not-call — aim 0;
 *  - abandoned: donors who answered while no agent was in the call (the bridge's live call at that instant) — aim 0;
 *  - attemptsRecorded = callsPlaced: contact_attempt rows of the campaign vs. donor legs dialed (AMI DialBegin).
 * Prints one JSON document; "pass" only when every aim is met.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { startSimulator } from '@donorline/asterisk-sim';
import { DEMO_PASSWORD, type CampaignCallEvent, type CallUpdate } from '@donorline/domain/node';
import { openTestDatabase } from '@donorline/domain/testing';
import { buildBridge } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { prepareBridgeDatabase } from '../src/db/index.js';
import type { AmiMessage } from '../src/ami/ami-message.js';

const { values } = parseArgs({ options: { agents: { type: 'string', default: '50' }, donors: { type: 'string', default: '20000' }, seconds: { type: 'string', default: '90' } } });
const AGENTS = Math.min(50, Number(values.agents));
const DONORS = Number(values.donors);
const SECONDS = Number(values.seconds);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))]!);
};

/** Donor i's phone and behaviour, deterministic. */
const phoneOf = (i: number): string => `139${String(10_000_000 + i).slice(-8)}`;
function behaviourOf(i: number): 'answer' | 'busy' | 'no-answer' | 'reject' | 'wrong-number' {
  const r = (i * 37) % 100;
  return r < 60 ? 'answer' : r < 72 ? 'busy' : r < 84 ? 'no-answer' : r < 90 ? 'reject' : r < 95 ? 'wrong-number' : 'answer';
}
const dncOf = (i: number): boolean => i % 20 === 7;

async function main(): Promise<void> {
  const t0 = Date.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'dl-dialer-bench-'));
  const sim = await startSimulator({ profile: 'donorline', amiPort: 0, ariPort: 0, timeScale: 0.1, speech: false, autoAnswerMs: 300, recordingsDir: path.join(dir, 'rec'), donors: { behaviour: 'answer', answerAfterMs: 2000, talkMs: 15_000 } });
  const db = await openTestDatabase('sqlite');
  const config = {
    ...loadConfig({
      DATA_DIR: path.join(dir, 'data'), DESK_DIR: '', RECORDINGS_DIR: path.join(dir, 'rec'), PII_KEY: 'c3'.repeat(32), JWT_SECRET: 'bench-dialer-secret-0123456789abcdef0123456789',
      SIM_AMI_PORT: String(sim.amiPort), SIM_ARI_PORT: String(sim.ariPort), WRAP_UP_SECONDS: '0', WRAP_UP_REQUIRED: 'false', CONTACT_HOURS: '00:00-24:00',
      AGENT_START_PAUSED: 'false', LOG_LEVEL: 'error', IVR_ENABLED: 'false', RATE_LIMIT_MAX: '100000',
    }, dir),
    seedDemo: false,
  };
  const database = await prepareBridgeDatabase(db.ds, config, { log: { info: () => undefined, warn: () => undefined }, seedDonors: 0 });
  const services = database.services;
  const ds = services.ds;

  // --- donors (SQL in batches: 20,000 through the service would take minutes) and agents ---------------------------
  const now = new Date().toISOString().replace('T', ' ').slice(0, 23);
  for (let i = 0; i < DONORS; i += 500) {
    const n = Math.min(500, DONORS - i);
    await ds.transaction(async (m) => {
      const rowsD = Array.from({ length: n }, (_, j) => i + j);
      await m.query(`INSERT INTO donor (id, name, gender, tags, consent_recruitment, consent_sms, consent_health_data, do_not_call, had_adverse_reaction, points, created_at, updated_at) VALUES ${rowsD.map(() => "(?, ?, 'male', '[]', 1, 1, 1, ?, 0, 0, ?, ?)").join(',')}`,
        rowsD.flatMap((k) => [k + 1, `献血者${k}`, dncOf(k) ? 1 : 0, now, now]));
      await m.query(`INSERT INTO donor_phone (donor_id, e164, kind, is_primary, created_at) VALUES ${rowsD.map(() => "(?, ?, 'mobile', 1, ?)").join(',')}`,
        rowsD.flatMap((k) => [k + 1, `+86${phoneOf(k)}`, now]));
    });
  }
  for (let i = 0; i < DONORS; i++) {
    const b = behaviourOf(i);
    if (b !== 'answer') sim.setDonorBehaviour({ behaviour: b, answerAfterMs: 1500 }, phoneOf(i));
  }
  const agentIds: number[] = [];
  for (let a = 0; a < AGENTS; a++) {
    const u = await services.users.create({ username: `dialer${a}`, displayName: `外呼坐席${a}`, password: DEMO_PASSWORD, role: 'agent', extensions: [String(8001 + a)] });
    agentIds.push(u.id);
  }
  await services.users.create({ username: 'dialerlead', displayName: '外呼组长', password: DEMO_PASSWORD, role: 'supervisor', extensions: [] });

  const bridge = await buildBridge(config, { database, logger: false, defaultMetrics: false });
  await bridge.start();
  await bridge.fastify.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(bridge.fastify.server.address() as { port: number }).port}`;
  for (let i = 0; i < 400 && !(bridge.pbx.status().ami === 'up' && bridge.pbx.resyncs > 0); i++) await sleep(25);
  const login = async (username: string): Promise<string> => ((await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) })).json()) as { token: string }).token;
  const call = async <T>(method: string, p: string, token: string, json?: unknown): Promise<T> => {
    const r = await fetch(`${base}${p}`, { method, headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) }, body: json ? JSON.stringify(json) : undefined });
    const body = (await r.json()) as T;
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${JSON.stringify(body)}`);
    return body;
  };

  // --- what we measure, from the outside -----------------------------------------------------------------------------
  const donorDials = new Set<string>();
  const dialedDonorIds = new Set<number>();
  let abandoned = 0;
  let donorAnswers = 0;
  bridge.pbx.ami.on('event', (m: AmiMessage) => {
    if (m.event === 'DialBegin' && m.h.channel && /carrier/.test(m.h.destchannel ?? '')) donorDials.add(m.h.destuniqueid ?? '');
  });
  // the simulator's own truth at the instant a donor answers: is an agent's phone channel of that call up?
  sim.events.on('donor:answered', (e: { linkedid: string }) => {
    donorAnswers++;
    const st = sim.state() as { channels: Array<{ name: string; linkedid: string; state: string }> };
    const agentOn = st.channels.some((c) => c.linkedid === e.linkedid && /^PJSIP\/80\d\d-/.test(c.name) && c.state === 'Up');
    if (!agentOn) abandoned++;
  });
  const idle: number[] = [];
  const sockets: Socket[] = [];
  const tokens = await Promise.all(Array.from({ length: AGENTS }, (_, a) => login(`dialer${a}`)));
  for (let a = 0; a < AGENTS; a++) {
    const s = io(base, { auth: { token: tokens[a] }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((res, rej) => { s.once('connect', () => res()); s.once('connect_error', rej); });
    let endedAt: number | null = null;
    const mine = new Set<string>();
    s.on('campaign:call', (e: CampaignCallEvent) => {
      if (e.state === 'dialing' && e.callId) {
        mine.add(e.callId);
        dialedDonorIds.add(e.donorId);
        if (endedAt !== null) idle.push(Date.now() - endedAt);
        endedAt = null;
      }
    });
    s.on('call:updated', (u: CallUpdate) => {
      if (u.state === 'ended' && mine.delete(u.callId)) endedAt = Date.now();
    });
    s.on('pop:show', (_p: unknown, ack?: (r: { popId: string }) => void) => ack?.({ popId: (_p as { popId: string }).popId }));
    await new Promise<void>((res, rej) => s.timeout(8000).emit('agent:login', { extension: String(8001 + a) }, (err: unknown, r: { ok: boolean }) => (err || !r?.ok ? rej(new Error(`agent:login ${a} ${JSON.stringify(r)}`)) : res())));
    sockets.push(s);
  }

  const leadToken = await login('dialerlead');
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const campaign = await call<{ id: number }>('POST', '/api/campaigns', leadToken, {
    name: '基准外呼', mode: 'progressive', startsOn: today, hoursStart: '00:00', hoursEnd: '23:59', maxAttempts: 3, retryMinutes: [120], agentIds,
    donorIds: Array.from({ length: DONORS }, (_, i) => i + 1),
  });
  await call('POST', `/api/campaigns/${campaign.id}/start`, leadToken);
  const setupMs = Date.now() - t0;
  const tRun = Date.now();
  await Promise.all(tokens.map((tk) => call('POST', `/api/campaigns/${campaign.id}/join`, tk)));
  await sleep(SECONDS * 1000);
  await call('POST', `/api/campaigns/${campaign.id}/pause`, leadToken);
  // let every call in flight end (longest: a 15 s talk at scale 0.1 = 1.5 s; a 30 s no-answer = 3 s) and settle
  for (let i = 0; i < 200 && (bridge.dialer.size.calls > 0 || bridge.registry.size > 0); i++) await sleep(50);
  await sleep(500);
  const runMs = Date.now() - tRun;

  const q = async (sql: string, p: unknown[] = []): Promise<number> => Number(((await ds.query(sql, p)) as { n: number }[])[0]?.n ?? 0);
  const attempts = await q('SELECT COUNT(*) AS n FROM contact_attempt WHERE campaign_id = ?', [campaign.id]);
  const againstPolicy = await q('SELECT COUNT(*) AS n FROM contact_attempt a JOIN donor d ON d.id = a.donor_id WHERE a.campaign_id = ? AND d.do_not_call = 1', [campaign.id]);
  const dncDialed = [...dialedDonorIds].filter((id) => dncOf(id - 1)).length;
  const board = await services.dialer.board(campaign.id);
  const callsPlaced = donorDials.size;
  const idleP95 = pct(idle, 0.95);
  const aims = { idleP95MsMax: 2000, dialedAgainstPolicy: 0, abandoned: 0, attemptsEqualCallsPlaced: true };
  const result = {
    bench: 'dialer',
    setup: { agents: AGENTS, donors: DONORS, doNotCall: Array.from({ length: DONORS }, (_, i) => i).filter(dncOf).length, simTimeScale: 0.1, windowSeconds: SECONDS, setupMs, runMs },
    note: `the ${AGENTS} agents worked through ${board.attempted + board.blocked} of the ${DONORS} donors in the ${SECONDS} s window (a subset); every figure below is over that subset`,
    figures: {
      callsPlaced, attemptsRecorded: attempts, dialedDonors: dialedDonorIds.size, blockedByPolicy: board.blocked, blockedByReason: board.blockedByReason,
      dialedAgainstPolicy: againstPolicy + dncDialed, abandoned, donorAnswers, outcomes: board.outcomes,
      idle: { samples: idle.length, p50Ms: pct(idle, 0.5), p95Ms: idleP95, maxMs: pct(idle, 1) },
      callsPerAgentMinute: Math.round((callsPlaced / AGENTS / (runMs / 60_000)) * 10) / 10,
      dialer: bridge.dialer.stats,
    },
    aims,
    pass: idleP95 !== null && idleP95 <= aims.idleP95MsMax && againstPolicy + dncDialed === 0 && abandoned === 0 && attempts === callsPlaced && callsPlaced > 0,
  };
  for (const s of sockets) s.close();
  await bridge.stop();
  await sim.stop();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
