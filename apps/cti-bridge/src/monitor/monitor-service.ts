/**
 * Live monitoring (监听 / 耳语 / 强插): a seated supervisor listens to, whispers to or barges into an agent's call.
 *
 * The PBX does it ([dl-spy] in asterisk/extensions.conf): the supervisor's phone is originated into [dl-spy] with a
 * `ChannelId` of `dlspy-…` (the session id — the translator keeps that leg out of the calls) and DL_SPY_CHANNEL = the
 * agent's channel; once it answers, ChanSpy runs (ChanSpyStart). A mode change is ChanSpy's key 4/5/6, sent as AMI
 * PlayDTMF with Receive: true on the spy leg — one leg for the whole session, no second ring. Stop = Hangup of the
 * spy leg; the leg also ends by itself when the call ends (ChanSpy option E). The phone is answered for the
 * supervisor where the desk can (the simulated phone in training, SIP NOTIFY on hard phones with remote control).
 *
 * Audited in audit_log on the call (subject call/<callId>): `monitor.start` (who, whom, mode) when ChanSpy starts,
 * `monitor.mode` (from → to) on each change, `monitor.stop` with every mode's from–to when it ends. An attempt the
 * supervisor never answered heard nothing and leaves no row. The agent is told per MONITOR_ANNOUNCE.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSpans, DomainError, mayMonitor, monitorCallerName, MONITOR_MODE_DIGIT, MONITOR_MODE_EXTEN, switchSpan, type MonitorEndReason, type MonitorMode,
  type MonitorSessionDto, type Role,
} from '@donorline/domain';
import type { AmiMessage } from '../ami/ami-message.js';
import type { LiveCall } from '../calls/live-call.js';
import { silentLogger, type Logger } from '../logger.js';
import { SPY_LEG_PREFIX } from '../pbx/channel-names.js';
import { pbxError } from '../pbx/pbx-link.js';
import { announcement } from './monitor-notices.js';
import type { MonitorConfig } from './monitor-config.js';

export interface MonitorDeps {
  ami: {
    action(name: string, fields?: Record<string, string | number>): Promise<AmiMessage>;
    originate(fields: Record<string, unknown>, opts: { resultTimeoutMs: number }): { accepted: Promise<AmiMessage>; result: Promise<AmiMessage> };
    on(ev: 'event', fn: (m: AmiMessage) => void): unknown;
  };
  calls: { get(callId: string): LiveCall | undefined; callsOfAgent(ext: string): LiveCall[] };
  /** The agent legs of a call (the translator): the channel ChanSpy attaches to. */
  channelsOf(callId: string): { agents: Array<{ ext: string; name: string }> } | null;
  seats: { seatOf(userId: number): { ext: string } | null; userAtExtension(ext: string): number | null; nameOf(userId: number): string | null };
  /** Answer the supervisor's ringing phone for them (training: the simulated phone; hard phones: SIP NOTIFY); absent: they answer. */
  answerPhone?(ext: string): Promise<unknown>;
  audit(e: { actorId: number; action: string; subjectType: string; subjectId: string; detail: Record<string, unknown>; ip?: string | null }): Promise<unknown>;
  push(userId: number, s: MonitorSessionDto): void;
  notice(userId: number, n: { level: 'info' | 'warning'; code: string; message: string }): void;
  config: MonitorConfig;
  logger?: Logger;
  now?: () => number;
}

export interface Supervisor {
  id: number;
  role: Role;
  displayName: string;
  ip?: string | null;
}

interface Session {
  dto: MonitorSessionDto;
  sup: Supervisor;
  agentUserId: number | null;
  channel: string | null;
  /** The agent's channel ChanSpy attaches to: its Hangup means the call ended (the spy leg follows, option E). */
  spyee: string;
  audited: boolean;
  announced: boolean;
  callEnded: boolean;
  /** The supervisor asked to stop: the spy leg's Hangup (which may come before the action's response) is that. */
  stopping: boolean;
}

export class MonitorService {
  private readonly bySupervisor = new Map<number, Session>();
  private readonly byId = new Map<string, Session>();
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(private readonly d: MonitorDeps) {
    this.log = d.logger ?? silentLogger;
    this.now = d.now ?? Date.now;
    d.ami.on('event', (m) => this.onAmi(m));
  }

  /** The supervisor's running session, if any. */
  current(userId: number): MonitorSessionDto | null {
    return this.bySupervisor.get(userId)?.dto ?? null;
  }

  /** Whether the spy leg on this extension was answered (the phone key had its effect). */
  answered(ext: string): boolean {
    return [...this.byId.values()].some((s) => s.dto.extension === ext && s.dto.state === 'active');
  }

  async start(sup: Supervisor, p: { callId?: string; agent?: string; mode: MonitorMode }): Promise<MonitorSessionDto> {
    if (!mayMonitor(sup.role, p.mode)) {
      throw new DomainError('FORBIDDEN', mayMonitor(sup.role) ? '您只能静默监听 / you may only listen' : '只有班长可以监听通话 / only supervisors may monitor calls', { reason: 'role' });
    }
    const seat = this.d.seats.seatOf(sup.id);
    if (!seat) throw new DomainError('NOT_LOGGED_IN', '请先登录座席分机：监听时您的话机会振铃 / take a seat first: your phone carries the monitoring');
    if (this.bySupervisor.has(sup.id)) throw new DomainError('CONFLICT', '您正在监听另一通电话，请先结束 / you are already monitoring a call: stop it first');
    const call = p.callId !== undefined ? this.d.calls.get(p.callId) : this.d.calls.callsOfAgent(p.agent ?? '').find((c) => talking(c, p.agent!));
    const agentExt = call && (p.agent ?? [...call.legs.keys()].find((ext) => talking(call, ext)));
    if (!call || !agentExt || !talking(call, agentExt)) throw new DomainError('NO_ACTIVE_CALL', '该通话未在坐席通话中 / that call is not connected to an agent');
    if (agentExt === seat.ext) throw new DomainError('CONFLICT', '不能监听自己的通话 / you cannot monitor your own call');
    const legs = this.d.channelsOf(call.callId)?.agents.filter((a) => a.ext === agentExt) ?? [];
    const target = legs.find((l) => !l.name.startsWith('Local/')) ?? legs[0];
    if (!target) throw new DomainError('NO_ACTIVE_CALL', '找不到坐席通道 / the agent’s channel is gone');

    const sessionId = `${SPY_LEG_PREFIX}${this.now().toString(36)}-${randomBytes(4).toString('hex')}`;
    const at = new Date(this.now()).toISOString();
    const agentUserId = this.d.seats.userAtExtension(agentExt);
    const s: Session = {
      dto: {
        sessionId, callId: call.callId, agentExtension: agentExt, agentName: agentUserId === null ? null : this.d.seats.nameOf(agentUserId), extension: seat.ext,
        mode: p.mode, state: 'ringing', startedAt: at, spans: [], endedAt: null, endReason: null,
      },
      sup, agentUserId, channel: null, spyee: target.name, audited: false, announced: false, callEnded: false, stopping: false,
    };
    // registered before the Originate: the spy leg's events may come with its response
    this.bySupervisor.set(sup.id, s);
    this.byId.set(sessionId, s);
    const o = this.d.ami.originate(
      {
        Channel: `PJSIP/${seat.ext}`, Context: 'dl-spy', Exten: MONITOR_MODE_EXTEN[p.mode], Priority: 1, ChannelId: sessionId,
        CallerID: `"${monitorCallerName(agentExt)}" <${agentExt}>`, Timeout: this.d.config.ringSeconds * 1000, Variable: { DL_SPY_CHANNEL: target.name },
      },
      { resultTimeoutMs: this.d.config.ringSeconds * 1000 + 15_000 },
    );
    o.result.then((m) => {
      if (m.response?.toLowerCase() !== 'success') this.end(s, 'not-answered');
    }, () => this.end(s, 'not-answered'));
    try {
      await o.accepted;
    } catch (e) {
      this.end(s, 'failed');
      throw pbxError(e, '监听 / monitor');
    }
    this.d.push(sup.id, s.dto);
    return s.dto;
  }

  async mode(userId: number, mode: MonitorMode): Promise<MonitorSessionDto> {
    const s = this.bySupervisor.get(userId);
    if (!s) throw new DomainError('CONFLICT', '没有进行中的监听 / no monitoring in progress');
    if (!mayMonitor(s.sup.role, mode)) throw new DomainError('FORBIDDEN', '您只能静默监听 / you may only listen', { reason: 'role' });
    if (s.dto.state !== 'active' || !s.channel) throw new DomainError('CONFLICT', '请先接听话机 / answer your phone first');
    if (mode === s.dto.mode) return s.dto;
    try {
      await this.d.ami.action('PlayDTMF', { Channel: s.channel, Digit: MONITOR_MODE_DIGIT[mode], Receive: 'true', Duration: 100 });
    } catch (e) {
      throw pbxError(e, '切换监听模式 / monitor mode');
    }
    const at = new Date(this.now()).toISOString();
    const from = s.dto.mode;
    s.dto = { ...s.dto, mode, spans: switchSpan(s.dto.spans, mode, at) };
    this.audit(s, 'monitor.mode', { from, to: mode });
    this.announce(s);
    this.d.push(userId, s.dto);
    return s.dto;
  }

  async stop(userId: number): Promise<MonitorSessionDto | null> {
    const s = this.bySupervisor.get(userId);
    if (!s) return null;
    s.stopping = true;
    if (s.channel) {
      try {
        await this.d.ami.action('Hangup', { Channel: s.channel, Cause: 16 });
      } catch (e) {
        // the leg may already be gone (the call ended meanwhile): the session ends either way
        this.log.info({ err: (e as Error).message, session: s.dto.sessionId }, 'spy leg hangup failed');
      }
    }
    return this.end(s, 'stopped');
  }

  /** A call ended: its spy legs follow on their own (ChanSpy E); the reason is the call's end. */
  callEnded(callId: string): void {
    for (const s of this.byId.values()) if (s.dto.callId === callId) s.callEnded = true;
  }

  private onAmi(m: AmiMessage): void {
    const h = m.h;
    // the monitored channel hung up: the spy leg's end that follows is the call's end. (Not read from ChanSpyStop: a
    // real Asterisk 22 still sends the Spyee… block there after the spyee's hangup — captured on 22.10.1.)
    if (m.event === 'Hangup' && h.channel) for (const x of this.byId.values()) if (x.spyee === h.channel) x.callEnded = true;
    const id = h.uniqueid ?? h.spyeruniqueid ?? h.destuniqueid;
    if (!id?.startsWith(SPY_LEG_PREFIX)) return;
    const s = this.byId.get(id);
    if (!s) return;
    const channel = h.channel ?? h.spyerchannel ?? h.destchannel;
    if (channel && !s.channel) s.channel = channel;
    if (m.event === 'Newstate' && h.channelstate === '5' && s.dto.state === 'ringing') {
      this.d.answerPhone?.(s.dto.extension).catch((e: Error) => this.log.info({ err: e.message }, 'could not answer the supervisor’s phone'));
    } else if (m.event === 'ChanSpyStart' && s.dto.state === 'ringing') {
      const at = new Date(this.now()).toISOString();
      s.dto = { ...s.dto, state: 'active', spans: switchSpan([], s.dto.mode, at) };
      s.audited = true;
      this.audit(s, 'monitor.start', { mode: s.dto.mode, supervisorExtension: s.dto.extension });
      this.announce(s);
      this.d.push(s.sup.id, s.dto);
    } else if (m.event === 'Hangup') {
      this.end(s, s.stopping ? 'stopped' : s.callEnded ? 'call-ended' : s.dto.state === 'active' ? 'supervisor-hangup' : 'not-answered');
    }
  }

  private end(s: Session, reason: MonitorEndReason): MonitorSessionDto {
    if (this.byId.get(s.dto.sessionId) !== s) return s.dto;
    this.byId.delete(s.dto.sessionId);
    if (this.bySupervisor.get(s.sup.id) === s) this.bySupervisor.delete(s.sup.id);
    const at = new Date(this.now()).toISOString();
    s.dto = { ...s.dto, state: 'ended', endedAt: at, endReason: reason, spans: closeSpans(s.dto.spans, at) };
    if (s.audited) this.audit(s, 'monitor.stop', { reason, startedAt: s.dto.spans[0]?.from ?? s.dto.startedAt, endedAt: at, spans: s.dto.spans });
    if (s.announced && s.agentUserId !== null && !s.callEnded) this.d.notice(s.agentUserId, announcement(s.sup.displayName, 'ended'));
    this.d.push(s.sup.id, s.dto);
    return s.dto;
  }

  private announce(s: Session): void {
    const a = this.d.config.announce;
    if (s.agentUserId === null || a === 'off' || (a === 'speak' && s.dto.mode === 'listen')) return;
    s.announced = true;
    this.d.notice(s.agentUserId, announcement(s.sup.displayName, s.dto.mode));
  }

  private audit(s: Session, action: string, extra: Record<string, unknown>): void {
    const detail = { session: s.dto.sessionId, agentExtension: s.dto.agentExtension, agentId: s.agentUserId, ...extra };
    this.d.audit({ actorId: s.sup.id, action, subjectType: 'call', subjectId: s.dto.callId, detail, ip: s.sup.ip ?? null }).catch((e: Error) => {
      this.log.error({ err: e.message, action, session: s.dto.sessionId }, 'monitor audit row not written');
    });
  }
}

/** The agent's leg on this call is answered and still up. */
function talking(call: LiveCall, ext: string): boolean {
  const leg = call.legs.get(ext);
  return !!leg && leg.answeredAt !== null && leg.endedAt === null && call.state !== 'ended';
}
