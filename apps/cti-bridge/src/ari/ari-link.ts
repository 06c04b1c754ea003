import { EventEmitter } from 'node:events';
import ari, { type Client } from 'ari-client';
import { silentLogger, type Logger } from '../logger.js';
import { quietSwaggerNotice } from './swagger-notice.js';

export type AriLinkState = 'connecting' | 'up' | 'down';

export interface AriLinkOptions {
  /** http://host:8088 (no /ari). */
  url: string;
  username: string;
  secret: string;
  /** Health check period while up, retry period while not (default 3000). */
  checkIntervalMs?: number;
  /** After a 401, wait this long before trying again (default 30000). */
  authRetryMs?: number;
  requestTimeoutMs?: number;
  logger?: Logger;
}

/** A channel as ARI lists it: what the resync uses. */
export interface AriChannelInfo {
  id: string;
  name: string;
  state: string;
  createdAt: number | null;
  /** The ARI application the channel is in (dialplan app Stasis), or null. */
  stasisApp: string | null;
}

export class AriError extends Error {
  override readonly name = 'AriError';
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

interface AriChannelJson {
  id?: string;
  name?: string;
  state?: string;
  creationtime?: string;
  dialplan?: { app_name?: string; app_data?: string };
}

/**
 * The bridge's ARI side: only what the bridge needs (link health and the channel list for resync), with
 * ari-client underneath for the REST calls. Its quirks are kept out: credentials are checked with a plain
 * request first (a wrong password in ari-client is an uncaught exception that kills the process), its swagger-client's
 * deprecation notice is kept off the console (swagger-notice.ts), every call has a
 * timeout, errors carry the HTTP status, and the bridge never opens ari-client's event WebSocket (it gives up after
 * 10 retries and throws on unknown event types) — the IVR owns the Stasis events; the bridge follows calls on AMI.
 */
export class AriLink extends EventEmitter<{ state: [AriLinkState, { reason: string | null }] }> {
  private client: Client | null = null;
  private linkState: AriLinkState = 'down';
  private reason: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private readonly log: Logger;
  private readonly auth: string;
  private readonly checkMs: number;
  private readonly authRetryMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly o: AriLinkOptions) {
    super();
    this.log = o.logger ?? silentLogger;
    this.auth = 'Basic ' + Buffer.from(`${o.username}:${o.secret}`).toString('base64');
    this.checkMs = o.checkIntervalMs ?? 3000;
    this.authRetryMs = o.authRetryMs ?? 30_000;
    this.timeoutMs = o.requestTimeoutMs ?? 4000;
  }

  get state(): AriLinkState {
    return this.linkState;
  }

  get lastReason(): string | null {
    return this.reason;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.setState('connecting', null);
    void this.check();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.client = null;
    this.setState('down', 'stopped');
  }

  /** Every channel Asterisk has now (for the resync). Rejects with AriError when ARI is not reachable. */
  async channels(): Promise<AriChannelInfo[]> {
    const client = await this.ensureClient();
    const list = (await this.withTimeout(client.channels.list(), 'GET /channels')) as unknown as AriChannelJson[];
    return list.map((c) => {
      const created = c.creationtime ? Date.parse(c.creationtime.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
      return {
        id: String(c.id ?? ''),
        name: String(c.name ?? ''),
        state: String(c.state ?? ''),
        createdAt: Number.isFinite(created) ? created : null,
        stasisApp: c.dialplan?.app_name?.toLowerCase() === 'stasis' ? (c.dialplan.app_data ?? '').split(',')[0]!.trim() || null : null,
      };
    });
  }

  private async ensureClient(): Promise<Client> {
    if (this.client) return this.client;
    const status = await this.probe();
    if (status !== 200) throw new AriError(status, `ARI not available (${this.reason ?? status})`);
    // credentials are known good: ari-client cannot hit its uncaught-exception path on a 401 now
    this.client = await this.withTimeout(quietSwaggerNotice(() => ari.connect(this.o.url, this.o.username, this.o.secret)), 'ARI connect');
    return this.client;
  }

  private async check(): Promise<void> {
    if (this.stopped) return;
    const status = await this.probe();
    if (this.stopped) return;
    if (status === 200) {
      this.setState('up', null);
      this.timer = setTimeout(() => void this.check(), this.checkMs);
      return;
    }
    this.client = null;
    if (status === 401) {
      this.log.error({ url: this.o.url, user: this.o.username }, 'ARI refused the credentials');
      this.setState('down', 'authentication failed');
      this.timer = setTimeout(() => void this.check(), this.authRetryMs);
      return;
    }
    this.setState(this.linkState === 'up' || this.linkState === 'connecting' ? 'connecting' : 'down', this.reason);
    this.timer = setTimeout(() => void this.check(), Math.min(this.checkMs, 1000));
  }

  /** GET /ari/asterisk/info: 200 up, 401 bad credentials, 404 ARI not loaded yet, 0 unreachable. */
  private async probe(): Promise<number> {
    try {
      const res = await fetch(`${this.o.url.replace(/\/+$/, '')}/ari/asterisk/info`, {
        headers: { authorization: this.auth },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status !== 200) this.reason = `HTTP ${res.status}`;
      return res.status;
    } catch (e) {
      this.reason = (e as Error).message;
      return 0;
    }
  }

  private withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => reject(new AriError(null, `${what}: no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      p.then(
        (v) => {
          clearTimeout(t);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(t);
          // ari-client rejects with Error(message = the raw JSON body) or a plain string
          const text = e instanceof Error ? e.message : String(e);
          let message = text;
          try {
            const body = JSON.parse(text) as { message?: string; error?: string };
            message = body.message ?? body.error ?? text;
          } catch {
            /* not JSON */
          }
          reject(new AriError(null, `${what}: ${message}`));
        },
      );
    });
  }

  private setState(s: AriLinkState, reason: string | null): void {
    this.reason = reason;
    if (s === this.linkState) return;
    this.linkState = s;
    this.emit('state', s, { reason });
  }
}
