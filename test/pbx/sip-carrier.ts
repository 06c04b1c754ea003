/**
 * A minimal SIP UAS over UDP standing in for the carrier of a real Asterisk in test/pbx (pjsip's [carrier] AOR
 * points at it, e.g. sip:127.0.0.2:5080 as the repo's docker-entrypoint.sh `generate` writes with CARRIER_HOST /
 * CARRIER_PORT). It never answers: each INVITE gets 100 Trying, 180 Ringing and then the final response named by
 * the last three digits of the dialled number (…486 → 486 Busy Here, …480, …603, …404); any other number keeps
 * ringing until Asterisk sends CANCEL (→ 200 OK + 487). ACKs are swallowed. Test support only.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

const REASONS: Record<string, string> = { '404': 'Not Found', '480': 'Temporarily Unavailable', '486': 'Busy Here', '603': 'Decline' };

export interface SipCarrier {
  invites: string[];
  /** resolves at the first OPTIONS (Asterisk's qualify): from then on the [carrier] contact is Avail */
  qualified: Promise<void>;
  close(): Promise<void>;
}

function header(msg: string, name: string): string[] {
  const re = new RegExp(`^${name}\\s*:\\s*(.*)$`, 'gim');
  return [...msg.matchAll(re)].map((m) => m[1]!.trim());
}

function reply(sock: Socket, to: RemoteInfo, req: string, code: number, reason: string, toTag: string): void {
  const lines = [`SIP/2.0 ${code} ${reason}`];
  for (const v of header(req, 'Via')) lines.push(`Via: ${v}`);
  const toHdr = header(req, 'To')[0] ?? '';
  lines.push(`From: ${header(req, 'From')[0] ?? ''}`, `To: ${/;tag=/.test(toHdr) || code === 100 ? toHdr : `${toHdr};tag=${toTag}`}`);
  lines.push(`Call-ID: ${header(req, 'Call-ID')[0] ?? ''}`, `CSeq: ${header(req, 'CSeq')[0] ?? ''}`, 'Content-Length: 0', '', '');
  sock.send(lines.join('\r\n'), to.port, to.address);
}

export async function startSipCarrier(host: string, port: number, ringMs = 300): Promise<SipCarrier> {
  const sock = createSocket('udp4');
  const invites: string[] = [];
  let onQualify: () => void = () => undefined;
  const qualified = new Promise<void>((resolve) => (onQualify = resolve));
  const ringing = new Map<string, { req: string; from: RemoteInfo; timer?: NodeJS.Timeout }>();
  sock.on('message', (buf, from) => {
    const msg = buf.toString('utf8');
    const first = msg.split('\r\n', 1)[0] ?? '';
    const [method, uri] = first.split(' ');
    const callId = header(msg, 'Call-ID')[0] ?? '';
    const tag = `uas${callId.length}${Date.now().toString(36)}`;
    if (method === 'INVITE') {
      if (ringing.has(callId)) return; // a retransmission
      const user = /sip:([^@;>]+)@/.exec(uri ?? '')?.[1] ?? '';
      invites.push(user);
      reply(sock, from, msg, 100, 'Trying', tag);
      reply(sock, from, msg, 180, 'Ringing', tag);
      const code = user.slice(-3);
      const entry: { req: string; from: RemoteInfo; timer?: NodeJS.Timeout } = { req: msg, from };
      if (REASONS[code]) entry.timer = setTimeout(() => reply(sock, from, msg, Number(code), REASONS[code]!, tag), ringMs);
      ringing.set(callId, entry);
    } else if (method === 'CANCEL') {
      reply(sock, from, msg, 200, 'OK', tag);
      const inv = ringing.get(callId);
      if (inv) {
        clearTimeout(inv.timer);
        reply(sock, inv.from, inv.req, 487, 'Request Terminated', tag);
      }
    } else if (method === 'OPTIONS' || method === 'BYE') {
      reply(sock, from, msg, 200, 'OK', tag);
      if (method === 'OPTIONS') onQualify();
    }
  });
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(port, host, () => resolve());
  });
  return {
    invites,
    qualified,
    close: () => new Promise<void>((resolve) => {
      for (const r of ringing.values()) clearTimeout(r.timer);
      sock.close(() => resolve());
    }),
  };
}
