// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the untyped CJS library's local types must reach every project that compiles this file (test/, scripts/)
/// <reference path="./asterisk-manager.d.ts" />
import dc from 'node:diagnostics_channel';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import Manager, { type AsteriskManager, type RawAmiMessage } from 'asterisk-manager';
import { silentLogger, type Logger } from '../logger.js';
import { AmiError } from './ami-errors.js';
import { AmiFramer } from './ami-framer.js';
import { normalizeAmi, type AmiMessage } from './ami-message.js';

export type AmiLinkState = 'connecting' | 'up' | 'down';

export interface AmiClientOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** Ping every … ms while up (default 2000). */
  pingIntervalMs?: number;
  /** A Ping without Pong for … ms means the link is dead (default 2500): detection ≤ interval + timeout. */
  pingTimeoutMs?: number;
  /** Default timeout of every action (default 5000). */
  actionTimeoutMs?: number;
  /** TCP connect + banner + login must finish within … ms (default 4000). */
  connectTimeoutMs?: number;
  /** Delays between reconnect attempts: first ones short, then every `retryDelaysMs.at(-1)` ms (default 100, 250, 500, 1000). */
  retryDelaysMs?: readonly number[];
  /** After `Authentication failed`, wait this long before trying again (default 30000): no crash, no tight loop. */
  authRetryMs?: number;
  /** Largest AMI frame read, in characters (default 256 KiB); a bigger one is dropped and logged (ami-framer.ts). */
  maxFrameBytes?: number;
  /** Most header lines in one AMI frame (default 4096). */
  maxFrameLines?: number;
  logger?: Logger;
}

export interface AmiListResult {
  response: AmiMessage;
  items: AmiMessage[];
}

export interface AmiActionOptions {
  timeoutMs?: number;
}

type Fields = Record<string, string | number | boolean | Record<string, string> | undefined | null>;

interface Pending {
  action: string;
  timer: NodeJS.Timeout;
  resolve: (m: AmiMessage) => void;
  reject: (e: Error) => void;
  /** For list actions: items collected until `EventList: Complete`. */
  list?: { items: AmiMessage[]; response?: AmiMessage; resolve: (r: AmiListResult) => void };
}

interface PendingOriginate {
  timer: NodeJS.Timeout;
  resolve: (m: AmiMessage) => void;
  reject: (e: Error) => void;
}

export interface AmiClientEvents {
  /** Every live event (list items of the bridge's own list actions are not repeated here). */
  event: [AmiMessage];
  state: [AmiLinkState, { reason: string | null }];
  /** Logged in (first time and after every reconnect): the moment to resync. */
  connected: [{ session: number }];
}

const DEFAULT_RETRY = [100, 250, 500, 1000] as const;
/** Keepalive Pings in a row that may time out while characters still arrive before the link is declared dead. */
const MAX_LATE_PINGS = 5;

function sanitize(v: string): string {
  // header injection: a value can never start another header or end the message
  return v.replace(/[\r\n]+/g, ' ');
}

/**
 * The bridge's AMI connection: keeps the mandated asterisk-manager@0.2.0 underneath but owns everything the
 * library gets wrong — its own keepalive (Ping), fast reconnect (not the library's 10–60 s), a timeout and a
 * definite outcome for every action (never held and replayed later), EventList collection, unique ActionIDs,
 * a wrong password without crash or tight loop, and errors that are reported instead of swallowed.
 * One fresh library instance per connection, so nothing of a dead connection (held actions, listeners, a
 * scheduled reconnect) can leak into the next one.
 */
export class AmiClient extends EventEmitter<AmiClientEvents> {
  private readonly o: Required<Omit<AmiClientOptions, 'logger' | 'maxFrameBytes' | 'maxFrameLines'>> & Pick<AmiClientOptions, 'maxFrameBytes' | 'maxFrameLines'>;
  private readonly log: Logger;
  private mgr: AsteriskManager | undefined;
  private linkState: AmiLinkState = 'down';
  private reason: string | null = null;
  private stopped = true;
  private sessionNo = 0;
  private seq = 0;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly originates = new Map<string, PendingOriginate>();
  /** Successful logins after the first one. */
  reconnects = 0;
  eventsReceived = 0;
  /** Frames dropped for being over the size or line limit. */
  framesDropped = 0;
  /** Characters read from Asterisk (the keepalive's proof of life while a big frame holds the Pong back). */
  charsIn = 0;
  /** Keepalive Pings that timed out while the stream was still delivering (the link was kept). */
  pingsLate = 0;
  /** Actions written to Asterisk, except the keepalive's Pings. */
  actionsSent = 0;
  authFailed = false;

  constructor(opts: AmiClientOptions) {
    super();
    this.o = {
      host: opts.host,
      port: opts.port,
      username: opts.username,
      secret: opts.secret,
      pingIntervalMs: opts.pingIntervalMs ?? 2000,
      pingTimeoutMs: opts.pingTimeoutMs ?? 2500,
      actionTimeoutMs: opts.actionTimeoutMs ?? 5000,
      connectTimeoutMs: opts.connectTimeoutMs ?? 4000,
      retryDelaysMs: opts.retryDelaysMs?.length ? opts.retryDelaysMs : DEFAULT_RETRY,
      authRetryMs: opts.authRetryMs ?? 30_000,
      maxFrameBytes: opts.maxFrameBytes,
      maxFrameLines: opts.maxFrameLines,
    };
    this.log = opts.logger ?? silentLogger;
  }

  get state(): AmiLinkState {
    return this.linkState;
  }

  /** Why the link is not up (null while up). */
  get lastReason(): string | null {
    return this.reason;
  }

  /** Increments on every successful login. */
  get session(): number {
    return this.sessionNo;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connectNow();
  }

  /** Logs off (best effort), closes the link and fails whatever is still pending. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.connectTimer);
    clearTimeout(this.pingTimer);
    const m = this.mgr;
    if (m && this.linkState === 'up') {
      await this.action('Logoff', {}, { timeoutMs: 500 }).catch(() => undefined);
    }
    this.detach();
    this.failAll('link-lost', 'client stopped');
    this.setState('down', 'stopped');
  }

  /**
   * Sends one action. Resolves with the response, rejects with an AmiError: `not-connected` (nothing sent),
   * `rejected` (Response: Error), `timeout` or `link-lost` (sent, outcome unknown). Never queued for later.
   */
  action(name: string, fields: Fields = {}, opts: AmiActionOptions = {}): Promise<AmiMessage> {
    return this.send(name, fields, opts, false) as Promise<AmiMessage>;
  }

  /** A list action (CoreShowChannels, QueueStatus, Status …): the response plus every item up to `…Complete`. */
  list(name: string, fields: Fields = {}, opts: AmiActionOptions = {}): Promise<AmiListResult> {
    return this.send(name, fields, opts, true) as Promise<AmiListResult>;
  }

  /**
   * Async Originate: `accepted` settles with Asterisk's immediate response, `result` with the OriginateResponse event
   * (Response Success or Failure, Reason, Uniqueid) or rejects on timeout / link loss.
   */
  originate(fields: Fields, opts: { timeoutMs?: number; resultTimeoutMs: number }): { actionId: string; accepted: Promise<AmiMessage>; result: Promise<AmiMessage> } {
    const actionId = this.nextActionId();
    let resolveResult!: (m: AmiMessage) => void;
    let rejectResult!: (e: Error) => void;
    const result = new Promise<AmiMessage>((res, rej) => {
      resolveResult = res;
      rejectResult = rej;
    });
    result.catch(() => undefined);
    // registered before sending: the response and the OriginateResponse event can arrive in one TCP chunk
    const timer = setTimeout(() => {
      this.originates.delete(actionId);
      rejectResult(new AmiError('timeout', 'Originate', `no OriginateResponse within ${opts.resultTimeoutMs} ms`));
    }, opts.resultTimeoutMs);
    this.originates.set(actionId, { timer, resolve: resolveResult, reject: rejectResult });
    const accepted = this.send('Originate', { ...fields, Async: 'true' }, opts, false, actionId) as Promise<AmiMessage>;
    accepted.catch((e: Error) => {
      const o = this.originates.get(actionId);
      if (!o) return;
      clearTimeout(o.timer);
      this.originates.delete(actionId);
      rejectResult(e);
    });
    return { actionId, accepted, result };
  }

  private nextActionId(): string {
    return `dl-${this.sessionNo}-${++this.seq}`;
  }

  private send(name: string, fields: Fields, opts: AmiActionOptions, isList: boolean, actionId = this.nextActionId()): Promise<AmiMessage | AmiListResult> {
    const m = this.mgr;
    if (!m || this.linkState !== 'up') {
      return Promise.reject(new AmiError('not-connected', name, `AMI link is ${this.linkState}${this.reason ? ` (${this.reason})` : ''}: ${name} not sent`));
    }
    const msg: Record<string, unknown> = { action: name, actionid: actionId };
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined || v === null) continue;
      if (typeof v === 'object') {
        const obj: Record<string, string> = {};
        for (const [vk, vv] of Object.entries(v)) obj[sanitize(vk)] = sanitize(String(vv));
        msg[k] = obj;
      } else msg[k] = sanitize(String(v));
    }
    const timeoutMs = opts.timeoutMs ?? this.o.actionTimeoutMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.pending.delete(actionId)) reject(new AmiError('timeout', name, `${name}: no response within ${timeoutMs} ms`));
      }, timeoutMs);
      const p: Pending = { action: name, timer, resolve: resolve as (m: AmiMessage) => void, reject };
      if (isList) p.list = { items: [], resolve: resolve as (r: AmiListResult) => void };
      this.pending.set(actionId, p);
      try {
        if (name !== 'Ping') this.actionsSent++;
        m.action(msg, (err, res) => this.onResponse(actionId, err ?? res));
      } catch (e) {
        this.pending.delete(actionId);
        clearTimeout(timer);
        reject(new AmiError('link-lost', name, `${name} could not be written: ${(e as Error).message}`));
      }
    });
  }

  private onResponse(actionId: string, raw: RawAmiMessage | undefined): void {
    const p = this.pending.get(actionId);
    if (!p || !raw) return;
    const msg = normalizeAmi(raw);
    if (msg.response?.toLowerCase() === 'error') {
      this.settle(actionId);
      p.reject(new AmiError('rejected', p.action, msg.h.message || `${p.action} failed`));
      return;
    }
    if (p.list) {
      const el = msg.h.eventlist?.toLowerCase();
      if (el === 'start' || /will follow/i.test(msg.h.message ?? '')) {
        p.list.response = msg;
        return; // items follow as events
      }
      this.settle(actionId);
      p.list.resolve({ response: msg, items: [] });
      return;
    }
    this.settle(actionId);
    p.resolve(msg);
  }

  private settle(actionId: string): void {
    const p = this.pending.get(actionId);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(actionId);
  }

  private onRaw(raw: RawAmiMessage): void {
    const msg = normalizeAmi(raw);
    if (!msg.event) return; // garbage or an orphan line: nothing to act on
    this.eventsReceived++;
    if (msg.actionId) {
      const p = this.pending.get(msg.actionId);
      if (p?.list) {
        if (msg.h.eventlist?.toLowerCase() === 'complete') {
          this.settle(msg.actionId);
          p.list.resolve({ response: p.list.response ?? msg, items: p.list.items });
        } else p.list.items.push(msg);
        return;
      }
      if (msg.event === 'OriginateResponse') {
        const o = this.originates.get(msg.actionId);
        if (o) {
          clearTimeout(o.timer);
          this.originates.delete(msg.actionId);
          o.resolve(msg);
        }
      }
    }
    this.emit('event', msg);
  }

  // --- connection lifecycle -----------------------------------------------------------------------------------

  private connectNow(): void {
    if (this.stopped) return;
    this.setState('connecting', this.reason);
    const m = Manager(undefined, this.o.host, this.o.username, this.o.secret, true);
    this.mgr = m;
    m.on('managerevent', (raw: RawAmiMessage) => {
      if (this.mgr === m) this.onRaw(raw);
    });
    m.on('error', (err: Error) => {
      if (this.mgr === m) this.reason = err.message;
    });
    m.on('close', () => {
      if (this.mgr === m) this.linkLost(this.reason && this.linkState !== 'up' ? this.reason : 'connection closed');
    });
    this.connectTimer = setTimeout(() => {
      if (this.mgr === m && this.linkState !== 'up') this.linkLost('connect/login timed out');
    }, this.o.connectTimeoutMs);
    this.connectWithOwnReader(m, () => {
      if (this.mgr !== m) return;
      m.login((err) => {
        if (this.mgr !== m) return;
        clearTimeout(this.connectTimer);
        if (err) {
          const message = typeof err.message === 'string' ? err.message.trim() : 'login failed';
          this.authFailed = /auth/i.test(message);
          this.log.error({ host: this.o.host, port: this.o.port, user: this.o.username }, `AMI login failed: ${message}`);
          this.detach();
          this.failAll('link-lost', 'login failed');
          this.setState('down', `login failed: ${message}`);
          this.scheduleRetry(this.authFailed ? this.o.authRetryMs : this.retryDelay());
          return;
        }
        this.authFailed = false;
        this.attempt = 0;
        if (this.sessionNo > 0) this.reconnects++;
        this.sessionNo++;
        this.setState('up', null);
        this.log.info({ host: this.o.host, port: this.o.port, session: this.sessionNo }, 'AMI logged in');
        this.schedulePing();
        this.emit('connected', { session: this.sessionNo });
      });
    });
  }

  /**
   * m.connect(), with the library's reader replaced by the bounded incremental one (ami-framer.ts): the library still
   * owns the connection, login, writing actions and dispatching what is read (responses by ActionID, events), but its
   * reader — quadratic in the size of an unfinished frame — never sees a byte. The socket the library creates is
   * taken from Node's `net.client.socket` diagnostics channel, which publishes it synchronously inside connect().
   */
  private connectWithOwnReader(m: AsteriskManager, onConnect: () => void): void {
    let socket: Socket | null = null;
    const capture = (msg: unknown): void => {
      socket ??= (msg as { socket: Socket }).socket;
    };
    dc.subscribe('net.client.socket', capture);
    try {
      m.connect(this.o.port, this.o.host, onConnect);
    } finally {
      dc.unsubscribe('net.client.socket', capture);
    }
    const s = socket as Socket | null;
    if (!s) {
      this.log.error({}, 'AMI: could not take over the connection\'s reader; using asterisk-manager\'s own (unbounded frames)');
      return;
    }
    const framer = new AmiFramer({
      maxFrameBytes: this.o.maxFrameBytes,
      maxFrameLines: this.o.maxFrameLines,
      onFrame: (item) => {
        if (this.mgr === m) m.emit('rawevent', item);
      },
      onOversize: (info) => {
        this.framesDropped++;
        this.log.warn({ ...info, dropped: this.framesDropped }, `AMI frame over the ${info.limit} limit dropped (${info.bytes} characters, ${info.lines} lines)`);
      },
    });
    s.removeAllListeners('data');
    s.on('data', (d: string | Buffer) => {
      this.charsIn += d.length;
      framer.push(typeof d === 'string' ? d : d.toString('utf8'));
    });
  }

  private retryDelay(): number {
    const d = this.o.retryDelaysMs;
    return d[Math.min(this.attempt++, d.length - 1)]!;
  }

  private scheduleRetry(ms: number): void {
    clearTimeout(this.retryTimer);
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => this.connectNow(), ms);
  }

  /**
   * The keepalive. AMI is one ordered stream: a Pong sent behind a big frame (an oversized one the framer drops, a
   * long list) arrives only after it. A Ping that times out while characters kept arriving is late, not lost — the
   * link is alive and kept (at most MAX_LATE_PINGS times in a row); only a silent link is declared dead. The same
   * holds when the bridge's own event loop stalled past the timeout with the Pong already waiting in the socket.
   */
  private schedulePing(late = 0): void {
    clearTimeout(this.pingTimer);
    const session = this.sessionNo;
    this.pingTimer = setTimeout(() => {
      if (this.linkState !== 'up' || session !== this.sessionNo) return;
      const seen = this.charsIn;
      this.action('Ping', {}, { timeoutMs: this.o.pingTimeoutMs }).then(
        () => this.schedulePing(),
        (e: AmiError) => {
          if (e.failure === 'rejected') return this.schedulePing();
          if (e.failure !== 'timeout') return;
          // decided after the pending reads (the poll phase): a stalled event loop reads what arrived meanwhile first
          setImmediate(() => {
            if (session !== this.sessionNo || this.linkState !== 'up') return;
            if (this.charsIn > seen && late < MAX_LATE_PINGS) {
              this.pingsLate++;
              this.schedulePing(late + 1);
            } else this.linkLost(`keepalive: no Pong within ${this.o.pingTimeoutMs} ms`);
          });
        },
      );
    }, this.o.pingIntervalMs);
  }

  /** The link is gone (closed, keepalive failed, connect timed out): fail what is pending and reconnect. */
  private linkLost(reason: string): void {
    const wasUp = this.linkState === 'up';
    clearTimeout(this.connectTimer);
    clearTimeout(this.pingTimer);
    this.detach();
    this.failAll('link-lost', reason);
    if (wasUp) this.log.warn({ reason }, 'AMI link lost');
    if (this.stopped) {
      this.setState('down', reason);
      return;
    }
    this.setState('connecting', reason);
    this.scheduleRetry(wasUp ? 0 : this.retryDelay());
  }

  private detach(): void {
    const m = this.mgr;
    this.mgr = undefined;
    if (!m) return;
    try {
      m.disconnect();
    } catch {
      /* already gone */
    }
  }

  private failAll(failure: 'link-lost', reason: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(new AmiError(failure, p.action, `${p.action}: ${reason} before the response (outcome unknown)`));
    }
    for (const [id, o] of this.originates) {
      clearTimeout(o.timer);
      this.originates.delete(id);
      o.reject(new AmiError(failure, 'Originate', `Originate: ${reason} before OriginateResponse (outcome unknown)`));
    }
  }

  private setState(s: AmiLinkState, reason: string | null): void {
    this.reason = reason;
    if (s === this.linkState) return;
    this.linkState = s;
    this.emit('state', s, { reason });
  }
}
