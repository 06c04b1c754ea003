import type { AmiMessage } from '../ami/ami-message.js';
import { classifyChannel, DEFAULT_NAMING, extensionOfInterface, isServiceChannel, isSpyLeg, isUnknown, numberOfDialString, type ChannelNaming, type ChannelRole } from './channel-names.js';
import type { AgentEvent, AgentMemberStatus, CallDirectionHint, CallEvent, Party, PbxEvent, RecordingState } from './pbx-events.js';

export interface TranslatorOptions {
  naming?: ChannelNaming;
  /** ARI applications that are the self-service IVR (`Stasis(donorline-ivr,…)`). */
  ivrApps?: readonly string[];
  /** Channel variables passed up as call facts (the IVR's findings): names starting with this prefix. */
  varPrefix?: string;
  /** The dialplan context whose extensions are queue names (asterisk/extensions.conf [dl-queue]). */
  queueContext?: string;
}

interface Chan {
  id: string;
  name: string;
  role: ChannelRole;
  ext: string | null;
  recordingFile: string | null;
  recording: boolean;
  /** MixMonitorMute on this channel's recording: bit 1 read (what the party says), bit 2 write (what it hears). */
  muted: number;
}

const MUTE_BITS: Record<string, number> = { read: 1, write: 2, both: 3 };

/** Channel variable the bridge sets beside MixMonitorMute so that a resync knows a recording is paused. */
export const PAUSED_VAR = 'DLREC_PAUSED';

interface Track {
  callId: string;
  chans: Map<string, Chan>;
  direction: CallDirectionHint;
  /** The agent whose phone started a click-to-dial call. */
  originator: string | null;
  callerNumber: string | null;
  ringing: Map<string, string | null>;
  connected: Set<string>;
  queue: string | null;
  abandonedIn: string | null;
  inIvr: boolean;
  onHold: boolean;
  /** Fallback only: whose Hangup came first (the order of the two legs' Hangup events varies on a real Asterisk). */
  hangupBy: 'caller' | 'agent' | null;
  /** Who asked to end the connected call: the first (Soft)HangupRequest's channel, or AgentComplete's Reason. */
  hangupParty: 'caller' | 'agent' | null;
  /** Agents who handed the caller on: their legs going away afterwards is not anyone hanging up. */
  transferredFrom: Set<string>;
  cause: number | null;
  causeText: string | null;
}

type Emit = (e: PbxEvent) => void;

const MEMBER_STATUS: Record<string, AgentMemberStatus> = {
  '0': 'unknown', '1': 'free', '2': 'busy', '3': 'busy', '4': 'unavailable', '5': 'unavailable', '6': 'ringing', '7': 'ringing', '8': 'on-hold',
};

function party(number: string | undefined, name: string | undefined): Party {
  return { number: isUnknown(number) ? null : number!, name: isUnknown(name) ? null : name! };
}

function ringEndReason(status: string | undefined): 'no-answer' | 'busy' | 'cancelled' | 'failed' {
  switch ((status ?? '').toUpperCase()) {
    case 'NOANSWER':
      return 'no-answer';
    case 'BUSY':
      return 'busy';
    case 'CANCEL':
      return 'cancelled';
    default:
      return 'failed';
  }
}

/**
 * AMI events → domain events. Keeps the one table of live channels (by Uniqueid) grouped into calls by Linkedid,
 * so Local channel pairs, agent legs, transfer targets and trunk legs all land on the same call; the call ends when
 * its last channel hangs up. Channels first seen mid-call (after a reconnect) are adopted from any event's
 * channel headers. Rebuilt from scratch by `adoptSnapshot` after every (re)connect.
 */
export class AmiTranslator {
  private readonly naming: ChannelNaming;
  private readonly ivrApps: readonly string[];
  private readonly prefix: string;
  private readonly chans = new Map<string, Chan & { callId: string }>();
  private readonly tracks = new Map<string, Track>();
  /** Uniqueids that hung up recently: later events naming them (AttendedTransfer, Cdr …) must not bring them back. */
  private readonly gone = new Set<string>();

  constructor(opts: TranslatorOptions = {}) {
    this.naming = opts.naming ?? DEFAULT_NAMING;
    this.ivrApps = opts.ivrApps ?? ['donorline-ivr'];
    this.prefix = opts.varPrefix ?? 'DL_';
    this.queueContext = opts.queueContext ?? 'dl-queue';
  }

  private readonly queueContext: string;

  get liveCalls(): number {
    return this.tracks.size;
  }

  get liveChannels(): number {
    return this.chans.size;
  }

  /** The channel names of a call, for commands: the caller side and the agents' legs. */
  channelsOf(callId: string): { callerSide: string[]; agents: Array<{ ext: string; name: string }>; all: string[] } | null {
    const t = this.tracks.get(callId);
    if (!t) return null;
    const callerSide: string[] = [];
    const agents: Array<{ ext: string; name: string }> = [];
    // the first channel (Uniqueid = Linkedid) first
    const ordered = [...t.chans.values()].sort((a, b) => (a.id === callId ? -1 : b.id === callId ? 1 : 0));
    for (const c of ordered) {
      if (c.role === 'agent' && c.ext) agents.push({ ext: c.ext, name: c.name });
      else callerSide.push(c.name);
    }
    return { callerSide, agents, all: ordered.map((c) => c.name) };
  }

  /** Calls currently connected to this agent extension (for its device commands). */
  callsOfAgent(ext: string): string[] {
    const out: string[] = [];
    for (const t of this.tracks.values()) if ([...t.chans.values()].some((c) => c.ext === ext)) out.push(t.callId);
    return out;
  }

  /** The channels of a call with a recording running (for MixMonitorMute / StopMixMonitor). */
  recordingLegs(callId: string): Array<{ name: string; agentExt: string | null; paused: boolean }> {
    const t = this.tracks.get(callId);
    if (!t) return [];
    return [...t.chans.values()].filter((c) => c.recording).map((c) => ({ name: c.name, agentExt: c.role === 'agent' ? c.ext : null, paused: c.muted === 3 }));
  }

  handle(m: AmiMessage, emit: Emit): void {
    const h = m.h;
    // the desk's phone keys ([dl-phone-keys]) are Local channels that only send a SIP NOTIFY: no call
    if (isServiceChannel(h.channel)) return;
    // a supervisor's spy leg (monitor/, [dl-spy]) is no call
    if (isSpyLeg(h)) return;
    switch (m.event) {
      case 'Newchannel':
      case 'Newstate':
        this.ensure(m, '', emit);
        return;
      case 'LocalBridge':
        this.ensure(m, 'localone', emit);
        this.ensure(m, 'localtwo', emit);
        return;
      case 'NewCallerid':
        return this.onCallerId(m, emit);
      case 'Newexten':
        return this.onNewexten(m, emit);
      case 'VarSet':
        return this.onVarSet(m, emit);
      case 'QueueCallerJoin': {
        const t = this.trackOf(m, emit);
        if (!t) return;
        t.queue = h.queue ?? null;
        t.abandonedIn = null;
        t.inIvr = false;
        emit({ type: 'call.queued', callId: t.callId, at: m.at, queue: h.queue ?? '', position: Number(h.position) || 0 });
        return;
      }
      case 'QueueCallerAbandon': {
        const t = this.trackOf(m, emit);
        if (!t) return;
        t.abandonedIn = h.queue ?? '';
        emit({ type: 'call.dequeued', callId: t.callId, at: m.at, queue: h.queue ?? '', abandoned: true });
        return;
      }
      case 'QueueCallerLeave': {
        const t = this.trackOf(m, emit);
        if (!t || t.abandonedIn === (h.queue ?? '')) return;
        emit({ type: 'call.dequeued', callId: t.callId, at: m.at, queue: h.queue ?? '', abandoned: false });
        return;
      }
      case 'AgentCalled':
        return this.onAgentCalled(m, emit);
      case 'DialBegin':
        return this.onDialBegin(m, emit);
      case 'DialEnd':
        return this.onDialEnd(m, emit);
      case 'AgentRingNoAnswer': {
        const t = this.trackOf(m, emit);
        const ext = extensionOfInterface(h.interface, this.naming);
        if (!t || !ext || !t.ringing.has(ext)) return;
        t.ringing.delete(ext);
        emit({ type: 'call.ring-ended', callId: t.callId, at: m.at, agentExt: ext, reason: 'no-answer' });
        return;
      }
      case 'AgentConnect': {
        const t = this.trackOf(m, emit);
        const ext = extensionOfInterface(h.interface, this.naming) ?? this.ensure(m, 'dest', emit)?.ext ?? null;
        if (!t || !ext) return;
        this.connect(t, ext, h.queue ?? null, m.at, emit);
        return;
      }
      case 'Hold':
      case 'Unhold': {
        const c = this.ensure(m, '', emit);
        const t = c && this.tracks.get(c.callId);
        if (!c || !t) return;
        const on = m.event === 'Hold';
        if (t.onHold === on) return;
        t.onHold = on;
        emit({ type: 'call.held', callId: t.callId, at: m.at, on, agentExt: c.role === 'agent' ? c.ext : null });
        return;
      }
      case 'MusicOnHoldStart':
      case 'MusicOnHoldStop': {
        const c = this.ensure(m, '', emit);
        const t = c && this.tracks.get(c.callId);
        // music in the queue is waiting, not hold: only a connected call can be on hold
        if (!c || !t || c.role === 'agent' || t.connected.size === 0) return;
        const on = m.event === 'MusicOnHoldStart';
        if (t.onHold === on) return;
        t.onHold = on;
        emit({ type: 'call.held', callId: t.callId, at: m.at, on, agentExt: null });
        return;
      }
      case 'BlindTransfer':
      case 'AttendedTransfer': {
        const prefix = m.event === 'BlindTransfer' ? 'transferer' : 'origtransferer';
        const c = this.ensure(m, prefix, emit);
        const t = this.tracks.get(c?.callId ?? h[`${prefix}linkedid`] ?? '');
        if (!t || (h.result && h.result !== 'Success')) return;
        const who = classifyChannel(h[`${prefix}channel`] ?? '', this.naming);
        const target = m.event === 'BlindTransfer' ? (h.extension ?? null) : targetOf(h.transfertargetchannel, this.naming);
        // handing the caller on is not hanging up: who ends the call is decided later
        t.hangupBy = null;
        t.hangupParty = null;
        if (who.role === 'agent' && who.ext) t.transferredFrom.add(who.ext);
        emit({ type: 'call.transferred', callId: t.callId, at: m.at, kind: m.event === 'BlindTransfer' ? 'blind' : 'attended', target, agentExt: who.role === 'agent' ? who.ext : null });
        return;
      }
      case 'MixMonitorStart':
      case 'MixMonitorStop': {
        const c = this.ensure(m, '', emit);
        if (!c) return;
        const active = m.event === 'MixMonitorStart';
        if (c.recording === active) return;
        c.recording = active;
        if (active) c.muted = 0;
        emit({ type: 'call.recording', callId: c.callId, at: m.at, ...recordingOf(c) });
        return;
      }
      case 'MixMonitorMute': {
        const c = this.ensure(m, '', emit);
        const bits = MUTE_BITS[(h.direction ?? '').toLowerCase()];
        if (!c || !bits) return;
        const before = c.muted;
        c.muted = h.state === '1' ? c.muted | bits : c.muted & ~bits;
        if (!c.recording || (before === 3) === (c.muted === 3)) return;
        emit({ type: 'call.recording', callId: c.callId, at: m.at, ...recordingOf(c) });
        return;
      }
      case 'HangupRequest':
      case 'SoftHangupRequest':
        return this.onHangupRequest(m, emit);
      case 'AgentComplete': {
        // app_queue's own word on who ended the conversation: Reason caller | agent | transfer
        const t = this.tracks.get(this.chans.get(h.uniqueid ?? '')?.callId ?? h.linkedid ?? '');
        const reason = (h.reason ?? '').toLowerCase();
        if (!t || (reason !== 'caller' && reason !== 'agent')) return;
        const ext = extensionOfInterface(h.interface, this.naming);
        if (ext && t.transferredFrom.has(ext)) return;
        this.setParty(t, reason, m.at, emit, true);
        return;
      }
      case 'Hangup':
        return this.onHangup(m, emit);
      case 'QueueMemberAdded':
      case 'QueueMemberStatus':
      case 'QueueMemberPause':
      case 'QueueMemberPenalty':
      case 'QueueMemberRinginuse': {
        const ev = this.memberEvent(m);
        if (ev) emit(ev);
        return;
      }
      case 'QueueMemberRemoved': {
        const ext = extensionOfInterface(h.interface, this.naming);
        if (ext) emit({ type: 'agent.member-removed', at: m.at, agentExt: ext, queue: h.queue ?? '' });
        return;
      }
      default:
        return;
    }
  }

  /** A QueueMember list item or QueueMember* event → agent.member. */
  memberEvent(m: AmiMessage): Extract<AgentEvent, { type: 'agent.member' }> | null {
    const h = m.h;
    const ext = extensionOfInterface(h.interface ?? h.location, this.naming);
    if (!ext) return null;
    return {
      type: 'agent.member',
      at: m.at,
      agentExt: ext,
      queue: h.queue ?? '',
      memberName: h.membername ?? h.name ?? '',
      paused: h.paused === '1' || h.paused?.toLowerCase() === 'true',
      reason: h.pausedreason ?? '',
      status: MEMBER_STATUS[h.status ?? '0'] ?? 'unknown',
      inCall: h.incall === '1',
    };
  }

  // --- channels and calls -------------------------------------------------------------------------------------

  /** The channel of an event (headers with `prefix`: '' for Channel…, 'dest' for DestChannel…), adopted if new. */
  private ensure(m: AmiMessage, prefix: string, emit: Emit): (Chan & { callId: string }) | undefined {
    const h = m.h;
    const id = h[`${prefix}uniqueid`];
    const name = h[`${prefix}channel`];
    if (!id || !name) return undefined;
    const known = this.chans.get(id);
    if (known) return known;
    if (this.gone.has(id)) return undefined;
    const callId = h[`${prefix}linkedid`] || id;
    const { role, ext } = classifyChannel(name, this.naming);
    const c = { id, name, callId, role, ext, recordingFile: null, recording: false, muted: 0 };
    this.chans.set(id, c);
    let t = this.tracks.get(callId);
    if (!t) {
      const outbound = role === 'agent' && id === callId;
      t = {
        callId, chans: new Map(), direction: outbound ? 'outbound' : 'inbound', originator: outbound ? ext : null, callerNumber: null,
        ringing: new Map(), connected: new Set(), queue: null, abandonedIn: null, inIvr: false, onHold: false, hangupBy: null, hangupParty: null, transferredFrom: new Set(), cause: null, causeText: null,
      };
      this.tracks.set(callId, t);
      const caller = outbound ? { number: null, name: null } : party(h[`${prefix}calleridnum`], h[`${prefix}calleridname`]);
      t.callerNumber = caller.number;
      const exten = h[`${prefix}exten`];
      emit({
        type: 'call.started', callId, at: m.at, direction: t.direction, caller, agentExt: t.originator,
        dialed: outbound ? null : isUnknown(exten) || exten === 's' ? null : exten!,
      });
    }
    t.chans.set(id, c);
    return c;
  }

  private trackOf(m: AmiMessage, emit: Emit): Track | undefined {
    const c = this.ensure(m, '', emit);
    return c ? this.tracks.get(c.callId) : undefined;
  }

  private onCallerId(m: AmiMessage, emit: Emit): void {
    const c = this.ensure(m, '', emit);
    const t = c && this.tracks.get(c.callId);
    // only the caller's own leg (the call's first channel) says who is calling
    if (!c || !t || t.direction !== 'inbound' || c.role === 'agent' || c.id !== t.callId) return;
    const p = party(m.h.calleridnum, m.h.calleridname);
    if (!p.number || p.number === t.callerNumber) return;
    t.callerNumber = p.number;
    emit({ type: 'call.caller', callId: t.callId, at: m.at, caller: p });
  }

  private onNewexten(m: AmiMessage, emit: Emit): void {
    const c = this.ensure(m, '', emit);
    const t = c && this.tracks.get(c.callId);
    if (!c || !t || c.role === 'agent') return;
    // the call enters the queue routing ([dl-queue] <queue>,1): it belongs to that queue even when the account
    // manager (Dial before Queue) answers it, and its wait starts here, not in the IVR
    const exten = m.h.exten ?? '';
    if (m.h.context === this.queueContext && m.h.priority === '1' && /^[a-z][a-z0-9_-]*$/.test(exten) && t.queue === null) {
      t.queue = exten;
      emit({ type: 'call.routed', callId: t.callId, at: m.at, queue: exten });
    }
    if (m.h.application?.toLowerCase() === 'stasis' && !t.inIvr) {
      const app = (m.h.appdata ?? '').split(',')[0]!.trim();
      if (this.ivrApps.includes(app)) {
        t.inIvr = true;
        emit({ type: 'call.ivr', callId: t.callId, at: m.at });
      }
    }
  }

  private onVarSet(m: AmiMessage, emit: Emit): void {
    const name = (m.h.variable ?? '').replace(/^_+/, '');
    if (name === 'MIXMONITOR_FILENAME') {
      const c = this.ensure(m, '', emit);
      if (c) c.recordingFile = m.h.value || null;
      return;
    }
    if (!name.startsWith(this.prefix)) return;
    const c = this.ensure(m, '', emit);
    // the IVR's findings sit on the caller's leg; a click-to-dial's correlation on the originated agent leg
    if (!c || (c.role === 'agent' && c.id !== c.callId)) return;
    emit({ type: 'call.vars', callId: c.callId, at: m.at, vars: { [name]: m.h.value ?? '' } });
  }

  private onAgentCalled(m: AmiMessage, emit: Emit): void {
    const t = this.trackOf(m, emit);
    const dest = this.ensure(m, 'dest', emit);
    const ext = extensionOfInterface(m.h.interface, this.naming) ?? dest?.ext ?? null;
    if (!t || !ext || t.ringing.has(ext)) return;
    t.ringing.set(ext, m.h.queue ?? null);
    emit({ type: 'call.ringing', callId: t.callId, at: m.at, agentExt: ext, queue: m.h.queue ?? null });
  }

  private onDialBegin(m: AmiMessage, emit: Emit): void {
    const src = this.ensure(m, '', emit);
    const dest = this.ensure(m, 'dest', emit);
    const t = this.tracks.get(dest?.callId ?? src?.callId ?? '');
    if (!t || !dest) return;
    if (dest.role === 'agent' && dest.ext) {
      if (t.direction === 'outbound' && dest.ext !== t.originator) t.direction = 'internal';
      if (t.ringing.has(dest.ext) || t.connected.has(dest.ext) || dest.ext === t.originator) return;
      t.ringing.set(dest.ext, null);
      emit({ type: 'call.ringing', callId: t.callId, at: m.at, agentExt: dest.ext, queue: null });
      return;
    }
    if (t.direction === 'outbound') {
      const number = numberOfDialString(m.h.dialstring) ?? (isUnknown(m.h.destcalleridnum) ? null : m.h.destcalleridnum!);
      if (number && number !== t.callerNumber) {
        t.callerNumber = number;
        emit({ type: 'call.caller', callId: t.callId, at: m.at, caller: { number, name: null } });
      }
    }
  }

  private onDialEnd(m: AmiMessage, emit: Emit): void {
    const src = this.ensure(m, '', emit);
    const dest = this.ensure(m, 'dest', emit);
    const t = this.tracks.get(dest?.callId ?? src?.callId ?? '');
    if (!t || !dest) return;
    const answered = (m.h.dialstatus ?? '').toUpperCase() === 'ANSWER';
    if (dest.role === 'agent' && dest.ext) {
      if (!t.ringing.has(dest.ext)) return;
      const queue = t.ringing.get(dest.ext) ?? null;
      if (answered) {
        // queue calls are answered by AgentConnect (after the queue has bridged them)
        if (queue === null) this.connect(t, dest.ext, null, m.at, emit);
        return;
      }
      t.ringing.delete(dest.ext);
      emit({ type: 'call.ring-ended', callId: t.callId, at: m.at, agentExt: dest.ext, reason: ringEndReason(m.h.dialstatus) });
      return;
    }
    if (t.direction === 'outbound' && answered && t.originator && !t.connected.has(t.originator)) this.connect(t, t.originator, null, m.at, emit);
  }

  private connect(t: Track, ext: string, queue: string | null, at: number, emit: Emit): void {
    t.ringing.delete(ext);
    if (t.connected.has(ext)) return;
    t.connected.add(ext);
    t.onHold = false;
    emit({ type: 'call.answered', callId: t.callId, at, agentExt: ext, queue });
  }

  /**
   * Who hangs up, from what Asterisk says rather than from which Hangup comes first: the first HangupRequest or
   * SoftHangupRequest on a channel of a connected call names the side that ended it (an agent's leg: the agent;
   * the caller's/donor's leg: the caller). Legs of an agent who transferred the call away do not count.
   */
  private onHangupRequest(m: AmiMessage, emit: Emit): void {
    const c = this.chans.get(m.h.uniqueid ?? '');
    const t = c && this.tracks.get(c.callId);
    if (!c || !t || t.hangupParty || t.connected.size === 0) return;
    if (c.role === 'agent') {
      if (!c.ext || !t.connected.has(c.ext) || t.transferredFrom.has(c.ext)) return;
      this.setParty(t, 'agent', m.at, emit, false);
    } else {
      this.setParty(t, 'caller', m.at, emit, false);
    }
  }

  private setParty(t: Track, party: 'caller' | 'agent', at: number, emit: Emit, override: boolean): void {
    if (t.hangupParty === party || (t.hangupParty && !override)) return;
    t.hangupParty = party;
    emit({ type: 'call.hangup-party', callId: t.callId, at, party });
  }

  private onHangup(m: AmiMessage, emit: Emit): void {
    const c = this.ensure(m, '', emit);
    if (!c) return;
    const t = this.tracks.get(c.callId);
    this.chans.delete(c.id);
    this.gone.add(c.id);
    if (this.gone.size > 20_000) for (const id of this.gone) {
      this.gone.delete(id);
      if (this.gone.size <= 15_000) break;
    }
    if (!t) return;
    t.chans.delete(c.id);
    const cause = m.h.cause !== undefined && m.h.cause !== '' ? Number(m.h.cause) : null;
    if (c.recording) {
      c.recording = false;
      emit({ type: 'call.recording', callId: t.callId, at: m.at, ...recordingOf(c) });
    }
    if (c.role === 'agent' && c.ext) {
      if (!t.hangupBy && t.connected.has(c.ext)) t.hangupBy = 'agent';
      const stillThere = [...t.chans.values()].some((o) => o.ext === c.ext);
      if (!stillThere) {
        if (t.ringing.has(c.ext)) {
          t.ringing.delete(c.ext);
          emit({ type: 'call.ring-ended', callId: t.callId, at: m.at, agentExt: c.ext, reason: cause === 17 ? 'busy' : cause === 19 || cause === 18 ? 'no-answer' : 'cancelled' });
        }
        if (t.connected.delete(c.ext) && t.chans.size > 0) emit({ type: 'call.agent-left', callId: t.callId, at: m.at, agentExt: c.ext });
      }
      if (t.direction !== 'inbound' && c.ext === t.originator && cause !== null) {
        t.cause ??= cause;
        t.causeText ??= m.h['cause-txt'] ?? null;
      }
    } else {
      if (!t.hangupBy && (t.connected.size > 0 || t.direction === 'inbound')) t.hangupBy = 'caller';
      if (cause !== null && (t.cause === null || c.id === t.callId)) {
        t.cause = cause;
        t.causeText = m.h['cause-txt'] ?? null;
      }
    }
    if (t.chans.size === 0) {
      this.tracks.delete(t.callId);
      emit({ type: 'call.ended', callId: t.callId, at: m.at, cause: t.cause, causeText: t.causeText, hangupBy: t.hangupParty ?? t.hangupBy ?? 'unknown' });
    }
  }

  // --- resync ----------------------------------------------------------------------------------------------------

  /**
   * Replaces the channel table with what Asterisk reports now (CoreShowChannels items, Status items with the
   * DL_* variables, QueueStatus items) and emits one `call.snapshot` per live call, then `pbx.resynced`.
   */
  adoptSnapshot(input: { channels: readonly AmiMessage[]; status: readonly AmiMessage[]; queue: readonly AmiMessage[]; stasis?: ReadonlySet<string>; at: number }, emit: Emit): void {
    this.chans.clear();
    this.tracks.clear();
    const vars = new Map<string, Record<string, string>>();
    for (const s of input.status) if (s.h.uniqueid && s.vars) vars.set(s.h.uniqueid, s.vars);
    const waits = new Map<string, number>();
    for (const q of input.queue) if (q.event === 'QueueEntry' && q.h.uniqueid) waits.set(q.h.uniqueid, Number(q.h.wait) || 0);

    interface Row { m: AmiMessage; role: ChannelRole; ext: string | null; bridge: string; state: string; app: string; data: string; seconds: number }
    const byCall = new Map<string, Row[]>();
    for (const m of input.channels) {
      const h = m.h;
      if (!h.uniqueid || !h.channel || isSpyLeg(h)) continue;
      const callId = h.linkedid || h.uniqueid;
      const { role, ext } = classifyChannel(h.channel, this.naming);
      const row: Row = { m, role, ext, bridge: h.bridgeid ?? '', state: (h.channelstatedesc ?? '').toLowerCase(), app: (h.application ?? '').toLowerCase(), data: h.applicationdata ?? h.data ?? '', seconds: durationSeconds(h.duration) };
      let list = byCall.get(callId);
      if (!list) byCall.set(callId, (list = []));
      list.push(row);
    }

    const callIds: string[] = [];
    for (const [callId, rows] of byCall) {
      callIds.push(callId);
      const first = rows.find((r) => r.m.h.uniqueid === callId) ?? rows.find((r) => r.role !== 'agent') ?? rows[0]!;
      const outbound = first.role === 'agent' && first.m.h.uniqueid === callId;
      const callerRows = rows.filter((r) => r.role !== 'agent');
      const agentRows = rows.filter((r) => r.role === 'agent' && r.ext);
      const t: Track = {
        callId, chans: new Map(), direction: outbound ? 'outbound' : 'inbound', originator: outbound ? first.ext : null, callerNumber: null,
        ringing: new Map(), connected: new Set(), queue: null, abandonedIn: null, inIvr: false, onHold: false, hangupBy: null, hangupParty: null, transferredFrom: new Set(), cause: null, causeText: null,
      };
      const callVars: Record<string, string> = {};
      const recordings: RecordingState[] = [];
      for (const r of rows) {
        const c = { id: r.m.h.uniqueid!, name: r.m.h.channel!, callId, role: r.role, ext: r.ext, recordingFile: null as string | null, recording: false, muted: 0 };
        const v = vars.get(c.id);
        if (v) {
          const rec = v.MIXMONITOR_FILENAME;
          if (rec) {
            c.recordingFile = rec;
            c.recording = true;
            c.muted = v[PAUSED_VAR] === '1' ? 3 : 0;
            recordings.push(recordingOf(c));
          }
          if (r.role !== 'agent') for (const [k, val] of Object.entries(v)) if (k.startsWith(this.prefix) && val !== '') callVars[k] = val;
        }
        this.chans.set(c.id, c);
        t.chans.set(c.id, c);
      }
      const bridgedAgent = agentRows.find((a) => a.bridge && rows.some((o) => o !== a && o.bridge === a.bridge && (o.role !== 'agent' || outbound)));
      const queueRow = callerRows.find((r) => r.app === 'queue');
      const stasisRow = callerRows.find((r) => r.app === 'stasis' || input.stasis?.has(r.m.h.uniqueid!));
      let phase: 'ivr' | 'queued' | 'ringing' | 'connected' | 'on-hold' | 'other' = 'other';
      const ringingExts: string[] = [];
      if (bridgedAgent) {
        phase = 'connected';
        t.connected.add(bridgedAgent.ext!);
      } else {
        for (const a of agentRows) if (a.state === 'ringing' || a.state === 'ring' || a.state === 'down') ringingExts.push(a.ext!);
        if (ringingExts.length && !outbound) phase = 'ringing';
        else if (queueRow) phase = 'queued';
        else if (stasisRow) phase = 'ivr';
      }
      if (queueRow) t.queue = queueRow.data.split(',')[0]!.trim() || null;
      for (const e of ringingExts) t.ringing.set(e, t.queue);
      t.inIvr = phase === 'ivr';
      const callerRow = outbound ? undefined : (callerRows.find((r) => r.m.h.uniqueid === callId) ?? callerRows[0]);
      const caller = outbound
        ? party(first.m.h.connectedlinenum, first.m.h.connectedlinename)
        : party(callerRow?.m.h.calleridnum, callerRow?.m.h.calleridname);
      t.callerNumber = caller.number;
      const seconds = Math.max(0, ...rows.map((r) => r.seconds));
      const exten = first.m.h.exten;
      const snapshot: CallEvent = {
        type: 'call.snapshot', callId, at: input.at, startedAt: input.at - seconds * 1000, direction: t.direction, caller,
        dialed: outbound || isUnknown(exten) || exten === 's' ? null : exten!, phase, queue: t.queue, agentExt: bridgedAgent?.ext ?? null, ringingExts,
        vars: callVars, waitSeconds: queueRow ? (waits.get(queueRow.m.h.uniqueid!) ?? null) : null, recordings,
      };
      this.tracks.set(callId, t);
      emit(snapshot);
    }
    const members: Array<Extract<AgentEvent, { type: 'agent.member' }>> = [];
    for (const q of input.queue) {
      if (q.event !== 'QueueMember') continue;
      const ev = this.memberEvent(q);
      if (ev) members.push(ev);
    }
    emit({ type: 'pbx.resynced', at: input.at, callIds, members });
  }
}

/** A channel's recording in domain words: keyed by the recorded leg, owned by its agent (or the caller's side). */
function recordingOf(c: Chan): RecordingState {
  return { key: c.id, file: c.recordingFile, active: c.recording, paused: c.recording && c.muted === 3, agentExt: c.role === 'agent' ? c.ext : null };
}

/** The extension an attended transfer consulted: the agent's device, or the exten of the Local channel dialled. */
function targetOf(channel: string | undefined, naming: ChannelNaming): string | null {
  if (!channel) return null;
  const c = classifyChannel(channel, naming);
  if (c.ext) return c.ext;
  return /^Local\/([^@]+)@/i.exec(channel)?.[1] ?? null;
}

function durationSeconds(d: string | undefined): number {
  if (!d) return 0;
  const parts = d.split(':').map(Number);
  if (parts.some((p) => !Number.isFinite(p))) return 0;
  return parts.reduce((acc, p) => acc * 60 + p, 0);
}
