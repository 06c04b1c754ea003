import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SimLogger } from '../core/logger.js';
import { ariTimestamp, httpDate } from '../core/time-format.js';
import type { SimEvent } from '../model/events.js';
import type { SimServices } from '../model/services.js';
import { credentials, readBody, send, SERVER_HEADER } from '../http/http-util.js';
import { apiDocJson, resourcesJson } from './api-docs/index.js';
import { toAri, type AriOut } from './ari-events.js';
import { AriArgs, AriRouter, badRequest, error, notFound, ok, parseJsonBody, writeReply, type AriReply } from './ari-router.js';
import { bridgeRoutes } from './routes/bridges.routes.js';
import { channelRoutes } from './routes/channels.routes.js';
import { miscRoutes } from './routes/misc.routes.js';

export interface AriServerOptions {
  sim: SimServices;
  username: string;
  secret: string;
  asteriskId: string;
  version: string;
  logger: SimLogger;
}

interface AriSocket {
  ws: WebSocket;
  raw: Duplex;
  apps: string[];
  subscribeAll: boolean;
}

/**
 * ARI over HTTP and WebSocket: api-docs with a Host-derived basePath, basic auth / api_key, the REST
 * resources, and `/ari/events` with app registration, subscribeAll and ApplicationReplaced.
 */
export class AriServer {
  available = true;
  delayMs = 0;
  garbleRemaining = 0;
  private readonly router = new AriRouter();
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly sockets = new Set<AriSocket>();
  /** The socket that currently owns each application. */
  private readonly owners = new Map<string, AriSocket>();

  constructor(private readonly opts: AriServerOptions) {
    const sim = opts.sim;
    channelRoutes(this.router, sim);
    bridgeRoutes(this.router, sim);
    miscRoutes(this.router, {
      sim,
      asteriskId: opts.asteriskId,
      version: opts.version,
      appJson: (n) => this.appJson(n),
      appNames: () => sim.stasis.activeApps().map((a) => a.name),
      subscribe: (app, sources, on) => this.subscribe(app, sources, on),
    });
    sim.engine.hangupListeners.push((ch) => {
      // subscriptions to a destroyed channel end with it
      queueMicrotask(() => {
        for (const reg of sim.stasis.apps.values()) reg.channels.delete(ch.uniqueid);
      });
    });
  }

  get socketCount(): number {
    return this.sockets.size;
  }

  private now(): number {
    return this.opts.sim.engine.now();
  }

  private authOk(req: IncomingMessage, url: URL): boolean {
    const c = credentials(req, url);
    return !!c && c.user === this.opts.username && c.secret === this.opts.secret;
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const now = this.now();
    if (!this.available) {
      send(res, now, 404, 'Not Found', notFoundHtml(), 'text/html');
      return;
    }
    if (!this.authOk(req, url)) {
      send(res, now, 401, 'Unauthorized', JSON.stringify({ message: 'Authentication required' }), 'application/json', [['WWW-Authenticate', 'Basic realm="Asterisk REST Interface"']]);
      return;
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const docs = /^\/ari\/api-docs\/([A-Za-z]+)\.json$/.exec(url.pathname);
    if (docs && method === 'GET') {
      const host = req.headers.host ?? `127.0.0.1`;
      const basePath = `http://${host}/ari`;
      const body = docs[1] === 'resources' ? resourcesJson(basePath) : apiDocJson(docs[1]!, basePath);
      writeReply(res, now, body ? ok(body) : notFound('Resource not found'));
      return;
    }
    const m = this.router.match(method, url.pathname);
    if (!m) {
      writeReply(res, now, notFound('Resource not found'));
      return;
    }
    if (m === 'method') {
      writeReply(res, now, error(405, 'Method Not Allowed', 'Invalid method'));
      return;
    }
    let bodyText: string;
    try {
      bodyText = await readBody(req);
    } catch {
      writeReply(res, now, badRequest('Request body too large'));
      return;
    }
    const body = await parseJsonBody(req, bodyText);
    if (body === 'invalid') {
      writeReply(res, now, badRequest('Failed to parse JSON request body'));
      return;
    }
    const reply = await m.handler(new AriArgs(m.params, url.searchParams, body));
    writeReply(res, this.now(), reply);
  }

  // --- WebSocket -------------------------------------------------------------------------------------------

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const now = this.now();
    if (url.pathname !== '/ari/events' || !this.available) {
      socket.end(rawResponse(now, 404, 'Not Found', notFoundHtml(), 'text/html'));
      return;
    }
    if (!this.authOk(req, url)) {
      socket.end(rawResponse(now, 401, 'Unauthorized', JSON.stringify({ message: 'Authentication required' }), 'application/json', ['WWW-Authenticate: Basic realm="Asterisk REST Interface"']));
      return;
    }
    const apps = (url.searchParams.get('app') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (apps.length === 0) {
      // Asterisk answers with an HTML 400, then the WebSocket layer adds a bare 400 of its own
      const html =
        '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\r\n<html><head>\r\n<title>400 Bad Request</title>\r\n</head><body>\r\n<h1>Bad Request</h1>\r\n' +
        '<p>HTTP request is missing param: [app]</p>\r\n<hr />\r\n<address>Asterisk/22.10.1</address>\r\n</body></html>\r\n';
      socket.end(
        rawResponse(now, 400, 'Bad Request', html, 'text/html') +
          `HTTP/1.1 400 Bad Request\r\nServer: ${SERVER_HEADER}\r\nDate: ${httpDate(now)}\r\nCache-Control: no-cache, no-store\r\nSec-WebSocket-Version: 7, 8, 13\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    const subscribeAll = /^(true|yes|1)$/i.test(url.searchParams.get('subscribeAll') ?? '');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.register(ws, socket, apps, subscribeAll));
  }

  private register(ws: WebSocket, raw: Duplex, apps: string[], subscribeAll: boolean): void {
    const stasis = this.opts.sim.stasis;
    const s: AriSocket = { ws, raw, apps, subscribeAll };
    this.sockets.add(s);
    for (const app of apps) {
      const prev = this.owners.get(app);
      if (prev && prev !== s) {
        this.sendTo(prev, { type: 'ApplicationReplaced', timestamp: ariTimestamp(this.now()), application: app, asterisk_id: this.opts.asteriskId });
        prev.apps = prev.apps.filter((a) => a !== app);
      }
      this.owners.set(app, s);
      const reg = stasis.register(app, subscribeAll);
      reg.subscribeAll = subscribeAll;
    }
    ws.on('error', () => undefined);
    ws.on('close', () => {
      this.sockets.delete(s);
      for (const app of s.apps) {
        if (this.owners.get(app) === s) {
          this.owners.delete(app);
          stasis.unregister(app);
        }
      }
    });
    this.opts.sim.observer.emit('ari:connected', { apps, subscribeAll });
  }

  /** Drop every event socket without a close frame, as when Asterisk goes away. */
  dropAll(): number {
    const n = this.sockets.size;
    for (const s of [...this.sockets]) {
      s.raw.destroy();
      s.ws.terminate();
    }
    return n;
  }

  // --- events ----------------------------------------------------------------------------------------------

  onEvent(e: SimEvent): void {
    if (e.t === 'Hangup' && this.sockets.size === 0) return;
    if (this.sockets.size === 0) return;
    const out = toAri(e, ariTimestamp(this.now()));
    if (!out) return;
    for (const s of this.sockets) {
      for (const app of s.apps) {
        if (!this.wants(app, out)) continue;
        this.sendTo(s, { ...out.body, asterisk_id: this.opts.asteriskId, application: app });
      }
    }
    if (e.t === 'StasisEnd' && !e.ch.softHangup) {
      // leaving Stasis for the dialplan ends the app's interest in the channel
      this.opts.sim.stasis.apps.get(e.app)?.channels.delete(e.ch.uniqueid);
    }
  }

  private wants(app: string, out: AriOut): boolean {
    const reg = this.opts.sim.stasis.apps.get(app);
    if (!reg) return false;
    if (out.onlyApp !== undefined) return out.onlyApp === app;
    if (out.device?.startsWith('target:')) {
      if (reg.subscribeAll) return true;
      const uri = out.device.slice(7);
      if (uri.startsWith('channel:')) return reg.channels.has(uri.slice(8));
      if (uri.startsWith('bridge:')) return reg.bridges.has(uri.slice(7));
      return false;
    }
    if (out.device !== undefined) return reg.subscribeAll || reg.devices.has(out.device);
    if (reg.subscribeAll) return true;
    for (const c of out.channels) if (reg.channels.has(c.uniqueid)) return true;
    for (const b of out.bridges) if (reg.bridges.has(b)) return true;
    return false;
  }

  private sendTo(s: AriSocket, body: Record<string, unknown>): void {
    if (s.ws.readyState !== s.ws.OPEN) return;
    if (s.ws.bufferedAmount > 64 * 1024 * 1024) {
      // a client that stopped reading: drop it rather than buffer without bound
      this.opts.logger.warn(`ARI socket for ${s.apps.join(',')} is not reading; dropping it`);
      s.ws.terminate();
      return;
    }
    let text = JSON.stringify(body);
    if (this.garbleRemaining > 0) {
      this.garbleRemaining--;
      text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    }
    if (this.delayMs > 0) setTimeout(() => s.ws.readyState === s.ws.OPEN && s.ws.send(text), this.delayMs);
    else s.ws.send(text);
  }

  // --- applications ----------------------------------------------------------------------------------------

  private appJson(name: string): Record<string, unknown> | undefined {
    const reg = this.opts.sim.stasis.apps.get(name);
    if (!reg?.active) return undefined;
    return {
      name,
      channel_ids: reg.subscribeAll ? ['__AST_CHANNEL_ALL_TOPIC'] : [...reg.channels],
      bridge_ids: reg.subscribeAll ? ['__AST_BRIDGE_ALL_TOPIC'] : [...reg.bridges],
      endpoint_ids: reg.subscribeAll ? ['__AST_ENDPOINT_ALL_TOPIC'] : [...reg.endpoints],
      device_names: reg.subscribeAll ? ['__AST_DEVICE_STATE_ALL_TOPIC'] : [...reg.devices],
      events_allowed: [],
      events_disallowed: [],
    };
  }

  private subscribe(app: string, sources: string[], on: boolean): AriReply | undefined {
    const reg = this.opts.sim.stasis.apps.get(app)!;
    const engine = this.opts.sim.engine;
    for (const src of sources) {
      const i = src.indexOf(':');
      const scheme = src.slice(0, i);
      const id = src.slice(i + 1);
      if (scheme === 'channel') {
        const ch = engine.findChannel(id);
        if (!ch) return error(422, 'Unprocessable Entity', 'Event source does not exist');
        if (on) reg.channels.add(ch.uniqueid);
        else if (!reg.channels.delete(ch.uniqueid)) return error(409, 'Conflict', 'Application not subscribed to event source');
      } else if (scheme === 'bridge') {
        if (!engine.bridges.has(id)) return error(422, 'Unprocessable Entity', 'Event source does not exist');
        if (on) reg.bridges.add(id);
        else reg.bridges.delete(id);
      } else if (scheme === 'endpoint') {
        if (on) reg.endpoints.add(id);
        else reg.endpoints.delete(id);
      } else if (scheme === 'deviceState') {
        if (on) reg.devices.add(id);
        else reg.devices.delete(id);
      } else return badRequest('Invalid event source URI scheme');
    }
    return undefined;
  }
}

function rawResponse(now: number, status: number, reason: string, body: string, type: string, extra: string[] = []): string {
  const len = Buffer.byteLength(body);
  return (
    `HTTP/1.1 ${status} ${reason}\r\nServer: ${SERVER_HEADER}\r\nDate: ${httpDate(now)}\r\nCache-Control: no-cache, no-store\r\n` +
    `${extra.map((h) => `${h}\r\n`).join('')}Content-type: ${type}\r\nContent-Length: ${len}\r\n\r\n${body}`
  );
}

function notFoundHtml(): string {
  return (
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\r\n<html><head>\r\n<title>404 Not Found</title>\r\n</head><body>\r\n' +
    '<h1>Not Found</h1>\r\n<p>The requested URL was not found on this server.</p>\r\n<hr />\r\n<address>Asterisk/22.10.1</address>\r\n</body></html>\r\n'
  );
}
