import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real Asterisk 22 transcripts the simulator engineer copied into the repository. */
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../packages/asterisk-sim/test/fixtures/asterisk22');

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'latin1');
}

/** The messages of a transcript (CRLF framing kept), without the banner line. */
export function fixtureMessages(name: string): string[] {
  const text = fixture(name).replace(/^Asterisk Call Manager\/[^\r\n]*\r\n/, '');
  return text.split('\r\n\r\n').filter((m) => m.trim()).map((m) => m + '\r\n\r\n');
}

/** Every message of `name` carrying `ActionID: fixtureId`, re-addressed to `actionId`. */
export function fixtureReply(name: string, fixtureId: string, actionId: string): string {
  return fixtureMessages(name)
    .filter((m) => new RegExp(`\\r\\nActionID: ${fixtureId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\r\\n`).test('\r\n' + m))
    .map((m) => m.replace(`ActionID: ${fixtureId}\r\n`, `ActionID: ${actionId}\r\n`))
    .join('');
}

export type AmiAction = Record<string, string> & { action: string; actionid: string };

export interface FakeAmiOptions {
  username?: string;
  secret?: string;
  /** Answer to one action (after login); return undefined for the default `Invalid/unknown command`. */
  onAction?: (a: AmiAction, s: FakeAmiSession) => string | undefined | null;
}

export interface FakeAmiSession {
  socket: net.Socket;
  loggedIn: boolean;
  write(text: string): void;
}

/**
 * A scripted AMI server over real TCP, speaking the framing of the transcripts: banner, `Key: Value` CRLF lines,
 * blank line after each message, Login (failure ≈ Asterisk's: error, then close), Ping/Pong.
 */
export class FakeAmiServer {
  private server: net.Server | undefined;
  readonly sessions = new Set<FakeAmiSession>();
  port = 0;
  loginAttempts = 0;
  /** While true, Ping gets no answer (a hung Asterisk / dead link). */
  silentPings = false;
  readonly received: AmiAction[] = [];

  constructor(private readonly opts: FakeAmiOptions = {}) {}

  async listen(port = 0): Promise<number> {
    const server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
    return this.port;
  }

  private accept(socket: net.Socket): void {
    const s: FakeAmiSession = { socket, loggedIn: false, write: (t) => socket.writable && socket.write(t) };
    this.sessions.add(s);
    socket.on('close', () => this.sessions.delete(s));
    socket.on('error', () => undefined);
    socket.write('Asterisk Call Manager/11.0.0\r\n');
    let buf = '';
    socket.on('data', (d) => {
      buf += d.toString('utf8');
      let i: number;
      while ((i = buf.indexOf('\r\n\r\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 4);
        const a: Record<string, string> = {};
        for (const line of block.split('\r\n')) {
          const c = line.indexOf(': ');
          if (c > 0) a[line.slice(0, c).toLowerCase()] = line.slice(c + 2);
        }
        this.handle(a as AmiAction, s);
      }
    });
  }

  private handle(a: AmiAction, s: FakeAmiSession): void {
    this.received.push(a);
    const id = a.actionid ?? '';
    const name = (a.action ?? '').toLowerCase();
    if (name === 'login') {
      this.loginAttempts++;
      if (a.username === (this.opts.username ?? 'cti') && a.secret === (this.opts.secret ?? 'cti-secret')) {
        s.loggedIn = true;
        s.write(`Response: Success\r\nActionID: ${id}\r\nMessage: Authentication accepted\r\n\r\n`);
        s.write('Event: FullyBooted\r\nPrivilege: system,all\r\nUptime: 44\r\nLastReload: 44\r\nStatus: Fully Booted\r\n\r\n');
      } else {
        setTimeout(() => {
          s.write(`Response: Error\r\nActionID: ${id}\r\nMessage: Authentication failed\r\n\r\n`);
          s.socket.end();
        }, 50);
      }
      return;
    }
    if (!s.loggedIn) {
      s.write(`Response: Error\r\nActionID: ${id}\r\nMessage: Permission denied\r\n\r\n`);
      return;
    }
    if (name === 'ping') {
      if (!this.silentPings) s.write(`Response: Success\r\nActionID: ${id}\r\nPing: Pong\r\nTimestamp: ${(Date.now() / 1000).toFixed(6)}\r\n\r\n`);
      return;
    }
    if (name === 'logoff') {
      s.write(`Response: Goodbye\r\nActionID: ${id}\r\nMessage: Thanks for all the fish.\r\n\r\n`);
      s.socket.end();
      return;
    }
    const reply = this.opts.onAction?.(a, s);
    if (reply === null) return; // deliberately silent
    s.write(reply ?? `Response: Error\r\nActionID: ${id}\r\nMessage: Invalid/unknown command: ${a.action}. Use Action: ListCommands to show available commands.\r\n\r\n`);
  }

  /** Write raw bytes to every logged-in session. */
  broadcast(text: string): void {
    for (const s of this.sessions) if (s.loggedIn) s.write(text);
  }

  /** Abruptly drop every connection (no Goodbye). */
  dropAll(): void {
    for (const s of this.sessions) s.socket.destroy();
    this.sessions.clear();
  }

  async close(): Promise<void> {
    this.dropAll();
    const srv = this.server;
    this.server = undefined;
    if (srv) await new Promise<void>((r) => srv.close(() => r()));
  }
}
