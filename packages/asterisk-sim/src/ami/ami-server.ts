import { createServer, type Server, type Socket } from 'node:net';
import type { SimLogger } from '../core/logger.js';
import type { SimEvent } from '../model/events.js';
import { ariTimestamp } from '../core/time-format.js';
import { AmiParser, getField, response, type AmiMessage } from './ami-codec.js';
import { toAmi, type AmiClass } from './ami-events.js';
import { actionPermitted, type PrivilegeSet } from './ami-privileges.js';

export const BANNER = 'Asterisk Call Manager/11.0.0\r\n';

export interface AmiSession {
  readonly id: number;
  readonly socket: Socket;
  authenticated: boolean;
  username: string;
  /** undefined = all classes, empty set = events off. */
  eventMask: Set<AmiClass> | undefined;
  closing: boolean;
  /** Text queued for the socket (the frames of this turn of the event loop), written at once by `flush`. */
  pending: string;
  /** Length of `pending` (characters). */
  corked: number;
  readonly sessionId: string;
  send(text: string): void;
  close(): void;
}

export interface AmiActionContext {
  session: AmiSession;
  msg: AmiMessage;
  actionId: string | undefined;
  action: string;
}

export type AmiActionHandler = (ctx: AmiActionContext) => void | Promise<void>;

export interface AmiServerOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  logger: SimLogger;
  now: () => number;
  uptimeSeconds: () => number;
  reloadSeconds: () => number;
  actions: Map<string, AmiActionHandler>;
  /** Largest unsent backlog per client before it is disconnected (Asterisk's writetimeout). */
  maxBacklogBytes?: number;
  /** The user's `write` classes (manager.conf): actions registered with none of them get `Permission denied`. */
  writePrivileges?: PrivilegeSet;
}

const ALL_CLASSES: AmiClass[] = ['call', 'agent', 'dialplan', 'system', 'security', 'cdr', 'user', 'dtmf'];

/** Parse `Events:` values: on/off/yes/no or a class list. */
export function parseEventMask(v: string | undefined): Set<AmiClass> | undefined {
  if (v === undefined) return undefined;
  const t = v.trim().toLowerCase();
  if (['on', 'yes', 'true', '1', 'all'].includes(t)) return undefined;
  if (['off', 'no', 'false', '0', ''].includes(t)) return new Set();
  const set = new Set<AmiClass>();
  for (const c of t.split(',').map((x) => x.trim())) if ((ALL_CLASSES as string[]).includes(c)) set.add(c as AmiClass);
  return set;
}

/**
 * The AMI TCP server: banner, login, per-session event masks, and one serialisation per event written
 * to every listening session. Fault hooks delay or garble frames and drop connections.
 */
export class AmiServer {
  private server: Server | undefined;
  readonly sessions = new Set<AmiSession>();
  private nextId = 1;
  delayMs = 0;
  garbleRemaining = 0;
  private boundPort = 0;
  eventsSent = 0;

  constructor(private readonly opts: AmiServerOptions) {}

  get port(): number {
    return this.boundPort;
  }

  async listen(port = this.opts.port): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    server.on('error', (e) => this.opts.logger.error('AMI server error', e));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const addr = server.address();
    this.boundPort = typeof addr === 'object' && addr ? addr.port : port;
    return this.boundPort;
  }

  /** Stop listening (new connections are refused); existing sessions are left to the caller. */
  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const parser = new AmiParser();
    const id = this.nextId++;
    const session: AmiSession = {
      id,
      socket,
      authenticated: false,
      username: '',
      eventMask: undefined,
      closing: false,
      pending: '',
      corked: 0,
      sessionId: `0x${(0x7f4da4000000 + id * 0x1d60).toString(16)}`,
      send: (text) => this.write(session, text),
      close: () => {
        session.closing = true;
        this.flush(session);
        socket.end();
      },
    };
    this.sessions.add(session);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      for (const msg of parser.push(chunk)) void this.dispatch(session, msg);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.sessions.delete(session));
    socket.write(BANNER);
  }

  private async dispatch(session: AmiSession, msg: AmiMessage): Promise<void> {
    if (session.closing) return;
    const action = getField(msg, 'Action');
    const actionId = getField(msg, 'ActionID');
    if (!action) {
      session.send(response('Error', actionId, [['Message', 'Missing action in request']]));
      return;
    }
    const key = action.toLowerCase();
    if (!session.authenticated && key !== 'login' && key !== 'logoff' && key !== 'challenge') {
      session.send(response('Error', actionId, [['Message', 'Permission denied']]));
      return;
    }
    const handler = this.opts.actions.get(key);
    if (!handler) {
      session.send(
        response('Error', actionId, [['Message', `Invalid/unknown command: ${action}. Use Action: ListCommands to show available commands.`]]),
      );
      return;
    }
    // manager.c: the action exists, but the user's write classes include none of those it is registered with
    if (!this.permits(key)) {
      session.send(response('Error', actionId, [['Message', 'Permission denied']]));
      return;
    }
    try {
      await handler({ session, msg, actionId, action });
    } catch (err) {
      this.opts.logger.error(`AMI action ${action} failed`, err);
      session.send(response('Error', actionId, [['Message', 'Internal error']]));
    }
  }

  /** Whether the AMI user may run this action (its write classes). */
  permits(action: string): boolean {
    return actionPermitted(this.opts.writePrivileges ?? 'all', action);
  }

  /** Login as Asterisk does it: success + FullyBooted + SuccessfulAuth, or an error ~1 s later and close. */
  login(ctx: AmiActionContext): void {
    const { session, msg, actionId } = ctx;
    const user = getField(msg, 'Username') ?? '';
    const secret = getField(msg, 'Secret') ?? '';
    if (user !== this.opts.username || secret !== this.opts.secret) {
      setTimeout(() => {
        if (session.socket.destroyed) return;
        session.send(response('Error', actionId, [['Message', 'Authentication failed']]));
        session.close();
      }, 1000);
      return;
    }
    session.authenticated = true;
    session.username = user;
    session.eventMask = parseEventMask(getField(msg, 'Events'));
    session.send(response('Success', actionId, [['Message', 'Authentication accepted']]));
    const tv = ariTimestamp(this.opts.now());
    const local = `IPV4/TCP/${session.socket.localAddress?.replace('::ffff:', '') ?? '127.0.0.1'}/${session.socket.localPort ?? this.port}`;
    const remote = `IPV4/TCP/${session.socket.remoteAddress?.replace('::ffff:', '') ?? '127.0.0.1'}/${session.socket.remotePort ?? 0}`;
    this.sendEventTo(
      session,
      'system',
      `Event: FullyBooted\r\nPrivilege: system,all\r\nUptime: ${this.opts.uptimeSeconds()}\r\nLastReload: ${this.opts.reloadSeconds()}\r\nStatus: Fully Booted\r\n\r\n`,
    );
    this.sendEventTo(
      session,
      'security',
      `Event: SuccessfulAuth\r\nPrivilege: security,all\r\nEventTV: ${tv}\r\nSeverity: Informational\r\nService: AMI\r\nEventVersion: 1\r\n` +
        `AccountID: ${user}\r\nSessionID: ${session.sessionId}\r\nLocalAddress: ${local}\r\nRemoteAddress: ${remote}\r\nUsingPassword: 0\r\nSessionTV: ${tv}\r\n\r\n`,
    );
  }

  private sendEventTo(session: AmiSession, cls: AmiClass, text: string): void {
    if (session.eventMask && !session.eventMask.has(cls)) return;
    session.send(text);
  }

  /** Serialise a model event once and queue it for every logged-in session that wants its class. */
  onEvent(e: SimEvent): void {
    if (this.sessions.size === 0) return;
    let out: ReturnType<typeof toAmi> | null = null;
    for (const s of this.sessions) {
      if (!s.authenticated || s.closing) continue;
      if (out === null) {
        out = toAmi(e);
        if (!out) return;
      }
      if (s.eventMask && !s.eventMask.has(out.cls)) continue;
      if (this.delayMs > 0 || this.garbleRemaining > 0) this.write(s, out.text);
      else this.enqueue(s, out.text);
    }
  }

  /** Broadcast raw text (Shutdown) to every authenticated session, written at once. */
  broadcast(text: string): void {
    for (const s of this.sessions) {
      if (!s.authenticated) continue;
      this.write(s, text);
      this.flush(s);
    }
  }

  private write(session: AmiSession, text: string): void {
    if (this.garbleRemaining > 0) {
      this.garbleRemaining--;
      text = garble(text);
    }
    if (this.delayMs > 0) {
      setTimeout(() => {
        this.enqueue(session, text);
        this.flush(session);
      }, this.delayMs);
      return;
    }
    this.enqueue(session, text);
  }

  /** Sessions with queued text, written out together once the current turn of the event loop is done. */
  private readonly dirty = new Set<AmiSession>();
  private flushArmed = false;

  /**
   * Queue a frame for a session. Frames are appended to one string per session and written with one
   * `socket.write` when this turn of the event loop is over (a timer tick, an AMI action), or as soon as
   * 16 KiB are queued (Asterisk writes event by event; clients such as asterisk-manager slow down on huge
   * reads): one write — one Buffer, one syscall — per batch instead of one Buffer and one iovec per event.
   */
  private enqueue(session: AmiSession, text: string): void {
    const sock = session.socket;
    if (sock.destroyed || !sock.writable) return;
    if (sock.writableLength > (this.opts.maxBacklogBytes ?? 64 * 1024 * 1024)) {
      this.opts.logger.warn(`AMI session ${session.id} is not reading; disconnecting (backlog ${sock.writableLength} bytes)`);
      sock.destroy();
      return;
    }
    this.eventsSent++;
    session.pending = session.corked === 0 ? text : session.pending + text;
    session.corked += text.length;
    if (session.corked >= 16384) {
      this.flush(session);
      return;
    }
    this.dirty.add(session);
    if (!this.flushArmed) {
      this.flushArmed = true;
      setImmediate(this.flushAll);
    }
  }

  private readonly flushAll = (): void => {
    this.flushArmed = false;
    for (const s of this.dirty) this.flush(s);
    this.dirty.clear();
  };

  /** Write a session's queued text now. */
  private flush(session: AmiSession): void {
    if (session.corked === 0) return;
    const text = session.pending;
    session.pending = '';
    session.corked = 0;
    const sock = session.socket;
    if (sock.destroyed || !sock.writable) return;
    sock.write(text, 'utf8');
  }

  /** Drop every AMI connection abruptly (RST-like), as when the network goes. */
  dropAll(): number {
    const n = this.sessions.size;
    for (const s of this.sessions) s.socket.destroy();
    this.sessions.clear();
    return n;
  }
}

/** How much of a frame gets its letters corrupted (the ": " separators are broken throughout). */
const GARBLE_SPAN = 4096;

/**
 * Corrupt a frame but keep its blank-line terminator so the stream can resynchronise. Linear and cheap whatever the
 * frame's size: the per-letter callback this used to run over the whole frame froze the simulator (and the process
 * hosting it) for 5–11 s on a 2 MB frame — a PBX that stops answering, which is not the fault being injected.
 */
export function garble(text: string): string {
  const body = (text.endsWith('\r\n\r\n') ? text.slice(0, -4) : text).replaceAll(': ', '\u0000');
  const head = body.slice(0, GARBLE_SPAN).replace(/[A-Za-z]/g, (c, i: number) => (i % 7 === 0 ? '\uFFFD' : c));
  return `${head}${body.slice(GARBLE_SPAN)}\r\n\r\n`;
}
