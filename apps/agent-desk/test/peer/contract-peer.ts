/// <reference types="node" />
/**
 * A test peer that speaks the desk's contract (packages/domain/src/contracts): a real Socket.IO server with the
 * typed events and acks, and a real HTTP server for the REST routes the desk uses. It is the other end of the wire
 * for the desk's store and component tests (no module mocks), and — run standalone with `serve.ts` — a demo
 * backend for looking at the desk before the bridge exists. It is NOT the bridge: its rules are just enough to
 * drive the desk through realistic sequences, and tests control it directly (ring, update, blip, fail a command).
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Server } from 'socket.io';
import {
  maskPhone,
  type AgentSession,
  type AppointmentBrief,
  type CallDto,
  type CallUpdate,
  type ClientToServerEvents,
  type DeskListsDto,
  type Donor360,
  type ErrorBody,
  type ErrorCode,
  type KnowledgeArticleDto,
  type MonitorSessionDto,
  type PhraseDto,
  type QueueStats,
  type RecordingDto,
  type ScreenPop,
  type ServerToClientEvents,
  type SiteDto,
  type SlotDto,
  type SmsRefState,
  type SocketData,
  type UserDto,
  type WorkCounts,
} from '@donorline/domain';
import { crmRoute, type CrmPeerState } from './crm-peer.js';
import { reportsRoute } from './reports-peer.js';
import { AGENT, QUALITY, donor360, popFor, session as makeSession, slotsFrom, summaryOf, today, wangFang, wangXiaoyu, zhangJianhua } from './fixtures.js';

type Behaviour = 'ok' | 'no-ack' | { code: ErrorCode; message: string };
type CommandName = keyof ClientToServerEvents;

export interface PeerRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export interface ContractPeer {
  url: string;
  io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  session: AgentSession;
  donors: Map<number, Donor360>;
  slots: SlotDto[];
  requests: PeerRequest[];
  commands: { event: CommandName; payload: unknown }[];
  popAcks: string[];
  /** The pop of the agent's current call (re-delivered on every reconnect). */
  currentPop: ScreenPop | null;
  lastUpdate: CallUpdate | null;
  /** The next agent:login without takeover fails with SESSION_TAKEN. */
  seatTaken: boolean;
  /** What GET /api/lists answers (null: 404, as a bridge without the lists); tests set entries to drive the menus. */
  lists: DeskListsDto | null;
  /** What GET /api/sms/refs answers per ref (e.g. 'appointment:12'); tests set entries. */
  smsRefs: Map<string, SmsRefState>;
  /** What GET /api/work/counts answers — read when the request arrives, sent when `workCountsGate` (if set) resolves. */
  workCounts: WorkCounts;
  workCountsGate: Promise<void> | null;
  behave(event: CommandName, b: Behaviour): void;
  setSession(over: Partial<AgentSession>): void;
  ring(pop: ScreenPop): void;
  update(u: Omit<CallUpdate, 'popId' | 'callId' | 'at'> & { at?: string }): void;
  /** Drops every client's transport, as a network blip does; clients reconnect by themselves. */
  blip(): void;
  connectedSockets(): number;
  close(): Promise<void>;
}

const TOKENS: Record<string, UserDto> = { 'token-agent': AGENT, 'token-qa': QUALITY };
const PASSWORDS: Record<string, { password: string; token: string }> = {
  agent7: { password: 'secret', token: 'token-agent' },
  qa1: { password: 'secret', token: 'token-qa' },
};

const SITES: SiteDto[] = [
  { id: 1, code: 'WSGC', name: '五四广场献血屋', kind: 'fixed', district: '市南区', address: '五四广场东侧', hours: '08:30-17:30', transport: '地铁2号线', capabilities: ['whole-blood', 'platelets', 'plasma'], phone: null },
  { id: 2, code: 'TD', name: '台东献血屋', kind: 'fixed', district: '市北区', address: '台东三路', hours: '09:00-18:00', transport: '公交 2、5 路', capabilities: ['whole-blood'], phone: null },
];

const PHRASES: PhraseDto[] = [
  { id: 1, callType: 'booking', stage: 'closing', order: 10, text: '预约成功，请携带身份证。谢谢您又一次伸出援手！', textEn: 'You are booked; please bring your ID. Thank you!' },
  { id: 2, callType: 'inbound', stage: 'opening', order: 10, text: '您好，青岛市中心血站献血服务热线，工号{工号}为您服务。', textEn: 'Hello, donor hotline, agent {agentNo} speaking.' },
  { id: 3, callType: 'booking', stage: 'bad-news', order: 10, text: '先跟您说明一下：最早{最早可献日期}可以献血。', textEn: 'First: the earliest date is {nextEligibleDate}.' },
  { id: 4, callType: 'booking', stage: 'choices', order: 10, text: '从{最早可献日期}起有两个时段，您看哪个方便？', textEn: 'From {nextEligibleDate} there are two options. Which suits you?' },
  { id: 5, callType: 'booking', stage: 'commitment', order: 10, text: '好的，给您约在{预约日期}{预约时间}，{预约地点}。您看这个时间您能来吗？', textEn: 'I have booked {appointmentDate} {appointmentTime} at {appointmentSite}. Can you make it?' },
  { id: 6, callType: 'inbound', stage: 'closing', order: 90, text: '感谢您对无偿献血事业的支持，再见！', textEn: 'Thank you for supporting blood donation, goodbye!' },
  { id: 7, callType: 'complaint', stage: 'bad-news', order: 10, text: '非常抱歉让您久等了。', textEn: 'I am sorry you had to wait.' },
  { id: 8, callType: 'eligibility', stage: 'bad-news', order: 10, text: '您目前暂缓献血（{暂缓原因}），{暂缓截止}以后才能再献。', textEn: 'You are deferred ({deferralReason}) until {deferralUntil}.' },
  { id: 9, callType: 'eligibility', stage: 'bad-news', order: 20, text: '您上次献血是{上次献血日期}，{最早可献类型}最早{最早可献日期}可以再献。', textEn: 'Your last donation was on {lastDonationDate}; {nextEligibleType} from {nextEligibleDate}.' },
];

const ARTICLES: KnowledgeArticleDto[] = [
  { id: 1, category: 'eligibility', title: '全血献血间隔', body: '两次全血献血间隔不少于 6 个月；全血后献单采血小板需间隔 3 个月。', tags: ['间隔', '全血'], updatedAt: '2026-01-05T02:00:00.000Z' },
  { id: 2, category: 'reimbursement', title: '用血报销：家属能否报销？', body: '献血者配偶、父母、子女可按献血量等量报销，需在用血后一年内办理。', tags: ['报销', '家属'], updatedAt: '2026-02-10T02:00:00.000Z' },
  { id: 3, category: 'sites', title: '五四广场献血屋', body: '地址：五四广场东侧；时间：08:30-17:30；可献全血、单采血小板。', tags: ['献血屋'], updatedAt: '2026-03-01T02:00:00.000Z' },
];

/** A 20 s, 8 kHz mono 16-bit WAV with "speech" bursts and two silences (for the player and skip-silence). */
export function demoWav(seconds = 20, rate = 8000): Buffer {
  const n = seconds * rate;
  const data = Buffer.alloc(n * 2);
  const silent = (s: number): boolean => (s >= 4 && s < 7) || (s >= 12 && s < 15);
  for (let i = 0; i < n; i++) {
    const s = i / rate;
    let v = 0;
    if (!silent(s)) {
      const env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * s);
      v = 0.35 * env * (Math.sin(2 * Math.PI * 220 * s) + 0.5 * Math.sin(2 * Math.PI * 470 * s));
    }
    data.writeInt16LE(Math.max(-32767, Math.min(32767, Math.round(v * 32767))), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'access-control-allow-origin': '*' });
  res.end(JSON.stringify(body));
}
function fail(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  send(res, status, { code, message } satisfies ErrorBody);
}

export interface PeerOptions {
  port?: number;
  /** Serve the built desk from here (standalone demo). */
  staticDir?: string;
  session?: Partial<AgentSession>;
  /** Seconds of automatic wrap-up after a call. */
  wrapUpSeconds?: number;
  /** Accept POST /__peer/ring?match=known|shared|unknown (standalone demo). */
  control?: boolean;
}

export async function startPeer(opts: PeerOptions = {}): Promise<ContractPeer> {
  const donors = new Map<number, Donor360>([zhangJianhua(), wangFang(), wangXiaoyu()].map((d) => [d.id, d]));
  const crm: CrmPeerState = { saved: [] };
  const from = today();
  const slots = [...slotsFrom(from, 160, 'whole-blood'), ...slotsFrom(from, 90, 'platelets').map((s) => ({ ...s, id: s.id + 1000, siteId: 1, siteName: SITES[0]!.name }))];
  const appointments = new Map<number, { donorId: number; appt: AppointmentBrief }>();
  const calls = new Map<string, CallDto>();
  const recordings: RecordingDto[] = [
    { id: 1, callRecordId: 11, callId: '1699999999.1', startedAt: new Date(Date.now() - 3600_000).toISOString(), durationSeconds: 20, format: 'wav', sizeBytes: 320044, agent: { id: AGENT.id, displayName: AGENT.displayName, extension: '8001' }, donor: { id: 1001, name: '张建华' }, callerMasked: '138****8000', queue: 'hotline', disposition: 'booking' },
    { id: 2, callRecordId: 12, callId: '1699999999.2', startedAt: new Date(Date.now() - 7200_000).toISOString(), durationSeconds: 20, format: 'wav', sizeBytes: 320044, agent: { id: 8, displayName: '赵坐席', extension: '8002' }, donor: { id: 1002, name: '王芳' }, callerMasked: '139****9000', queue: 'hotline', disposition: 'consultation' },
  ];
  const wav = demoWav();
  const behaviours = new Map<CommandName, Behaviour>();
  /** The answered call whose disposition the seat still owes (wrap-up rule). */
  let owedDisposition: string | null = null;
  let nextId = 2000;
  let monitor: MonitorSessionDto | null = null;

  const http: HttpServer = createServer();
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(http, { cors: { origin: '*' } });

  const peer: ContractPeer = {
    url: '',
    io,
    session: makeSession(opts.session),
    donors,
    slots,
    requests: [],
    commands: [],
    popAcks: [],
    currentPop: null,
    lastUpdate: null,
    seatTaken: false,
    lists: null,
    smsRefs: new Map(),
    workCounts: { mine: 0, mineOverdue: 0, pool: 0, overdue: 0 },
    workCountsGate: null,
    behave(event, b) {
      behaviours.set(event, b);
    },
    setSession(over) {
      peer.session = { ...peer.session, ...over, stateSince: new Date().toISOString() };
      io.to(`user:${AGENT.id}`).emit('session:state', peer.session);
    },
    ring(pop) {
      peer.currentPop = pop;
      peer.lastUpdate = null;
      peer.setSession({ state: 'ringing', currentCall: { callId: pop.callId, popId: pop.popId, state: 'ringing' } });
      emitPop(pop);
    },
    update(u) {
      const pop = peer.currentPop;
      if (!pop) throw new Error('no current call');
      const update: CallUpdate = { popId: pop.popId, callId: pop.callId, at: new Date().toISOString(), ...u };
      peer.lastUpdate = update;
      io.to(`user:${AGENT.id}`).emit('call:updated', update);
      if (u.state === 'ended') {
        peer.currentPop = null;
        const answered = !!peer.lastUpdate?.answeredAt || peer.session.state === 'on-call';
        if (answered) owedDisposition = pop.callId;
        peer.setSession(
          answered
            ? { state: 'wrap-up', currentCall: null, wrapUpEndsAt: new Date(Date.now() + (opts.wrapUpSeconds ?? 30) * 1000).toISOString() }
            : { state: 'ready', currentCall: null },
        );
      } else {
        peer.setSession({ state: u.state === 'ringing' ? 'ringing' : 'on-call', currentCall: { callId: pop.callId, popId: pop.popId, state: u.state } });
      }
    },
    blip() {
      for (const s of io.sockets.sockets.values()) s.conn.close();
    },
    connectedSockets() {
      return io.sockets.sockets.size;
    },
    async close() {
      io.disconnectSockets(true);
      await new Promise<void>((r) => io.close(() => r()));
    },
  };

  function emitPop(pop: ScreenPop): void {
    io.to(`user:${AGENT.id}`).timeout(5000).emit('pop:show', pop, (err: Error | null, acks: { popId: string }[]) => {
      if (!err) for (const a of acks) peer.popAcks.push(a.popId);
    });
  }

  // ---- Socket.IO -------------------------------------------------------------------------------------------
  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: string }).token ?? '';
    const user = TOKENS[token];
    if (!user) return next(new Error('UNAUTHENTICATED'));
    socket.data = { userId: user.id, username: user.username, role: user.role };
    next();
  });

  io.on('connection', (socket) => {
    void socket.join(`user:${socket.data.userId}`);
    if (socket.data.userId !== AGENT.id) return;
    socket.emit('session:state', peer.session);
    socket.emit('queue:stats', queueStats());
    socket.emit('pbx:link', { ami: 'up', ari: 'up', since: new Date().toISOString() });
    if (peer.currentPop) {
      socket.timeout(5000).emit('pop:show', peer.currentPop, (err: Error | null, ack: { popId: string }) => {
        if (!err) peer.popAcks.push(ack.popId);
      });
      if (peer.lastUpdate) socket.emit('call:updated', peer.lastUpdate);
    }

    const handle = <E extends CommandName>(event: E, fn: (payload: Parameters<ClientToServerEvents[E]>[0]) => unknown): void => {
      (socket.on as unknown as (ev: string, cb: (p: unknown, ack: (r: unknown) => void) => void) => void)(event, (payload, ack) => {
        peer.commands.push({ event, payload });
        const b = behaviours.get(event) ?? 'ok';
        if (b === 'no-ack') return;
        if (b !== 'ok') return ack({ ok: false, error: b });
        try {
          const data = fn(payload as Parameters<ClientToServerEvents[E]>[0]);
          ack({ ok: true, data: data ?? null });
        } catch (e) {
          const err = e as { code?: ErrorCode; message?: string };
          ack({ ok: false, error: { code: err.code ?? 'INTERNAL', message: err.message ?? 'error' } });
        }
      });
    };
    const domainError = (code: ErrorCode, message: string) => Object.assign(new Error(message), { code });
    const needCall = (callId: string): ScreenPop => {
      if (!peer.currentPop || peer.currentPop.callId !== callId) throw domainError('NO_ACTIVE_CALL', `no call ${callId}`);
      return peer.currentPop;
    };

    handle('agent:login', (p) => {
      if (peer.seatTaken && !p.takeover) throw domainError('SESSION_TAKEN', 'seat in use');
      peer.seatTaken = false;
      peer.setSession({ extension: p.extension, state: 'paused', pauseReason: 'other' });
      return peer.session;
    });
    handle('agent:logout', () => {
      peer.setSession({ extension: null, state: 'logged-out', pauseReason: null });
      return peer.session;
    });
    const wrapUpRule = (): void => {
      if (peer.session.state === 'wrap-up' && peer.session.wrapUpRequired && owedDisposition) throw domainError('WRAP_UP_REQUIRED', `disposition missing for ${owedDisposition}`);
    };
    handle('agent:ready', () => {
      wrapUpRule();
      peer.setSession({ state: 'ready', pauseReason: null, wrapUpEndsAt: null });
      return peer.session;
    });
    handle('agent:pause', (p) => {
      peer.setSession({ state: 'paused', pauseReason: p.reason, wrapUpEndsAt: null });
      return peer.session;
    });
    handle('agent:wrap-up-done', () => {
      wrapUpRule();
      peer.setSession({ state: 'ready', pauseReason: null, wrapUpEndsAt: null });
      return peer.session;
    });
    handle('call:answer', (p) => {
      needCall(p.callId);
      peer.update({ state: 'connected', answeredAt: new Date().toISOString(), recording: { id: null, active: true } });
    });
    handle('call:hangup', (p) => {
      needCall(p.callId);
      peer.update({ state: 'ended', hangupBy: 'agent', hangupCause: '16' });
    });
    handle('call:hold', (p) => {
      needCall(p.callId);
      peer.update({ state: 'on-hold', heldSince: new Date().toISOString() });
    });
    handle('call:resume', (p) => {
      needCall(p.callId);
      peer.update({ state: 'connected', heldSince: null });
    });
    handle('call:transfer', (p) => {
      needCall(p.callId);
      if (p.mode === 'attended') peer.update({ state: 'transferring', transferTarget: p.target.value });
      else peer.update({ state: 'ended', transferTarget: p.target.value, hangupBy: 'agent' });
    });
    handle('call:transfer-complete', (p) => {
      needCall(p.callId);
      peer.update({ state: 'ended', hangupBy: 'agent' });
    });
    handle('call:transfer-cancel', (p) => {
      needCall(p.callId);
      peer.update({ state: 'connected', transferTarget: null });
    });
    handle('call:record', (p) => {
      needCall(p.callId);
      // the bridge pauses/resumes the PBX's recording of the call (MixMonitorMute)
      peer.update({ state: 'connected', recording: { id: null, active: p.on, paused: !p.on } });
    });
    handle('call:dial', () => ({ callId: `1700000000.${nextId++}` }));
    // live monitoring as the bridge answers it: ringing at once, active once the (simulated) phone answered
    handle('monitor:start', (p) => {
      if (monitor && monitor.state !== 'ended') throw domainError('CONFLICT', 'already monitoring');
      const at = new Date().toISOString();
      monitor = {
        sessionId: `dlspy-${nextId++}`, callId: 'callId' in p ? p.callId : '1700000000.99', agentExtension: 'agent' in p ? p.agent : '8002', agentName: '王坐席',
        extension: peer.session.extension ?? '', mode: p.mode, state: 'ringing', startedAt: at, spans: [], endedAt: null, endReason: null,
      };
      const started = monitor;
      setTimeout(() => {
        if (monitor !== started) return;
        monitor = { ...started, state: 'active', spans: [{ mode: started.mode, from: new Date().toISOString(), to: null }] };
        socket.emit('monitor:state', monitor);
      }, 30);
      return monitor;
    });
    handle('monitor:mode', (p) => {
      if (!monitor || monitor.state !== 'active') throw domainError('CONFLICT', 'no monitoring in progress');
      const at = new Date().toISOString();
      monitor = { ...monitor, mode: p.mode, spans: [...monitor.spans.map((x) => (x.to === null ? { ...x, to: at } : x)), { mode: p.mode, from: at, to: null }] };
      return monitor;
    });
    handle('monitor:stop', () => {
      if (!monitor || monitor.state === 'ended') return null;
      const at = new Date().toISOString();
      monitor = { ...monitor, state: 'ended', endedAt: at, endReason: 'stopped', spans: monitor.spans.map((x) => (x.to === null ? { ...x, to: at } : x)) };
      return monitor;
    });
    handle('training:call', (p) => {
      const d = p.donorId !== undefined ? donors.get(p.donorId) : undefined;
      const pop = d ? popFor('known', { donors: [summaryOf(d)], callerMasked: d.phoneMasked }) : popFor('unknown', { callerMasked: maskPhone(p.number ?? '') });
      setTimeout(() => peer.ring(pop), 200);
      return { callId: pop.callId };
    });
  });

  function queueStats(): QueueStats[] {
    return [
      { queue: 'hotline', waiting: 2, longestWaitSeconds: 48, agentsReady: 3, agentsBusy: 4, agentsPaused: 1, answeredToday: 132, abandonedToday: 6, offeredToday: 0, serviceLevel: null, abandonRate: null, asaSeconds: null, ahtSeconds: null },
      { queue: 'complaints', waiting: 0, longestWaitSeconds: 0, agentsReady: 1, agentsBusy: 1, agentsPaused: 0, answeredToday: 9, abandonedToday: 0, offeredToday: 0, serviceLevel: null, abandonRate: null, asaSeconds: null, ahtSeconds: null },
    ];
  }

  // ---- HTTP ------------------------------------------------------------------------------------------------
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://peer');
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization, content-type, accept', 'access-control-allow-methods': 'GET, POST, PATCH, OPTIONS' });
        return res.end();
      }
      if (opts.control && url.pathname === '/__peer/ring') {
        const match = url.searchParams.get('match');
        peer.ring(popFor(match === 'shared' || match === 'unknown' ? match : 'known'));
        res.writeHead(204);
        return res.end();
      }
      if (!url.pathname.startsWith('/api/')) return serveStatic(url.pathname, res);
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = Buffer.concat(chunks).toString('utf8');
      const body: unknown = raw ? JSON.parse(raw) : undefined;
      const query = Object.fromEntries(url.searchParams);
      peer.requests.push({ method: req.method ?? 'GET', path: url.pathname, query, body });
      route(req.method ?? 'GET', url.pathname, query, body, req, res);
    })();
  });

  function userOf(req: IncomingMessage, query: Record<string, string>): UserDto | null {
    const auth = req.headers.authorization?.replace(/^Bearer /, '') ?? query.token ?? '';
    return TOKENS[auth] ?? null;
  }

  function route(method: string, path: string, query: Record<string, string>, body: unknown, req: IncomingMessage, res: ServerResponse): void {
    const key = `${method} ${path}`;
    if (key === 'POST /api/auth/login') {
      const b = body as { username?: string; password?: string };
      const entry = PASSWORDS[b.username ?? ''];
      if (!entry || entry.password !== b.password) return fail(res, 401, 'UNAUTHENTICATED', 'wrong username or password');
      return send(res, 200, { token: entry.token, user: TOKENS[entry.token] });
    }
    const user = userOf(req, query);
    if (!user) return fail(res, 401, 'UNAUTHENTICATED', 'no token');
    let m: RegExpMatchArray | null;

    if (key === 'GET /api/donors') {
      const q = (query.q ?? query.phone ?? query.name ?? query.idLast4 ?? '').replace(/\s/g, '');
      const items = [...donors.values()].filter((d) => d.name.includes(q) || d.phones.some((p) => p.masked.slice(-4) === q.slice(-4)) || d.nationalIdMasked.endsWith(q)).map(summaryOf);
      return send(res, 200, { items, total: items.length, page: 1, pageSize: 20 });
    }
    if ((m = path.match(/^\/api\/donors\/(\d+)$/)) && method === 'GET') {
      const d = donors.get(Number(m[1]));
      return d ? send(res, 200, d) : fail(res, 404, 'NOT_FOUND', 'no such donor');
    }
    if (key === 'POST /api/donors') {
      const b = body as { name: string; gender?: 'male' | 'female'; birthDate?: string | null };
      const d = donor360({ id: nextId++, name: b.name, gender: b.gender ?? 'female', birthDate: b.birthDate ?? '1990-01-01', phone: '+8618600004321', nationalId: '', bloodType: null, donations: [] });
      donors.set(d.id, d);
      return send(res, 200, d);
    }
    if ((m = path.match(/^\/api\/donors\/(\d+)\/phones$/)) && method === 'POST') {
      return send(res, 200, { id: nextId++, masked: '186****4321', kind: 'mobile', label: null, isPrimary: false, sharedWith: 0 });
    }
    if ((m = path.match(/^\/api\/donors\/(\d+)\/unmask$/)) && method === 'POST') {
      if (user.role === 'agent') return fail(res, 403, 'FORBIDDEN', 'role agent may not unmask');
      return send(res, 200, { value: '13800138000' });
    }
    if (key === 'GET /api/sites') return send(res, 200, SITES);
    if (key === 'GET /api/slots') {
      if (!query.type || !query.from || !query.to) return fail(res, 400, 'VALIDATION_FAILED', 'type, from and to are required');
      const out = slots.filter((s) => s.type === query.type && s.startsAt.slice(0, 10) >= query.from! && s.startsAt.slice(0, 10) <= query.to! && (!query.siteId || s.siteId === Number(query.siteId)));
      return send(res, 200, out);
    }
    if (key === 'POST /api/appointments') {
      const b = body as { donorId: number; slotId: number; type: AppointmentBrief['type']; channel: AppointmentBrief['channel'] };
      const slot = slots.find((s) => s.id === b.slotId);
      const d = donors.get(b.donorId);
      if (!slot || !d) return fail(res, 404, 'NOT_FOUND', 'no such slot or donor');
      if (slot.available <= 0) return fail(res, 409, 'SLOT_FULL', `slot ${slot.id} is full`);
      slot.booked++;
      slot.available--;
      const appt: AppointmentBrief = { id: nextId++, siteId: slot.siteId, siteName: slot.siteName, type: slot.type, startsAt: slot.startsAt, status: 'booked', channel: b.channel };
      appointments.set(appt.id, { donorId: d.id, appt });
      d.appointments = [...d.appointments, appt];
      d.upcomingAppointments = d.appointments.filter((a) => a.status === 'booked');
      return send(res, 200, appt);
    }
    if ((m = path.match(/^\/api\/appointments\/(\d+)\/(cancel|reschedule)$/)) && method === 'POST') {
      const entry = appointments.get(Number(m[1]));
      if (!entry) return fail(res, 404, 'NOT_FOUND', 'no such appointment');
      const d = donors.get(entry.donorId)!;
      if (m[2] === 'cancel') entry.appt = { ...entry.appt, status: 'cancelled' };
      else {
        const slot = slots.find((s) => s.id === (body as { slotId: number }).slotId);
        if (!slot) return fail(res, 404, 'NOT_FOUND', 'no such slot');
        entry.appt = { ...entry.appt, siteId: slot.siteId, siteName: slot.siteName, startsAt: slot.startsAt };
      }
      d.appointments = d.appointments.map((a) => (a.id === entry.appt.id ? entry.appt : a));
      d.upcomingAppointments = d.appointments.filter((a) => a.status === 'booked');
      return send(res, 200, entry.appt);
    }
    if ((m = path.match(/^\/api\/calls\/([^/]+)\/disposition$/)) && method === 'POST') {
      const b = body as { disposition: CallDto['disposition']; notes?: string; donorId?: number | null };
      const callId = decodeURIComponent(m[1]!);
      const dto: CallDto = {
        id: nextId++, callId, direction: 'inbound', callerMasked: '138****8000', dialed: '96606', donor: b.donorId ? { id: b.donorId, name: donors.get(b.donorId)?.name ?? '' } : null,
        queue: 'hotline', agent: { id: AGENT.id, displayName: AGENT.displayName, extension: '8001' }, startedAt: new Date().toISOString(), queuedAt: null, answeredAt: null, endedAt: null,
        waitSeconds: 0, talkSeconds: 0, holdSeconds: 0, outcome: 'answered', hangupCause: null, hangupBy: null, ivrPath: [], ivrVerified: false, disposition: b.disposition, notes: b.notes ?? null, recording: null, segments: [],
      };
      calls.set(callId, dto);
      if (owedDisposition === callId) owedDisposition = null;
      return send(res, 200, dto);
    }
    if (key === 'GET /api/sms/refs') {
      const refs = new URL(req.url ?? '/', 'http://peer').searchParams.getAll('ref');
      return send(res, 200, refs.flatMap((r) => peer.smsRefs.get(r) ?? []));
    }
    if (key === 'GET /api/work/counts') {
      const snapshot = { ...peer.workCounts };
      const gate = peer.workCountsGate;
      if (!gate) return send(res, 200, snapshot);
      return void gate.then(() => send(res, 200, snapshot));
    }
    if (key === 'GET /api/lists') return peer.lists ? send(res, 200, peer.lists) : fail(res, 404, 'NOT_FOUND', 'no lists');
    if (key === 'GET /api/phrases') return send(res, 200, PHRASES.filter((p) => !query.callType || p.callType === query.callType));
    if (key === 'GET /api/knowledge') {
      const q = query.q ?? '';
      return send(res, 200, ARTICLES.filter((a) => (!q || a.title.includes(q) || a.body.includes(q)) && (!query.category || a.category === query.category)));
    }
    if (key === 'GET /api/queues/stats') return send(res, 200, queueStats());
    if (key === 'GET /api/agents/status') {
      if (user.role === 'agent') return fail(res, 403, 'FORBIDDEN', 'supervisors only');
      return send(res, 200, [{ agent: { id: AGENT.id, displayName: AGENT.displayName, extension: '8001' }, state: peer.session.state, pauseReason: null, since: peer.session.stateSince, currentCallId: null }]);
    }
    if (key === 'GET /api/training/donors') {
      return send(res, 200, [...donors.values()].map((d) => ({ donorId: d.id, name: d.name, phoneMasked: d.phoneMasked, story: d.id === 1001 ? '多次献全血，有一件未结投诉' : d.id === 1002 ? '与女儿共用家庭电话' : '首次献血者' })));
    }
    if (key === 'GET /api/recordings') {
      const items = recordings.filter((r) => user.role !== 'agent' || r.agent?.id === user.id);
      return send(res, 200, { items, total: items.length, page: 1, pageSize: 20 });
    }
    if ((m = path.match(/^\/api\/recordings\/(\d+)(\/audio)?$/)) && method === 'GET') {
      const rec = recordings.find((r) => r.id === Number(m![1]));
      if (!rec) return fail(res, 404, 'NOT_FOUND', 'no such recording');
      if (user.role === 'agent' && rec.agent?.id !== user.id) return fail(res, 403, 'FORBIDDEN', "another agent's recording");
      if (!m[2]) return send(res, 200, rec);
      return sendRange(req, res, wav, 'audio/wav');
    }
    if (crmRoute(key, body, donors.values(), crm, (status, b) => send(res, status, b))) return;
    if (method === 'GET' && reportsRoute(path, query, user, (status, b) => send(res, status, b))) return;
    if (key === 'GET /api/audit') {
      if (user.role !== 'admin') return fail(res, 403, 'FORBIDDEN', 'admins only');
      return send(res, 200, { items: [], total: 0, page: 1, pageSize: 50 });
    }
    fail(res, 404, 'NOT_FOUND', `no route ${key}`);
  }

  function sendRange(req: IncomingMessage, res: ServerResponse, buf: Buffer, type: string): void {
    const range = req.headers.range?.match(/bytes=(\d*)-(\d*)/);
    if (!range) {
      res.writeHead(200, { 'content-type': type, 'content-length': buf.length, 'accept-ranges': 'bytes', 'access-control-allow-origin': '*' });
      return void res.end(buf);
    }
    const start = range[1] ? Number(range[1]) : 0;
    const end = range[2] ? Math.min(Number(range[2]), buf.length - 1) : buf.length - 1;
    res.writeHead(206, { 'content-type': type, 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${buf.length}`, 'accept-ranges': 'bytes', 'access-control-allow-origin': '*' });
    res.end(buf.subarray(start, end + 1));
  }

  const MIME: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };
  function serveStatic(pathname: string, res: ServerResponse): void {
    if (!opts.staticDir) return fail(res, 404, 'NOT_FOUND', 'no static files');
    let file = join(opts.staticDir, pathname);
    if (!file.startsWith(opts.staticDir) || !existsSync(file) || statSync(file).isDirectory()) file = join(opts.staticDir, 'index.html');
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  }

  await new Promise<void>((r) => http.listen(opts.port ?? 0, '127.0.0.1', r));
  const port = (http.address() as { port: number }).port;
  peer.url = `http://127.0.0.1:${port}`;
  return peer;
}
