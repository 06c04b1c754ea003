/**
 * buildBridge(config, opts): composes the bridge — database, auth, the PBX link (AMI + ARI), the live-call
 * registry, call records, screen-pops, agents' seats, the Socket.IO server, the REST API and /metrics — on one
 * Fastify instance. It never listens: main.ts (standalone) and scripts/platform.ts (the embedded platform) do.
 *
 * Event flow:  AMI ─► PbxLink (translator, resync) ─► CallRegistry (state machine) ─► changes ─┬► call journal (DB)
 *                                                   └► AgentService (queue members)           ├► PopService ─► Socket.IO
 *                                                                                              ├► AgentService (states, wrap-up)
 *                                                                                              └► recording policy (RECORDING_MODE=ami), stats
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { PhoneOptions } from '@donorline/domain';
import { publicUser } from '@donorline/domain/node';
import { AgentService } from './agents/agent-service.js';
import type { AmiClientOptions } from './ami/ami-client.js';
import { AriLink } from './ari/ari-link.js';
import { startAccessWatch } from './auth/access-watch.js';
import { createAuth, type Auth } from './auth/index.js';
import { CallControl } from './calls/call-control.js';
import { callJournal } from './calls/call-journal.js';
import { CallRegistry } from './calls/call-registry.js';
import { DialBook } from './calls/dial-book.js';
import { DurableCallWriter } from './calls/durable-writer.js';
import { recordAnsweredCalls } from './calls/recording-policy.js';
import { ringJournal, type RingJournal } from './calls/ring-journal.js';
import type { BridgeConfig } from './config.js';
import { openBridgeDatabase, type BridgeDatabase } from './db/index.js';
import { clientAddress, httpServerOptions, registerHttp, trustFunction } from './http/index.js';
import { createLivePort, wallboardCalls } from './live/live-port.impl.js';
import { QueueStatsTracker } from './live/queue-stats.js';
import { AgentStateRecorder } from './live/agent-state-recorder.js';
import { TodayFigures } from './live/today-figures.js';
import { TrainingCalls } from './live/training-calls.js';
import type { Logger } from './logger.js';
import { BridgeMetrics } from './metrics/bridge-metrics.js';
import { createReconcile, type ReconcileRoom } from './reconcile/index.js';
import { PbxLink } from './pbx/pbx-link.js';
import { SimControl } from './pbx/sim-control.js';
import { CallerIdentifier } from './pop/caller-identifier.js';
import { DeviceNotices } from './reachability/device-notices.js';
import { CallKeys } from './phone-control/call-keys.js';
import { PbxPhoneKeys } from './phone-control/phone-keys.js';
import { PopService } from './pop/pop-service.js';
import { createRealtime, type DeskServer, type Realtime } from './realtime/socket-server.js';
import { watchDonorChanges } from './integration/donor-changes.js';
import { bridgeJobs } from './jobs/index.js';
import { WorkQueue } from './work-queue/work-queue.js';
import { pushQaPublished } from './qa/qa-published.js';
import { createMonitor } from './monitor/monitor-wiring.js';
import { OutboundAttempts } from './calls/outbound-attempts.js';
import type { Messaging } from './messaging/index.js';
import type { OwnerJobs } from './ha/owner-jobs.js';
import { createHaNode, type HaNode } from './ha/ha-node.js';
import { createOutage, type Outage } from './outage/index.js';
import { createDialer, type CampaignDialer } from './dialer/index.js';

export interface BuildBridgeOptions {
  /** An already prepared database (tests); otherwise openBridgeDatabase(config) — closed by stop() only then. */
  database?: BridgeDatabase;
  /** Overrides of the AMI client's timings (tests). */
  ami?: Partial<Omit<AmiClientOptions, 'host' | 'port' | 'username' | 'secret'>>;
  /** RECORDING_MODE=ami: start MixMonitor over AMI for answered calls without a recording (default true). */
  recordQueueCalls?: boolean;
  /** Process metrics (CPU, memory, event loop) in /metrics (default true). */
  defaultMetrics?: boolean;
  logger?: boolean;
}

export interface Bridge {
  config: Readonly<BridgeConfig>;
  fastify: FastifyInstance;
  io: DeskServer;
  db: BridgeDatabase;
  auth: Auth;
  pbx: PbxLink;
  registry: CallRegistry;
  agents: AgentService;
  pops: PopService;
  writer: DurableCallWriter;
  /** Rings of agents' phones (本班通话, call-backs), written behind the events. */
  rings: RingJournal;
  metrics: BridgeMetrics;
  realtime: Realtime;
  /** /metrics on its own listener (METRICS_PORT), listening after start(); null when served on the public port or off. */
  metricsServer: FastifyInstance | null;
  /** Reconciling call records with the PBX's own call log (CDR file), after every resync. */
  reconcile: ReconcileRoom;
  /** Several bridges (REDIS_URL): the AMI lease and shared seats; null when alone. `ha?.isOwner() ?? true` gates run-once work. */
  ha: HaNode | null;
  /** Database outage handling: its health (数据库降级) and the wrap-up journal. */
  outage: Outage;
  /** The campaign dialer (preview / progressive). */
  dialer: CampaignDialer;
  /** SMS: the provider and the outbox worker, while they run here (after start(); with several bridges on the owner only). */
  messaging(): Messaging | null;
  /** Scheduled jobs that run once across bridges (slots, QA sampling, rollups, care, SMS): on the AMI lease owner. */
  jobs: OwnerJobs;
  /** Connects to Asterisk (AMI, ARI). Call after buildBridge; listening is up to the caller. */
  start(): Promise<void>;
  /** Disconnects, flushes pending call records, closes sockets, HTTP and (if owned) the database. */
  stop(): Promise<void>;
}

export async function buildBridge(config: Readonly<BridgeConfig>, opts: BuildBridgeOptions = {}): Promise<Bridge> {
  const httpOpts = httpServerOptions(config);
  const fastify = Fastify({ ...httpOpts, logger: opts.logger === false ? false : httpOpts.logger });
  const log = fastify.log as unknown as Logger;
  const ownsDb = !opts.database;
  const db = opts.database ?? (await openBridgeDatabase(config, { log: { info: (m) => log.info(m), warn: (m) => log.warn(m) } }));
  const services = db.services;
  // working through a database outage: its health, the wrap-up journal, desks let in on their token
  const outage = createOutage({ probe: () => db.ds.query('SELECT 1'), dataDir: config.dataDir, logger: log.child({ mod: 'outage' }) });
  const auth = createAuth(config, services, { dbDown: () => outage.health.down, onDbError: (err) => outage.health.failed(err) });
  const phone: PhoneOptions = { defaultAreaCode: config.phone.defaultAreaCode };

  // --- the PBX link ---------------------------------------------------------------------------------------------
  const ari = new AriLink({ url: config.pbx.ari.url, username: config.pbx.ari.username, secret: config.pbx.ari.secret, logger: log.child({ mod: 'ari' }) });
  const pbx = new PbxLink({
    ami: { ...config.pbx.ami, ...opts.ami },
    ari,
    // the dialplan tries a second IVR instance (its own ARI application) when the first is not connected
    translator: { ivrApps: [config.ivr.app, `${config.ivr.app}-2`] },
    dialplan: { outboundCallerId: `"${config.center.name}" <${config.center.hotline}>` },
    logger: log.child({ mod: 'pbx' }),
  });
  const sim = config.pbx.mode === 'sim' ? new SimControl({ url: config.pbx.ari.url, username: config.pbx.ari.username, secret: config.pbx.ari.secret }) : null;

  // --- live calls, records, pops, seats ------------------------------------------------------------------------
  // several bridges: only the lease owner emits pops and writes what AMI events imply; standbys keep it all warm
  const ha = config.ha.enabled && config.redisUrl ? createHaNode(config.ha, config.redisUrl, log.child({ mod: 'ha' })) : null;
  const owner = (): boolean => ha?.isOwner() ?? true;
  ha?.shareThrottle(auth.throttle);
  const ownerOnly = <A extends unknown[]>(fn: (...a: A) => void) => (...a: A): void => {
    if (owner()) fn(...a);
  };
  const knownUsers = new Map<number, ReturnType<typeof publicUser>>();
  const dials = new DialBook();
  const registry = new CallRegistry({ phone, dials, logger: log.child({ mod: 'calls' }) });
  const writer = new DurableCallWriter(services.calls, { logger: log.child({ mod: 'records' }), mayWrite: owner });
  const reconcile = createReconcile({
    config, services, isLive: (id) => !!registry.get(id), flush: async () => void (await writer.flush(5000)), linked: () => pbx.status().ami === 'up', owner, log: log.child({ mod: 'reconcile' }),
  });
  let realtime: Realtime | null = null;
  let metrics: BridgeMetrics | null = null;
  let agents: AgentService | null = null;
  // the agent state log (reports: pause by reason, wrap-up, occupancy); watches every seat change
  let stateLog: AgentStateRecorder | null = null;
  let devices: DeviceNotices | null = null;
  let dialer: CampaignDialer | null = null;
  const pops = new PopService({
    identifier: new CallerIdentifier({ lookup: services.lookup, donors: services.donors }, log.child({ mod: 'pop' })),
    seats: { userAtExtension: (ext) => agents?.userAtExtension(ext) ?? ha?.seats.userAt(ext) ?? null },
    sink: {
      showPop: ownerOnly((userId, pop, at) => realtime?.sink.showPop(userId, pop, at)),
      updateCall: ownerOnly((userId, u) => realtime?.sink.updateCall(userId, u)),
    },
    logger: log.child({ mod: 'pop' }),
    onIdentified: (callId, ident) => {
      if (ident.match === 'known' && ident.donors[0]) writer.write(callId, { donorId: ident.donors[0].id });
    },
    onPopSent: (ms) => metrics?.popSent(ms),
  });
  agents = new AgentService({
    pbx,
    users: services.users,
    hasDisposition: async (callId) => !!callId && !!(await services.calls.getByLinkedid(callId).catch(() => null))?.disposition,
    isPauseReason: (code) => services.lists.isActive('pause-reason', code),
    callsOf: (ext) => registry.callsOfAgent(ext),
    popIdOf: (callId, ext) => pops.popIdFor(callId, ext),
    account: async (userId) => {
      const u = await services.users.findById(userId);
      return u && { id: u.id, active: u.active, role: u.role, username: u.username, displayName: u.displayName, employeeNo: u.employeeNo, extensions: u.extensions, queues: u.queues };
    },
    config: {
      queues: config.pbx.queues, wrapUpSeconds: config.agents.wrapUpSeconds, wrapUpRequired: config.agents.wrapUpRequired, pbxMode: config.pbx.mode,
      startPaused: config.agents.startPaused, rejectPauseSeconds: config.agents.rejectPauseSeconds,
    },
    // one truth for the link: while AMI is down no seat is shown ready
    pbxUp: () => pbx.status().ami === 'up',
    // a member another live bridge runs is not restored here; the owner adopts the seats of a bridge that died
    mayAdopt: (ext) => !ha || (ha.isOwner() && ha.seats.mayAdopt(ext)),
    notify: (userId) => {
      ha?.seats.sync(userId, agents?.seatOf(userId)?.ext ?? null);
      realtime?.notifySession(userId);
      stateLog?.observe();
      dialer?.kick();
    },
    tell: (userId, code, message) => realtime?.notice(userId, { level: 'warning', code, message }),
    onSeated: (ext) => {
      pops.seatReady(ext, registry.callsOfAgent(ext));
      devices?.seated(ext);
    },
    logger: log.child({ mod: 'agents' }),
  });
  const seats = agents;
  // answer / hold from the desk: the simulated phone's keys in training, a SIP NOTIFY to the hard phone otherwise
  const phoneKeys = sim ?? new PbxPhoneKeys({
    ami: pbx.ami,
    effect: (ext, key, on) => registry.callsOfAgent(ext).some((c) => {
      const leg = c.legs.get(ext);
      if (!leg || leg.endedAt !== null) return false;
      return key === 'talk' && on ? leg.answeredAt !== null : (c.heldSince !== null) === on;
    }),
    notice: (ext, code, message) => {
      const userId = seats.userAtExtension(ext);
      if (userId !== null) realtime?.notice(userId, { level: 'warning', code, message });
    },
  });
  const rings = ringJournal({ store: services.rings, userAt: (ext) => seats.userAtExtension(ext) ?? ha?.seats.userAt(ext) ?? null, logger: log.child({ mod: 'rings' }) });
  // the contact policy on every dial that reaches a donor; each attempt's outcome is recorded when its call ends
  const attempts = new OutboundAttempts(services.contactPolicy, log.child({ mod: 'attempts' }));
  const control = new CallControl({
    registry, pbx, dials, phone: phoneKeys, donors: services.donors, callbacks: services.rings, phoneOptions: phone, queues: config.pbx.queues,
    policy: { enforce: (a) => services.contactPolicy.enforce(a), donorsOfNumber: (e164) => services.lookup.findDonorIdsByPhone(e164) },
    attempts,
    notice: (userId, code, message) => realtime?.notice(userId, { level: 'warning', code, message }),
    logger: log.child({ mod: 'control' }),
    recordingMode: config.pbx.recordingMode,
    onReject: (callId, ext) => {
      rings.rejected(callId, ext);
      void seats.afterReject(ext).catch((err) => log.warn({ err, ext }, 'could not pause the seat after a reject'));
    },
  });
  // why calls do not reach an agent (phone unavailable, e.g. not yet re-qualified after a PBX restart) or cannot go
  // out (carrier trunk unreachable): told to the agent's desk
  devices = new DeviceNotices({
    ami: pbx.ami,
    seats: { userAtExtension: (ext) => seats.userAtExtension(ext), seatOf: (id) => seats.seatOf(id), seatedUsers: () => seats.seatedUsers().map((s) => s.userId) },
    agentOfCall: (callId) => {
      const call = registry.get(callId);
      return call ? (call.agentExt ?? [...call.legs.keys()][0] ?? null) : null;
    },
    push: (userId, s) => realtime?.pushDeviceStatus(userId, s),
    notice: (userId, n) => realtime?.notice(userId, n),
    logger: log.child({ mod: 'devices' }),
  });
  const deviceNotices = devices;
  // mute and DTMF from the desk, for any phone: the PBX does them on the agent's call (MUTEAUDIO, PlayDTMF)
  const keys = new CallKeys({ ami: pbx.ami, channelsOf: (callId) => pbx.translator.channelsOf(callId), assertConnected: (ext, callId) => control.assertConnected(ext, callId) });
  registry.onChange((call, change) => {
    if (change.kind === 'ended') keys.forget(call.callId);
  });
  stateLog = new AgentStateRecorder({
    statuses: () => seats.statuses(),
    wrapUpCallOf: (userId) => seats.wrapUpCallOf(userId),
    write: (c) => services.reports.recordAgentState(c),
    onError: (err) => log.warn({ err }, 'agent state log write failed'),
  });
  const agentLog = stateLog;
  // today's figures per queue from the reports' own SQL (the wallboard agrees with the reports for the same day)
  const today = new TodayFigures({
    figuresOfDay: (day, sl) => services.reports.queueFiguresOfDay(day, sl),
    overdueTasks: async () => (await services.work.counts(0)).overdue,
    slSeconds: config.reports.slThresholdSeconds,
    onError: (err) => log.warn({ err }, 'today figures read failed'),
  });
  const stats = new QueueStatsTracker(config.pbx.queues, registry, seats, today);
  const training = sim ? new TrainingCalls({ sim, agents: seats, donors: services.donors, phone, hotline: config.center.hotline }) : null;

  // the desk first: pops and seat states go out before anything else is done about a change
  registry.onChange(pops.onChange);
  registry.onChange(seats.onCallChange);
  registry.onChange(stats.onChange);
  registry.onChange(() => agentLog.observe());
  registry.onChange(ownerOnly(rings.onChange));
  // the work queue: abandoned queue calls become callback tasks; an answered call-back closes them
  const work = new WorkQueue({
    services, dial: (user, ext, p, via) => control.dial(user, ext, p, via), io: () => realtime?.io ?? null, tickSeconds: config.work.tickSeconds, logger: log.child({ mod: 'work' }), owner,
  });
  registry.onChange(ownerOnly(work.onCallChange));
  // 质检结果通知: qa:published to the evaluated agent's own desk
  const stopQaPush = pushQaPublished(services.qa, () => realtime?.io ?? null);
  // live monitoring (监听/耳语/强插): the supervisor's phone into [dl-spy]
  const monitor = createMonitor({
    pbx, registry, seats, sim, audit: services.audit, config: config.monitor, realtime: () => realtime, logger: log.child({ mod: 'monitor' }),
  });
  registry.onChange(ownerOnly(attempts.onCallChange));
  // campaigns: preview and progressive dialing (dialer/), one call per ready agent, the policy before every dial
  const campaignDialer = createDialer({ pbx, registry, seats, control, services, realtime: () => realtime, logger: log.child({ mod: 'dialer' }) });
  dialer = campaignDialer;
  // recordings start in the dialplan ([dl-record]); only RECORDING_MODE=ami starts them over AMI (system class)
  if (config.pbx.recordingMode === 'ami') {
    registry.onChange(ownerOnly(recordAnsweredCalls({ enabled: opts.recordQueueCalls !== false, start: (callId, file) => pbx.startRecording(callId, file), logger: log.child({ mod: 'recording' }) })));
  }
  registry.onChange(callJournal({
    writer, agentIdOf: (ext) => seats.userAtExtension(ext) ?? ha?.seats.userAt(ext) ?? null, recordingDirs: { recordingsDir: config.pbx.recordingsDir, pbxRecordingsDir: config.pbx.pbxRecordingsDir },
  }));

  pbx.on('event', (e) => {
    switch (e.type) {
      case 'agent.member':
      case 'agent.member-removed':
        seats.onMember(e);
        return;
      case 'pbx.resynced':
        registry.apply(e);
        void afterResync(e.callIds, e.at, e.members);
        return;
      default:
        registry.apply(e);
    }
  });

  async function afterResync(alive: readonly string[], at: number, members: Parameters<AgentService['reconcile']>[0]): Promise<void> {
    await seats.reconcile(members).catch((err) => log.warn({ err }, 'seat reconcile failed'));
    if (!owner()) return;
    // calls left open in the database by a bridge or Asterisk that went away: closed now
    await writer.flush(5000);
    // first the PBX's own log: calls that began or ended while no bridge listened get (or complete) their record
    // from what Asterisk logged; only what it has not logged (yet) is closed as orphaned below
    await reconcile.run('resync');
    try {
      const closed = await services.calls.closeOrphans(alive, new Date(at));
      if (closed.length) log.info({ closed: closed.length }, 'closed call records Asterisk no longer has');
    } catch (err) {
      log.warn({ err }, 'closeOrphans failed (retried at the next resync)');
    }
  }

  // --- HTTP, sockets, metrics -----------------------------------------------------------------------------------
  const live = createLivePort({ pbx, registry, agents: seats, pops, queueStats: stats, training, stateLog: agentLog, today, reportConfig: config.reports });
  // /metrics per config.guard.metrics (public port, own listener, or off): served from the registry built below
  const { metricsServer } = await registerHttp(fastify, {
    config, services, auth, live, metrics: () => metrics?.registry ?? null, outage, dialer: campaignDialer,
    seats: {
      seatOf: (userId) => {
        const seat = seats.seatOf(userId);
        return seat ? { extension: seat.ext, state: seats.session(seat.user).state } : null;
      },
      release: (ext, by) => seats.release(ext, by),
    },
  });
  const trust = trustFunction(config.http.trustProxy);
  realtime = await createRealtime(fastify.server, {
    verifyToken: (t) => auth.verifyTokenActive(t),
    recheck: (entries) => auth.recheck(entries),
    recheckIntervalMs: config.auth.recheckSeconds * 1000,
    clientAddress: (req) => clientAddress(req, trust),
    userById: async (id) => {
      try {
        const u = await services.users.findById(id);
        const p = u && u.active ? publicUser(u) : null;
        if (p) knownUsers.set(id, p);
        else knownUsers.delete(id);
        return p;
      } catch (err) {
        // the database is away: the account as last seen (the token was already accepted)
        outage.health.failed(err);
        const known = knownUsers.get(id);
        if (known && outage.health.down) return known;
        throw err;
      }
    },
    agents: seats,
    pops,
    control,
    work,
    monitor,
    training: training ? { placeCall: (user, req) => training.placeCall(user, req) } : null,
    deviceStatus: (userId) => deviceNotices.statusOf(userId),
    keys,
    link: () => {
      const s = pbx.status();
      return { ami: s.ami, ari: s.ari, since: s.since, db: outage.health.state, ...(ha ? { redis: ha.status().redisDown ? 'down' : 'up' } as const : {}) };
    },
    queueStats: async () => stats.stats(),
    wallboard: () => ({ calls: wallboardCalls({ registry, pops }), agents: agentLog.statuses() }),
    redisUrl: config.redisUrl,
    logger: log.child({ mod: 'realtime' }),
    commandLimits: config.guard.socket,
    observe: {
      command: (name, ok) => metrics?.commands.inc({ command: name, result: ok ? 'ok' : 'error' }),
      popAck: (ok) => metrics?.popAcks.inc({ result: ok ? 'acked' : 'timeout' }),
      sockets: (n) => metrics?.sockets.set(n),
    },
  });
  const rt = realtime;
  pbx.on('status', () => {
    rt.pushLink();
    seats.linkChanged();
  });
  outage.health.on('change', () => rt.pushLink());
  ha?.lease.on('status', () => rt.pushLink());
  const access = startAccessWatch({
    auth, services, seats, sockets: rt, intervalMs: config.auth.recheckSeconds * 1000, logger: log.child({ mod: 'access' }), owner,
  });
  // BECS data arriving (file import, ingest API): desks with that donor's 360° open reload it (ids only)
  watchDonorChanges(services.integration.events, rt);
  metrics = new BridgeMetrics(
    {
      amiState: () => pbx.status().ami,
      ariState: () => pbx.status().ari,
      amiReconnects: () => pbx.ami.reconnects,
      amiEvents: () => pbx.ami.eventsReceived,
      liveCalls: () => registry.size,
      dbBufferDepth: () => writer.depth,
      dbWriteFailures: () => writer.failures,
      seatedAgents: () => seats.seated,
      resyncs: () => pbx.resyncs,
      amiFramesDropped: () => pbx.ami.framesDropped,
      amiPingsLate: () => pbx.ami.pingsLate,
      scheduledJobs: () => jobs.names().length,
    },
    { defaultMetrics: opts.defaultMetrics !== false },
  );
  const m = metrics;

  // today's answered/abandoned per queue, from the records
  void seedQueueCounts(stats, services, config.pbx.queues).catch((err) => log.warn({ err }, 'could not read today’s queue counts'));

  // scheduled work that must run once: on the AMI lease owner only (all of it here when alone)
  const scheduled = bridgeJobs({ config, services, lease: ha?.lease ?? null, log });
  const jobs = scheduled.jobs;
  let started = false;
  return {
    config, fastify, io: rt.io, db, auth, pbx, registry, agents: seats, pops, writer, rings, metrics: m, realtime: rt, metricsServer, ha, outage, reconcile, jobs,
    dialer: campaignDialer,
    messaging: scheduled.messaging,
    async start() {
      if (started) return;
      started = true;
      if (ha) {
        // the new owner writes what it kept and reads Asterisk's state afresh (adopting the seats of a dead bridge)
        const resync = (why: string): void => {
          if (pbx.status().ami === 'up') void pbx.resync().catch((err) => log.warn({ err, why }, 'resync failed'));
        };
        ha.lease.on('acquired', () => {
          writer.resume();
          void ha.seats.refresh().then(() => resync('takeover'));
        });
        // a bridge died with seats: the owner adopts them (reconcile after a resync)
        ha.seats.on('gone', () => owner() && resync('bridge gone'));
        await ha.start();
      }
      pbx.start();
      outage.start();
      campaignDialer.start();
      // claims left by a bridge that stopped mid-dial go back to their lists
      void services.dialer.releaseStale(5 * 60_000).catch((err: unknown) => log.warn({ err }, 'could not release stale campaign claims'));
      await scheduled.start();
      if (metricsServer) await metricsServer.listen({ host: config.guard.metrics.host, port: config.guard.metrics.port });
    },
    async stop() {
      outage.stop();
      access.stop();
      reconcile.stop();
      await scheduled.stop();
      work.stop();
      campaignDialer.stop();
      stopQaPush();
      seats.close();
      agentLog.observe();
      await agentLog.flush();
      await pbx.stop();
      const flushed = await writer.flush(5000);
      if (!flushed) log.warn({ pending: writer.depth }, 'call records still pending at shutdown (the next start closes them from Asterisk’s state)');
      writer.close();
      // hand the AMI stream over at once (a clean stop releases the lease instead of letting it run out)
      await ha?.stop();
      await Promise.race([rings.flush(), new Promise((r) => setTimeout(r, 2000))]);
      m.close();
      await rt.close();
      await metricsServer?.close();
      await fastify.close();
      if (ownsDb) await db.close();
    },
  };
}

async function seedQueueCounts(stats: QueueStatsTracker, services: BridgeDatabase['services'], queues: readonly string[]): Promise<void> {
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const out: Array<{ queue: string; answered: number; abandoned: number }> = [];
  for (const queue of queues) {
    const [a, b] = await Promise.all([
      services.calls.list({ from: today, queue, outcome: 'answered', pageSize: 1 }),
      services.calls.list({ from: today, queue, outcome: 'abandoned', pageSize: 1 }),
    ]);
    out.push({ queue, answered: a.total, abandoned: b.total });
  }
  stats.seed(out);
}

