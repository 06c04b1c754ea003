import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
  DomainError, fail, OVERSIGHT_ROLES, toErrorBody, type AgentStatusDto, type DonorChanged, type CallUpdate, type ClientToServerEvents, type LiveCallDto, type PbxLinkStatus, type DeviceStatus,
  type MonitorMode, type MonitorSessionDto, type QueueStats, type Role, type ScreenPop, type ServerToClientEvents, type SessionEndReason, type SocketData, type UserDto,
} from '@donorline/domain';
import type { AgentService } from '../agents/agent-service.js';
import type { CallControl } from '../calls/call-control.js';
import { CommandGuard, DEFAULT_COMMAND_LIMITS, type CommandGuardOptions } from '../guard/socket-guard.js';
import { SOCKET_COMMAND_SCHEMAS } from '../guard/socket-schemas.js';
import { silentLogger, type Logger } from '../logger.js';
import type { PopService, PopSink } from '../pop/pop-service.js';
import { acked } from './ack.js';
import { DeskSessions } from './desk-sessions.js';
import { attachRedisAdapter } from './redis-adapter.js';
import { SessionGuard, type SessionEntry } from './session-guard.js';

export type DeskServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type DeskSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface TrainingCalls {
  placeCall(user: { userId: number; username: string; ext: string | null }, req: Parameters<ClientToServerEvents['training:call']>[0]): Promise<{ callId: string }>;
}

export interface RealtimeDeps {
  /** The token check (signature, claims, expiry, session open, account active with that role). */
  verifyToken(token: string): Promise<{ userId: number; username: string; role: Role; sid: string; exp: number }>;
  /** Re-checks open sockets' sessions (see session-guard.ts); absent: no periodic re-check. */
  recheck?(entries: SessionEntry[]): Promise<Map<string, SessionEndReason>>;
  /** Period of the re-check (default 3000 ms). */
  recheckIntervalMs?: number;
  /** The client address of a handshake (behind a trusted proxy: the address the proxy saw). */
  clientAddress?(req: IncomingMessage): string;
  userById(id: number): Promise<UserDto | null>;
  agents: AgentService;
  pops: PopService;
  control: CallControl;
  /** The work queue (work-queue/): call:dial { taskId }. */
  work?: { dialTask(user: { id: number; role: Role }, ext: string, taskId: number): Promise<{ callId: string }> };
  training: TrainingCalls | null;
  link(): PbxLinkStatus;
  /** Live monitoring: listen / whisper / barge (monitor/monitor-service.ts). */
  monitor?: {
    start(sup: { id: number; role: Role; displayName: string; ip?: string | null }, p: { callId?: string; agent?: string; mode: MonitorMode }): Promise<MonitorSessionDto>;
    mode(userId: number, mode: MonitorMode): Promise<MonitorSessionDto>;
    stop(userId: number): Promise<MonitorSessionDto | null>;
    current(userId: number): MonitorSessionDto | null;
  };
  /** Mute and DTMF on the agent's call (phone-control/call-keys.ts). */
  keys?: { mute(ext: string, callId: string, on: boolean): Promise<{ muted: boolean }>; dtmf(ext: string, callId: string, digits: string): Promise<void> };
  /** The user's phone and the carrier trunk (reachability/device-notices.ts); sent on connect. */
  deviceStatus?(userId: number): DeviceStatus | null;
  queueStats(): Promise<QueueStats[]>;
  wallboard(): { calls: LiveCallDto[]; agents: AgentStatusDto[] };
  redisUrl?: string | null;
  logger?: Logger;
  /** How long a pop waits for the desk's ack before it counts as unacknowledged (default 10 s). */
  popAckTimeoutMs?: number;
  observe?: {
    command?(name: string, ok: boolean, ms: number): void;
    popAck?(ok: boolean): void;
    sockets?(n: number): void;
  };
  /** Periods of the queue statistics and wallboard pushes (default 3000 ms). */
  pushIntervalMs?: number;
  /** Command rate limits per socket and per user (guard/socket-guard.ts; default DEFAULT_COMMAND_LIMITS). */
  commandLimits?: CommandGuardOptions;
}

export interface Realtime {
  io: DeskServer;
  sink: PopSink;
  /** Push `session:state` to the user's sockets (coalesced per turn). */
  notifySession(userId: number): void;
  notice(userId: number, n: { level: 'info' | 'warning' | 'error'; code: string; message: string }): void;
  /** A notice to everyone signed in with one of these roles (alerts for admins and supervisors). */
  alert(roles: readonly Role[], n: { level: 'info' | 'warning' | 'error'; code: string; message: string }): void;
  /** Closes the sockets of an ended session (`sid`) or of every session of the person, telling them why. */
  endSessions(userId: number, reason: SessionEndReason, sid?: string): number;
  pushLink(): void;
  pushDeviceStatus(userId: number, s: DeviceStatus): void;
  /** monitor:state to the supervisor's own sockets. */
  pushMonitor(userId: number, s: MonitorSessionDto): void;
  /** donor:changed to the desks watching this donor (ids only). */
  donorChanged(e: DonorChanged): void;
  close(): Promise<void>;
}

const room = (userId: number): string => `user:${userId}`;
const workOf = (deps: RealtimeDeps): NonNullable<RealtimeDeps['work']> => {
  if (!deps.work) throw new DomainError('NOT_FOUND', '工单回拨不可用 / task call-backs are not available');
  return deps.work;
};
const roleRoom = (role: Role): string => `role:${role}`;
const monitorOf = (deps: RealtimeDeps): NonNullable<RealtimeDeps['monitor']> => {
  if (!deps.monitor) throw new DomainError('NOT_FOUND', '监听不可用 / monitoring is not available');
  return deps.monitor;
};

/**
 * The typed Socket.IO server (contract: packages/domain/src/contracts/socket.ts). Sockets authenticate with the
 * JWT in `auth.token` (refused with connect_error 'UNAUTHENTICATED'), join `user:<id>` (and supervisors
 * `oversight`), get `session:state` and their live pops again on every (re)connect, and every command is acked.
 */
export async function createRealtime(server: HttpServer, deps: RealtimeDeps): Promise<Realtime> {
  const log = deps.logger ?? silentLogger;
  const io: DeskServer = new Server(server, {
    path: '/socket.io',
    serveClient: false,
    // a dead desk is noticed within ~9 s, so its pops do not wait on a ghost
    pingInterval: 5000,
    pingTimeout: 4000,
    maxHttpBufferSize: 64 * 1024,
    cors: { origin: false },
  });
  const redis = deps.redisUrl ? await attachRedisAdapter(io, deps.redisUrl, log) : null;
  const desks = new DeskSessions((id) => io.sockets.sockets.get(id)?.connected ?? false);
  const users = new Map<number, UserDto>();
  const pendingSessions = new Set<number>();
  // every command: rate-limited per socket and per user, payload checked against its schema (guard/)
  const commandGuard = new CommandGuard(deps.commandLimits ?? DEFAULT_COMMAND_LIMITS);

  const sessionOf = (userId: number): ReturnType<AgentService['session']> | null => {
    const seat = deps.agents.seatOf(userId);
    const user = seat?.user ?? users.get(userId);
    return user ? deps.agents.session(user) : null;
  };

  const notifySession = (userId: number): void => {
    if (pendingSessions.has(userId)) return;
    pendingSessions.add(userId);
    setImmediate(() => {
      pendingSessions.delete(userId);
      const s = sessionOf(userId);
      if (s) io.to(room(userId)).emit('session:state', s);
    });
  };

  const showPop = (target: DeskSocket | string, pop: ScreenPop): void => {
    const timeout = deps.popAckTimeoutMs ?? 10_000;
    const done = (err: Error | null): void => deps.observe?.popAck?.(!err);
    if (typeof target === 'string') io.to(target).timeout(timeout).emit('pop:show', pop, done);
    else target.timeout(timeout).emit('pop:show', pop, done);
  };

  const sink: PopSink = {
    showPop: (userId, pop) => showPop(room(userId), pop),
    updateCall: (userId, u: CallUpdate) => {
      io.to(room(userId)).emit('call:updated', u);
    },
  };

  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || !token) return next(new Error('UNAUTHENTICATED'));
    deps.verifyToken(token).then(
      (u) => {
        socket.data.userId = u.userId;
        socket.data.username = u.username;
        socket.data.role = u.role;
        socket.data.sid = u.sid;
        socket.data.exp = u.exp;
        socket.data.ip = deps.clientAddress ? deps.clientAddress(socket.request) : socket.handshake.address;
        next();
      },
      () => next(new Error('UNAUTHENTICATED')),
    );
  });

  io.on('connection', (socket: DeskSocket) => {
    // handlers first, synchronously: a desk may send agent:login the moment it is connected
    const user = (async (): Promise<UserDto> => {
      const u = deps.agents.seatOf(socket.data.userId)?.user ?? (await deps.userById(socket.data.userId));
      if (!u) throw new DomainError('UNAUTHENTICATED', '账号不可用 / the account is not available');
      return u;
    })();
    user.catch(() => undefined);
    registerCommands(socket, user);
    void onConnection(socket, user).catch((e) => {
      log.warn({ err: e }, 'socket setup failed');
      socket.disconnect(true);
    });
  });

  async function onConnection(socket: DeskSocket, userP: Promise<UserDto>): Promise<void> {
    const { userId, role } = socket.data;
    const user = await userP;
    if (!socket.connected) return;
    users.set(userId, user);
    await socket.join([room(userId), roleRoom(role)]);
    if (OVERSIGHT_ROLES.includes(role)) await socket.join('oversight');
    socket.on('disconnect', () => {
      desks.release(userId, socket.id);
      deps.observe?.sockets?.(io.engine.clientsCount);
    });
    deps.observe?.sockets?.(io.engine.clientsCount);
    // a reconnecting desk takes its seat back when no other desk holds it
    desks.mayAct(userId, socket.id);
    socket.emit('session:state', deps.agents.session(user));
    socket.emit('pbx:link', deps.link());
    const devices = deps.deviceStatus?.(userId);
    if (devices) socket.emit('device:status', devices);
    for (const { pop, update } of deps.pops.activeFor(userId)) {
      showPop(socket, pop);
      if (update) socket.emit('call:updated', update);
    }
    deps.queueStats().then((s) => socket.emit('queue:stats', s), () => undefined);
    const monitoring = deps.monitor?.current(userId);
    if (monitoring) socket.emit('monitor:state', monitoring);
    if (OVERSIGHT_ROLES.includes(role)) {
      const wb = deps.wallboard();
      socket.emit('wallboard:calls', wb.calls);
      socket.emit('wallboard:agents', wb.agents);
    }
  }

  function registerCommands(socket: DeskSocket, userP: Promise<UserDto>): void {
    const userId = socket.data.userId;
    const observe = deps.observe?.command?.bind(deps.observe);
    const control = (): void => {
      if (!desks.mayAct(userId, socket.id)) {
        throw new DomainError('SESSION_TAKEN', '该账号已在其他桌面登录，请接管后再操作 / this seat is controlled by another desk: take it over first');
      }
    };
    const seatExt = (): string => {
      control();
      const seat = deps.agents.seatOf(userId);
      if (!seat) throw new DomainError('NOT_LOGGED_IN', '请先登录座席 / log in to a seat first');
      return seat.ext;
    };
    const guarded = (name: string, payload: unknown): void => {
      try {
        commandGuard.check(name, payload, socket.id, userId);
      } catch (e) {
        if (commandGuard.abusive(socket.id) && socket.connected) {
          log.warn({ userId, command: String(name).slice(0, 40) }, 'socket dropped: keeps sending refused commands');
          socket.disconnect(true);
        }
        throw e;
      }
    };
    const on = <E extends keyof ClientToServerEvents>(name: E, fn: (p: Parameters<ClientToServerEvents[E]>[0]) => unknown): void => {
      const checked = (p: Parameters<ClientToServerEvents[E]>[0]): unknown => (guarded(name, p), fn(p));
      (socket.on as (ev: string, l: (...a: unknown[]) => void) => void)(name, acked(name, log, checked as (p: unknown) => Promise<unknown>, observe) as (...a: unknown[]) => void);
    };
    socket.on('disconnect', () => commandGuard.release(socket.id));
    // an event that is no command: refused with an ack when it asks for one (and counted towards dropping the socket)
    socket.onAny((event: string, ...args: unknown[]) => {
      if (Object.hasOwn(SOCKET_COMMAND_SCHEMAS, event)) return;
      const ack = args.at(-1);
      try {
        guarded(event, args[0]);
      } catch (e) {
        if (typeof ack === 'function') (ack as (r: unknown) => void)(fail(toErrorBody(e)));
      }
    });

    on('agent:login', async (p) => {
      const user = await userP;
      const extension = String(p?.extension ?? '');
      // the seat's own rules first (role, assigned extension, someone else's seat): the answer names the real obstacle
      await deps.agents.admit(userId, extension, { force: p?.force === true });
      const prev = desks.controllerOf(userId);
      if (prev !== null && prev !== socket.id && !p?.takeover) {
        const other = io.sockets.sockets.get(prev);
        throw new DomainError('SESSION_TAKEN', '您的账号正在另一个桌面使用，可以接管到这里 / your account is active at another desk; you may take it over here', {
          extension: deps.agents.seatOf(userId)?.ext ?? null, address: other?.data.ip ?? null,
        });
      }
      const session = await deps.agents.login(user, extension, { force: p?.force === true });
      const lost = desks.claim(userId, socket.id);
      if (lost) {
        const old = io.sockets.sockets.get(lost);
        old?.emit('session:replaced', { at: new Date().toISOString(), by: socket.data.ip || 'another desk' });
        setTimeout(() => old?.disconnect(true), 50);
        log.info({ userId }, 'desk taken over');
      }
      return session;
    });
    on('agent:logout', async (p) => {
      const user = await userP;
      control();
      await deps.agents.logout(userId, { force: (p as { force?: boolean } | undefined)?.force === true });
      return deps.agents.session(user);
    });
    on('agent:ready', async () => (seatExt(), deps.agents.ready(userId)));
    on('agent:pause', async (p) => (seatExt(), deps.agents.pause(userId, p?.reason)));
    on('agent:wrap-up-done', async () => (seatExt(), deps.agents.wrapUpDone(userId)));

    on('call:answer', async (p) => (await deps.control.answer(seatExt(), p?.callId), null));
    on('call:hangup', async (p) => (await deps.control.hangup(seatExt(), p?.callId), null));
    on('call:hold', async (p) => (await deps.control.hold(seatExt(), p?.callId, true), null));
    on('call:resume', async (p) => (await deps.control.hold(seatExt(), p?.callId, false), null));
    on('call:transfer', async (p) => (await deps.control.transfer(seatExt(), p?.callId, p?.mode, p?.target), null));
    on('call:transfer-complete', async (p) => (await deps.control.transferComplete(seatExt(), p?.callId), null));
    on('call:transfer-cancel', async (p) => (await deps.control.transferCancel(seatExt(), p?.callId), null));
    on('call:record', async (p) => (await deps.control.record(seatExt(), p?.callId, !!p?.on), null));
    on('call:mute', async (p) => {
      if (!deps.keys) throw new DomainError('CONFLICT', '不支持静音 / mute is not available');
      return deps.keys.mute(seatExt(), p?.callId, p?.on === true);
    });
    on('call:dtmf', async (p) => {
      if (!deps.keys) throw new DomainError('CONFLICT', '不支持按键 / DTMF is not available');
      await deps.keys.dtmf(seatExt(), p?.callId, p?.digits);
      return null;
    });
    on('call:dial', async (p) => ('taskId' in p ? workOf(deps).dialTask(await userP, seatExt(), p.taskId) : deps.control.dial(await userP, seatExt(), p)));
    on('donor:watch', async (p) => {
      const ids = Array.isArray(p?.donorIds) ? [...new Set(p.donorIds.filter((x) => Number.isInteger(x) && x > 0))] : null;
      if (!ids || ids.length > 20) throw new DomainError('VALIDATION_FAILED', 'donorIds: 最多 20 个献血者编号 / at most 20 donor ids');
      for (const r of socket.rooms) if (r.startsWith('donor:') && !ids.includes(Number(r.slice(6)))) await socket.leave(r);
      for (const id of ids) await socket.join(`donor:${id}`);
      return { watching: ids };
    });
    on('monitor:start', async (p) => {
      const user = await userP;
      control();
      return monitorOf(deps).start({ id: userId, role: socket.data.role, displayName: user.displayName, ip: socket.data.ip ?? null }, p);
    });
    on('monitor:mode', async (p) => (control(), monitorOf(deps).mode(userId, p.mode)));
    on('monitor:stop', async () => (control(), monitorOf(deps).stop(userId)));
    on('training:call', async (p) => {
      if (!deps.training) throw new DomainError('NOT_FOUND', '培训模式仅在模拟交换机下可用 / training mode needs the simulated PBX');
      const user = await userP;
      control();
      return deps.training.placeCall({ userId, username: user.username, ext: deps.agents.seatOf(userId)?.ext ?? null }, p);
    });
  }

  const guard = new SessionGuard(io, { ...(deps.recheck ? { recheck: deps.recheck } : {}), intervalMs: deps.recheckIntervalMs ?? 3000, logger: log });

  const interval = deps.pushIntervalMs ?? 3000;
  let lastStats = '';
  const timer = setInterval(() => {
    deps.queueStats().then((s) => {
      const json = JSON.stringify(s);
      if (json === lastStats) return;
      lastStats = json;
      io.emit('queue:stats', s);
    }, () => undefined);
    if (io.sockets.adapter.rooms.get('oversight')?.size) {
      const wb = deps.wallboard();
      io.to('oversight').emit('wallboard:calls', wb.calls);
      io.to('oversight').emit('wallboard:agents', wb.agents);
    }
  }, interval);
  timer.unref();

  return {
    io,
    sink,
    notifySession,
    notice: (userId, n) => {
      io.to(room(userId)).emit('notice', n);
    },
    alert: (roles, n) => {
      if (roles.length) io.to(roles.map(roleRoom)).emit('notice', n);
    },
    endSessions: (userId, reason, sid) => guard.end(userId, reason, sid),
    pushLink: () => {
      io.emit('pbx:link', deps.link());
    },
    pushMonitor: (userId, s) => {
      io.to(room(userId)).emit('monitor:state', s);
    },
    pushDeviceStatus: (userId, s) => {
      io.to(room(userId)).emit('device:status', s);
    },
    donorChanged: (e) => {
      io.to(`donor:${e.donorId}`).emit('donor:changed', { donorId: e.donorId, what: e.what });
    },
    close: async () => {
      clearInterval(timer);
      guard.stop();
      commandGuard.close();
      io.disconnectSockets(true);
      // not io.close(): that would also close the HTTP server, which Fastify owns
      io.engine.close();
      await redis?.close();
    },
  };
}
