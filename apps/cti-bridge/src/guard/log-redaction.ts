/**
 * What the request log may say. Query strings carry what people search for — full phone numbers, national IDs,
 * names — and the audio URL's `?token=`. Logged URLs keep their path and the values of known harmless parameters
 * (paging, dates, ids, enums); tokens (`?token=`, a media URL's `?t=`) become ***; every other value is masked: numbers as the desk masks them (maskNumbersInText: runs
 * of ≥ 7 digits → 138****8000, IDs → 3702**********1234), shorter runs of 3+ digits (an ID's last four) as ****, and text
 * without digits as a masked name (王*华). Errors lose the SQL parameters a driver attaches (they can hold a number).
 */
import { maskName, maskNumbersInText } from '@donorline/domain';

/** Query parameters whose values never carry personal data. */
const SAFE_PARAMS = new Set([
  'page', 'pageSize', 'from', 'to', 'agentId', 'donorId', 'ownerId', 'siteId', 'queue', 'status', 'kind', 'type', 'disposition', 'outcome',
  'minDuration', 'maxDuration', 'action', 'subjectType', 'subjectId', 'category', 'actorId', 'lang', 'format', 'EIO', 'transport', 'sid',
]);

/** A value for the log: numbers masked, short digit runs starred, text masked like a name. */
export function maskLogValue(v: string): string {
  if (!v) return v;
  if (!/\d/.test(v)) return maskName(v);
  const masked = maskNumbersInText(v);
  return masked !== v ? masked : v.replace(/\d{3,}/g, (run) => '*'.repeat(run.length));
}

/** A URL as it may appear in a log line: `?token=` / `?t=` hidden, personal query values masked. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const path = url.slice(0, q);
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const parts = query.split('&').map((pair) => {
    if (!pair) return pair;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    if (eq < 0) return rawKey;
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      value = decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      return `${rawKey}=***`;
    }
    if (/^(token|t)$/i.test(key)) return `${rawKey}=***`; // the session token, a media URL's token
    if (SAFE_PARAMS.has(key)) return pair;
    return `${rawKey}=${encodeURIComponent(maskLogValue(value))}`;
  });
  return `${path}?${parts.join('&')}`;
}

type LoggedError = Error & { parameters?: unknown; driverError?: { parameters?: unknown; sql?: string }; query?: string; sql?: string };

/**
 * pino's error serializer, minus what can leak personal data: a database driver's bound parameters (and the SQL,
 * which can inline them), and numbers inside the message.
 */
export function serializeError(err: Error): { type: string; message: string; stack: string; [key: string]: unknown } {
  const e = err as LoggedError;
  if (!(err instanceof Error)) return { type: typeof err, message: maskNumbersInText(String(err)), stack: '' };
  const out: { type: string; message: string; stack: string; [key: string]: unknown } = { type: e.name, message: maskNumbersInText(e.message), stack: maskNumbersInText(e.stack ?? '') };
  for (const k of ['code', 'errno', 'statusCode', 'failure', 'action'] as const) {
    const v = (e as unknown as Record<string, unknown>)[k];
    if (v !== undefined && (typeof v === 'string' || typeof v === 'number')) out[k] = v;
  }
  return out;
}

/** The request as Fastify logs it ("incoming request"): method, redacted URL, client address. */
export function serializeRequest(req: { method: string; url: string; ip?: string }): Record<string, unknown> {
  return { method: req.method, url: redactUrl(req.url), remoteAddress: req.ip };
}
