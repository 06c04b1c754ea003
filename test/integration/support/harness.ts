/**
 * The system under test, for real: the simulated Asterisk (its own AMI/ARI ports), the bridge built by
 * buildBridge on a throwaway SQLite or MariaDB database (prepared like production: migrations, rule set, demo seed),
 * listening on an ephemeral port; desks are socket.io-client connections with real JWTs from POST /api/auth/login.
 * Nothing of our own is mocked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator, type Simulator, type SimulatorOptions } from '@donorline/asterisk-sim';
import { DEMO_PASSWORD, DEMO_USERS, type DomainServices } from '@donorline/domain/node';
import { MYSQL_TEST, type TestDatabase } from '@donorline/domain/testing';
import { buildBridge, type Bridge, type BuildBridgeOptions } from '../../../apps/cti-bridge/src/app.js';
import { loadConfig, type BridgeConfig } from '../../../apps/cti-bridge/src/config.js';
import { prepareBridgeDatabase, type BridgeDatabase } from '../../../apps/cti-bridge/src/db/index.js';
import { Desk } from './desk.js';

export interface HarnessOptions {
  timeScale?: number;
  wrapUpSeconds?: number;
  wrapUpRequired?: boolean;
  env?: Record<string, string>;
  bridge?: BuildBridgeOptions;
  /**
   * Run the bridge as against a real Asterisk (AMI_URL/ARI_URL pointing at the simulator): no training phone keys,
   * the production paths (SIP NOTIFY phone keys, …) are used.
   */
  asReal?: boolean;
  /** Simulator options on top of the defaults (e.g. amiPrivileges, configDir). */
  sim?: Partial<SimulatorOptions>;
}

const quiet = { info: () => undefined, warn: () => undefined };

export class Harness {
  bridge!: Bridge;
  database!: BridgeDatabase;
  config!: Readonly<BridgeConfig>;
  baseUrl = '';
  private readonly desks: Desk[] = [];
  private readonly peers: Bridge[] = [];
  private env: Record<string, string> = {};
  private constructor(
    readonly db: TestDatabase,
    readonly sim: Simulator,
    readonly dir: string,
    private readonly opts: HarnessOptions,
  ) {}

  static async start(db: TestDatabase, opts: HarnessOptions = {}): Promise<Harness> {
    const dir = mkdtempSync(path.join(tmpdir(), 'dl-sys-'));
    const sim = await startSimulator({
      profile: 'donorline', amiPort: 0, ariPort: 0, timeScale: opts.timeScale ?? 0.2, speech: false,
      recordingsDir: path.join(dir, 'recordings'),
      cdrDir: path.join(dir, 'cdr-custom'),
      ...opts.sim,
    });
    const h = new Harness(db, sim, dir, opts);
    const env: Record<string, string> = {
      DATA_DIR: path.join(dir, 'data'),
      DESK_DIR: '',
      RECORDINGS_DIR: path.join(dir, 'recordings'),
      PII_KEY: 'b2'.repeat(32),
      JWT_SECRET: 'system-test-secret-0123456789abcdef0123456789',
      SIM_AMI_PORT: String(sim.amiPort),
      SIM_ARI_PORT: String(sim.ariPort),
      WRAP_UP_SECONDS: String(opts.wrapUpSeconds ?? 1),
      WRAP_UP_REQUIRED: opts.wrapUpRequired ? 'true' : 'false',
      // the contact policy's calling hours would make click-to-dial tests depend on the time of day
      CONTACT_HOURS: '00:00-24:00',
      // seats take calls at once unless a test asks for the production default (start paused, 未就绪)
      AGENT_START_PAUSED: 'false',
      LOG_LEVEL: 'warn',
      // a configured deployment: /metrics on the public port (production turns it off unless METRICS_* say otherwise)
      METRICS_ENABLED: 'true',
      // the simulator's cdr_custom file (the PBX's own call log the bridge reconciles with)
      CDR_LOG_FILE: path.join(dir, 'cdr-custom', 'donorline-cdr.csv'),
      RECONCILE_INTERVAL_SECONDS: '0',
      ...(db.kind === 'mysql' && MYSQL_TEST.ok ? { DB_URL: `${MYSQL_TEST.serverUrl}/${db.name}` } : {}),
      ...(opts.asReal ? { AMI_URL: `tcp://${sim.username}:${sim.secret}@127.0.0.1:${sim.amiPort}`, ARI_URL: `http://${sim.username}:${sim.secret}@127.0.0.1:${sim.ariPort}` } : {}),
      ...opts.env,
    };
    h.env = env;
    h.config = { ...loadConfig(env, dir), seedDemo: true };
    h.database = await prepareBridgeDatabase(db.ds, h.config, { log: quiet, seedDonors: 20 });
    await ensureDemoUsers(h.database.services);
    await h.startBridge();
    return h;
  }

  get services(): DomainServices {
    return this.database.services;
  }

  async startBridge(): Promise<Bridge> {
    this.bridge = await buildBridge(this.config, {
      database: this.database, logger: !!process.env.DL_TEST_LOG, defaultMetrics: false,
      ami: { pingIntervalMs: 400, pingTimeoutMs: 600 },
      ...this.opts.bridge,
    });
    await this.bridge.start();
    await this.bridge.fastify.listen({ host: '127.0.0.1', port: 0 });
    const addr = this.bridge.fastify.server.address();
    this.baseUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    await until(() => this.bridge.pbx.status().ami === 'up' && this.bridge.pbx.resyncs > 0, 5000, 'bridge linked to the simulator');
    return this.bridge;
  }

  /**
   * A second bridge on the same simulator, database and Redis (needs REDIS_URL in the harness env): a standby while
   * the first holds the AMI lease. Its URL for desks and API calls is `peer.url`.
   */
  async startPeer(env: Record<string, string> = {}): Promise<{ bridge: Bridge; url: string }> {
    const config = { ...loadConfig({ ...this.env, HA_BRIDGE_ID: `peer-${this.peers.length + 1}`, ...env }, this.dir), seedDemo: true };
    const bridge = await buildBridge(config, { database: this.database, logger: !!process.env.DL_TEST_LOG, defaultMetrics: false, ami: { pingIntervalMs: 400, pingTimeoutMs: 600 }, ...this.opts.bridge });
    await bridge.start();
    await bridge.fastify.listen({ host: '127.0.0.1', port: 0 });
    const addr = bridge.fastify.server.address();
    this.peers.push(bridge);
    await until(() => bridge.pbx.status().ami === 'up' && bridge.pbx.resyncs > 0, 5000, 'peer bridge linked to the simulator');
    return { bridge, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` };
  }

  /**
   * The bridge dies abruptly (as SIGKILL would leave things): its lease is not released, its AMI link, sockets and
   * HTTP connections just drop, nothing is flushed. (Its leftovers are stopped by close().)
   */
  async crash(bridge: Bridge): Promise<void> {
    bridge.ha?.abandon();
    bridge.writer.close();
    bridge.io.local.disconnectSockets(true);
    bridge.fastify.server.closeAllConnections();
    await bridge.pbx.stop();
  }

  /** A desk on another bridge (`url` of startPeer). */
  async deskAt(url: string, username: string, opts: { token?: string } = {}): Promise<Desk> {
    const d = await Desk.connect(url, opts.token ?? (await this.token(username)));
    this.desks.push(d);
    return d;
  }

  /** Stops the bridge process's parts (not the database, not the simulator): a bridge restart. */
  async stopBridge(): Promise<void> {
    for (const d of this.desks.splice(0)) d.close();
    await this.bridge.stop();
  }

  async token(username: string, password = DEMO_PASSWORD): Promise<string> {
    const r = await fetch(`${this.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    const body = (await r.json()) as { token?: string };
    if (!body.token) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(body)}`);
    return body.token;
  }

  async desk(username: string, opts: { token?: string } = {}): Promise<Desk> {
    const d = await Desk.connect(this.baseUrl, opts.token ?? (await this.token(username)));
    this.desks.push(d);
    return d;
  }

  /** A desk logged in to a seat. */
  async seatedDesk(username: string, ext: string): Promise<Desk> {
    const d = await this.desk(username);
    await d.command('agent:login', { extension: ext });
    return d;
  }

  async api<T>(method: string, urlPath: string, token: string, json?: unknown): Promise<{ status: number; body: T }> {
    const r = await fetch(`${this.baseUrl}${urlPath}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: json !== undefined ? JSON.stringify(json) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** What the bridge and the simulator hold now (printed when a system test fails). */
  dump(): string {
    const b = this.bridge;
    const calls = [...b.registry.all()].map((c) => ({ id: c.callId, state: c.state, queue: c.queue, agent: c.agentExt, legs: [...c.legs.values()] }));
    const seats = b.agents.statuses();
    const st = this.sim.state() as { channels: unknown[]; queues: unknown[] };
    return JSON.stringify({ link: b.pbx.status(), resyncs: b.pbx.resyncs, writerDepth: b.writer.depth, calls, seats, sim: { channels: st.channels, queues: st.queues } }, null, 1);
  }

  /** The durable call record (waits for the buffered writer first). */
  async record(callId: string): Promise<Awaited<ReturnType<DomainServices['calls']['getByLinkedid']>>> {
    await this.bridge.writer.flush(5000);
    return this.services.calls.getByLinkedid(callId);
  }

  async close(): Promise<void> {
    for (const d of this.desks.splice(0)) d.close();
    await this.bridge?.stop().catch(() => undefined);
    for (const p of this.peers.splice(0)) await p.stop().catch(() => undefined);
    await this.sim.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The demo accounts exist on the embedded database; a MariaDB test database gets the same ones (工号, extensions, qa's PIN). */
async function ensureDemoUsers(s: DomainServices): Promise<void> {
  for (const u of DEMO_USERS) {
    if (await s.users.findByUsername(u.username)) continue;
    const created = await s.users.create({ username: u.username, displayName: u.displayName, password: DEMO_PASSWORD, role: u.role, extensions: [...u.extensions], employeeNo: u.employeeNo });
    if (u.ivrPin) await s.staff.setIvrPin(created.id, u.ivrPin, null);
  }
}

export async function until<T>(fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
