import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricSources {
  amiState(): string;
  ariState(): string;
  amiReconnects(): number;
  amiEvents(): number;
  liveCalls(): number;
  dbBufferDepth(): number;
  dbWriteFailures(): number;
  seatedAgents(): number;
  resyncs(): number;
  /** AMI frames dropped for being over the size/line limit (ami/ami-framer.ts). */
  amiFramesDropped?(): number;
  amiPingsLate?(): number;
  scheduledJobs?(): number;
}

const LINK_STATES = ['up', 'connecting', 'down'] as const;

/**
 * `/metrics` (Prometheus text format): link state, reconnects, AMI events (total and per second), live calls, pop
 * latency (AMI event at the bridge → emitted), pops and their acks, DB write buffer depth, commands, sockets.
 */
export class BridgeMetrics {
  readonly registry = new Registry();
  readonly popLatency: Histogram;
  readonly pops: Counter;
  readonly popAcks: Counter;
  readonly commands: Counter;
  readonly sockets: Gauge;
  private lastEvents = 0;
  private lastAt = Date.now();
  private rate = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(src: MetricSources, opts: { defaultMetrics?: boolean } = {}) {
    const r = this.registry;
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: r, prefix: 'donorline_bridge_' });
    new Gauge({
      name: 'donorline_pbx_link_state', help: '1 for the current state of each PBX link (ami, ari)', labelNames: ['link', 'state'], registers: [r],
      collect() {
        for (const [link, state] of [['ami', src.amiState()], ['ari', src.ariState()]] as const) {
          for (const s of LINK_STATES) this.set({ link, state: s }, s === state ? 1 : 0);
        }
      },
    });
    new Gauge({ name: 'donorline_ami_reconnects', help: 'AMI logins after the first one since start', registers: [r], collect() { this.set(src.amiReconnects()); } });
    new Gauge({ name: 'donorline_ami_events_received', help: 'AMI events received since start (use rate())', registers: [r], collect() { this.set(src.amiEvents()); } });
    const rate = (): number => this.rate;
    new Gauge({ name: 'donorline_ami_events_per_second', help: 'AMI events per second (last few seconds)', registers: [r], collect() { this.set(rate()); } });
    new Gauge({ name: 'donorline_live_calls', help: 'Calls in the live registry', registers: [r], collect() { this.set(src.liveCalls()); } });
    new Gauge({ name: 'donorline_db_buffer_depth', help: 'Calls with record facts waiting to be written (database slow or down)', registers: [r], collect() { this.set(src.dbBufferDepth()); } });
    new Gauge({ name: 'donorline_db_write_failures', help: 'Failed call record writes since start (retried)', registers: [r], collect() { this.set(src.dbWriteFailures()); } });
    new Gauge({ name: 'donorline_seated_agents', help: 'Agents logged in to a seat', registers: [r], collect() { this.set(src.seatedAgents()); } });
    new Gauge({ name: 'donorline_resyncs', help: 'Resyncs from Asterisk since start', registers: [r], collect() { this.set(src.resyncs()); } });
    new Gauge({ name: 'donorline_ami_frames_dropped', help: 'AMI frames over the size or line limit, dropped since start', registers: [r], collect() { this.set(src.amiFramesDropped?.() ?? 0); } });
    new Gauge({ name: 'donorline_ami_pings_late', help: 'AMI keepalive Pings answered late behind a stream still delivering (the link was kept)', registers: [r], collect() { this.set(src.amiPingsLate?.() ?? 0); } });
    new Gauge({ name: 'donorline_scheduled_jobs_running', help: 'Scheduled jobs running on this bridge (several bridges: on the AMI lease owner only)', registers: [r], collect() { this.set(src.scheduledJobs?.() ?? 0); } });
    this.popLatency = new Histogram({
      name: 'donorline_pop_latency_seconds', help: 'From the AMI event that rang the agent (at the bridge) to the pop emitted', registers: [r],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    });
    this.pops = new Counter({ name: 'donorline_pops_total', help: 'Screen-pops sent', registers: [r] });
    this.popAcks = new Counter({ name: 'donorline_pop_acks_total', help: 'Screen-pop acknowledgements by result', labelNames: ['result'], registers: [r] });
    this.commands = new Counter({ name: 'donorline_commands_total', help: 'Desk commands by name and result', labelNames: ['command', 'result'], registers: [r] });
    this.sockets = new Gauge({ name: 'donorline_socket_clients', help: 'Connected Socket.IO clients', registers: [r] });
    this.timer = setInterval(() => {
      const now = Date.now();
      const ev = src.amiEvents();
      const inst = ((ev - this.lastEvents) * 1000) / Math.max(1, now - this.lastAt);
      this.rate = this.rate === 0 ? inst : this.rate * 0.5 + inst * 0.5;
      this.lastEvents = ev;
      this.lastAt = now;
    }, 2000);
    this.timer.unref();
  }

  popSent(latencyMs: number): void {
    this.pops.inc();
    this.popLatency.observe(Math.max(0, latencyMs) / 1000);
  }

  close(): void {
    clearInterval(this.timer);
  }
}
