/**
 * The bridge's configuration: read from the environment once, validated, shaped into a frozen nested object and
 * passed down. Nothing else in the bridge reads process.env.
 */
import { haConfig, type HaConfig } from './ha/ha-config.js';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import proxyAddr from '@fastify/proxy-addr';
import { Cron } from 'croner';
import { smsConfig, type SmsConfig } from './messaging/sms-config.js';
import { voiceReplyConfig, type VoiceReplyConfig } from './voice-replies/voice-reply-config.js';
import { workConfig, type WorkConfig } from './work-queue/work-config.js';
import { monitorConfig, type MonitorConfig } from './monitor/monitor-config.js';
import { reportConfig, type ReportConfig } from './live/report-config.js';

export type PbxMode = 'sim' | 'asterisk';
export type TrustProxy = false | number | readonly string[];

export interface BridgeConfig {
  /**
   * trustProxy: which peers are proxies whose X-Forwarded-For is believed — false (none: the socket's address is the
   * client), a number of hops (1 = the address the nearest proxy appended), or a list of proxy addresses/CIDRs
   * (`loopback`, `uniquelocal`, `172.28.0.0/16` …). The client address is audited and rate-limited by.
   */
  http: { host: string; port: number; publicDir: string | null; trustProxy: TrustProxy };
  dataDir: string;
  db: { kind: 'sqlite'; file: string } | { kind: 'mysql'; url: string; poolSize: number; flavor?: 'mysql' | 'mariadb' };
  /** Seed the demo data (and demo users) on first start: only for the embedded SQLite database. */
  seedDemo: boolean;
  pbx: {
    mode: PbxMode;
    ami: { host: string; port: number; username: string; secret: string };
    ari: { url: string; username: string; secret: string };
    sim: { profile: 'donorline' | 'lab'; amiPort: number; ariPort: number; autoAnswerMs: number | null; timeScale: number } | null;
    recordingsDir: string;
    /**
     * Where the PBX writes recordings (MixMonitor) in its own file system; stored paths under it are read from
     * recordingsDir (the same volume mounted into the bridge). Default /var/spool/asterisk/monitor.
     */
    pbxRecordingsDir: string;
    /**
     * Who starts recordings. `dialplan` (default): the dialplan (asterisk/extensions.conf [dl-record]) records every
     * answered leg and the bridge only links the files (MIXMONITOR_FILENAME) and pauses/resumes them
     * (MixMonitorMute, class `call`). `ami`: the bridge also starts MixMonitor over AMI when an answered call has no
     * recording — that AMI action needs the `system` class (not recommended: it also allows shutting Asterisk down).
     */
    recordingMode: 'dialplan' | 'ami';
    /**
     * The PBX's own call log (asterisk/cdr_custom.conf) the bridge reconciles call records against on every start and
     * resync (apps/cti-bridge/src/reconcile); null = off. CDR_LOG_FILE; default: the simulator's
     * DATA_DIR/cdr-custom/donorline-cdr.csv, or Asterisk's /var/log/asterisk/cdr-custom/donorline-cdr.csv.
     */
    cdrLogFile: string | null;
    /** Also reconcile this often while linked (RECONCILE_INTERVAL_SECONDS, 0 = only at start and resync). */
    reconcileIntervalSeconds: number;
    /** How far the log's and the live record's instants may differ (RECONCILE_TIME_TOLERANCE_SECONDS, 0 = not compared). */
    reconcileToleranceSeconds: number;
    soundsDir: string;
    queues: string[];
  };
  auth: {
    jwtSecret: string;
    tokenTtl: string;
    piiKey: Buffer;
    /** Brute-force protection of POST /api/auth/login (per user name and per client address). */
    login: {
      maxFailures: number;
      maxFailuresPerIp: number;
      /** Failures for one account from all addresses together before addresses it never signed in from are held off. */
      maxFailuresPerAccount: number;
      windowSeconds: number;
      lockoutSeconds: number;
      /** Repeated lock-outs double up to this (back-off), never beyond: nobody is locked out indefinitely. */
      lockoutMaxSeconds: number;
      failureDelayMs: number;
    };
    /** How long a recording's media URL works (it is also at least twice the recording's length). */
    mediaUrlTtlSeconds: number;
    /** How often open sockets and seats are re-checked against their account and session (disabled, demoted, revoked). */
    recheckSeconds: number;
    /** First administrator for a production database (created once when no active admin exists). */
    bootstrapAdmin: { username: string; password: string } | null;
  };
  redisUrl: string | null;
  /** Several bridges, one AMI owner (ha/): the lease and the shared seats, on when REDIS_URL is set. */
  ha: HaConfig;
  /**
   * startPaused: a fresh seat starts paused with reason not-ready (未就绪) until the agent chooses to become ready;
   * rejectPauseSeconds: how long a seat pauses after its agent rejects a ringing call (AGENT_REJECT_PAUSE_SECONDS, 0 = off).
   */
  agents: { wrapUpSeconds: number; wrapUpRequired: boolean; startPaused: boolean; rejectPauseSeconds: number };
  /** The work queue: due hours per kind, the default pool, the escalation tick (work-queue/work-config.ts). */
  work: WorkConfig;
  /** Live monitoring: MONITOR_ANNOUNCE, MONITOR_RING_SECONDS (monitor/monitor-config.ts). */
  monitor: MonitorConfig;
  /** Service level threshold/target and the wallboard's alert thresholds (live/report-config.ts). */
  reports: ReportConfig;
  /** SMS: the provider, its keys and template codes, the worker's limits, quiet hours (messaging/sms-config.ts). */
  sms: SmsConfig;
  /** Answers to IVR voice messages: where messages are read and replies written (voice-replies/voice-reply-config.ts). */
  voiceReplies: VoiceReplyConfig;
  phone: { defaultAreaCode: string };
  center: { name: string; hotline: string };
  ivr: { enabled: boolean; app: string; survey: boolean };
  /**
   * The desk's WebRTC softphone (seats SOFTPHONE_EXTENSIONS, default 8501-8550): the WSS URL of Asterisk's SIP
   * WebSocket and the secret the seats' SIP passwords derive from (asterisk/docker-entrypoint.sh). Null: not offered.
   */
  softphone: { wsUrl: string; secret: string; first: number; last: number; domain: string; iceServers: string[] } | null;
  /** BECS file import: where uploads wait for their job (IMPORT_DIR), the largest upload (IMPORT_MAX_MB). */
  imports: { dir: string; maxBytes: number };
  /**
   * Slots from the sites' templates: generated SLOT_HORIZON_DAYS ahead (default 28) at start and every day at
   * SLOT_GENERATE_CRON (default '0 10 2 * * *', 02:10 Asia/Shanghai; 'off' disables the daily run).
   */
  slots: { horizonDays: number; cron: string | null };
  /**
   * Quality evaluations: the share of each agent's calls per week sampled at random (QA_SAMPLE_PERCENT, default 5;
   * complaint, low-survey, long and callback-task calls are always sampled), how often the sampling runs
   * (QA_SAMPLE_CRON, default every 15 min; 'off' disables it) and how long an evaluator's claim lasts (QA_CLAIM_MINUTES, 30).
   */
  qa: { samplePercent: number; cron: string | null; claimMinutes: number };
  /** Care (关怀): when the day's care actions are prepared for preview (CARE_CRON, default 07:00 Asia/Shanghai; 'off' disables it). */
  care: { cron: string | null };
  /** No-show detection: when open bookings of past days are settled (NO_SHOW_CRON, default 07:30 Asia/Shanghai; 'off' disables the schedule). */
  noShow: { cron: string | null };
  logLevel: string;
  /** Exposure and abuse limits (src/guard/): who may reach /metrics and /api/docs, and how fast anyone may go. */
  guard: GuardConfig;
}

export interface GuardConfig {
  /**
   * /metrics: off, on the public HTTP port, or on its own listener (METRICS_HOST:METRICS_PORT, e.g. only on the
   * internal network Prometheus scrapes); `token` (METRICS_TOKEN) is then required as `Authorization: Bearer`.
   * Default: on the public port in the embedded demo, off in production unless METRICS_PORT or METRICS_TOKEN is set.
   */
  metrics: { mode: 'off' | 'public' | 'separate'; token: string | null; host: string; port: number };
  /** OpenAPI document and Swagger UI at /api/docs (DOCS_ENABLED; default on in the embedded demo, off in production). */
  docs: boolean;
  /** Full phone-number / full national-ID lookups per user per rolling hour (PII_LOOKUPS_PER_HOUR, default 60). */
  piiLookupsPerHour: number;
  /** HTTP limits (@fastify/rate-limit): per client address for sign-in, per user for searches, per minute. */
  http: { loginPerMinute: number; searchPerMinute: number; exportPerMinute: number };
  /** Socket.IO commands: token buckets per socket and per user (rate per second, burst). */
  socket: { perSocket: { rate: number; burst: number }; perUser: { rate: number; burst: number } };
}

function softphoneConfig(env: Env): BridgeConfig['softphone'] {
  const ws = env.SOFTPHONE_WS_URL?.trim();
  const secret = env.SOFTPHONE_SECRET?.trim();
  if (!ws && !secret) return null;
  if (!ws || !secret) throw new ConfigError('SOFTPHONE_WS_URL and SOFTPHONE_SECRET must be set together (the desk\'s WebRTC softphone)');
  let u: URL;
  try {
    u = new URL(ws);
  } catch {
    throw new ConfigError(`SOFTPHONE_WS_URL is not a URL: '${ws}'`);
  }
  if (u.protocol !== 'wss:' && u.protocol !== 'ws:') throw new ConfigError('SOFTPHONE_WS_URL must be wss://host:8089/ws');
  if (secret.length < 12) throw new ConfigError('SOFTPHONE_SECRET must have at least 12 characters');
  const range = /^(\d{4})-(\d{4})$/.exec(env.SOFTPHONE_EXTENSIONS?.trim() || '8501-8550');
  if (!range || Number(range[1]) > Number(range[2])) throw new ConfigError('SOFTPHONE_EXTENSIONS must look like 8501-8550');
  const ice = (env.SOFTPHONE_ICE_SERVERS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of ice) if (!/^(stun|turn|turns):/.test(s)) throw new ConfigError(`SOFTPHONE_ICE_SERVERS: '${s}' is not a stun:/turn: URL`);
  return { wsUrl: ws, secret, first: Number(range[1]), last: Number(range[2]), domain: env.SOFTPHONE_DOMAIN?.trim() || u.hostname, iceServers: ice };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

function int(env: Env, key: string, def: number, min = 0, max = 65535): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${key} must be an integer in ${min}..${max}, got "${raw}"`);
  return n;
}

function bool(env: Env, key: string, def: boolean): boolean {
  const raw = env[key]?.toLowerCase();
  if (raw === undefined || raw === '') return def;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${key} must be true or false, got "${env[key]}"`);
}

/** TRUST_PROXY: false | true (= 1 hop) | a hop count | a comma list of proxy addresses, CIDRs or loopback/linklocal/uniquelocal. */
function trustProxy(env: Env): TrustProxy {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || /^(false|0|no|off)$/i.test(raw)) return false;
  if (/^(true|yes|on)$/i.test(raw)) return 1;
  if (/^\d+$/.test(raw)) {
    const n = Number(raw);
    if (n < 1 || n > 10) throw new ConfigError(`TRUST_PROXY hop count must be 1..10, got "${raw}"`);
    return n;
  }
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  try {
    proxyAddr.compile(list); // the same parser Fastify uses: refuses anything that is not an address, CIDR or name
  } catch (e) {
    throw new ConfigError(`TRUST_PROXY must be false, true, a hop count or a list of proxy addresses/CIDRs (loopback, uniquelocal, 172.28.0.0/16 …): ${(e as Error).message}`);
  }
  return Object.freeze(list);
}

function cdrLogFile(env: Env, cwd: string, dataDir: string, mode: PbxMode): string | null {
  const v = env.CDR_LOG_FILE?.trim();
  if (v === 'off') return null;
  if (v) return path.resolve(cwd, v);
  return mode === 'sim' ? path.join(dataDir, 'cdr-custom', 'donorline-cdr.csv') : '/var/log/asterisk/cdr-custom/donorline-cdr.csv';
}

function recordingMode(env: Env): 'dialplan' | 'ami' {
  const v = (env.RECORDING_MODE || 'dialplan').trim().toLowerCase();
  if (v !== 'dialplan' && v !== 'ami') throw new ConfigError(`RECORDING_MODE must be dialplan or ami, got "${env.RECORDING_MODE}"`);
  return v;
}

function parseUrl(key: string, raw: string, protocols: string[]): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(`${key} is not a URL: "${raw}"`);
  }
  if (!protocols.includes(u.protocol)) throw new ConfigError(`${key} must use ${protocols.join(' or ')}, got "${u.protocol}"`);
  return u;
}

/** A secret from the environment, or (embedded mode only) one generated once and kept in the data dir. */
function secret(env: Env, key: string, dataDir: string, embedded: boolean, bytes: number): string {
  const v = env[key];
  if (v) return v;
  if (!embedded) throw new ConfigError(`${key} is required when DB_URL points at a production database`);
  const file = path.join(dataDir, `.${key.toLowerCase()}`);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const value = randomBytes(bytes).toString('base64url');
  writeFileSync(file, value + '\n', { mode: 0o600 });
  return value;
}

/** A cron expression (croner, seconds optional) or 'off' (null); a bad one stops the start naming the variable. */
function cronOrOff(env: Env, key: string, dflt: string): string | null {
  const v = env[key] || dflt;
  if (v === 'off') return null;
  try {
    new Cron(v, { paused: true }).stop();
  } catch (e) {
    throw new ConfigError(`${key} must be a cron expression or off, got "${v}" (${(e as Error).message})`);
  }
  return v;
}

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Readonly<BridgeConfig> {
  const dataDir = path.resolve(cwd, env.DATA_DIR || 'data');
  const dbUrl = env.DB_URL?.trim();
  let db: BridgeConfig['db'];
  if (!dbUrl) db = { kind: 'sqlite', file: path.join(dataDir, 'donorline.sqlite') };
  else if (dbUrl.startsWith('sqlite:')) db = { kind: 'sqlite', file: path.resolve(cwd, dbUrl.slice('sqlite:'.length).replace(/^\/\//, '')) };
  else {
    parseUrl('DB_URL', dbUrl, ['mysql:', 'mariadb:']);
    db = { kind: 'mysql', url: dbUrl.replace(/^mariadb:/, 'mysql:'), poolSize: int(env, 'DB_POOL_SIZE', 16, 1, 256), flavor: dbUrl.startsWith('mariadb:') ? 'mariadb' : 'mysql' };
  }
  const embedded = db.kind === 'sqlite';

  const amiUrl = env.AMI_URL?.trim();
  const ariUrl = env.ARI_URL?.trim();
  if (!!amiUrl !== !!ariUrl) throw new ConfigError('AMI_URL and ARI_URL must be set together (a real Asterisk) or both left unset (the simulator)');
  const mode: PbxMode = amiUrl ? 'asterisk' : 'sim';
  const simProfile = (env.SIM_PROFILE || 'donorline') as 'donorline' | 'lab';
  if (simProfile !== 'donorline' && simProfile !== 'lab') throw new ConfigError(`SIM_PROFILE must be donorline or lab, got "${env.SIM_PROFILE}"`);
  const simAmiPort = int(env, 'SIM_AMI_PORT', 15038);
  const simAriPort = int(env, 'SIM_ARI_PORT', 18088);
  const simUser = env.SIM_USERNAME || (simProfile === 'lab' ? 'cti' : 'donorline');
  const simSecret = env.SIM_SECRET || (simProfile === 'lab' ? 'cti-secret' : 'donorline');

  let ami: BridgeConfig['pbx']['ami'];
  let ari: BridgeConfig['pbx']['ari'];
  if (amiUrl && ariUrl) {
    const a = parseUrl('AMI_URL', amiUrl, ['tcp:', 'ami:']);
    if (!a.username || !a.password) throw new ConfigError('AMI_URL must carry user and secret: tcp://user:secret@host:5038');
    ami = { host: a.hostname, port: Number(a.port || 5038), username: decodeURIComponent(a.username), secret: decodeURIComponent(a.password) };
    const r = parseUrl('ARI_URL', ariUrl, ['http:', 'https:']);
    if (!r.username || !r.password) throw new ConfigError('ARI_URL must carry user and secret: http://user:secret@host:8088');
    ari = { url: `${r.protocol}//${r.host}`, username: decodeURIComponent(r.username), secret: decodeURIComponent(r.password) };
  } else {
    ami = { host: '127.0.0.1', port: simAmiPort, username: simUser, secret: simSecret };
    ari = { url: `http://127.0.0.1:${simAriPort}`, username: simUser, secret: simSecret };
  }

  const timeScale = Number(env.SIM_TIME_SCALE || '1');
  if (!(timeScale > 0 && timeScale <= 100)) throw new ConfigError(`SIM_TIME_SCALE must be in (0, 100], got "${env.SIM_TIME_SCALE}"`);
  const autoAnswer = env.SIM_AUTO_ANSWER_MS ? int(env, 'SIM_AUTO_ANSWER_MS', 0, 0, 600_000) : null;

  const publicDir = env.DESK_DIR === '' ? null : path.resolve(cwd, env.DESK_DIR || 'apps/agent-desk/dist');
  const piiKeyRaw = secret(env, 'PII_KEY', dataDir, embedded, 32);
  const piiKey = Buffer.from(piiKeyRaw, /^[0-9a-f]{64}$/i.test(piiKeyRaw) ? 'hex' : 'base64url');
  if (piiKey.length !== 32) throw new ConfigError('PII_KEY must be 32 bytes (64 hex characters or 43 base64url characters)');
  const tokenTtl = env.TOKEN_TTL || '10h';
  if (!/^\d+\s*(s|m|h|d)?$/.test(tokenTtl)) throw new ConfigError(`TOKEN_TTL must look like 10h, 30m or 3600s, got "${tokenTtl}"`);
  const adminUser = env.ADMIN_USERNAME?.trim();
  const adminPassword = env.ADMIN_PASSWORD;
  if (!!adminUser !== !!adminPassword) throw new ConfigError('ADMIN_USERNAME and ADMIN_PASSWORD must be set together');
  if (adminPassword && adminPassword.length < 10) throw new ConfigError('ADMIN_PASSWORD must have at least 10 characters');

  const cfg: BridgeConfig = {
    http: { host: env.HTTP_HOST || '127.0.0.1', port: int(env, 'HTTP_PORT', 8080), publicDir, trustProxy: trustProxy(env) },
    dataDir,
    db,
    seedDemo: embedded && bool(env, 'SEED_DEMO', true),
    pbx: {
      mode,
      ami,
      ari,
      sim: mode === 'sim' ? { profile: simProfile, amiPort: simAmiPort, ariPort: simAriPort, autoAnswerMs: autoAnswer, timeScale } : null,
      recordingsDir: path.resolve(cwd, env.RECORDINGS_DIR || path.join(dataDir, 'recordings')),
      pbxRecordingsDir: path.posix.resolve('/', env.RECORDINGS_PBX_DIR || '/var/spool/asterisk/monitor'),
      recordingMode: recordingMode(env),
      cdrLogFile: cdrLogFile(env, cwd, dataDir, mode),
      reconcileIntervalSeconds: int(env, 'RECONCILE_INTERVAL_SECONDS', 60, 0, 86_400),
      reconcileToleranceSeconds: int(env, 'RECONCILE_TIME_TOLERANCE_SECONDS', 3, 0, 3600),
      soundsDir: path.resolve(cwd, env.SOUNDS_DIR || 'asterisk/sounds'),
      queues: (env.QUEUES || 'hotline,complaints').split(',').map((s) => s.trim()).filter(Boolean),
    },
    auth: {
      jwtSecret: secret(env, 'JWT_SECRET', dataDir, embedded, 48),
      tokenTtl,
      piiKey,
      login: {
        maxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000),
        maxFailuresPerIp: int(env, 'LOGIN_MAX_FAILURES_PER_IP', 30, 1, 100_000),
        maxFailuresPerAccount: int(env, 'LOGIN_MAX_FAILURES_PER_ACCOUNT', 20, 1, 100_000),
        windowSeconds: int(env, 'LOGIN_WINDOW_SECONDS', 900, 1, 86_400),
        lockoutSeconds: int(env, 'LOGIN_LOCKOUT_SECONDS', 300, 1, 86_400),
        lockoutMaxSeconds: int(env, 'LOGIN_LOCKOUT_MAX_SECONDS', 3600, 1, 86_400),
        failureDelayMs: int(env, 'LOGIN_FAILURE_DELAY_MS', 250, 0, 10_000),
      },
      mediaUrlTtlSeconds: int(env, 'MEDIA_URL_TTL_SECONDS', 300, 5, 3600),
      recheckSeconds: int(env, 'AUTH_RECHECK_SECONDS', 3, 1, 60),
      bootstrapAdmin: adminUser && adminPassword ? { username: adminUser, password: adminPassword } : null,
    },
    redisUrl: env.REDIS_URL || null,
    ha: haConfig(env, ami, env.REDIS_URL || null, (m) => new ConfigError(m)),
    agents: {
      wrapUpSeconds: int(env, 'WRAP_UP_SECONDS', 30, 0, 3600), wrapUpRequired: bool(env, 'WRAP_UP_REQUIRED', true), startPaused: bool(env, 'AGENT_START_PAUSED', true),
      rejectPauseSeconds: int(env, 'AGENT_REJECT_PAUSE_SECONDS', 20, 0, 600),
    },
    work: workConfig(env, (m) => new ConfigError(m)),
    monitor: monitorConfig(env, (m) => new ConfigError(m)),
    reports: reportConfig(env, (m) => new ConfigError(m)),
    sms: smsConfig(env, { embedded, centerName: env.CENTER_NAME || '青岛市中心血站', secret: (k) => secret(env, k, dataDir, embedded, 24) }, (m) => new ConfigError(m)),
    voiceReplies: voiceReplyConfig(env, { cwd, recordingsDir: path.resolve(cwd, env.RECORDINGS_DIR || path.join(dataDir, 'recordings')), pbxMode: mode }, (m) => new ConfigError(m)),
    phone: { defaultAreaCode: env.DEFAULT_AREA_CODE || '0532' },
    center: { name: env.CENTER_NAME || '青岛市中心血站', hotline: env.CENTER_HOTLINE || '96606' },
    ivr: { enabled: bool(env, 'IVR_ENABLED', true), app: env.IVR_APP || 'donorline-ivr', survey: bool(env, 'IVR_SURVEY', true) },
    softphone: softphoneConfig(env),
    imports: { dir: path.resolve(cwd, env.IMPORT_DIR || path.join(dataDir, 'imports')), maxBytes: int(env, 'IMPORT_MAX_MB', 512, 1, 8192) * 1024 * 1024 },
    slots: { horizonDays: int(env, 'SLOT_HORIZON_DAYS', 28, 1, 180), cron: env.SLOT_GENERATE_CRON === 'off' ? null : env.SLOT_GENERATE_CRON || '0 10 2 * * *' },
    care: { cron: env.CARE_CRON === 'off' ? null : env.CARE_CRON || '0 0 7 * * *' },
    noShow: { cron: cronOrOff(env, 'NO_SHOW_CRON', '0 30 7 * * *') },
    qa: { samplePercent: int(env, 'QA_SAMPLE_PERCENT', 5, 0, 100), cron: env.QA_SAMPLE_CRON === 'off' ? null : env.QA_SAMPLE_CRON || '0 */15 * * * *', claimMinutes: int(env, 'QA_CLAIM_MINUTES', 30, 1, 480) },
    logLevel: env.LOG_LEVEL || 'info',
    guard: guardConfig(env, !embedded || env.NODE_ENV === 'production'),
  };
  if (!/^0\d{2,3}$/.test(cfg.phone.defaultAreaCode)) throw new ConfigError('DEFAULT_AREA_CODE must look like 0532');
  if (cfg.auth.jwtSecret.length < 32) throw new ConfigError('JWT_SECRET must have at least 32 characters');
  if (cfg.auth.login.lockoutMaxSeconds < cfg.auth.login.lockoutSeconds) throw new ConfigError('LOGIN_LOCKOUT_MAX_SECONDS must not be below LOGIN_LOCKOUT_SECONDS');
  return deepFreeze(cfg);
}

/** `production`: DB_URL points at MySQL/MariaDB, or NODE_ENV=production. */
function guardConfig(env: Env, production: boolean): GuardConfig {
  const token = env.METRICS_TOKEN?.trim() || null;
  if (token && token.length < 16) throw new ConfigError('METRICS_TOKEN must have at least 16 characters');
  const separate = !!env.METRICS_PORT?.trim();
  const enabled = bool(env, 'METRICS_ENABLED', !production || separate || !!token);
  const perSocket = int(env, 'SOCKET_COMMANDS_PER_SECOND', 5, 1, 10_000);
  const burst = int(env, 'SOCKET_COMMAND_BURST', 20, 1, 100_000);
  return {
    metrics: { mode: !enabled ? 'off' : separate ? 'separate' : 'public', token, host: env.METRICS_HOST || '127.0.0.1', port: int(env, 'METRICS_PORT', 9464) },
    docs: bool(env, 'DOCS_ENABLED', !production),
    piiLookupsPerHour: int(env, 'PII_LOOKUPS_PER_HOUR', 60, 1, 100_000),
    http: {
      loginPerMinute: int(env, 'LOGIN_RATE_PER_MINUTE', 60, 1, 100_000),
      searchPerMinute: int(env, 'SEARCH_RATE_PER_MINUTE', 120, 1, 100_000),
      exportPerMinute: int(env, 'EXPORT_RATE_PER_MINUTE', 10, 1, 100_000),
    },
    socket: { perSocket: { rate: perSocket, burst }, perUser: { rate: perSocket * 2, burst: burst * 2 } },
  };
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Buffer.isBuffer(o)) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
