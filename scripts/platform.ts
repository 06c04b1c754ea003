/**
 * npm start — the whole embedded Donorline platform in one process:
 *   the simulated Asterisk (unless AMI_URL + ARI_URL point at a real one), the database (SQLite seeded with demo
 *   data on the first start, or DB_URL), the desk (built when apps/agent-desk/dist is missing or older than its sources), the IVR prompts
 *   (rendered in the background if missing and espeak-ng + sox exist), the CTI bridge (REST API, Socket.IO, /metrics,
 *   the desk at /) and the IVR. Ctrl-C stops everything cleanly.
 *
 * This is the one place where the apps meet: they never import each other.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type Simulator } from '@donorline/asterisk-sim';
import { startSmsSim, type SmsSim } from '@donorline/sms-sim';
import { numberedTemplateText, SMS_TEMPLATE_DEFS, SMS_TEMPLATE_KEYS } from '@donorline/domain';
import { DEMO_DONORS, DEMO_PASSWORD, DEMO_USERS } from '@donorline/domain/node';
import { DomainBackend, loadConfig as loadIvrConfig, startIvr, type IvrHandle } from '@donorline/ivr-flows';
import { buildBridge, type Bridge } from '../apps/cti-bridge/src/app.js';
import { ConfigError, loadConfig, type BridgeConfig } from '../apps/cti-bridge/src/config.js';
import { ivrEnv, IvrEnvError } from './ivr-env.js';
import { DESK_DIST, ensureDeskBuilt } from './desk-build.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (msg: string): void => console.log(`[donorline] ${msg}`);

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

async function buildDeskIfStale(config: Readonly<BridgeConfig>): Promise<void> {
  const dir = config.http.publicDir;
  if (!dir) return;
  if (path.resolve(dir) !== DESK_DIST) {
    if (!existsSync(path.join(dir, 'index.html'))) say(`DESK_DIR ${dir} has no index.html: the desk will not be served`);
    return;
  }
  try {
    const r = await ensureDeskBuilt({ onBuild: () => say('building the agent desk (first start, or its sources changed)…') });
    if (r.built) say(`desk built in ${(r.ms / 1000).toFixed(1)} s`);
  } catch (e) {
    say(`WARNING: the desk could not be built (${(e as Error).message.split('\n')[0]}); the API still runs — try: npm run desk:build`);
  }
}

function renderPromptsIfMissing(config: Readonly<BridgeConfig>): void {
  const marker = path.join(config.pbx.soundsDir, 'zh', 'donorline', 'welcome.wav');
  if (existsSync(marker)) return;
  if (!has('espeak-ng') || !has('sox')) {
    say('WARNING: IVR prompts are missing and espeak-ng/sox are not installed — callers will hear silence (apt-get install espeak-ng sox, then npm run prompts)');
    return;
  }
  say('rendering the IVR prompts in the background (first start)…');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'apps/ivr-flows/scripts/render-prompts.ts'), '--quiet', '--out', config.pbx.soundsDir], {
    cwd: ROOT, stdio: 'ignore',
  });
  child.on('exit', (code) => say(code === 0 ? 'IVR prompts rendered' : `WARNING: rendering the IVR prompts failed (exit ${code}); run npm run prompts`));
}

function banner(config: Readonly<BridgeConfig>, bridge: Bridge, sim: Simulator | null, ivr: IvrHandle | null, sms: SmsSim | null): void {
  const host = config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host;
  const url = `http://${host}:${config.http.port}`;
  const lines = [
    '',
    '  ┌──────────────────────────────────────────────────────────────────┐',
    `    Donorline 献血服务热线 — ${config.center.name}`,
    `    Desk 坐席台:     ${url}/`,
    `    API docs:        ${config.guard.docs ? `${url}/api/docs` : 'off (DOCS_ENABLED)'}      health: ${url}/api/health`,
    `    Metrics:         ${config.guard.metrics.mode === 'public' ? `${url}/metrics` : config.guard.metrics.mode === 'separate' ? `http://${config.guard.metrics.host}:${config.guard.metrics.port}/metrics` : 'off (METRICS_PORT / METRICS_TOKEN / METRICS_ENABLED)'}${config.guard.metrics.token ? ' (bearer token)' : ''}`,
    `    Database:        ${bridge.db.description}`,
    sim
      ? `    PBX:             simulated Asterisk (training mode) — AMI 127.0.0.1:${sim.amiPort}, ARI ${sim.ariUrl}`
      : `    PBX:             Asterisk at ${config.pbx.ami.host}:${config.pbx.ami.port} (AMI), ${config.pbx.ari.url} (ARI)`,
    `    IVR:             ${ivr ? `running (app ${config.ivr.app})` : 'off'}`,
    sms
      ? `    SMS:             simulated gateway ${sms.url}/ui (${config.sms.api === 'tencent' ? 'Tencent Cloud API, reports and replies pulled' : config.sms.api === 'smpp' ? `SMPP on 127.0.0.1:${sms.smppPort}, receipts and replies as deliver_sm` : 'Alibaba Cloud API'}) — reply as a donor: npm run sms:cli -- reply --from 13800138000 --text 不满意`
      : `    SMS:             ${config.sms.provider === 'off' ? 'off (SMS_PROVIDER): messages wait in the outbox' : `${config.sms.provider} at ${config.sms.endpoint}`}`,
  ];
  if (config.db.kind === 'sqlite') {
    lines.push(`    Demo users:      ${DEMO_USERS.map((u) => `${u.username}${u.extension ? ` (${u.extension})` : ''}`).join(', ')} — password ${DEMO_PASSWORD}`);
  }
  if (sim) {
    const d = DEMO_DONORS[0]!;
    lines.push(
      '    Training call:   sign in as agent1, join seat 8001, then use the desk\'s training panel, or:',
      `                     npm run sim:cli -- call --from ${d.phone.replace(/-/g, '')} --name ${d.name} --to 96607   (straight to the queue)`,
      `                     npm run sim:cli -- call --from ${d.phone.replace(/-/g, '')} --to 96606 --dtmf 1          (through the IVR)`,
    );
  }
  lines.push('    Stop:            Ctrl-C', '  └──────────────────────────────────────────────────────────────────┘', '');
  console.log(lines.join('\n'));
}

/**
 * The simulated SMS gateway (SMS_PROVIDER=sim): the bridge sends to it, it pushes reports and replies back (Aliyun
 * API) or keeps them for the bridge to pull (Tencent API, SMS_SIM_PROTOCOL=tencent), or speaks SMPP on
 * SMS_SIM_SMPP_PORT (SMS_SIM_PROTOCOL=smpp: the bridge binds to it; receipts and replies come as deliver_sm).
 */
async function startSmsGateway(config: Readonly<BridgeConfig>): Promise<SmsSim> {
  const host = config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host;
  const back = (p: string): string => `http://${host}:${config.http.port}/api/sms/${p}?token=${encodeURIComponent(config.sms.callbackToken)}`;
  const templates = Object.fromEntries(SMS_TEMPLATE_KEYS.map((k) => [config.sms.templateCodes[k], SMS_TEMPLATE_DEFS[k].text]));
  const sms = await startSmsSim({
    host: '127.0.0.1', port: config.sms.simPort ?? 0, accessKeyId: config.sms.accessKeyId, accessKeySecret: config.sms.accessKeySecret,
    templates, reportUrl: back('reports'), inboundUrl: back('inbound'), log: (l) => say(`[sms-sim] ${l}`),
    ...(config.sms.tencent ? {
      tencent: {
        secretId: config.sms.tencent.secretId, secretKey: config.sms.tencent.secretKey, sdkAppId: config.sms.tencent.sdkAppId, maxParamLength: config.sms.tencent.maxParamLength,
        templates: Object.fromEntries(SMS_TEMPLATE_KEYS.map((k) => [config.sms.tencent!.templateIds[k], numberedTemplateText(k)])),
      },
    } : {}),
    ...(config.sms.smpp ? { smpp: { port: config.sms.smpp.port, systemId: config.sms.smpp.systemId, password: config.sms.smpp.password } } : {}),
  });
  say(`simulated SMS gateway on ${sms.url} (page ${sms.url}/ui)`);
  return sms;
}

async function main(): Promise<void> {
  let config: Readonly<BridgeConfig>;
  let ivrEnvironment: NodeJS.ProcessEnv | null = null;
  try {
    config = loadConfig(process.env, ROOT);
    // checked before anything starts: with a real Asterisk the IVR has its own ARI user (IVR_ARI_URL)
    if (config.ivr.enabled) ivrEnvironment = ivrEnv(config, process.env);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof IvrEnvError) {
      console.error(`[donorline] configuration error: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }

  let sim: Simulator | null = null;
  let bridge: Bridge | null = null;
  let ivr: IvrHandle | null = null;
  let sms: SmsSim | null = null;
  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    const force = setTimeout(() => process.exit(code || 1), 10_000);
    force.unref();
    await ivr?.stop().catch(() => undefined);
    await bridge?.stop().catch((e: Error) => console.error(e));
    await sim?.stop().catch(() => undefined);
    await sms?.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    if (config.pbx.mode === 'sim' && config.pbx.sim) {
      const s = config.pbx.sim;
      sim = await startSimulator({
        profile: s.profile, amiPort: s.amiPort, ariPort: s.ariPort, host: '127.0.0.1', username: config.pbx.ami.username, secret: config.pbx.ami.secret,
        recordingsDir: config.pbx.recordingsDir, soundsDir: config.pbx.soundsDir, timeScale: s.timeScale, autoAnswerMs: s.autoAnswerMs,
        speech: !['0', 'false'].includes(process.env.SIM_SPEECH ?? ''),
        // Asterisk's own call log (cdr_custom): the bridge reconciles its records with it after every start
        ...(config.pbx.cdrLogFile ? { cdrDir: path.dirname(config.pbx.cdrLogFile) } : {}),
      });
      say(`simulated Asterisk on AMI 127.0.0.1:${sim.amiPort}, ARI ${sim.ariUrl}`);
    } else say(`using Asterisk at ${config.pbx.ami.host}:${config.pbx.ami.port} (no simulator)`);

    if (config.sms.provider === 'sim') sms = await startSmsGateway(config);

    await buildDeskIfStale(config);
    renderPromptsIfMissing(config);

    bridge = await buildBridge(config);
    await bridge.start();
    await bridge.fastify.listen({ host: config.http.host, port: config.http.port });

    if (config.ivr.enabled && ivrEnvironment) {
      const ivrConfig = loadIvrConfig(ivrEnvironment);
      const backend = new DomainBackend({
        services: bridge.db.services, ariRecordingsDir: ivrConfig.recordings.ariDir, defaultAreaCode: config.phone.defaultAreaCode, pinMaxFailures: ivrConfig.qa.pinMaxFailures,
      });
      ivr = await startIvr(ivrConfig, { backend, waitForAri: true });
    }
    banner(config, bridge, sim, ivr, sms);
  } catch (e) {
    console.error('[donorline] could not start:', e instanceof Error ? e.message : e);
    await stop(1);
  }
}

void main();
