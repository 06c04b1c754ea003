import { randomBytes } from 'node:crypto';
import { canSeeAllRecordings, DomainError, isContactPurpose, normalizeNumberInput, normalizePhone, toHalfWidth, type ContactPurpose, type PhoneOptions, type Role, type TransferTarget } from '@donorline/domain';
import { silentLogger, type Logger } from '../logger.js';
import type { CallRegistry } from './call-registry.js';
import { DIAL_VAR, type DialBook } from './dial-book.js';
import { deskRecording, type LiveCall } from './live-call.js';
import type { OutboundAttempts } from './outbound-attempts.js';

/** The PBX commands call control needs (PbxLink). */
export interface CallPbx {
  hangupAgent(callId: string, ext: string): Promise<void>;
  blindTransfer(callId: string, ext: string, target: TransferTarget): Promise<void>;
  attendedTransfer(callId: string, ext: string, target: TransferTarget): Promise<void>;
  completeTransfer(callId: string, ext: string): Promise<void>;
  cancelTransfer(callId: string): Promise<void>;
  /** RECORDING_MODE=ami: MixMonitor over AMI (needs the system class). */
  startRecording(callId: string, file: string): Promise<void>;
  /** Pause/resume the recordings an agent's desk controls; resolves how many were running. */
  pauseRecording(callId: string, ext: string, paused: boolean): Promise<number>;
  originate(ext: string, number: string, vars: Record<string, string>, opts?: { context?: string }): Promise<{ result: Promise<{ ok: boolean; reason: string }> }>;
}

/** The phone's keys: SimControl (training) or PbxPhoneKeys (SIP NOTIFY to a hard phone); null = none. */
export interface TrainingPhone {
  answer(ext: string): Promise<unknown>;
  hold(ext: string, on: boolean): Promise<unknown>;
}

export interface CallControlDeps {
  registry: CallRegistry;
  pbx: CallPbx;
  dials: DialBook;
  phone: TrainingPhone | null;
  donors: { dialNumber(id: number, phoneId?: number): Promise<string> };
  /** 回拨: the number of a call that rang the user (AgentRingService.callbackTarget). */
  callbacks?: { callbackTarget(linkedid: string, user: { id: number; oversight: boolean }): Promise<{ e164: string; donorId: number | null }> };
  phoneOptions: PhoneOptions;
  queues: readonly string[];
  /**
   * The contact policy (ContactPolicyService): every dial that reaches a donor — by donor, by a number that belongs
   * to donors, by a call-back — is decided before the Originate; a refusal is audited and thrown (CONTACT_BLOCKED).
   */
  policy?: {
    enforce(a: { donorIds: readonly number[]; purpose: ContactPurpose; medium: 'voice'; actorId: number; via: string }): Promise<void>;
    donorsOfNumber(e164: string): Promise<number[]>;
  };
  /** Records each policy-checked dial's outcome when the call ends (contact_attempt). */
  attempts?: OutboundAttempts;
  /** Something the agent should know later (a click-to-dial that was not answered). */
  notice?: (userId: number, code: string, message: string) => void;
  logger?: Logger;
  dialLinkTimeoutMs?: number;
  /** Who starts recordings (config RECORDING_MODE): with `ami` "record" starts one when none runs. */
  recordingMode?: 'dialplan' | 'ami';
  /** The agent rejected (拒接) an inbound call ringing their phone (the seat pauses briefly; the ring is logged). */
  onReject?: (callId: string, ext: string) => void;
}

/** How a dial is placed: a campaign dial uses its own dialplan context and records its attempts itself. */
export interface DialOptions {
  context?: string;
  vars?: Record<string, string>;
  /** false: the caller records the attempt (the campaign dialer, with its campaign); default true. */
  track?: boolean;
}

/** call:dial: a donor (and which of their phones), a typed number, or the call to call back; with the purpose. */
export type DialRequest = ({ donorId: number; phoneId?: number } | { number: string } | { callbackOf: string }) & { purpose?: ContactPurpose };

export function recordingFileName(call: LiveCall): string {
  const safe = call.callId.replace(/[^\w.-]/g, '_');
  return `${call.queue ?? call.direction}-${safe}.wav`;
}

/**
 * Call control from the desk, in domain terms: every command names the call and acts on the agent's own part of it
 * (an agent can only touch calls they are on). Errors are DomainErrors the socket layer acks as they are.
 */
export class CallControl {
  private readonly log: Logger;

  constructor(private readonly d: CallControlDeps) {
    this.log = d.logger ?? silentLogger;
  }

  private callOf(callId: string, ext: string, need: 'ringing' | 'connected' | 'any'): LiveCall {
    const call = typeof callId === 'string' ? this.d.registry.get(callId) : undefined;
    if (!call) throw new DomainError('NO_ACTIVE_CALL', '通话已结束 / the call is over');
    const leg = call.legs.get(ext);
    if (!leg || leg.endedAt !== null) throw new DomainError('NO_ACTIVE_CALL', '您不在此通话中 / you are not on this call');
    if (need === 'ringing' && leg.answeredAt !== null) throw new DomainError('CONFLICT', '已接听 / already answered');
    if (need === 'connected' && (leg.answeredAt === null || call.agentExt !== ext)) throw new DomainError('NO_ACTIVE_CALL', '通话尚未接通 / the call is not connected to you');
    return call;
  }

  /** The agent is on this call and connected (for mute / DTMF from the desk). */
  assertConnected(ext: string, callId: string): void {
    this.callOf(callId, ext, 'connected');
  }

  /** Answer the ringing phone: the simulated phone's key (training), or the hard phone's via SIP NOTIFY (phone-control/). */
  async answer(ext: string, callId: string): Promise<void> {
    if (!this.d.phone) throw new DomainError('CONFLICT', '请在话机上接听 / answer on the phone (training mode only)');
    this.callOf(callId, ext, 'ringing');
    await this.d.phone.answer(ext);
  }

  /**
   * Hang up the agent's part — or, while it still rings, reject it (拒接): the caller stays in the queue and the
   * seat pauses briefly (onReject), so the same caller is not offered straight back to this agent.
   */
  async hangup(ext: string, callId: string): Promise<void> {
    const call = this.callOf(callId, ext, 'any');
    const rejecting = call.direction === 'inbound' && call.legs.get(ext)?.answeredAt === null;
    await this.d.pbx.hangupAgent(callId, ext);
    if (rejecting) this.d.onReject?.(callId, ext);
  }

  async hold(ext: string, callId: string, on: boolean): Promise<void> {
    const call = this.callOf(callId, ext, 'connected');
    if ((call.heldSince !== null) === on) return;
    if (!this.d.phone) {
      throw new DomainError('PBX_REJECTED', '请使用话机上的保持键（桌面随话机状态更新） / use the hold key of the phone — the desk follows it');
    }
    await this.d.phone.hold(ext, on);
  }

  private checkTarget(t: TransferTarget, ext: string): void {
    if (!t || (t.kind !== 'extension' && t.kind !== 'queue')) throw new DomainError('VALIDATION_FAILED', '转接目标无效 / invalid transfer target');
    if (t.kind === 'extension' && (!/^\d{2,8}$/.test(t.value) || t.value === ext)) throw new DomainError('VALIDATION_FAILED', '转接分机无效 / invalid extension');
    if (t.kind === 'queue' && !this.d.queues.includes(t.value)) throw new DomainError('VALIDATION_FAILED', `没有队列 ${t.value} / no queue ${t.value}`);
  }

  async transfer(ext: string, callId: string, mode: 'blind' | 'attended', target: TransferTarget): Promise<void> {
    // an extension typed with a Chinese IME arrives full-width (８００２)
    if (target?.kind === 'extension' && typeof target.value === 'string') target = { kind: 'extension', value: normalizeNumberInput(target.value) };
    this.checkTarget(target, ext);
    this.callOf(callId, ext, 'connected');
    if (mode === 'blind') await this.d.pbx.blindTransfer(callId, ext, target);
    else if (mode === 'attended') await this.d.pbx.attendedTransfer(callId, ext, target);
    else throw new DomainError('VALIDATION_FAILED', 'mode must be blind or attended');
  }

  async transferComplete(ext: string, callId: string): Promise<void> {
    this.callOf(callId, ext, 'any');
    await this.d.pbx.completeTransfer(callId, ext);
  }

  async transferCancel(ext: string, callId: string): Promise<void> {
    this.callOf(callId, ext, 'any');
    await this.d.pbx.cancelTransfer(callId);
  }

  /**
   * "Record on demand": the PBX records every answered leg from the dialplan; the desk pauses (`on: false`) and
   * resumes (`on: true`) the recording of the agent's part with MixMonitorMute — the desk learns the new state from
   * the MixMonitorMute event (call:updated recording.paused). With RECORDING_MODE=ami, `on` for a call without a
   * running recording starts one over AMI.
   */
  async record(ext: string, callId: string, on: boolean): Promise<void> {
    const call = this.callOf(callId, ext, 'connected');
    const rec = deskRecording(call, ext);
    if (rec?.active) {
      if (rec.paused !== on) return;
      if ((await this.d.pbx.pauseRecording(callId, ext, !on)) > 0) return;
    } else if (!on) return;
    if (on && this.d.recordingMode === 'ami') {
      await this.d.pbx.startRecording(callId, recordingFileName(call));
      return;
    }
    throw new DomainError('CONFLICT', '本通话没有正在进行的录音，无法暂停或恢复 / this call has no running recording to pause or resume');
  }

  /**
   * Click-to-dial: Originate the agent's phone with a one-time token; the call carrying it is this dial. Acks with
   * the callId once Asterisk created the agent's channel (the pop follows as the phone rings).
   */
  async dial(user: { id: number; role?: Role }, ext: string, p: DialRequest, via = 'click-to-dial', opts: DialOptions = {}): Promise<{ callId: string }> {
    let raw: string;
    let donorId: number | null = null;
    // the agent says why (招募/关怀/回访/服务); unsaid, a dial is proactive recruitment — a call-back answers the donor
    const said = (p as { purpose?: unknown } | null)?.purpose;
    if (said !== undefined && !isContactPurpose(said)) throw new DomainError('VALIDATION_FAILED', 'purpose must be recruitment, care, survey or service');
    let purpose: ContactPurpose = said ?? 'recruitment';
    if (p && 'callbackOf' in p && p.callbackOf !== undefined) {
      if (typeof p.callbackOf !== 'string' || !p.callbackOf || p.callbackOf.length > 64) throw new DomainError('VALIDATION_FAILED', 'callbackOf must be a callId');
      if (!this.d.callbacks) throw new DomainError('NOT_FOUND', '无法回拨 / call-backs are not available');
      const target = await this.d.callbacks.callbackTarget(p.callbackOf, { id: user.id, oversight: !!user.role && canSeeAllRecordings(user.role) });
      raw = target.e164;
      donorId = target.donorId;
      purpose = said ?? 'service';
      via = 'missed-callback';
    } else if (p && 'donorId' in p && p.donorId !== undefined) {
      if (!Number.isInteger(p.donorId) || p.donorId <= 0) throw new DomainError('VALIDATION_FAILED', 'donorId must be a positive integer');
      donorId = p.donorId;
      raw = await this.d.donors.dialNumber(p.donorId, p.phoneId);
    } else if (p && 'number' in p && typeof p.number === 'string') {
      raw = toHalfWidth(p.number);
    } else throw new DomainError('VALIDATION_FAILED', '请提供献血者或号码 / give donorId or number');
    const n = normalizePhone(raw, this.d.phoneOptions);
    if (!n) throw new DomainError('INVALID_PHONE', '号码无效 / not a valid phone number');
    if (this.d.registry.callsOfAgent(ext).length) throw new DomainError('CONFLICT', '请先结束当前通话 / finish the current call first');
    const donorIds = donorId !== null ? [donorId] : (await this.d.policy?.donorsOfNumber(n.e164)) ?? [];
    if (donorIds.length) await this.d.policy?.enforce({ donorIds, purpose, medium: 'voice', actorId: user.id, via });
    const token = randomBytes(9).toString('base64url');
    const linked = new Promise<string>((resolve) => this.d.dials.add({ token, number: n.national, donorId, userId: user.id, ext, resolve }));
    let result: Promise<{ ok: boolean; reason: string }>;
    try {
      ({ result } = await this.d.pbx.originate(ext, n.national, { [DIAL_VAR]: token, ...opts.vars }, opts.context ? { context: opts.context } : {}));
    } catch (e) {
      this.d.dials.drop(token);
      throw e;
    }
    void result.then((r) => {
      this.d.dials.drop(token);
      if (!r.ok) this.d.notice?.(user.id, 'DIAL_NOT_ANSWERED', `外呼未接通（话机未接听） / the click-to-dial was not answered (${r.reason})`);
    });
    const timeout = new Promise<null>((r) => setTimeout(() => r(null), this.d.dialLinkTimeoutMs ?? 5000));
    const callId = await Promise.race([linked, timeout]);
    if (!callId) {
      this.log.warn({ ext }, 'click-to-dial: the originated channel did not show up in time');
      throw new DomainError('PBX_TIMEOUT', '外呼已提交但未确认 / the dial was sent but not confirmed by the PBX');
    }
    if (opts.track !== false) this.d.attempts?.track(callId, { donorIds, purpose, agentId: user.id });
    return { callId };
  }
}
