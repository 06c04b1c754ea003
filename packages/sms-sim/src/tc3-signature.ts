/**
 * Tencent Cloud API 3.0's request signature (TC3-HMAC-SHA256), checked the way the service checks it, with our own
 * implementation (never the SDK's signer, so a signer that drifts from the documented scheme fails here):
 *   CanonicalRequest = METHOD \n path \n query \n "name:value\n" per signed header (lower-case, trimmed) \n
 *                      signed header names \n hex(SHA256(body bytes as sent))
 *   StringToSign     = "TC3-HMAC-SHA256" \n timestamp \n date/service/tc3_request \n hex(SHA256(CanonicalRequest))
 *   key              = HMAC(HMAC(HMAC("TC3" + SecretKey, date), service), "tc3_request"); Signature = hex(HMAC(key, StringToSign))
 * date is the UTC day of X-TC-Timestamp. The host header is signed without a port, as the SDK signs it (a request to
 * the real endpoint carries none). A timestamp more than 5 minutes off is AuthFailure.SignatureExpire.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface Tc3Request {
  method: string;
  /** Path and query as sent ("/" or "/?a=1"). */
  url: string;
  /** Lower-case header names (Node's IncomingMessage.headers). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer | string;
}

export interface Tc3Failure {
  code: 'AuthFailure.SignatureFailure' | 'AuthFailure.SecretIdNotFound' | 'AuthFailure.SignatureExpire' | 'AuthFailure.InvalidAuthorization';
  message: string;
}

const sha256hex = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const hmac = (key: Buffer | string, msg: string): Buffer => createHmac('sha256', key).update(msg).digest();

export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

function header(h: Tc3Request['headers'], name: string): string {
  const v = h[name];
  return (Array.isArray(v) ? v.join(',') : v ?? '').trim();
}

export function tc3CanonicalRequest(r: Tc3Request, signedHeaders: readonly string[]): string {
  const u = new URL(r.url, 'http://x');
  const canonHeaders = signedHeaders.map((n) => {
    const v = n === 'host' ? header(r.headers, 'host').replace(/:\d+$/, '') : header(r.headers, n);
    return `${n}:${v.toLowerCase()}\n`;
  }).join('');
  return [r.method.toUpperCase(), u.pathname, u.search.slice(1), canonHeaders, signedHeaders.join(';'), sha256hex(r.body)].join('\n');
}

export function tc3Signature(o: { secretKey: string; timestamp: number; service: string; canonicalRequest: string }): string {
  const date = tc3Date(o.timestamp);
  const toSign = ['TC3-HMAC-SHA256', String(o.timestamp), `${date}/${o.service}/tc3_request`, sha256hex(o.canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(`TC3${o.secretKey}`, date), o.service), 'tc3_request');
  return createHmac('sha256', key).update(toSign).digest('hex');
}

const AUTH = /^TC3-HMAC-SHA256 Credential=([^/\s]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9-]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/**
 * Checks the Authorization header of a request. `services` are the service names accepted in the credential scope:
 * "sms", and the first label of the host the request was sent to (what the SDK derives from an overridden endpoint).
 */
export function verifyTc3(r: Tc3Request, keys: { secretId: string; secretKey: string }, now = Date.now()): Tc3Failure | null {
  const m = AUTH.exec(header(r.headers, 'authorization'));
  if (!m) return { code: 'AuthFailure.InvalidAuthorization', message: 'Authorization header format error.' };
  const [, secretId, date, service, signed, given] = m as unknown as [string, string, string, string, string, string];
  if (secretId !== keys.secretId) return { code: 'AuthFailure.SecretIdNotFound', message: 'The SecretId is not found, please ensure that your SecretId is correct.' };
  const ts = Number(header(r.headers, 'x-tc-timestamp'));
  if (!Number.isInteger(ts) || Math.abs(now / 1000 - ts) > 300) return { code: 'AuthFailure.SignatureExpire', message: 'Signature expired. Timestamp comparisons failed.' };
  const names = signed.split(';');
  const hostLabel = header(r.headers, 'host').replace(/:\d+$/, '').split('.')[0];
  const fail: Tc3Failure = { code: 'AuthFailure.SignatureFailure', message: 'The provided credentials could not be validated. Please check your signature is correct.' };
  if (!names.includes('content-type') || !names.includes('host') || [...names].sort().join(';') !== signed) return fail;
  if (date !== tc3Date(ts) || (service !== 'sms' && service !== hostLabel)) return fail;
  const want = Buffer.from(tc3Signature({ secretKey: keys.secretKey, timestamp: ts, service, canonicalRequest: tc3CanonicalRequest(r, names) }));
  const got = Buffer.from(given);
  return got.length === want.length && timingSafeEqual(got, want) ? null : fail;
}
