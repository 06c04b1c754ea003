/**
 * One AMI frame of 200,000 header lines (4.4 MB) froze the bridge's event loop for 189 s: asterisk-manager's reader
 * re-parsed everything it held on every chunk. Over real TCP from a scripted AMI peer: the bridge's own framer drops
 * the frame as it streams in, logs it once, and the link stays up — a Ping sent behind it completes and the next
 * event is delivered. A frame that takes longer to arrive than the keepalive's timeout (the Pong queued behind it)
 * does not bring the link down: it costs that one frame.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeAmiServer } from '../../test/support/fake-ami-server.js';
import type { Logger } from '../logger.js';
import { AmiClient } from './ami-client.js';
import type { AmiMessage } from './ami-message.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function until<T>(fn: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      const v = fn();
      if (v) return resolve(v);
      if (Date.now() - started > timeoutMs) return reject(new Error('condition not met in time'));
      setTimeout(tick, 5);
    };
    tick();
  });
}

function capturingLogger(out: Array<{ level: string; obj: unknown; msg?: string }>): Logger {
  const at = (level: string) => (obj: unknown, msg?: string) => void out.push({ level, obj, msg });
  const l: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => l };
  return l;
}

function hugeFrame(lines: number): string {
  return 'Event: Garbage\r\nPrivilege: call,all\r\n' + Array.from({ length: lines }, (_, i) => `X-Header-${i}: ${'v'.repeat(8)}\r\n`).join('') + '\r\n';
}

describe('AMI link: oversized frames over real TCP', () => {
  it('a 200,000-line (4.4 MB) frame is dropped and logged; the link stays up, a Ping completes, the next event arrives', async () => {
    const server = new FakeAmiServer();
    const port = await server.listen();
    const logs: Array<{ level: string; obj: unknown; msg?: string }> = [];
    const client = new AmiClient({ host: '127.0.0.1', port, username: 'cti', secret: 'cti-secret', pingIntervalMs: 60_000, logger: capturingLogger(logs) });
    cleanups.push(() => server.close(), () => client.stop());
    const events: AmiMessage[] = [];
    client.on('event', (e) => events.push(e));
    client.start();
    await new Promise<void>((r) => client.once('connected', () => r()));
    const states: string[] = [];
    client.on('state', (s) => states.push(s));

    const garbage = hugeFrame(200_000);
    expect(garbage.length).toBeGreaterThan(4_400_000);
    server.broadcast(garbage);
    server.broadcast('Event: Newchannel\r\nChannel: PJSIP/trunk-00000001\r\nUniqueid: 1795375724.0\r\nLinkedid: 1795375724.0\r\n\r\n');
    // sent while the garbage is still being read: answered behind it, within the default action timeout (5 s)
    const pong = await client.action('Ping');
    expect(pong.h.ping).toBe('Pong');
    await until(() => events.find((e) => e.event === 'Newchannel'));

    expect(events.some((e) => e.event === 'Garbage')).toBe(false);
    expect(client.framesDropped).toBe(1);
    expect(client.state).toBe('up');
    expect(states).toEqual([]);
    const warning = logs.find((l) => l.level === 'warn' && /AMI frame over the lines limit dropped/.test(l.msg ?? ''));
    expect(warning?.obj).toMatchObject({ limit: 'lines', lines: 200_002 });
  }, 30_000);

  it('an endless header line (no line break for 4 MB) is dropped by size; events around it still arrive', async () => {
    const server = new FakeAmiServer();
    const port = await server.listen();
    const client = new AmiClient({ host: '127.0.0.1', port, username: 'cti', secret: 'cti-secret', pingIntervalMs: 60_000, maxFrameBytes: 64 * 1024 });
    cleanups.push(() => server.close(), () => client.stop());
    const events: AmiMessage[] = [];
    client.on('event', (e) => events.push(e));
    client.start();
    await new Promise<void>((r) => client.once('connected', () => r()));
    server.broadcast('Event: Before\r\n\r\n');
    server.broadcast(`Event: Junk\r\nData: ${'x'.repeat(4_000_000)}\r\n\r\n`);
    server.broadcast('Event: After\r\n\r\n');
    await until(() => events.find((e) => e.event === 'After'));
    expect(events.map((e) => e.event)).toEqual(['FullyBooted', 'Before', 'After']);
    expect(client.framesDropped).toBe(1);
    expect((await client.action('Ping')).h.ping).toBe('Pong');
  }, 30_000);

  it('a big frame streaming in longer than the keepalive timeout, the Pong behind it: the link stays up, only that frame is lost', async () => {
    const server = new FakeAmiServer();
    const port = await server.listen();
    const client = new AmiClient({ host: '127.0.0.1', port, username: 'cti', secret: 'cti-secret', pingIntervalMs: 100, pingTimeoutMs: 300, maxFrameBytes: 64 * 1024 });
    cleanups.push(() => server.close(), () => client.stop());
    const events: AmiMessage[] = [];
    client.on('event', (e) => events.push(e));
    client.start();
    await new Promise<void>((r) => client.once('connected', () => r()));
    const states: string[] = [];
    client.on('state', (s) => states.push(s));
    const [session] = [...server.sessions];

    // AMI is one ordered stream: while the frame is being written, Pings are answered only after it
    server.silentPings = true;
    const pingsBefore = server.received.filter((a) => a.action.toLowerCase() === 'ping').length;
    session!.write('Event: Before\r\n\r\nEvent: UserEvent\r\nUserEvent: ');
    // ~1.2 s of trickling characters (16 KiB every 10 ms): four times the keepalive's timeout
    const chunk = 'X'.repeat(16 * 1024);
    const started = Date.now();
    await new Promise<void>((done) => {
      const t = setInterval(() => {
        session!.write(chunk);
        if (Date.now() - started > 1200) done(clearInterval(t));
      }, 10);
    });
    const pings = server.received.filter((a) => a.action.toLowerCase() === 'ping').slice(pingsBefore);
    expect(pings.length).toBeGreaterThanOrEqual(2);
    session!.write('\r\n\r\n' + pings.map((a) => `Response: Success\r\nActionID: ${a.actionid}\r\nPing: Pong\r\n\r\n`).join('') + 'Event: After\r\n\r\n');
    server.silentPings = false;
    await until(() => events.find((e) => e.event === 'After'));

    expect(events.map((e) => e.event)).toEqual(['FullyBooted', 'Before', 'After']);
    expect(states).toEqual([]);
    expect(client.reconnects).toBe(0);
    expect(client.framesDropped).toBe(1);
    expect(client.pingsLate).toBeGreaterThanOrEqual(1);
    // a link that goes silent is still declared dead
    server.silentPings = true;
    await until(() => states.includes('connecting'), 5000);
  }, 30_000);
});
