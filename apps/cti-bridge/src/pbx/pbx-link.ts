import { EventEmitter } from 'node:events';
import { DomainError, IVR_VARS, PBX_DEFAULTS } from '@donorline/domain';
import { AmiClient, type AmiClientOptions, type AmiLinkState } from '../ami/ami-client.js';
import { AmiError } from '../ami/ami-errors.js';
import type { AmiMessage } from '../ami/ami-message.js';
import type { AriLink } from '../ari/ari-link.js';
import { silentLogger, type Logger } from '../logger.js';
import { AmiTranslator, PAUSED_VAR, type TranslatorOptions } from './ami-translator.js';
import { agentInterface } from './channel-names.js';
import type { PbxEvent } from './pbx-events.js';

export interface PbxLinkStatus {
  ami: AmiLinkState;
  ari: AmiLinkState;
  since: string;
  reason: string | null;
}

export interface PbxDialplan {
  outboundContext: string;
  transferContext: string;
  queueContext: string;
  /** CallerID shown on the agent's phone for click-to-dial. */
  outboundCallerId: string;
}

export interface PbxLinkOptions {
  ami: AmiClientOptions;
  ari?: AriLink | null;
  translator?: TranslatorOptions;
  dialplan?: Partial<PbxDialplan>;
  logger?: Logger;
  /** Timeout of the resync's list actions (default 10 s). */
  resyncTimeoutMs?: number;
}

export interface MemberSnapshot {
  agentExt: string;
  queue: string;
  memberName: string;
  paused: boolean;
  reason: string;
}

/** Channel variables the resync reads from every channel (the IVR's findings, the recording file and its pause). */
const RESYNC_VARS = [...Object.values(IVR_VARS), 'MIXMONITOR_FILENAME', PAUSED_VAR];

/** AMI failures in domain words: the desk gets a clear DomainError, never an Asterisk message alone. */
export function pbxError(e: unknown, what: string): DomainError {
  if (e instanceof DomainError) return e;
  if (e instanceof AmiError) {
    switch (e.failure) {
      case 'not-connected':
        return new DomainError('PBX_UNAVAILABLE', `交换机未连接，${what}未执行 / the PBX link is down: ${what} was not sent`);
      case 'timeout':
      case 'link-lost':
        return new DomainError('PBX_TIMEOUT', `交换机无应答，${what}结果未知 / no answer from the PBX: the outcome of ${what} is unknown`);
      case 'rejected':
        return new DomainError('PBX_REJECTED', `交换机拒绝了${what} / the PBX refused ${what}: ${e.message}`, { pbxMessage: e.message });
    }
  }
  return new DomainError('INTERNAL', `${what} failed`);
}

/**
 * The link facade: AMI (and ARI) in, domain events out, commands in domain words (agent extension, callId).
 * Owns the resync after every (re)connect: live events are held back while CoreShowChannels, Status (with the DL_*
 * variables) and QueueStatus are read (ARI's channel list adds who is in the IVR), the snapshot is adopted, then
 * the held events are replayed — so a call that ends during the resync is not resurrected by it.
 */
export class PbxLink extends EventEmitter<{ event: [PbxEvent]; status: [PbxLinkStatus]; resync: [{ phase: 'start' | 'end'; at: number; ok: boolean }] }> {
  readonly ami: AmiClient;
  readonly translator: AmiTranslator;
  private readonly ari: AriLink | null;
  private readonly log: Logger;
  private readonly dp: PbxDialplan;
  private readonly resyncTimeoutMs: number;
  private held: AmiMessage[] | null = null;
  private since = new Date().toISOString();
  private resyncSeq = 0;
  resyncs = 0;
  eventsTranslated = 0;
  /** Attended transfers in progress: callId → the consult target. */
  private readonly consults = new Map<string, { exten: string; context: string; ext: string }>();

  constructor(opts: PbxLinkOptions) {
    super();
    this.log = opts.logger ?? silentLogger;
    this.ami = new AmiClient({ ...opts.ami, logger: this.log.child({ mod: 'ami' }) });
    this.ari = opts.ari ?? null;
    this.translator = new AmiTranslator(opts.translator);
    this.resyncTimeoutMs = opts.resyncTimeoutMs ?? 10_000;
    this.dp = {
      outboundContext: PBX_DEFAULTS.outboundContext,
      transferContext: 'dl-transfer',
      queueContext: PBX_DEFAULTS.queueContext,
      outboundCallerId: `"献血服务热线" <${PBX_DEFAULTS.hotlineNumber}>`,
      ...opts.dialplan,
    };
    this.ami.on('event', (m) => {
      if (this.held) this.held.push(m);
      else this.translate(m);
    });
    this.ami.on('connected', () => void this.resync());
    this.ami.on('state', () => this.statusChanged());
    this.ari?.on('state', () => this.statusChanged());
  }

  start(): void {
    this.ami.start();
    this.ari?.start();
  }

  async stop(): Promise<void> {
    this.ari?.stop();
    await this.ami.stop();
  }

  status(): PbxLinkStatus {
    return { ami: this.ami.state, ari: this.ari?.state ?? 'down', since: this.since, reason: this.ami.lastReason };
  }

  private statusChanged(): void {
    this.since = new Date().toISOString();
    this.emit('status', this.status());
  }

  private translate(m: AmiMessage): void {
    this.eventsTranslated++;
    this.translator.handle(m, (e) => this.emit('event', e));
  }

  /** Reads the live state from Asterisk and adopts it. Runs after every login. */
  async resync(): Promise<void> {
    const seq = ++this.resyncSeq;
    const session = this.ami.session;
    this.held = [];
    const at = performance.timeOrigin + performance.now();
    let ok = false;
    this.emit('resync', { phase: 'start', at, ok });
    try {
      const opts = { timeoutMs: this.resyncTimeoutMs };
      const [channels, status, queue, ari] = await Promise.all([
        this.ami.list('CoreShowChannels', {}, opts),
        this.ami.list('Status', { Variables: RESYNC_VARS.join(',') }, opts),
        this.ami.list('QueueStatus', {}, opts),
        this.ari ? this.ari.channels().catch(() => null) : Promise.resolve(null),
      ]);
      if (seq !== this.resyncSeq || session !== this.ami.session) return;
      const stasis = new Set<string>();
      for (const c of ari ?? []) if (c.stasisApp) stasis.add(c.id);
      this.translator.adoptSnapshot({ channels: channels.items, status: status.items, queue: queue.items, stasis, at }, (e) => this.emit('event', e));
      this.resyncs++;
      ok = true;
      this.log.info({ calls: this.translator.liveCalls, channels: channels.items.length, session }, 'resynced from Asterisk');
    } catch (e) {
      this.log.warn({ err: e }, 'resync failed');
      if (seq === this.resyncSeq && this.ami.state === 'up') setTimeout(() => seq === this.resyncSeq && void this.resync(), 1000);
    } finally {
      if (seq === this.resyncSeq) {
        const held = this.held ?? [];
        this.held = null;
        for (const m of held) this.translate(m);
        this.emit('resync', { phase: 'end', at: performance.timeOrigin + performance.now(), ok });
      }
    }
  }

  // --- queue membership ------------------------------------------------------------------------------------------

  async queueAdd(ext: string, queue: string, memberName: string, paused: { reason: string } | null = null): Promise<'added' | 'already'> {
    try {
      await this.ami.action('QueueAdd', {
        Queue: queue, Interface: agentInterface(ext), MemberName: memberName, Penalty: 0, Paused: paused ? 'true' : 'false', Reason: paused?.reason,
      });
      return 'added';
    } catch (e) {
      if (e instanceof AmiError && e.failure === 'rejected' && /already there/i.test(e.message)) return 'already';
      throw pbxError(e, `QueueAdd ${queue}`);
    }
  }

  async queueRemove(ext: string, queue: string): Promise<'removed' | 'absent'> {
    try {
      await this.ami.action('QueueRemove', { Queue: queue, Interface: agentInterface(ext) });
      return 'removed';
    } catch (e) {
      if (e instanceof AmiError && e.failure === 'rejected' && /not there|no such queue/i.test(e.message)) return 'absent';
      throw pbxError(e, `QueueRemove ${queue}`);
    }
  }

  /** Pause or unpause an agent in one queue or (queue omitted) in all of its queues. */
  async queuePause(ext: string, paused: boolean, reason: string, queue?: string): Promise<void> {
    try {
      await this.ami.action('QueuePause', { Interface: agentInterface(ext), Paused: paused ? 'true' : 'false', Reason: reason || undefined, Queue: queue });
    } catch (e) {
      throw pbxError(e, paused ? 'QueuePause' : 'QueueUnpause');
    }
  }

  /** Queue members now (agents' seats after a bridge restart). */
  async members(): Promise<MemberSnapshot[]> {
    try {
      const r = await this.ami.list('QueueStatus', {}, { timeoutMs: this.resyncTimeoutMs });
      const out: MemberSnapshot[] = [];
      for (const i of r.items) {
        if (i.event !== 'QueueMember') continue;
        const ev = this.translator.memberEvent(i);
        if (ev) out.push({ agentExt: ev.agentExt, queue: ev.queue, memberName: ev.memberName, paused: ev.paused, reason: ev.reason });
      }
      return out;
    } catch (e) {
      throw pbxError(e, 'QueueStatus');
    }
  }

  /** QueueSummary per queue (callers waiting, longest hold) for the statistics. */
  async queueSummary(): Promise<Array<{ queue: string; callers: number; longestHoldSeconds: number; loggedIn: number; available: number }>> {
    try {
      const r = await this.ami.list('QueueSummary', {}, { timeoutMs: 3000 });
      return r.items
        .filter((i) => i.event === 'QueueSummary')
        .map((i) => ({ queue: i.h.queue ?? '', callers: Number(i.h.callers) || 0, longestHoldSeconds: Number(i.h.longestholdtime) || 0, loggedIn: Number(i.h.loggedin) || 0, available: Number(i.h.available) || 0 }));
    } catch (e) {
      throw pbxError(e, 'QueueSummary');
    }
  }

  // --- calls -----------------------------------------------------------------------------------------------------

  private legs(callId: string): NonNullable<ReturnType<AmiTranslator['channelsOf']>> {
    const legs = this.translator.channelsOf(callId);
    if (!legs) throw new DomainError('NO_ACTIVE_CALL', `通话已结束 / call ${callId} is not in progress`);
    return legs;
  }

  private agentLeg(callId: string, ext: string): string {
    const leg = this.legs(callId).agents.find((a) => a.ext === ext);
    if (!leg) throw new DomainError('NO_ACTIVE_CALL', `分机 ${ext} 不在此通话中 / extension ${ext} is not on call ${callId}`);
    return leg.name;
  }

  private callerLeg(callId: string): string {
    const name = this.legs(callId).callerSide[0];
    if (!name) throw new DomainError('NO_ACTIVE_CALL', `来电方已挂机 / the caller of ${callId} is gone`);
    return name;
  }

  /**
   * Click-to-dial: the agent's phone rings first (Originate PJSIP/<ext>), then the dialplan dials the donor.
   * `vars` travel on the agent's channel (the correlation token). Resolves once Asterisk accepted the Originate;
   * `result` settles when the agent's phone answered or not.
   */
  async originate(ext: string, number: string, vars: Record<string, string>, opts: { context?: string } = {}): Promise<{ result: Promise<{ ok: boolean; reason: string }> }> {
    const o = this.ami.originate(
      { Channel: agentInterface(ext), Context: opts.context ?? this.dp.outboundContext, Exten: number, Priority: 1, CallerID: this.dp.outboundCallerId, Timeout: 30_000, Variable: vars },
      { resultTimeoutMs: 45_000 },
    );
    try {
      await o.accepted;
    } catch (e) {
      throw pbxError(e, 'Originate');
    }
    return {
      result: o.result.then(
        (m) => ({ ok: m.response?.toLowerCase() === 'success', reason: m.h.reason ?? '' }),
        (e: Error) => ({ ok: false, reason: e.message }),
      ),
    };
  }

  /** The agent hangs up their part of the call (the rest of the call follows the dialplan). */
  async hangupAgent(callId: string, ext: string): Promise<void> {
    const name = this.agentLeg(callId, ext);
    try {
      await this.ami.action('Hangup', { Channel: name, Cause: 16 });
    } catch (e) {
      throw pbxError(e, 'Hangup');
    }
  }

  /** Blind transfer of the caller to an extension or a queue (the agent's leg leaves the call). */
  async blindTransfer(callId: string, ext: string, target: { kind: 'extension' | 'queue'; value: string }): Promise<void> {
    const name = this.agentLeg(callId, ext);
    try {
      await this.ami.action('BlindTransfer', { Channel: name, Context: this.dp.transferContext, Exten: target.value });
    } catch (e) {
      throw pbxError(e, 'BlindTransfer');
    }
  }

  /** Attended transfer: the caller hears music, the agent consults the target (Atxfer, feature code atxfer). */
  async attendedTransfer(callId: string, ext: string, target: { kind: 'extension' | 'queue'; value: string }): Promise<void> {
    const name = this.agentLeg(callId, ext);
    try {
      await this.ami.action('Atxfer', { Channel: name, Context: this.dp.transferContext, Exten: target.value });
    } catch (e) {
      throw pbxError(e, 'Atxfer');
    }
    // Asterisk answers Success even when the consultation never starts (e.g. without the pbx-transfer prompt):
    // wait, bounded, for the consultation's own channel (Local/<target>@<transfer context>) to join the call
    const prefix = `Local/${target.value}@${this.dp.transferContext}-`;
    const started = await this.waitFor(() => this.legs(callId).all.some((n) => n.startsWith(prefix)), this.atxferConfirmMs);
    if (!started) {
      throw new DomainError('PBX_REJECTED', `交换机未开始咨询转接（${target.value}），来电人仍与您通话 / the PBX did not start the consultation with ${target.value}; the caller is still with you`);
    }
    this.consults.set(callId, { exten: target.value, context: this.dp.transferContext, ext });
  }

  /** How long an Atxfer has to show its consultation channel (ms). */
  atxferConfirmMs = 4000;

  /** Polls a condition on the translator's channel table until it holds or `ms` passed. */
  private async waitFor(cond: () => boolean, ms: number): Promise<boolean> {
    const until = Date.now() + ms;
    for (;;) {
      if (cond()) return true;
      if (Date.now() >= until) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Completes an attended transfer: the consulting agent leaves, the caller and the target are joined. */
  async completeTransfer(callId: string, ext: string): Promise<void> {
    if (!this.consults.has(callId)) throw new DomainError('CONFLICT', '没有进行中的咨询转接 / no attended transfer in progress');
    const legs = this.legs(callId).agents.filter((a) => a.ext === ext);
    if (!legs.length) throw new DomainError('NO_ACTIVE_CALL', `分机 ${ext} 不在此通话中 / extension ${ext} is not on call ${callId}`);
    this.consults.delete(callId);
    try {
      for (const l of legs) await this.ami.action('Hangup', { Channel: l.name, Cause: 16 });
    } catch (e) {
      throw pbxError(e, 'transfer completion');
    }
  }

  /** Cancels an attended transfer: the consultation ends and the agent is back with the caller. */
  async cancelTransfer(callId: string): Promise<void> {
    const c = this.consults.get(callId);
    if (!c) throw new DomainError('CONFLICT', '没有进行中的咨询转接 / no attended transfer in progress');
    const prefix = `Local/${c.exten}@${c.context}-`;
    const target = this.legs(callId).all.find((n) => n.startsWith(prefix) && n.endsWith(';1'));
    this.consults.delete(callId);
    if (!target) return; // the target already left: the agent is back with the caller
    try {
      await this.ami.action('Hangup', { Channel: target, Cause: 16 });
    } catch (e) {
      throw pbxError(e, 'transfer cancel');
    }
  }

  /**
   * RECORDING_MODE=ami only: starts MixMonitor over AMI on the caller's leg (both directions, only while bridged).
   * Asterisk registers that action with the `system` class alone — the least-privilege user gets "Permission denied".
   */
  async startRecording(callId: string, file: string): Promise<void> {
    try {
      await this.ami.action('MixMonitor', { Channel: this.callerLeg(callId), File: file, Options: 'b' });
    } catch (e) {
      throw pbxError(e, 'MixMonitor');
    }
  }

  /**
   * Pauses (both directions muted: the file gets silence) or resumes the running recordings an agent's desk
   * controls — those of the agent's own leg and of the caller's/donor's side — with MixMonitorMute (class `call`).
   * A channel variable beside it lets a resync after a bridge restart know the recording is paused.
   */
  async pauseRecording(callId: string, ext: string, paused: boolean): Promise<number> {
    const legs = this.translator.recordingLegs(callId).filter((l) => l.agentExt === ext || l.agentExt === null);
    for (const leg of legs) {
      try {
        await this.ami.action('MixMonitorMute', { Channel: leg.name, Direction: 'both', State: paused ? 1 : 0 });
      } catch (e) {
        throw pbxError(e, paused ? 'MixMonitorMute (pause)' : 'MixMonitorMute (resume)');
      }
      await this.ami.action('Setvar', { Channel: leg.name, Variable: PAUSED_VAR, Value: paused ? '1' : '' }).catch((e: Error) => {
        this.log.warn({ err: e.message, callId }, 'could not note the recording pause on the channel (a resync would show it running)');
      });
    }
    return legs.length;
  }

  /** Stops the recordings of the call's caller side (RECORDING_MODE=ami's own recording). */
  async stopRecording(callId: string): Promise<void> {
    try {
      await this.ami.action('StopMixMonitor', { Channel: this.callerLeg(callId) });
    } catch (e) {
      throw pbxError(e, 'StopMixMonitor');
    }
  }

  /** A channel variable of the caller's leg (null when unset). */
  async getVar(callId: string, name: string): Promise<string | null> {
    try {
      const r = await this.ami.action('Getvar', { Channel: this.callerLeg(callId), Variable: name });
      return r.h.value ? r.h.value : null;
    } catch (e) {
      throw pbxError(e, 'Getvar');
    }
  }
}
