/**
 * Who the client is, behind a proxy or not — one rule for HTTP (Fastify's `req.ip`) and Socket.IO handshakes.
 *
 * X-Forwarded-For is written by whoever sends the request, so only the entries added by trusted proxies count:
 * proxy-addr walks the chain from the socket's peer backwards and stops at the first address that is not a trusted
 * proxy. With TRUST_PROXY unset nothing is trusted (the peer is the client); `1` trusts one hop (the address nginx
 * appended with $proxy_add_x_forwarded_for — never the left-most, client-written one); a list trusts exactly those
 * proxy addresses, so a client that reaches the bridge directly cannot speak for anyone else.
 */
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { TrustProxy } from '../config.js';

export type TrustFn = (addr: string, hop: number) => boolean;

export function trustFunction(t: TrustProxy): TrustFn {
  if (t === false) return () => false;
  if (typeof t === 'number') return (_a, hop) => hop < t;
  return proxyAddr.compile([...t]);
}

/** The client address of a raw request (a Socket.IO handshake), with the same trust as Fastify's req.ip. */
export function clientAddress(req: IncomingMessage, trust: TrustFn): string {
  return proxyAddr(req, trust);
}
