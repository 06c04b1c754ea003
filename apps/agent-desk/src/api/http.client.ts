/**
 * A typed fetch client over the shared REST route map (HttpApi). Routes are named exactly as in the contract
 * ('GET /api/donors/:id'); params, query and body are checked against it. Error bodies ({code, message}) become
 * ApiError with the stable code, so the UI turns them into user messages in one place (utils/errors.ts).
 */
import type { ErrorCode, HttpApi, HttpRoute } from '@donorline/domain';

type Def<R extends HttpRoute> = HttpApi[R];
type ParamsPart<R extends HttpRoute> = Def<R> extends { params: infer P } ? { params: P } : { params?: undefined };
type QueryPart<R extends HttpRoute> = Def<R> extends { query: infer Q } ? (Partial<Q> extends Q ? { query?: Q } : { query: Q }) : { query?: undefined };
type BodyPart<R extends HttpRoute> = Def<R> extends { body: infer B } ? { body: B } : { body?: undefined };
export type RequestArgs<R extends HttpRoute> = ParamsPart<R> & QueryPart<R> & BodyPart<R> & { signal?: AbortSignal };
export type Reply<R extends HttpRoute> = Def<R>['reply'];

/** Codes the client adds to the domain's: the network failed, or the server sent no error body. */
export type ClientErrorCode = ErrorCode | 'NETWORK' | 'HTTP';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly status: number,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

export interface ApiClientOptions {
  /** Origin of the bridge; '' = same origin (production: the bridge serves the desk). */
  baseUrl?: string;
  getToken: () => string | null;
  /** Called on a 401 from any route except login. */
  onUnauthorized?: () => void;
}

type QueryValue = string | number | boolean | null | undefined;

function buildPath(pathTemplate: string, params: Record<string, unknown> | undefined): string {
  return pathTemplate.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined || v === null) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(v));
  });
}

function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : '';
}

export function createApiClient(opts: ApiClientOptions) {
  let baseUrl = opts.baseUrl ?? '';

  function urlOf(route: string, params: unknown, query: unknown): string {
    const space = route.indexOf(' ');
    const path = buildPath(route.slice(space + 1), params as Record<string, unknown> | undefined);
    return `${baseUrl}${path}${buildQuery(query as Record<string, QueryValue> | undefined)}`;
  }

  /** The absolute URL of a route (e.g. the audio stream for <audio src>). */
  function url<R extends HttpRoute>(route: R, args: ParamsPart<R> & QueryPart<R>): string {
    return urlOf(route, args.params, args.query);
  }

  async function request<R extends HttpRoute>(route: R, args: RequestArgs<R>): Promise<Reply<R>> {
    const method = route.slice(0, route.indexOf(' '));
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = opts.getToken();
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (args.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(args.body);
    }
    let res: Response;
    try {
      res = await fetch(urlOf(route, args.params, args.query), { method, headers, body, signal: args.signal });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError('NETWORK', e instanceof Error ? e.message : String(e), 0);
    }
    const text = await res.text();
    let data: unknown = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
    if (!res.ok) {
      if (res.status === 401 && route !== 'POST /api/auth/login') opts.onUnauthorized?.();
      const err = data as { code?: unknown; message?: unknown; details?: Record<string, unknown> } | null;
      if (err && typeof err.code === 'string' && typeof err.message === 'string') {
        throw new ApiError(err.code as ClientErrorCode, err.message, res.status, err.details);
      }
      throw new ApiError(res.status === 401 ? 'UNAUTHENTICATED' : res.status === 403 ? 'FORBIDDEN' : res.status === 404 ? 'NOT_FOUND' : 'HTTP', res.statusText || `HTTP ${res.status}`, res.status);
    }
    return data as Reply<R>;
  }

  return {
    request,
    url,
    setBaseUrl(u: string): void {
      baseUrl = u.replace(/\/$/, '');
    },
    get baseUrl(): string {
      return baseUrl;
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
