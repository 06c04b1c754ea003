/**
 * bench:pop, process 2 of 3: the bridge exactly as main.ts runs it (buildBridge on the configuration from the
 * environment, listening), reporting its own CPU, memory, event-loop delay and counters over IPC.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildBridge } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const send = (m: unknown): void => void process.send?.(m);
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const config = loadConfig();
const bridge = await buildBridge(config, { logger: false });
await bridge.start();
await bridge.fastify.listen({ host: '127.0.0.1', port: config.http.port });
const addr = bridge.fastify.server.address();
const port = typeof addr === 'object' && addr ? addr.port : config.http.port;

/** When the bridge was not following Asterisk live: link not up, or a resync in progress (events held back). */
const notLive: Array<[number, number]> = [];
let downSince: number | null = null;
const stamp = (): number => performance.timeOrigin + performance.now();
bridge.pbx.on('status', (st) => {
  if (st.ami !== 'up' && downSince === null) downSince = stamp();
});
bridge.pbx.on('resync', (r) => {
  if (r.phase === 'start' && downSince === null) downSince = r.at;
  if (r.phase === 'end' && downSince !== null) {
    notLive.push([downSince, r.at]);
    downSince = null;
  }
});

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
let cpu = process.cpuUsage();
let cpuAt = performance.now();

const wait = async (): Promise<void> => {
  for (let i = 0; i < 200 && !(bridge.pbx.status().ami === 'up' && bridge.pbx.resyncs > 0); i++) await new Promise((r) => setTimeout(r, 25));
};
await wait();

/** Percentiles of the bridge's own pop latency (AMI event at the bridge → pop emitted), as histogram bucket bounds. */
async function bridgePopLatency(): Promise<{ count: number; p50LeMs: number | null; p99LeMs: number | null }> {
  const h = await bridge.metrics.popLatency.get();
  const buckets = h.values.filter((v) => v.metricName?.endsWith('_bucket')).map((v) => ({ le: Number(v.labels.le), n: v.value }));
  const total = h.values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
  const at = (p: number): number | null => {
    const need = total * p;
    const b = buckets.find((x) => x.n >= need);
    return b && Number.isFinite(b.le) ? b.le * 1000 : null;
  };
  return { count: total, p50LeMs: at(0.5), p99LeMs: at(0.99) };
}

process.on('message', (m: { cmd: 'stats' | 'reset-window' | 'stop' | 'heap' }) => {
  if (m.cmd === 'heap') {
    // memory after a full collection: what the live state really holds
    gc();
    const mem = process.memoryUsage();
    send({ type: 'heap', heapUsed: mem.heapUsed, rss: mem.rss, liveCalls: bridge.registry.size });
    return;
  }
  if (m.cmd === 'reset-window') {
    cpu = process.cpuUsage();
    cpuAt = performance.now();
    loop.reset();
    send({ type: 'window-reset' });
    return;
  }
  if (m.cmd === 'stats') {
    void statsNow().then(send);
    return;
  }
  if (m.cmd === 'stop') {
    void bridge.stop().finally(() => process.exit(0));
  }
});

async function statsNow(): Promise<Record<string, unknown>> {
  {
    const c = process.cpuUsage(cpu);
    const wallMs = performance.now() - cpuAt;
    const mem = process.memoryUsage();
    return {
      type: 'stats',
      popLatency: await bridgePopLatency(),
      cpuPercent: ((c.user + c.system) / 1000 / Math.max(1, wallMs)) * 100,
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      liveCalls: bridge.registry.size,
      amiEvents: bridge.pbx.ami.eventsReceived,
      amiReconnects: bridge.pbx.ami.reconnects,
      resyncs: bridge.pbx.resyncs,
      notLive,
      seated: bridge.agents.seated,
      popsSent: bridge.pops.popsSent,
      popsNoSeat: bridge.pops.popsSkippedNoSeat,
      popsIdentifyTimedOut: bridge.pops.popsIdentifyTimedOut,
      popsWaitedForLookup: bridge.pops.popsWaitedForLookup,
      longestLookupWaitMs: bridge.pops.longestLookupWaitMs,
      slowPops: bridge.pops.slowPops,
      dbDepth: bridge.writer.depth,
      dbWrites: bridge.writer.writes,
      dbFailures: bridge.writer.failures,
      loopDelayP99Ms: loop.percentile(99) / 1e6,
      loopDelayMaxMs: loop.max / 1e6,
    };
  }
}

send({ type: 'ready', port });
