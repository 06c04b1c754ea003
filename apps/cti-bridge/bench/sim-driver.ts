/**
 * bench:pop, process 1 of 3: the simulated Asterisk (donorline profile) with one simulated desk phone per benchmark
 * agent, placing inbound calls to the hotline queue on command. For every ring of an agent (AgentCalled) it reports
 * when the event left the simulator, so the orchestrator can measure AMI event → pop on the agent's socket.
 * Talks to the orchestrator over IPC.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startSimulator } from '@donorline/asterisk-sim';

type Cmd =
  | { cmd: 'phones'; from: number; to: number; autoAnswerMs: number }
  | { cmd: 'calls'; ratePerSec: number; count: number; talkMs: number | null; hangupAfterMs: number | null; known: string[]; knownShare: number }
  | { cmd: 'stats' }
  | { cmd: 'stop' };

const now = (): number => performance.timeOrigin + performance.now();
const send = (m: unknown): void => void process.send?.(m);

const sim = await startSimulator({ profile: 'donorline', amiPort: 0, ariPort: 0, timeScale: 1, speech: false, recordingsDir: mkdtempSync(path.join(tmpdir(), 'dl-bench-rec-')) });

let engineEvents = 0;
let rings: Array<[string, string, number]> = [];
sim.engine.addSink((e) => {
  engineEvents++;
  if (e.t === 'AgentCalled') rings.push([e.ch.linkedid, /(\d+)$/.exec(e.member.interface)?.[1] ?? '', now()]);
});
// ring reports in batches (one IPC message per 50 ms, not per ring)
setInterval(() => {
  if (!rings.length) return;
  send({ type: 'rings', rings });
  rings = [];
}, 50).unref();

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
let placed = 0;
let seq = 0;
process.on('message', (m: Cmd) => {
  switch (m.cmd) {
    case 'phones': {
      // the profile's phones are 8001–8050; the benchmark's agents need one each
      const phones = sim.services.devices.phones;
      for (let ext = m.from; ext <= m.to; ext++) {
        const key = String(ext);
        const p = phones.get(key);
        if (p) p.autoAnswerMs = m.autoAnswerMs;
        else phones.set(key, { ext: key, registered: true, autoAnswerMs: m.autoAnswerMs, talkMs: null, dnd: false, channels: new Set(), onHold: false, remoteControl: true });
      }
      send({ type: 'phones-ready', count: phones.size });
      return;
    }
    case 'calls': {
      const interval = 1000 / m.ratePerSec;
      const perTick = Math.max(1, Math.round(m.ratePerSec / 100));
      let left = m.count;
      const timer = setInterval(() => {
        for (let i = 0; i < perTick && left > 0; i++, left--) {
          const known = m.known.length && Math.random() < m.knownShare ? m.known[seq % m.known.length]! : null;
          const from = known ?? `139${String(10_000_000 + ((seq * 7919) % 89_999_999)).padStart(8, '0')}`;
          seq++;
          try {
            sim.placeCall({ from, to: '96607', ...(m.talkMs !== null ? { talkMs: m.talkMs } : {}), ...(m.hangupAfterMs !== null ? { hangupAfterMs: m.hangupAfterMs } : {}) });
            placed++;
          } catch {
            /* counted as not placed */
          }
        }
        if (left <= 0) {
          clearInterval(timer);
          send({ type: 'calls-done', placed });
        }
      }, interval * perTick);
      return;
    }
    case 'stats': {
      const mem = process.memoryUsage();
      send({ type: 'stats', loopDelayP99Ms: loop.percentile(99) / 1e6, loopDelayMaxMs: loop.max / 1e6, engineEvents, placed, liveCalls: sim.listCalls().length, channels: sim.engine.channels.size, rss: mem.rss, heapUsed: mem.heapUsed });
      return;
    }
    case 'stop':
      void sim.stop().then(() => process.exit(0));
      return;
  }
});

send({ type: 'ready', amiPort: sim.amiPort, ariPort: sim.ariPort });
