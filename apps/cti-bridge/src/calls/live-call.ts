import { IVR_VARS, IVR_VERIFIED_BY, type SegmentEndReason, maskNumbersInText, maskPhone, normalizePhone, type CallDirection, type CallState, type HangupParty, type IvrFindings, type IvrVerifiedBy, type PhoneOptions } from '@donorline/domain';

/** An agent's part in a call. */
export interface AgentLeg {
  ext: string;
  /** When the agent's phone started ringing (null: never rang, e.g. adopted connected after a resync). */
  ringingAt: number | null;
  /** The queue that rang the agent (null for a direct dial: the account manager, a transfer, click-to-dial). */
  queue: string | null;
  answeredAt: number | null;
  /** When this agent's part ended (stopped ringing, hung up, transferred away, call ended). */
  endedAt: number | null;
  /** How it ended for this agent. */
  outcome: 'answered' | 'missed' | 'transferred' | null;
  /** Hold while this agent was the one in conversation (ms, closed holds). */
  holdMs: number;
  /** Why the agent's segment ended (a transfer is known when it happens; a hang-up when the call ends). */
  endReason: SegmentEndReason | null;
}

/** One recording of a call: a leg the PBX records (an agent's, or the caller's/donor's side when agentExt is null). */
export interface LiveRecording {
  key: string;
  /** Where the PBX writes it (its own path, e.g. /var/spool/asterisk/monitor/…); null until reported. */
  file: string | null;
  agentExt: string | null;
  /** Running (MixMonitor started and not stopped). */
  active: boolean;
  /** Paused by the agent (both directions muted): the file gets silence meanwhile. */
  paused: boolean;
  startedAt: number | null;
}

/** A call in progress as the bridge tracks it (one per Linkedid), in domain terms. */
export interface LiveCall {
  readonly callId: string;
  direction: CallDirection;
  /** The other party's number as the network delivered it; never sent to the desk or logged unmasked. */
  callerNumber: string | null;
  callerE164: string | null;
  callerMasked: string;
  /** CallerID name, with any number in it masked (setCaller). */
  callerName: string | null;
  dialed: string | null;
  state: CallState;
  startedAt: number;
  ivrAt: number | null;
  queue: string | null;
  queuedAt: number | null;
  answeredAt: number | null;
  /** The agent in conversation now. */
  agentExt: string | null;
  /** Every agent the call rang or reached, by extension. */
  legs: Map<string, AgentLeg>;
  heldSince: number | null;
  holdMs: number;
  transferred: boolean;
  transferTarget: string | null;
  /** Every recording of the call (one per recorded leg), by key, in the order they started. */
  recordings: Map<string, LiveRecording>;
  /** The IVR's channel variables (DL_*). */
  vars: Record<string, string>;
  endedAt: number | null;
  hangupBy: HangupParty | null;
  hangupCause: string | null;
  /** The agent whose phone placed a click-to-dial call. */
  originator: string | null;
  /** The donor the agent dialled (click-to-dial), known before the number is looked up. */
  dialDonorId: number | null;
  /** Adopted from a resync rather than followed from its first event. */
  resumed: boolean;
}

export function setCaller(call: LiveCall, number: string | null, name: string | null, phone: PhoneOptions): boolean {
  // the network's CallerID name can be a number ("13800138000"): masked here, so pops, socket traffic, logs and
  // anything stored from the live call only ever see 138****8000
  if (name !== null) call.callerName = maskNumbersInText(name);
  if (!number || number === call.callerNumber) return false;
  call.callerNumber = number;
  const n = normalizePhone(number, phone);
  call.callerE164 = n?.e164 ?? null;
  call.callerMasked = maskPhone(n?.e164 ?? number);
  return true;
}

export function newLiveCall(callId: string, at: number, direction: CallDirection): LiveCall {
  return {
    callId, direction, callerNumber: null, callerE164: null, callerMasked: '', callerName: null, dialed: null,
    state: direction === 'inbound' ? 'ivr' : 'ringing', startedAt: at, ivrAt: null, queue: null, queuedAt: null, answeredAt: null,
    agentExt: null, legs: new Map(), heldSince: null, holdMs: 0, transferred: false, transferTarget: null, recordings: new Map(),
    vars: {}, endedAt: null, hangupBy: null, hangupCause: null, originator: null, dialDonorId: null, resumed: false,
  };
}

/**
 * The recording an agent's desk shows and "record on demand" acts on: the agent's own leg's, else the other party's
 * side (a click-to-dial records the donor's leg) — a running one first, else the latest.
 */
export function deskRecording(call: LiveCall, ext: string): LiveRecording | null {
  let latest: LiveRecording | null = null;
  for (const r of call.recordings.values()) {
    if (r.agentExt !== ext && r.agentExt !== null) continue;
    if (r.active) return r;
    latest = r;
  }
  return latest;
}

/** The IVR's findings as the pop shows them, from the DL_* channel variables. */
export function ivrFindingsOf(vars: Readonly<Record<string, string>>): IvrFindings {
  const path = (vars[IVR_VARS.path] ?? '').split('>').map((s) => s.trim()).filter(Boolean);
  const by = vars[IVR_VARS.verifiedBy] ?? '';
  const donorId = Number(vars[IVR_VARS.donorId]);
  const lang = vars[IVR_VARS.lang];
  return {
    path,
    verified: vars[IVR_VARS.verified] === '1',
    verifiedBy: (IVR_VERIFIED_BY as readonly string[]).includes(by) ? (by as IvrVerifiedBy) : null,
    topic: vars[IVR_VARS.topic] || null,
    lang: lang === 'zh' || lang === 'en' ? lang : null,
    donorId: Number.isInteger(donorId) && donorId > 0 ? donorId : null,
  };
}

/** Donor ids the IVR named as candidates for a shared number. */
export function ivrCandidatesOf(vars: Readonly<Record<string, string>>): number[] {
  return (vars[IVR_VARS.candidates] ?? '').split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
}

export function priorityOf(vars: Readonly<Record<string, string>>): number {
  const p = Number(vars[IVR_VARS.priority]);
  return Number.isFinite(p) ? p : 0;
}

/** Seconds from a to b (never negative). */
export function secondsBetween(a: number | null, b: number | null): number {
  if (a === null || b === null) return 0;
  return Math.max(0, (b - a) / 1000);
}

/** Total hold time including a hold in progress. */
export function holdSecondsAt(call: LiveCall, at: number): number {
  return (call.holdMs + (call.heldSince !== null ? Math.max(0, at - call.heldSince) : 0)) / 1000;
}
