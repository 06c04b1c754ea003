/**
 * The fault suite's pieces: the bridge as a real child process (so it can be SIGKILLed), desks over socket.io,
 * and the figures read back from the bridge's SQLite database and the PBX's own call log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { foldPbxCall, groupByLinkedid, parseCdrLine, type PbxCall } from '@donorline/domain';
import { DEMO_PASSWORD } from '@donorline/domain/node';
import { Desk } from '../integration/support/desk.js';
import { until } from '../integration/support/harness.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** The bridge, `node --import tsx apps/cti-bridge/src/main.ts`, with its environment; killed or stopped at will. */
export class BridgeProcess {
  child: ChildProcess | null = null;
  /** Exits nobody asked for (a crash), with the end of the bridge's stderr. */
  readonly crashes: string[] = [];
  private expectingExit = false;
  private stderr = '';
  constructor(
    readonly env: Record<string, string>,
    readonly baseUrl: string,
  ) {}

  async start(): Promise<void> {
    this.expectingExit = false;
    this.stderr = '';
    // FAULTS_BRIDGE_LOG=<file>: the bridge's log (stdout) and stderr appended there, every start (a failed run's story)
    const logFile = process.env.FAULTS_BRIDGE_LOG;
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/cti-bridge/src/main.ts'], { cwd: REPO, env: { ...process.env, ...this.env }, stdio: ['ignore', logFile ? 'pipe' : 'ignore', 'pipe'] });
    child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    if (logFile) {
      const out = createWriteStream(logFile, { flags: 'a' });
      child.stdout!.pipe(out);
      child.stderr!.pipe(out);
    }
    child.on('exit', (code, signal) => {
      if (!this.expectingExit) this.crashes.push(`exit ${code ?? signal}: ${this.stderr.slice(-600)}`);
    });
    this.child = child;
    await until(async () => (await this.amiUp()) || this.crashes.length > 0, 120_000, 'the bridge up and linked to the PBX');
    if (this.crashes.length) throw new Error(`the bridge did not start: ${this.crashes.at(-1)}`);
  }

  /** SIGKILL: no flush, no goodbye — what the OOM killer or a power cut does. */
  async kill(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null) return;
    this.expectingExit = true;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await gone;
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null) return;
    this.expectingExit = true;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await gone;
  }

  /** From /metrics: the AMI link is up (and the bridge answers HTTP). */
  async amiUp(): Promise<boolean> {
    try {
      const r = await fetch(`${this.baseUrl}/metrics`);
      return /donorline_pbx_link_state\{link="ami",state="up"\} 1/.test(await r.text());
    } catch {
      return false;
    }
  }

  /** From /metrics: AMI logins after the first one since this process started (a link the bridge lost and re-made). */
  async amiReconnects(): Promise<number> {
    const r = await fetch(`${this.baseUrl}/metrics`);
    return Number(/^donorline_ami_reconnects (\d+)/m.exec(await r.text())?.[1] ?? NaN);
  }

  async seatedDesk(username: string, ext: string): Promise<Desk> {
    const r = await fetch(`${this.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
    const { token } = (await r.json()) as { token: string };
    const d = await Desk.connect(this.baseUrl, token);
    await d.command('agent:login', { extension: ext });
    return d;
  }
}

/** Every call of the PBX's own log (the truth the figures are measured against), by Linkedid. */
export function pbxCalls(file: string): Map<string, PbxCall> {
  const rows = readFileSync(file, 'utf8').split('\n').map(parseCdrLine).filter((r) => r !== null);
  const out = new Map<string, PbxCall>();
  for (const [id, g] of groupByLinkedid(rows)) {
    const c = foldPbxCall(g);
    if (c) out.set(id, c);
  }
  return out;
}
