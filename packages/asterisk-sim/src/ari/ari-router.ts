import type { IncomingMessage, ServerResponse } from 'node:http';
import { send } from '../http/http-util.js';

export class AriReply {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly body: unknown,
    readonly headers: Array<[string, string]> = [],
    readonly raw?: { data: Buffer; type: string },
  ) {}
}

export const ok = (body: unknown): AriReply => new AriReply(200, 'OK', body);
export const created = (location: string, body: unknown): AriReply => new AriReply(201, 'Created', body, [['Location', location]]);
export const noContent = (): AriReply => new AriReply(204, 'No Content', undefined);
export const error = (status: number, reason: string, message: string): AriReply => new AriReply(status, reason, { message });
export const notFound = (message: string): AriReply => error(404, 'Not Found', message);
export const conflict = (message: string): AriReply => error(409, 'Conflict', message);
export const badRequest = (message: string): AriReply => error(400, 'Bad Request', message);
export const allocFailed = (): AriReply => new AriReply(500, 'Internal Server Error', { error: 'Allocation failed' });
export const notImplemented = (what: string): AriReply => error(501, 'Not Implemented', `${what} is not implemented in the simulator`);

/** Request arguments: query string, then the JSON body (its fields override, as in Asterisk). */
export class AriArgs {
  constructor(
    readonly path: Record<string, string>,
    private readonly query: URLSearchParams,
    readonly body: Record<string, unknown> | undefined,
  ) {}

  str(name: string): string | undefined {
    const b = this.body?.[name];
    if (typeof b === 'string') return b;
    if (typeof b === 'number' || typeof b === 'boolean') return String(b);
    const all = this.query.getAll(name);
    return all.length ? all.join(',') : undefined;
  }

  /** allowMultiple parameters: repeated, comma-separated, or a JSON array. */
  list(name: string): string[] {
    const b = this.body?.[name];
    if (Array.isArray(b)) return b.map(String);
    const s = this.str(name);
    return s ? s.split(',').filter((x) => x !== '') : [];
  }

  int(name: string, dflt: number): number {
    const s = this.str(name);
    if (s === undefined || s === '') return dflt;
    const n = Number.parseInt(s, 10);
    return Number.isFinite(n) ? n : dflt;
  }

  bool(name: string, dflt = false): boolean {
    const s = this.str(name);
    if (s === undefined) return dflt;
    return /^(true|yes|1|on)$/i.test(s);
  }

  /** `{"variables": {...}}` body containers. */
  variables(key = 'variables'): Record<string, unknown> | undefined {
    const v = this.body?.[key];
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  }
}

export type Handler = (args: AriArgs) => AriReply | Promise<AriReply>;

interface Route {
  parts: string[];
  methods: Map<string, Handler>;
}

/** Path templates like `/channels/{channelId}/play` with per-method handlers. */
export class AriRouter {
  private readonly routes: Route[] = [];

  on(method: string, template: string, handler: Handler): void {
    const parts = template.split('/').filter(Boolean);
    let route = this.routes.find((r) => r.parts.join('/') === parts.join('/'));
    if (!route) {
      route = { parts, methods: new Map() };
      this.routes.push(route);
    }
    route.methods.set(method, handler);
  }

  match(method: string, pathname: string): { handler: Handler; params: Record<string, string> } | 'method' | undefined {
    const segs = pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
    let methodMismatch = false;
    // literal segments win over {params}: sort by number of literals
    const candidates = this.routes
      .filter((r) => r.parts.length === segs.length)
      .sort((a, b) => b.parts.filter((p) => !p.startsWith('{')).length - a.parts.filter((p) => !p.startsWith('{')).length);
    for (const r of candidates) {
      const params: Record<string, string> = {};
      let okMatch = true;
      for (let i = 0; i < r.parts.length; i++) {
        const p = r.parts[i]!;
        if (p.startsWith('{')) params[p.slice(1, -1)] = segs[i]!;
        else if (p !== segs[i]) {
          okMatch = false;
          break;
        }
      }
      if (!okMatch) continue;
      const h = r.methods.get(method);
      if (h) return { handler: h, params };
      methodMismatch = true;
    }
    return methodMismatch ? 'method' : undefined;
  }
}

export function writeReply(res: ServerResponse, now: number, reply: AriReply): void {
  if (reply.raw) {
    send(res, now, reply.status, reply.reason, reply.raw.data, reply.raw.type, reply.headers);
    return;
  }
  const body = reply.body === undefined ? undefined : JSON.stringify(reply.body);
  send(res, now, reply.status, reply.reason, body, 'application/json', reply.headers);
}

export async function parseJsonBody(req: IncomingMessage, text: string): Promise<Record<string, unknown> | undefined | 'invalid'> {
  if (!text.trim()) return undefined;
  const ct = req.headers['content-type'] ?? '';
  if (!ct.includes('json') && !text.trim().startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : 'invalid';
  } catch {
    return 'invalid';
  }
}
