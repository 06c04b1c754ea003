/**
 * `npm run test:faults` — the fault suite (issue 17): steady simulated traffic (a call every 2.5 s into the hotline
 * queue, two agents whose phones answer and hang up by themselves, desks seated), with, one after another:
 * AMI dropped ×30, Asterisk restarted ×5, the bridge SIGKILLed ×5 and started again (alone: the standby bridge of
 * the HA lease is not part of this file — see `standby` below), garbled AMI frames ×5 and oversized ones ×5.
 * Prints one JSON document of figures; passes only if every call placed has exactly one record, none is left
 * open, every call an agent answered (per the PBX's own log) is stored answered with its agent and recording,
 * the live records agree with the PBX log, no pop was lost while the bridge was up and linked, no bad frame cost the
 * AMI link (badFrameReconnects), no crash.
 * FAULTS_SCALE=0.2 runs a fifth of each injection (a quick look); FAULTS_PHASES=frames only the bad-frame phase. SQLite (the bridge's embedded database).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@donorline/asterisk-sim';
import { compareWithPbx } from '@donorline/domain';
import { dbConfigFromUrl, openDatabase } from '@donorline/domain/node';
import type { Desk } from '../integration/support/desk.js';
import { until } from '../integration/support/harness.js';
import { loadConfig } from '../../apps/cti-bridge/src/config.js';
import { prepareBridgeDatabase } from '../../apps/cti-bridge/src/db/index.js';
import { BridgeProcess, freePort, pbxCalls, REPO } from './support.js';

const SCALE = Number(process.env.FAULTS_SCALE ?? 1);
const times = (n: number): number => Math.max(1, Math.round(n * SCALE));
/** FAULTS_PHASES=frames (or a comma list of drops, restarts, kills, frames) runs only those phases (default: all). */
const PHASES = new Set((process.env.FAULTS_PHASES ?? 'drops,restarts,kills,frames').split(',').map((p) => p.trim()));
const phase = (name: string, n: number): number => (PHASES.has(name) ? times(n) : 0);
const dir = mkdtempSync(path.join(tmpdir(), 'dl-faults-'));
let sim: Simulator | undefined;
let bridge: BridgeProcess | undefined;

afterAll(async () => {
  await bridge?.stop().catch(() => undefined);
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('no call record lost, none doubled, none left open, through AMI drops, PBX restarts, bridge kills and bad frames', async () => {
  const t0 = Date.now();
  sim = await startSimulator({
    profile: 'donorline', amiPort: 0, ariPort: 0, timeScale: 1, speech: false, requalifyMs: 500,
    recordingsDir: path.join(dir, 'recordings'), cdrDir: path.join(dir, 'cdr-custom'),
  });
  const s = sim;
  const port = await freePort();
  const cdrFile = path.join(dir, 'cdr-custom', 'donorline-cdr.csv');
  bridge = new BridgeProcess({
    DATA_DIR: path.join(dir, 'data'), DESK_DIR: '', HTTP_PORT: String(port), RECORDINGS_DIR: path.join(dir, 'recordings'),
    AMI_URL: `tcp://${s.username}:${s.secret}@127.0.0.1:${s.amiPort}`, ARI_URL: `http://${s.username}:${s.secret}@127.0.0.1:${s.ariPort}`,
    IVR_ENABLED: 'false', CDR_LOG_FILE: cdrFile, RECONCILE_INTERVAL_SECONDS: '2', METRICS_ENABLED: 'true',
    PII_KEY: 'c3'.repeat(32), JWT_SECRET: 'faults-suite-secret-0123456789abcdef0123456789', WRAP_UP_SECONDS: '1', WRAP_UP_REQUIRED: 'false',
    AGENT_START_PAUSED: 'false', CONTACT_HOURS: '00:00-24:00', LOG_LEVEL: 'warn', SEED_DEMO: 'true', TZ: 'UTC',
  }, `http://127.0.0.1:${port}`);
  const b = bridge;
  // the database prepared once here as the bridge would (migrations, demo users) but with 20 donors, not 2,000:
  // the bridge's own first start then has nothing to seed
  const cfg = { ...loadConfig(b.env, REPO), seedDemo: true };
  const prep = await openDatabase(dbConfigFromUrl(null, path.join(dir, 'data')));
  await prepareBridgeDatabase(prep, cfg, { log: { info: () => undefined, warn: () => undefined }, seedDonors: 20 });
  await prep.destroy();
  for (const ext of ['8001', '8002']) {
    s.device(ext).setAutoAnswer(300);
    s.device(ext).setTalkTime(1200);
  }
  await b.start();
  let desks: Desk[] = [];
  const seat = async (): Promise<void> => {
    for (const d of desks) d.close();
    desks = [await b.seatedDesk('agent1', '8001'), await b.seatedDesk('agent2', '8002')];
  };
  await seat();
  const allPops = new Set<string>();
  const collectPops = (): void => {
    for (const d of desks) for (const p of d.pops) allPops.add(p.callId);
  };

  // when the bridge could not see calls: [from, to] wall-clock ms (process down, or its AMI link down)
  const blind: Array<[number, number]> = [];
  const blindFrom = (): number => Date.now();
  const linked = async (from: number): Promise<void> => {
    await until(() => b.amiUp(), 30_000, 'the AMI link back');
    blind.push([from, Date.now()]);
  };

  const placed: string[] = [];
  let n = 0;
  const traffic = setInterval(() => {
    placed.push(s.placeCall({ from: `139${String(10_000_000 + n++).slice(-8)}`, to: '96607' }).linkedid);
  }, 2500);
  const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
  const injected = { amiDrops: 0, asteriskRestarts: 0, bridgeKills: 0, garbled: 0, oversized: 0 };
  // a bad frame costs that frame only: the AMI link is not lost over it (read from the bridge's /metrics)
  let badFrameReconnects = 0;
  try {
    await pause(3000);
    for (let i = 0; i < phase('drops', 30); i++) {
      const t = blindFrom();
      s.dropAmi();
      injected.amiDrops++;
      await linked(t);
      await pause(400);
    }
    for (let i = 0; i < phase('restarts', 5); i++) {
      const t = blindFrom();
      await s.restart({ downMs: 500 });
      injected.asteriskRestarts++;
      await linked(t);
      await pause(2000);
    }
    for (let i = 0; i < phase('kills', 5); i++) {
      collectPops();
      const t = blindFrom();
      await b.kill();
      injected.bridgeKills++;
      // standby: with the HA lease (another helper's part) a second bridge takes over here; alone, calls go on
      // being answered by the phones while no bridge listens, and the PBX's log is all there is of them
      await pause(3000);
      await b.start();
      await linked(t);
      await seat();
      await pause(2000);
    }
    const reconnectsBefore = phase('frames', 5) ? await b.amiReconnects() : 0;
    for (let i = 0; i < phase('frames', 5); i++) {
      s.garbleNextFrames(2, 'ami');
      injected.garbled++;
      s.injectAmiRaw(`Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: ${'X'.repeat(2 * 1024 * 1024)}\r\n\r\n`);
      injected.oversized++;
      await pause(1000);
      if (!(await b.amiUp())) await linked(blindFrom());
    }
    if (phase('frames', 5)) badFrameReconnects = (await b.amiReconnects()) - reconnectsBefore;
  } finally {
    clearInterval(traffic);
  }
  collectPops();
  // the traffic drains: every simulated call over, then every one of them reconciled by the bridge
  await until(() => (s.state() as { channels: unknown[] }).channels.length === 0, 300_000, 'every call over');
  const ds = await openDatabase(dbConfigFromUrl(null, path.join(dir, 'data')));
  type Row = { linkedid: string; caller_e164: string | null; outcome: string | null; ended_at: unknown; started_at: unknown; queue: string | null; hangup_cause: string | null; agent_ext: string | null; recs: number };
  const read = async (): Promise<Row[]> => (await ds.query(`SELECT c.linkedid, c.caller_e164, c.outcome, c.ended_at, c.started_at, c.queue, c.hangup_cause, u.extension AS agent_ext,
      (SELECT COUNT(*) FROM recording r WHERE r.call_record_id = c.id) AS recs FROM call_record c LEFT JOIN app_user u ON u.id = c.agent_id`)) as Row[];
  let stored = await read();
  await until(async () => {
    stored = await read();
    const byId = new Map(stored.map((r) => [r.linkedid, r]));
    return placed.every((id) => byId.get(id)?.ended_at);
  }, 30_000, 'every placed call with an ended record').catch(() => undefined);
  collectPops();
  const pbx = pbxCalls(cdrFile);
  const byId = new Map(stored.map((r) => [r.linkedid, r]));
  const callers = new Map<string, number>();
  for (const r of stored) if (r.caller_e164) callers.set(r.caller_e164, (callers.get(r.caller_e164) ?? 0) + 1);
  const answered = placed.filter((id) => pbx.get(id)?.outcome === 'answered');
  const answeredOk = answered.filter((id) => {
    const r = byId.get(id);
    return r?.outcome === 'answered' && r.agent_ext === pbx.get(id)!.agentExt && Number(r.recs) >= 1;
  });
  const disagreements = placed.filter((id) => {
    const r = byId.get(id);
    const c = pbx.get(id);
    if (!r || !c) return false;
    return compareWithPbx({ outcome: r.outcome as never, agentExt: r.agent_ext, startedAt: new Date(`${String(r.started_at).replace(' ', 'T')}Z`), endedAt: r.ended_at ? new Date(`${String(r.ended_at).replace(' ', 'T')}Z`) : null, queue: r.queue }, c, 3000).length > 0;
  });
  // a call that rang and ended while the bridge was up and linked must have popped on a desk
  const seen = (id: string): boolean => {
    const c = pbx.get(id);
    if (!c || !c.answeredAt) return false;
    const from = c.startedAt.getTime() - 1000;
    const to = c.endedAt.getTime() + 1000;
    return !blind.some(([a, z]) => a < to && z > from);
  };
  const shouldPop = placed.filter(seen);
  const popsLost = shouldPop.filter((id) => !allPops.has(id));
  const figures = {
    injected,
    callsPlaced: placed.length,
    callsInPbxLog: placed.filter((id) => pbx.has(id)).length,
    records: placed.filter((id) => byId.has(id)).length,
    duplicates: [...callers.values()].filter((k) => k > 1).length,
    leftOpen: placed.filter((id) => byId.has(id) && !byId.get(id)!.ended_at).length,
    answeredByAgent: answered.length,
    answeredStoredWithAgentAndRecording: answeredOk.length,
    liveVsPbxDisagreements: disagreements.length,
    popsExpected: shouldPop.length,
    popsLost: popsLost.length,
    badFrameReconnects,
    crashes: b.crashes.length,
    seconds: Math.round((Date.now() - t0) / 1000),
  };
  // callsInPbxLog < callsPlaced: calls cut by an Asterisk restart have no CDR (closed as orphaned, still recorded)
  const pass = figures.records === figures.callsPlaced && figures.duplicates === 0 && figures.leftOpen === 0
    && figures.answeredStoredWithAgentAndRecording === figures.answeredByAgent && figures.liveVsPbxDisagreements === 0 && figures.popsLost === 0 && figures.badFrameReconnects === 0 && figures.crashes === 0;
  console.log(JSON.stringify({ suite: 'faults', ...figures, pass, detail: pass ? undefined : { popsLost: popsLost.slice(0, 10), disagreements: disagreements.slice(0, 10), crashes: b.crashes } }, null, 1));
  await ds.destroy();
  for (const d of desks) d.close();
  expect(pass).toBe(true);
});
