/**
 * A stub ARI server for the wrapper's own tests: Asterisk 22's real api-docs (test/fixtures, captured from the lab
 * Asterisk), basic auth with the real 401 bodies, an /ari/events WebSocket, and a tiny channel model (answer,
 * play → PlaybackStarted/Finished after playMs, stop, record → RecordingFinished on '#', variables, continue,
 * hangup, list) with the real error bodies. Faults for the reliability tests: drop every socket without a close
 * frame, refuse upgrades for a while, hold a request unanswered, push arbitrary frames.
 * The full telephony path is tested against the project's simulator (test/integration).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';

const DOCS = join(import.meta.dirname, '..', 'fixtures', 'ari-api-docs');

export interface StubChannel {
  id: string;
  name: string;
  state: string;
  caller: { name: string; number: string };
  connected: { name: string; number: string };
  accountcode: string;
  dialplan: { context: string; exten: string; priority: number; app_name: string; app_data: string };
  creationtime: string;
  language: string;
  vars: Map<string, string>;
  inStasis: boolean;
}

export interface StubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  at: number;
}

const ts = (): string => new Date().toISOString().replace('Z', '+0000');

export class AriStub {
  readonly requests: StubRequest[] = [];
  readonly channels = new Map<string, StubChannel>();
  readonly continued: { id: string; context: string; extension: string; priority: number }[] = [];
  private server!: Server;
  private wss!: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private seq = 0;
  private refuseUpgrades = 0;
  /** Requests whose path matches are never answered (timeouts). */
  hold: RegExp | null = null;
  playMs = 20;
  port = 0;

  constructor(
    readonly user = 'donorline',
    readonly pass = 'donorline',
    readonly app = 'donorline-ivr',
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.onHttp(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/ari/events') return socket.destroy();
      if (this.refuseUpgrades > 0) {
        this.refuseUpgrades--;
        socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      if (url.searchParams.get('api_key') !== `${this.user}:${this.pass}`) {
        const body = '{"message":"Authentication required"}';
        socket.end(`HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.sockets.add(ws);
        ws.on('close', () => this.sockets.delete(ws));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://${this.user}:${this.pass}@127.0.0.1:${this.port}`;
  }

  get socketCount(): number {
    return this.sockets.size;
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  /** Push a frame to every event socket (an object is sent as JSON with the usual envelope). */
  push(event: Record<string, unknown> | string): void {
    const frame = typeof event === 'string' ? event : JSON.stringify({ timestamp: ts(), asterisk_id: '02:fc:00:00:00:01', application: this.app, ...event });
    for (const ws of this.sockets) ws.send(frame);
  }

  /** Drop every event socket with no close frame (like an Asterisk restart), refusing the next `refuse` upgrades. */
  drop(refuse = 0): void {
    this.refuseUpgrades = refuse;
    for (const ws of this.sockets) ws.terminate();
  }

  private json(c: StubChannel): Record<string, unknown> {
    const { vars: _v, inStasis: _s, ...rest } = c;
    return rest;
  }

  /** A caller channel entering Stasis(app,args…). */
  call(number: string, args: string[] = ['inbound', '96606']): StubChannel {
    const id = `1795376041.${++this.seq}`;
    const c: StubChannel = {
      id, name: `PJSIP/caller-${String(this.seq).padStart(8, '0')}`, state: 'Ring',
      caller: { name: '', number }, connected: { name: '', number: '' }, accountcode: '',
      dialplan: { context: 'dl-inbound', exten: '96606', priority: 2, app_name: 'Stasis', app_data: [this.app, ...args].join(',') },
      creationtime: ts(), language: 'en', vars: new Map([['CHANNEL(linkedid)', id]]), inStasis: true,
    };
    this.channels.set(id, c);
    this.push({ type: 'StasisStart', args, channel: this.json(c) });
    return c;
  }

  dtmf(id: string, digits: string): void {
    const c = this.channels.get(id);
    if (!c) return;
    for (const d of digits) {
      this.push({ type: 'ChannelDtmfReceived', digit: d, duration_ms: 100, channel: this.json(c) });
      if (d === '#' && this.recording?.channel === id) this.finishRecording();
    }
  }

  callerHangup(id: string): void {
    const c = this.channels.get(id);
    if (!c) return;
    this.push({ type: 'ChannelHangupRequest', cause: 16, channel: this.json(c) });
    if (c.inStasis) this.push({ type: 'StasisEnd', channel: this.json(c) });
    this.push({ type: 'ChannelDestroyed', cause: 16, cause_txt: 'Normal Clearing', channel: this.json(c) });
    this.channels.delete(id);
  }

  private playbacks = new Map<string, { channel: string; media: string; timer: NodeJS.Timeout }>();
  private recording: { channel: string; name: string; started: number } | null = null;

  private finishRecording(): void {
    const r = this.recording;
    if (!r) return;
    this.recording = null;
    this.push({ type: 'RecordingFinished', recording: { name: r.name, format: 'wav', state: 'done', target_uri: `channel:${r.channel}`, duration: Math.max(1, Math.round((Date.now() - r.started) / 1000)) } });
  }

  private onHttp(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, at: performance.now() });
    const send = (status: number, body?: unknown): void => {
      const text = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, body === undefined ? { 'content-length': '0' } : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    const auth = req.headers.authorization ?? '';
    const apiKey = url.searchParams.get('api_key');
    if (auth !== `Basic ${Buffer.from(`${this.user}:${this.pass}`).toString('base64')}` && apiKey !== `${this.user}:${this.pass}`) {
      return send(401, { message: 'Authentication required' });
    }
    if (this.hold?.test(url.pathname)) return; // never answered
    const docs = /^\/ari\/api-docs\/(\w+)\.json$/.exec(url.pathname);
    if (docs && req.method === 'GET') {
      try {
        const text = readFileSync(join(DOCS, `${docs[1]}.json`), 'utf8').replace(/"basePath":"[^"]*"/, `"basePath":"http://${req.headers.host}/ari"`);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(text);
        return;
      } catch {
        return send(404, { message: 'Resource not found' });
      }
    }
    req.resume();
    req.on('end', () => this.route(req.method ?? 'GET', url, send));
  }

  private route(method: string, url: URL, send: (status: number, body?: unknown) => void): void {
    const p = url.pathname;
    const q = url.searchParams;
    if (method === 'GET' && p === '/ari/channels') return send(200, [...this.channels.values()].map((c) => this.json(c)));
    const stop = /^\/ari\/playbacks\/([^/]+)$/.exec(p);
    if (stop) {
      const pb = this.playbacks.get(decodeURIComponent(stop[1]!));
      if (!pb) return send(404, { message: 'Playback not found' });
      if (method === 'GET') return send(200, { id: stop[1], media_uri: pb.media, target_uri: `channel:${pb.channel}`, language: 'en', state: 'playing' });
      clearTimeout(pb.timer);
      this.playbacks.delete(decodeURIComponent(stop[1]!));
      send(204);
      this.push({ type: 'PlaybackFinished', playback: { id: stop[1], media_uri: pb.media, target_uri: `channel:${pb.channel}`, language: 'en', state: 'done' } });
      return;
    }
    const live = /^\/ari\/recordings\/live\/([^/]+)$/.exec(p);
    if (live) return this.recording?.name === live[1] ? send(200, { name: live[1], format: 'wav', state: 'recording' }) : send(404, { message: 'Recording not found' });
    const m = /^\/ari\/channels\/([^/]+)(?:\/(\w+))?$/.exec(p);
    if (!m) return send(404, { message: 'Resource not found' });
    const c = this.channels.get(decodeURIComponent(m[1]!));
    if (!c) return send(404, { message: 'Channel not found' });
    const op = m[2] ?? '';
    if (!c.inStasis && op !== '' && op !== 'variable') return send(409, { message: 'Channel not in Stasis application' });
    switch (`${method} ${op}`) {
      case 'POST answer':
        c.state = 'Up';
        return send(204);
      case 'POST play': {
        const id = q.get('playbackId') ?? `pb-${Math.random()}`;
        const media = q.get('media') ?? '';
        send(201, { id, media_uri: media.split(',')[0], target_uri: `channel:${c.id}`, language: q.get('lang') ?? 'en', state: 'queued' });
        const pb = { id, media_uri: media.split(',')[0], target_uri: `channel:${c.id}`, language: q.get('lang') ?? 'en' };
        this.push({ type: 'PlaybackStarted', playback: { ...pb, state: 'playing' } });
        const timer = setTimeout(() => {
          this.playbacks.delete(id);
          this.push({ type: 'PlaybackFinished', playback: { ...pb, state: 'done' } });
        }, this.playMs);
        this.playbacks.set(id, { channel: c.id, media, timer });
        return;
      }
      case 'POST record': {
        const name = q.get('name') ?? 'rec';
        this.recording = { channel: c.id, name, started: Date.now() };
        send(201, { name, format: 'wav', state: 'recording', target_uri: `channel:${c.id}` });
        this.push({ type: 'RecordingStarted', recording: { name, format: 'wav', state: 'recording', target_uri: `channel:${c.id}` } });
        return;
      }
      case 'POST variable':
        c.vars.set(q.get('variable') ?? '', q.get('value') ?? '');
        return send(204);
      case 'GET variable': {
        const v = c.vars.get(q.get('variable') ?? '');
        return v === undefined ? send(404, { message: 'Provided variable was not found' }) : send(200, { value: v });
      }
      case 'POST continue':
        c.inStasis = false;
        c.dialplan = { context: q.get('context') ?? '', exten: q.get('extension') ?? '', priority: Number(q.get('priority') ?? 1), app_name: 'Queue', app_data: '' };
        this.continued.push({ id: c.id, context: c.dialplan.context, extension: c.dialplan.exten, priority: c.dialplan.priority });
        send(204);
        this.push({ type: 'StasisEnd', channel: this.json(c) });
        return;
      case 'DELETE ':
        send(204);
        this.push({ type: 'ChannelHangupRequest', cause: 16, soft: true, channel: this.json(c) });
        if (c.inStasis) this.push({ type: 'StasisEnd', channel: this.json(c) });
        this.push({ type: 'ChannelDestroyed', cause: 16, cause_txt: 'Normal Clearing', channel: this.json(c) });
        this.channels.delete(c.id);
        return;
      case 'GET ':
        return send(200, this.json(c));
      default:
        return send(404, { message: 'Resource not found' });
    }
  }
}
