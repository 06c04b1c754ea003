/**
 * What the telephony layer tells the rest of the bridge, in the domain's words. Produced from AMI events by
 * ami-translator.ts (and from a resync snapshot); consumed by the call registry and the agent service. No
 * Asterisk vocabulary leaves pbx/: a call is its `callId` (the Linkedid), an agent is its extension.
 */
export interface Party {
  /** The number as the network delivered it (raw, not normalised); null when unknown. */
  number: string | null;
  name: string | null;
}

export type CallDirectionHint = 'inbound' | 'outbound' | 'internal';

interface Base {
  callId: string;
  /** When it happened (ms since the epoch; the AMI event's arrival at the bridge). */
  at: number;
}

export type CallEvent =
  | (Base & { type: 'call.started'; direction: CallDirectionHint; caller: Party; dialed: string | null; agentExt: string | null })
  | (Base & { type: 'call.caller'; caller: Party })
  | (Base & { type: 'call.ivr' })
  | (Base & { type: 'call.vars'; vars: Readonly<Record<string, string>> })
  | (Base & { type: 'call.queued'; queue: string; position: number })
  | (Base & { type: 'call.dequeued'; queue: string; abandoned: boolean })
  | (Base & { type: 'call.ringing'; agentExt: string; queue: string | null })
  | (Base & { type: 'call.ring-ended'; agentExt: string; reason: 'no-answer' | 'busy' | 'cancelled' | 'failed' })
  | (Base & { type: 'call.answered'; agentExt: string | null; queue: string | null })
  | (Base & { type: 'call.agent-left'; agentExt: string })
  | (Base & { type: 'call.held'; on: boolean; agentExt: string | null })
  | (Base & { type: 'call.transferred'; kind: 'blind' | 'attended'; target: string | null; agentExt: string | null })
  | (Base & { type: 'call.recording' } & RecordingState)
  /** The call entered the queue routing (the dialplan's queue context: the account manager first, then Queue). */
  | (Base & { type: 'call.routed'; queue: string })
  /** Who ends the call, from HangupRequest/SoftHangupRequest (on whose channel) and AgentComplete's Reason. */
  | (Base & { type: 'call.hangup-party'; party: 'caller' | 'agent' })
  | (Base & { type: 'call.ended'; cause: number | null; causeText: string | null; hangupBy: 'caller' | 'agent' | 'system' | 'unknown' })
  | (Base & { type: 'call.snapshot' } & CallSnapshot);

/**
 * One recording of a call (MixMonitor on one of its channels). `key` tells recordings of the same call apart (the
 * recorded leg); `agentExt` is the agent whose leg is recorded (null: the caller's or donor's leg); `paused` while
 * both directions are muted (MixMonitorMute).
 */
export interface RecordingState {
  key: string;
  file: string | null;
  active: boolean;
  paused: boolean;
  agentExt: string | null;
}

/** A call as found in Asterisk by a resync (after the bridge or the link started again). */
export interface CallSnapshot {
  startedAt: number;
  direction: CallDirectionHint;
  caller: Party;
  dialed: string | null;
  phase: 'ivr' | 'queued' | 'ringing' | 'connected' | 'on-hold' | 'other';
  queue: string | null;
  /** The agent in conversation (connected / on hold). */
  agentExt: string | null;
  ringingExts: string[];
  vars: Readonly<Record<string, string>>;
  /** Seconds already waited in the queue (queued calls). */
  waitSeconds: number | null;
  /** Recordings running now (channels with MIXMONITOR_FILENAME). */
  recordings: RecordingState[];
}

export type AgentMemberStatus = 'free' | 'ringing' | 'busy' | 'on-hold' | 'unavailable' | 'unknown';

export type AgentEvent =
  | { type: 'agent.member'; at: number; agentExt: string; queue: string; memberName: string; paused: boolean; reason: string; status: AgentMemberStatus; inCall: boolean }
  | { type: 'agent.member-removed'; at: number; agentExt: string; queue: string };

/** After a resync: every call Asterisk still has. Calls not listed are over. */
export interface ResyncedEvent {
  type: 'pbx.resynced';
  at: number;
  callIds: readonly string[];
  members: ReadonlyArray<Extract<AgentEvent, { type: 'agent.member' }>>;
}

export type PbxEvent = CallEvent | AgentEvent | ResyncedEvent;
export type CallEventOf<T extends CallEvent['type']> = Extract<CallEvent, { type: T }>;
