/**
 * The project's own ARI wrapper. ari-client 2.2.0 (mandated) stays underneath for every REST call; this class owns
 * what the library gets wrong for a 7×24 IVR:
 *  - connect with a timeout, after a preflight that turns a wrong password into a clear AriAuthError (the library
 *    would reject with a string *and* throw it uncaught, killing the process); a guard catches that throw too;
 *    the bundled swagger-client's deprecation notice stays off the console (swagger-notice.ts);
 *  - per-request timeouts and errors with a status (the library rejects with the raw JSON body);
 *  - the event WebSocket is ours (ws@8): unknown event types are passed through instead of throwing inside the
 *    socket handler, and reconnection never gives up (the library stops after 10 retries, about 43 s), with a
 *    keepalive ping so a silently dead socket is noticed;
 *  - 'reconnected' is emitted so the dispatcher can re-adopt channels still in Stasis.
 */
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type * as AriClientModule from 'ari-client';
import type { Client } from 'ari-client';
import WebSocket from 'ws';
import type { Logger } from '../runtime/logger.js';
import { AriAuthError, AriError, AriTimeoutError, AriUnavailableError, toAriError } from './ari-errors.js';
import { quietSwaggerNotice } from './swagger-notice.js';

const require = createRequire(import.meta.url);
const ari = require('ari-client') as typeof AriClientModule;

export interface AriEvent {
  type: string;
  application?: string;
  timestamp?: string;
  [key: string]: unknown;
}

export interface AriConnectionOptions {
  /** http://user:pass@host:port (the simulator's default is http://donorline:donorline@127.0.0.1:18088). */
  url: string;
  app: string;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  keepaliveMs?: number;
  log: Logger;
  /** Called after every REST request (metrics, the benchmark). */
  onRequest?: (op: string, ms: number, ok: boolean) => void;
}

export interface AriEndpoint {
  base: string; // http://host:port
  wsBase: string; // ws://host:port
  user: string;
  pass: string;
}

export function parseAriUrl(url: string): AriEndpoint {
  const u = new URL(url);
  const user = decodeURIComponent(u.username);
  const pass = decodeURIComponent(u.password);
  if (!user) throw new Error(`ARI_URL needs credentials (http://user:pass@host:port): ${u.host}`);
  const base = `${u.protocol}//${u.host}`;
  return { base, wsBase: base.replace(/^http/, 'ws'), user, pass };
}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(onTimeout()), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Runs ari-client's connect while catching the string it throws uncaught on a failed swagger load
 * (`throw message` inside a response callback in swagger-client 2.0.26), without its deprecation notice on the console.
 */
async function guardedClientConnect(ep: AriEndpoint, timeoutMs: number): Promise<Client> {
  let rejectGuard: ((e: Error) => void) | undefined;
  const guard = (err: unknown): void => {
    if (typeof err === 'string' && rejectGuard) {
      rejectGuard(new AriUnavailableError('connect', null, `ari-client failed to load the API: ${err}`));
      return;
    }
    process.off('uncaughtException', guard);
    if (process.listenerCount('uncaughtException') === 0) process.nextTick(() => { throw err; });
  };
  process.on('uncaughtException', guard);
  try {
    const guarded = new Promise<never>((_, reject) => (rejectGuard = reject));
    return await withTimeout(
      Promise.race([quietSwaggerNotice(() => ari.connect(ep.base, ep.user, ep.pass)), guarded]),
      timeoutMs,
      () => new AriTimeoutError('connect', null, `no answer from ${ep.base} within ${timeoutMs} ms`),
    );
  } catch (e) {
    throw toAriError('connect', e);
  } finally {
    rejectGuard = undefined;
    // leave the guard a moment: the library's uncaught throw can come after its rejection
    setTimeout(() => process.off('uncaughtException', guard), 1000).unref();
  }
}

export class AriConnection extends EventEmitter {
  private ws: WebSocket | null = null;
  private closed = false;
  private attempt = 0;
  private keepalive: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private everOpened = false;
  readonly requestTimeoutMs: number;

  private constructor(
    readonly client: Client,
    readonly endpoint: AriEndpoint,
    private readonly opts: AriConnectionOptions,
  ) {
    super();
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 5000;
  }

  /** Connects REST and events; rejects with AriAuthError / AriUnavailableError / AriTimeoutError, never crashes. */
  static async connect(opts: AriConnectionOptions): Promise<AriConnection> {
    const ep = parseAriUrl(opts.url);
    const timeoutMs = opts.connectTimeoutMs ?? 5000;
    await preflight(ep, timeoutMs);
    const client = await guardedClientConnect(ep, timeoutMs);
    const conn = new AriConnection(client, ep, opts);
    await conn.openEvents(timeoutMs);
    return conn;
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** One REST call through ari-client, with a timeout and a typed error. */
  async request<T>(op: string, fn: (c: Client) => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      const r = await withTimeout(fn(this.client), this.requestTimeoutMs, () => new AriTimeoutError(op, null, `no answer within ${this.requestTimeoutMs} ms`));
      this.opts.onRequest?.(op, performance.now() - t0, true);
      return r;
    } catch (e) {
      this.opts.onRequest?.(op, performance.now() - t0, false);
      throw toAriError(op, e);
    }
  }

  private wsUrl(): string {
    const { wsBase, user, pass } = this.endpoint;
    return `${wsBase}/ari/events?app=${encodeURIComponent(this.opts.app)}&api_key=${encodeURIComponent(user)}:${encodeURIComponent(pass)}`;
  }

  private openEvents(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.close();
        reject(new AriTimeoutError('events', null, `event socket did not open within ${timeoutMs} ms`));
      }, timeoutMs);
      this.once('open', () => {
        clearTimeout(timer);
        resolve();
      });
      this.once('fatal', (e: Error) => {
        clearTimeout(timer);
        reject(e);
      });
      this.dial();
    });
  }

  private dial(): void {
    if (this.closed) return;
    const ws = new WebSocket(this.wsUrl(), { handshakeTimeout: this.opts.connectTimeoutMs ?? 5000 });
    this.ws = ws;
    let alive = true;
    ws.on('open', () => {
      this.attempt = 0;
      const again = this.everOpened;
      this.everOpened = true;
      this.keepalive = setInterval(() => {
        if (!alive) {
          this.opts.log.warn({ app: this.opts.app }, 'ARI event socket missed a keepalive; reconnecting');
          ws.terminate();
          return;
        }
        alive = false;
        ws.ping();
      }, this.opts.keepaliveMs ?? 15_000);
      this.keepalive.unref();
      this.emit('open');
      if (again) {
        this.opts.log.info({ app: this.opts.app }, 'ARI event socket reconnected');
        this.emit('reconnected');
      }
    });
    ws.on('pong', () => (alive = true));
    ws.on('message', (data) => {
      alive = true;
      let event: AriEvent;
      try {
        event = JSON.parse(data.toString()) as AriEvent;
      } catch {
        this.opts.log.warn({ app: this.opts.app }, 'ARI sent a frame that is not JSON; ignored');
        return;
      }
      if (typeof event?.type !== 'string') return;
      try {
        this.emit('event', event);
      } catch (e) {
        this.opts.log.error({ type: event.type, err: String(e) }, 'ARI event handler failed');
      }
    });
    ws.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      if (status === 401 && !this.everOpened) {
        this.emit('fatal', new AriAuthError('events', 401, 'ARI rejected the credentials for the event socket'));
        this.close();
        return;
      }
      this.opts.log.warn({ status }, 'ARI event socket refused; retrying');
      ws.terminate();
    });
    ws.on('error', (e) => {
      if (!this.closed) this.opts.log.warn({ err: e.message }, 'ARI event socket error');
    });
    ws.on('close', () => {
      if (this.keepalive) clearInterval(this.keepalive);
      this.keepalive = null;
      if (this.closed) return;
      if (this.everOpened && this.attempt === 0) this.emit('disconnected');
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    const initial = this.opts.reconnectInitialMs ?? 200;
    const max = this.opts.reconnectMaxMs ?? 5000;
    const delay = Math.min(max, initial * 2 ** Math.min(this.attempt, 10));
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.dial();
    }, delay);
  }

  close(): void {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.keepalive) clearInterval(this.keepalive);
    this.reconnectTimer = null;
    this.keepalive = null;
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState !== WebSocket.CLOSED) ws.terminate();
    this.emit('closed');
  }
}

async function preflight(ep: AriEndpoint, timeoutMs: number): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${ep.base}/ari/api-docs/resources.json`, {
      headers: { authorization: `Basic ${Buffer.from(`${ep.user}:${ep.pass}`).toString('base64')}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    const cause = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
    throw new AriUnavailableError('connect', null, `cannot reach ARI at ${ep.base}: ${cause}`);
  }
  await res.arrayBuffer().catch(() => undefined);
  if (res.status === 401) throw new AriAuthError('connect', 401, `ARI at ${ep.base} rejected user '${ep.user}' (check ARI_URL)`);
  if (res.status !== 200) throw new AriError('connect', res.status, `ARI at ${ep.base} answered ${res.status} for its api-docs`);
}
