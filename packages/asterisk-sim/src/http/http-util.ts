import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpDate } from '../core/time-format.js';

export const SERVER_HEADER = 'Asterisk/22.10.1';

/** Credentials from `Authorization: Basic` or `?api_key=user:secret`. */
export function credentials(req: IncomingMessage, url: URL): { user: string; secret: string } | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Basic ')) {
    const dec = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    const i = dec.indexOf(':');
    if (i >= 0) return { user: dec.slice(0, i), secret: dec.slice(i + 1) };
  }
  const key = url.searchParams.get('api_key');
  if (key) {
    const i = key.indexOf(':');
    if (i >= 0) return { user: key.slice(0, i), secret: key.slice(i + 1) };
  }
  return undefined;
}

/** Headers in the order Asterisk's HTTP server writes them. */
export function baseHeaders(now: number): Array<[string, string]> {
  return [
    ['Server', SERVER_HEADER],
    ['Date', httpDate(now)],
    ['Cache-Control', 'no-cache, no-store'],
  ];
}

export function send(res: ServerResponse, now: number, status: number, reason: string, body: string | Buffer | undefined, contentType = 'application/json', extra: Array<[string, string]> = []): void {
  const headers: Array<[string, string]> = [...baseHeaders(now), ...extra];
  const buf = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  if (body !== undefined && buf.length > 0) headers.push(['Content-type', contentType]);
  headers.push(['Content-Length', String(buf.length)]);
  res.statusMessage = reason;
  res.statusCode = status;
  res.sendDate = false;
  for (const [k, v] of headers) res.setHeader(k, v);
  // Asterisk sends no Connection/Keep-Alive headers; removing the header keeps HTTP/1.1 persistence
  res.removeHeader('Connection');
  res.end(buf);
}

export function sendJson(res: ServerResponse, now: number, status: number, reason: string, value: unknown, extra: Array<[string, string]> = []): void {
  send(res, now, status, reason, JSON.stringify(value), 'application/json', extra);
}

export async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    const b = c as Buffer;
    size += b.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}
