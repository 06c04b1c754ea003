/**
 * bench:ami — the cost of reading AMI frames, and the event loop while a hostile one streams in.
 *  1. The framer alone, 25,000 … 200,000 header lines pushed in 64 KB chunks (median of 9 warm runs): as ordinary
 *     20-line events, and as one hostile frame (dropped over the limit). Cost per character must stay flat (linear
 *     work), where asterisk-manager's own reader re-parses what it holds on every chunk.
 *  2. Over real TCP (AmiClient + a scripted AMI peer): the 4.4 MB frame of the incident, then a normal event —
 *     how long until that event arrives, and the event loop's worst delay meanwhile.
 *  3. For the record, ordinary traffic over TCP through the bridge's reader and through asterisk-manager's own.
 * Prints one JSON document; "pass" only when every aim is met.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Manager from 'asterisk-manager';
import { AmiClient } from '../src/ami/ami-client.js';
import { AmiFramer } from '../src/ami/ami-framer.js';
import { FakeAmiServer } from '../test/support/fake-ami-server.js';

function hugeFrame(lines: number): string {
  return 'Event: Garbage\r\n' + Array.from({ length: lines }, (_, i) => `X-Header-${i}: ${'v'.repeat(8)}\r\n`).join('') + '\r\n';
}

/** `lines` header lines as ordinary frames of 20 lines each (a busy PBX). */
function ordinaryFrames(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines / 20; i++) {
    out.push(`Event: Newexten\r\nChannel: PJSIP/8001-${String(i).padStart(8, '0')}\r\n` + Array.from({ length: 18 }, (_, j) => `Header${j}: value-${i}-${j}\r\n`).join('') + '\r\n');
  }
  return out.join('');
}

function framerCost(kind: 'ordinary' | 'hostile', lines: number): { kind: string; lines: number; chars: number; ms: number; nsPerChar: number } {
  const text = kind === 'ordinary' ? ordinaryFrames(lines) : hugeFrame(lines);
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += 65_536) chunks.push(text.slice(i, i + 65_536));
  const once = (): number => {
    const f = new AmiFramer({ onFrame: () => undefined });
    const t0 = performance.now();
    for (const c of chunks) f.push(c);
    return performance.now() - t0;
  };
  once(); // warm-up (JIT)
  const times = Array.from({ length: 9 }, once).sort((a, b) => a - b);
  const ms = times[4]!;
  return { kind, lines, chars: text.length, ms: +ms.toFixed(2), nsPerChar: +((ms * 1e6) / text.length).toFixed(2) };
}

async function overTcp(): Promise<{ frameChars: number; nextEventMs: number; pingMs: number; maxLoopDelayMs: number; framesDropped: number }> {
  const server = new FakeAmiServer();
  const port = await server.listen();
  const client = new AmiClient({ host: '127.0.0.1', port, username: 'cti', secret: 'cti-secret', pingIntervalMs: 60_000 });
  client.start();
  await new Promise<void>((r) => client.once('connected', () => r()));
  const garbage = hugeFrame(200_000);
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const next = new Promise<number>((resolve) => client.on('event', (e) => e.event === 'After' && resolve(performance.now())));
  loop.enable();
  const t0 = performance.now();
  server.broadcast(garbage);
  server.broadcast('Event: After\r\n\r\n');
  const ping = client.action('Ping').then(() => performance.now());
  const [tNext, tPing] = await Promise.all([next, ping]);
  loop.disable();
  const out = { frameChars: garbage.length, nextEventMs: +(tNext - t0).toFixed(1), pingMs: +(tPing - t0).toFixed(1), maxLoopDelayMs: +(loop.max / 1e6).toFixed(1), framesDropped: client.framesDropped };
  await client.stop();
  await server.close();
  return out;
}

/**
 * Ordinary traffic over TCP, for the record: 20,000 20-line events written at once, received through the bridge's
 * AmiClient (its framer) and through a bare asterisk-manager instance (the library's own reader). Events per second.
 */
async function ordinaryOverTcp(events: number): Promise<{ events: number; framerEventsPerSecond: number; libraryEventsPerSecond: number }> {
  const text = ordinaryFrames(events * 20);
  const server = new FakeAmiServer();
  const port = await server.listen();
  const client = new AmiClient({ host: '127.0.0.1', port, username: 'cti', secret: 'cti-secret', pingIntervalMs: 60_000 });
  client.start();
  await new Promise<void>((r) => client.once('connected', () => r()));
  let n = 0;
  const done = new Promise<number>((resolve) => client.on('event', (e) => e.event === 'Newexten' && ++n === events && resolve(performance.now())));
  let t0 = performance.now();
  server.broadcast(text);
  const framerMs = (await done) - t0;
  await client.stop();
  const lib = Manager(port, '127.0.0.1', 'cti', 'cti-secret', true);
  await new Promise<void>((r) => lib.on('managerevent', (e: { event?: string }) => e.event === 'FullyBooted' && r()));
  let m = 0;
  const libDone = new Promise<number>((resolve) => lib.on('managerevent', (e: { event?: string }) => e.event === 'Newexten' && ++m === events && resolve(performance.now())));
  t0 = performance.now();
  server.broadcast(text);
  const libMs = (await libDone) - t0;
  lib.disconnect();
  await server.close();
  return { events, framerEventsPerSecond: Math.round(events / (framerMs / 1000)), libraryEventsPerSecond: Math.round(events / (libMs / 1000)) };
}

const sizes = [25_000, 50_000, 100_000, 200_000];
const ordinary = sizes.map((n) => framerCost('ordinary', n));
const hostile = sizes.map((n) => framerCost('hostile', n));
const ratio = (rows: Array<{ nsPerChar: number }>): number => +(rows.at(-1)!.nsPerChar / rows[0]!.nsPerChar).toFixed(2);
const linearity = Math.max(ratio(ordinary), ratio(hostile));
const tcp = await overTcp();
const ordinaryTcp = await ordinaryOverTcp(20_000);
const aims = { linearityMax: 2, nextEventMsMax: 1000, maxLoopDelayMsMax: 200 };
const pass = linearity <= aims.linearityMax && tcp.nextEventMs <= aims.nextEventMsMax && tcp.maxLoopDelayMs <= aims.maxLoopDelayMsMax && tcp.framesDropped === 1;
console.log(JSON.stringify({
  bench: 'ami-frame',
  framer: { ordinary, hostile, ordinaryLinesPerSecond: Math.round(ordinary.at(-1)!.lines / (ordinary.at(-1)!.ms / 1000)) },
  linearity: { value: linearity, ordinary: ratio(ordinary), hostile: ratio(hostile), meaning: 'ns per character at 200,000 lines ÷ at 25,000 lines (1 = linear; quadratic work would give 8)' },
  tcp,
  ordinaryTcp,
  aims,
  pass,
}, null, 2));
process.exit(pass ? 0 : 1);
