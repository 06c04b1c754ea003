/**
 * Alibaba Cloud's RPC signature (SignatureVersion 1.0, HMAC-SHA1), as documented for dysmsapi 2017-05-25: every
 * parameter but Signature, sorted by name, percent-encoded (RFC 3986: space %20, `*` %2A, `~` kept) and joined;
 * StringToSign = METHOD & %2F & encode(canonical); Signature = base64(HMAC-SHA1(secret + "&", StringToSign)).
 * The simulator checks it with its own implementation so a wrong signer in the platform fails here as it would there.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function rpcStringToSign(method: string, params: Readonly<Record<string, string>>): string {
  const canonical = Object.keys(params).filter((k) => k !== 'Signature').sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`).join('&');
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonical)}`;
}

export function rpcSignature(method: string, params: Readonly<Record<string, string>>, secret: string): string {
  return createHmac('sha1', `${secret}&`).update(rpcStringToSign(method, params)).digest('base64');
}

/** Constant-time comparison of the presented signature with the expected one. */
export function signatureMatches(method: string, params: Readonly<Record<string, string>>, secret: string): boolean {
  const given = Buffer.from(params.Signature ?? '');
  const want = Buffer.from(rpcSignature(method, params, secret));
  return given.length === want.length && timingSafeEqual(given, want);
}
