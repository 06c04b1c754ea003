/**
 * buildTestApp(kind): the bridge's real HTTP layer (registerHttp), real auth (createAuth) and real database
 * preparation (prepareBridgeDatabase: PII keys, rule set, demo seed) on a throwaway SQLite or MariaDB database,
 * listening on an ephemeral port so tests talk real HTTP with fetch. The only stand-in is the live side (TestLive),
 * another engineer's port, with knobs the tests turn.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AgentStatusDto, QueueStats, UserDto } from '@donorline/domain';
import { MYSQL_TEST, openTestDatabase, type TestDatabase, type TestDbKind } from '@donorline/domain/testing';
import { createAuth, type Auth } from '../../src/auth/index.js';
import { loadConfig, type BridgeConfig } from '../../src/config.js';
import { prepareBridgeDatabase, type BridgeDatabase } from '../../src/db/index.js';
import { httpServerOptions, registerHttp, type HttpDeps, type HttpExtras, type LiveHealth, type LivePort, type TrainingCallRequest } from '../../src/http/index.js';

/** The live side as tests want it: figures they set, and a record of what the HTTP layer told it. */
export class TestLive implements LivePort {
  link: LiveHealth = { ami: 'up', ari: 'up', liveCalls: 0 };
  queues: QueueStats[] = [
    { queue: 'hotline', waiting: 2, longestWaitSeconds: 41, agentsReady: 1, agentsBusy: 1, agentsPaused: 0, answeredToday: 12, abandonedToday: 1, offeredToday: 0, serviceLevel: null, abandonRate: null, asaSeconds: null, ahtSeconds: null },
  ];
  agents: AgentStatusDto[] = [];
  /** callId → the agent's user id, for calls the live registry holds. */
  liveCalls = new Map<string, number>();
  dispositions: { userId: number; callId: string }[] = [];
  /** userId → the extension the user is seated at. */
  seats = new Map<number, string>();
  trainingCalls: { userId: number; req: TrainingCallRequest }[] = [];
  training: LivePort['training'];

  constructor(sim: boolean) {
    this.training = sim
      ? {
          placeCall: async (user, req) => {
            this.trainingCalls.push({ userId: user.userId, req });
            return { callId: `train-${this.trainingCalls.length}` };
          },
        }
      : null;
  }

  health(): LiveHealth {
    return this.link;
  }
  queueStats(): QueueStats[] {
    return this.queues;
  }
  agentStatuses(): AgentStatusDto[] {
    return this.agents;
  }
  isAgentOfCall(userId: number, callId: string): boolean {
    return this.liveCalls.get(callId) === userId;
  }
  seatExtension(userId: number): string | null {
    return this.seats.get(userId) ?? null;
  }
  dispositionSaved(e: { userId: number; callId: string }): void {
    this.dispositions.push(e);
  }
}

export const TEST_PASSWORD = 'correct-horse-42';
export const PII_KEY_HEX = 'a1'.repeat(32);

export interface TestUser {
  user: UserDto;
  token: string;
}

export interface TestApp {
  kind: TestDbKind;
  app: FastifyInstance;
  baseUrl: string;
  config: Readonly<BridgeConfig>;
  db: TestDatabase;
  bridge: BridgeDatabase;
  services: BridgeDatabase['services'];
  auth: Auth;
  live: TestLive;
  dir: string;
  /** What registerHttp returned (the separate /metrics listener, not listening). */
  extras: HttpExtras;
  users: { agent1: TestUser; agent2: TestUser; quality: TestUser; supervisor: TestUser; admin: TestUser };
  /** fetch against the bridge; `token` adds the Bearer header, `json` a JSON body. */
  http(method: string, urlPath: string, opts?: { token?: string; json?: unknown; headers?: Record<string, string> }): Promise<Response>;
  /** Same, and parses the JSON body. */
  call<T = unknown>(method: string, urlPath: string, opts?: { token?: string; json?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: T; headers: Headers }>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** PBX mode (default sim). */
  pbx?: 'sim' | 'asterisk';
  env?: Record<string, string>;
  seedDonors?: number;
  /** Capture the request log (pino JSON lines) at this level instead of discarding it. */
  log?: { stream: { write(line: string): void }; level: string };
  /** What /metrics serves (the bridge passes its prom-client registry). */
  metrics?: HttpDeps['metrics'];
}

let counter = 0;

export async function buildTestApp(kind: TestDbKind, opts: TestAppOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dl-bridge-http-'));
  const desk = path.join(dir, 'desk');
  mkdirSync(path.join(desk, 'assets'), { recursive: true });
  writeFileSync(path.join(desk, 'index.html'), '<!doctype html><title>Donorline desk</title><div id="app"></div>');
  writeFileSync(path.join(desk, 'assets', 'index-abc123.js'), 'console.log("desk")');
  const db = await openTestDatabase(kind);
  const env: Record<string, string> = {
    DATA_DIR: path.join(dir, 'data'),
    DESK_DIR: desk,
    RECORDINGS_DIR: path.join(dir, 'recordings'),
    PII_KEY: PII_KEY_HEX,
    JWT_SECRET: `test-secret-${++counter}-0123456789abcdef0123456789`,
    LOGIN_FAILURE_DELAY_MS: '40',
    LOG_LEVEL: 'warn',
    // the API reference is part of the surface under test (production turns it off by default: DOCS_ENABLED)
    DOCS_ENABLED: 'true',
    ...(kind === 'mysql' && MYSQL_TEST.ok ? { DB_URL: `${MYSQL_TEST.serverUrl}/${db.name}` } : {}),
    ...(opts.pbx === 'asterisk' ? { AMI_URL: 'tcp://bridge:secret@127.0.0.1:5038', ARI_URL: 'http://bridge:secret@127.0.0.1:8088' } : {}),
    ...opts.env,
  };
  // the demo seed is what the embedded platform runs on; tests want the same data on MariaDB too
  const config: Readonly<BridgeConfig> = { ...loadConfig(env, dir), seedDemo: true };
  const quiet = { info: () => undefined, warn: () => undefined };
  const bridge = await prepareBridgeDatabase(db.ds, config, { log: quiet, seedDonors: opts.seedDonors ?? 40 });
  const services = bridge.services;
  const auth = createAuth(config, services);
  const live = new TestLive(config.pbx.mode === 'sim');

  const mk = async (username: string, role: UserDto['role'], extension: string | null): Promise<TestUser> => {
    const user = await services.users.create({ username: `${username}${counter}`, displayName: `测试 ${username}`, password: TEST_PASSWORD, role, extension });
    return { user, token: await auth.issueToken(user) };
  };
  const users = {
    agent1: await mk('tagent1_', 'agent', '8031'),
    agent2: await mk('tagent2_', 'agent', '8032'),
    quality: await mk('tqa_', 'quality', null),
    supervisor: await mk('tsup_', 'supervisor', '8039'),
    admin: await mk('tadmin_', 'admin', null),
  };

  const serverOptions = httpServerOptions(config);
  const app = Fastify({ ...serverOptions, logger: { ...serverOptions.logger, level: opts.log?.level ?? 'error', ...(opts.log ? { stream: opts.log.stream } : {}) } });
  const extras = await registerHttp(app, { config, services, auth, live, ...(opts.metrics ? { metrics: opts.metrics } : {}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

  const http: TestApp['http'] = (method, urlPath, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.json);
    }
    return fetch(baseUrl + urlPath, { method, headers, body });
  };
  const call: TestApp['call'] = async <T>(method: string, urlPath: string, o: Parameters<TestApp['http']>[2] = {}) => {
    const res = await http(method, urlPath, o);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
  };

  return {
    kind, app, baseUrl, config, db, bridge, services, auth, live, dir, extras, users, http, call,
    async close() {
      await extras.metricsServer?.close();
      await app.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A minimal 8 kHz 16-bit mono PCM WAV whose sample i is (i * 7) mod 65536, so any byte range can be checked. */
export function testWav(samples: number): Buffer {
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeUInt16LE((i * 7) & 0xffff, i * 2);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(16000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}
