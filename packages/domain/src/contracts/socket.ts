/**
 * The Socket.IO protocol between the bridge and the desk — one typed contract both sides import.
 * Events are `<noun>:<verb>`: commands imperative (client → server, always acknowledged with an Ack),
 * facts past tense or nouns (server → client).
 *
 * Connection: `io(url, { auth: { token } })` with the JWT from POST /api/auth/login. A socket without a valid token
 * is refused with a connect_error whose message is 'UNAUTHENTICATED'.
 * Rooms: each socket joins `user:<id>`; pops and call updates go to that room only. Supervisors also join
 * `oversight` (wallboard events).
 * Reconnect: on every (re)connection the server sends `session:state` and, if the agent has a ringing or live
 * call, `pop:show` again with the same popId followed by the latest `call:updated`.
 */
import type { AgentState, AutoPauseReason, PauseReason, UnavailableReason } from '../agents/agent.types.js';
import type { CallState } from '../calls/call.types.js';
import type { ErrorBody } from '../errors.js';
import type { ContactPurpose } from '../contact-policy/contact-policy.js';
import type { AckFn } from './ack.js';
import type { AgentStatusDto, QueueStats, UserDto } from './dto.js';
import type { CallUpdate, ScreenPop } from './pop.js';
import type { SessionEndReason } from './staff.js';
import type { QaPublishedEvent } from '../qa/qa.types.js';
import type { WorkChanged, WorkEscalated } from '../work-queue/work.types.js';
import type { MonitorClientEvents, MonitorServerEvents } from './monitor.js';

export interface AgentSession {
  user: UserDto;
  /** The seat's extension while logged in to a seat; null when logged out. */
  extension: string | null;
  state: AgentState;
  pauseReason: PauseReason | null;
  stateSince: string;
  /** When the automatic wrap-up ends (state 'wrap-up'). */
  wrapUpEndsAt: string | null;
  /** Wrap-up needs a saved disposition before the agent becomes ready again. */
  wrapUpRequired: boolean;
  currentCall: { callId: string; popId: string; state: CallState } | null;
  queues: string[];
  /** 'sim' when the platform runs on the simulated Asterisk (training mode available), 'asterisk' otherwise. */
  pbxMode: 'sim' | 'asterisk';
  /** Why the seat is 'unavailable' (the PBX link is down); null otherwise. */
  unavailable?: UnavailableReason | null;
  /**
   * A pause the system made on its own and ends by itself (state 'paused'): after the agent rejected a ringing queue
   * call (拒接), so the queue does not offer the same caller back to them at once. `until`: when it ends.
   */
  autoPause?: { reason: AutoPauseReason; until: string } | null;
}

export interface PbxLinkStatus {
  ami: 'up' | 'down' | 'connecting';
  ari: 'up' | 'down' | 'connecting';
  since: string;
  /** The database: `degraded` while it is away (pops from cache, wrap-ups journalled — 数据库降级). Absent: up. */
  db?: 'up' | 'degraded';
  /** Several bridges: Redis away → each bridge works locally (seats/throttle not shared). Absent: no Redis configured. */
  redis?: 'up' | 'down';
}

/**
 * Whether calls can reach the agent's phone and leave through the carrier (the PBX's device states). `unknown` until
 * the PBX said; a phone is `unavailable` when it is not registered, or after a PBX restart until Asterisk qualified it
 * again (up to 30 s) — calls then wait in the queue instead of ringing this agent.
 */
export interface DeviceStatus {
  extension: string | null;
  phone: 'available' | 'unavailable' | 'unknown';
  trunk: 'available' | 'unavailable' | 'unknown';
}

export interface LiveCallDto {
  callId: string;
  state: CallState;
  callerMasked: string;
  donorName: string | null;
  queue: string | null;
  agentExtension: string | null;
  startedAt: string;
  waitSeconds: number;
}

export interface DonorChanged {
  donorId: number;
  what: ('donations' | 'deferrals' | 'profile')[];
}

export type TransferTarget = { kind: 'extension'; value: string } | { kind: 'queue'; value: string };

export interface ServerToClientEvents extends MonitorServerEvents {
  /** The seat's full state; sent on connect and on every change. */
  'session:state': (s: AgentSession) => void;
  /** The session is over (signed out elsewhere, revoked, account disabled or changed, expired); the socket closes next. */
  'session:ended': (info: { reason: SessionEndReason; at: string }) => void;
  /** Another desk logged in to this account with takeover: this socket is no longer in control. */
  'session:replaced': (info: { at: string; by: string }) => void;
  /** A call rings this agent. The desk acknowledges it has displayed the pop. */
  'pop:show': (pop: ScreenPop, ack: (r: { popId: string }) => void) => void;
  'call:updated': (u: CallUpdate) => void;
  'queue:stats': (stats: QueueStats[]) => void;
  'pbx:link': (s: PbxLinkStatus) => void;
  /** The agent's phone and the carrier trunk as the PBX sees them (on connect, on seat change, on every change). */
  'device:status': (s: DeviceStatus) => void;
  /** Supervisors only (room `oversight`). */
  'wallboard:calls': (calls: LiveCallDto[]) => void;
  'wallboard:agents': (agents: AgentStatusDto[]) => void;
  /**
   * Data of a donor this desk watches (donor:watch) changed — a donation, a deferral or the profile arrived from
   * the BECS: the desk reloads the 360° view (eligibility, honours). Ids only, never personal data.
   */
  'donor:changed': (e: DonorChanged) => void;
  /** The work queue changed (tasks created, assigned, closed…): desks refetch their 我的待办 count/list. Ids only. */
  'work:changed': (e: WorkChanged) => void;
  /** Overdue work raised to the supervisors (room `oversight`); masked numbers only. */
  'work:escalated': (e: WorkEscalated) => void;
  /** An evaluation of this agent's call was published (submitted, or their dispute resolved): the 质检 badge. Own room only. */
  'qa:published': (e: QaPublishedEvent) => void;
  /** Something the agent should know (a failed background step, a link problem). */
  notice: (n: { level: 'info' | 'warning' | 'error'; code: string; message: string }) => void;
}

export interface ClientToServerEvents extends MonitorClientEvents {
  /**
   * Take a seat. Refused with FORBIDDEN (role without seats, or an extension not assigned to this account: details
   * `allowed`), CONFLICT (another person holds it: details `holder`, `canForce`), SESSION_TAKEN (this account's seat
   * is controlled by another desk: `takeover: true` moves it here). `force: true` (supervisor/admin) frees a seat
   * another person holds first.
   */
  'agent:login': (p: { extension: string; takeover?: boolean; force?: boolean }, ack: AckFn<AgentSession>) => void;
  /** Leave the seat. During a call refused with CONFLICT unless `force` (the call goes on; no new calls come). */
  'agent:logout': (p: { force?: boolean } | Record<string, never>, ack: AckFn<AgentSession>) => void;
  'agent:ready': (p: Record<string, never>, ack: AckFn<AgentSession>) => void;
  'agent:pause': (p: { reason: PauseReason }, ack: AckFn<AgentSession>) => void;
  /** End wrap-up early (after the disposition is saved). */
  'agent:wrap-up-done': (p: Record<string, never>, ack: AckFn<AgentSession>) => void;

  /** Answer the ringing phone: the simulated phone (training) or a hard phone through SIP NOTIFY Event: talk (phones with remote control); the softphone answers in the browser. */
  'call:answer': (p: { callId: string }, ack: AckFn) => void;
  'call:hangup': (p: { callId: string }, ack: AckFn) => void;
  'call:hold': (p: { callId: string }, ack: AckFn) => void;
  'call:resume': (p: { callId: string }, ack: AckFn) => void;
  'call:transfer': (p: { callId: string; mode: 'blind' | 'attended'; target: TransferTarget }, ack: AckFn) => void;
  /** Attended transfer: complete (connect caller and target) or cancel (back to the caller). */
  'call:transfer-complete': (p: { callId: string }, ack: AckFn) => void;
  'call:transfer-cancel': (p: { callId: string }, ack: AckFn) => void;
  /**
   * Click-to-dial: the agent's phone rings first, then the donor. The desk never holds full numbers: it names a phone
   * id — or, to call back a missed call (回拨), the callId of that call (the caller's number stays on the server; only
   * agents the call rang, and oversight roles, may call it back).
   * A task of the work queue (`taskId`): the task's donor (service purpose of the contact policy) or abandoned caller;
   * the new call is linked to the task and the task starts.
   */
  /** purpose: why (the contact policy decides; unsaid = recruitment, a call-back = service); CONTACT_BLOCKED says why not. */
  'call:dial': (p: (({ donorId: number; phoneId?: number } | { number: string } | { callbackOf: string }) & { purpose?: ContactPurpose }) | { taskId: number }, ack: AckFn<{ callId: string }>) => void;
  'call:record': (p: { callId: string; on: boolean }, ack: AckFn) => void;
  /** Mute the agent towards the caller/donor (the PBX mutes the agent's channel: works on every phone). */
  'call:mute': (p: { callId: string; on: boolean }, ack: AckFn<{ muted: boolean }>) => void;
  /** Send DTMF digits (0-9 * # A-D, at most 32) to the other party (a remote IVR or voicemail menu). */
  'call:dtmf': (p: { callId: string; digits: string }, ack: AckFn) => void;
  /** The donors whose 360° view this desk shows (replaces the previous list; at most 20): it gets donor:changed for them. */
  'donor:watch': (p: { donorIds: number[] }, ack: AckFn<{ watching: number[] }>) => void;

  /** Training mode only: place a simulated call to this agent's queue. */
  'training:call': (
    p: { donorId?: number; number?: string; callerName?: string; via: 'ivr' | 'queue'; dtmf?: string },
    ack: AckFn<{ callId: string }>,
  ) => void;
}

export interface SocketData {
  userId: number;
  username: string;
  role: UserDto['role'];
  /** The session (auth_session id) the socket's token belongs to. */
  sid?: string;
  /** When the token expires (epoch ms). */
  exp?: number;
  /** The client address (behind a trusted proxy: the address the proxy saw). */
  ip?: string;
}

export type SocketErrorBody = ErrorBody;
