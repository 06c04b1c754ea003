/**
 * Alibaba Cloud's documented RPC signature (SignatureVersion 1.0, HMAC-SHA1) for dysmsapi 2017-05-25. We sign
 * ourselves over fetch instead of using @alicloud/dysmsapi20170525: that SDK (via @alicloud/openapi-client) signs
 * with the newer ACS3-HMAC-SHA256 scheme by default and pulls a dozen packages; this is the documented RPC shape in
 * 25 lines, and the simulated gateway checks it with its own, independent implementation.
 */
import { createHmac, randomUUID } from 'node:crypto';

export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function signRpc(method: 'GET' | 'POST', params: Readonly<Record<string, string>>, secret: string): string {
  const canonical = Object.keys(params).sort().map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`).join('&');
  const toSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(toSign).digest('base64');
}

/** The common parameters of one call, signed. */
export function signedParams(action: string, own: Readonly<Record<string, string>>, key: { id: string; secret: string }, now = new Date()): Record<string, string> {
  const p: Record<string, string> = {
    AccessKeyId: key.id, Action: action, Format: 'JSON', RegionId: 'cn-hangzhou', SignatureMethod: 'HMAC-SHA1', SignatureNonce: randomUUID(),
    SignatureVersion: '1.0', Timestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), Version: '2017-05-25', ...own,
  };
  return { ...p, Signature: signRpc('POST', p, key.secret) };
}
