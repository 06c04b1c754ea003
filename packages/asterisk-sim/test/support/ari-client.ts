import WebSocket from 'ws';

export interface RestResult {
  status: number;
  reason: string;
  headers: Record<string, string>;
  body: string;
  json: unknown;
}

/** Plain REST calls against the simulator's ARI (fetch drops the reason phrase, so use node:http). */
export async function rest(base: string, method: string, path: string, opts: { auth?: string | false; body?: unknown } = {}): Promise<RestResult> {
  const { request } = await import('node:http');
  const url = new URL(path, base);
  const headers: Record<string, string> = {};
  if (opts.auth !== false) headers.authorization = `Basic ${Buffer.from(opts.auth ?? 'cti:cti-secret').toString('base64')}`;
  let payload: string | undefined;
  if (opts.body !== undefined) {
    payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = body ? JSON.parse(body) : undefined;
        } catch {
          json = undefined;
        }
        const h: Record<string, string> = {};
        for (let i = 0; i < res.rawHeaders.length; i += 2) h[res.rawHeaders[i]!] = res.rawHeaders[i + 1]!;
        resolve({ status: res.statusCode ?? 0, reason: res.statusMessage ?? '', headers: h, body, json });
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** A raw ARI event WebSocket that keeps every message. */
export class EventSocket {
  readonly events: Array<Record<string, unknown>> = [];
  readonly raw: string[] = [];
  closed = false;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const text = d.toString();
      this.raw.push(text);
      try {
        this.events.push(JSON.parse(text) as Record<string, unknown>);
      } catch {
        this.events.push({ type: '<garbled>' });
      }
    });
    ws.on('close', () => (this.closed = true));
    ws.on('error', () => undefined);
  }

  static open(base: string, query: string): Promise<EventSocket> {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/ari/events?${query}`);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new EventSocket(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
  }

  async waitFor(pred: (e: Record<string, unknown>) => boolean, timeoutMs = 5000, what = 'event'): Promise<Record<string, unknown>> {
    const start = Date.now();
    for (;;) {
      const e = this.events.find(pred);
      if (e) return e;
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; have ${this.events.map((x) => x.type).join(' ')}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  close(): void {
    this.ws.terminate();
  }
}

/** `{a:{b:1},c:[{d:2}]}` → ['a', 'a.b', 'c', 'c[].d'] (object key order kept). */
export function shape(v: unknown, prefix = ''): string[] {
  if (Array.isArray(v)) return v.length ? shape(v[0], `${prefix}[]`) : [`${prefix}[]`];
  if (v && typeof v === 'object') {
    const out: string[] = [];
    for (const [k, x] of Object.entries(v)) {
      const p = prefix ? `${prefix}.${k}` : k;
      out.push(p, ...shape(x, p));
    }
    return out;
  }
  return [];
}
