/**
 * The port every flow is written against: a small, Asterisk-free vocabulary for a phone conversation.
 * Barge-in, timeouts, retries and caller-hangup cancellation live behind it (channel-flow-context.ts), so a flow
 * reads as a straight line of `await ctx.…` calls. When the caller hangs up, the pending call rejects with
 * CallerHungUp and the flow unwinds; flows never need to catch it.
 */
import type { IvrPathStep, IvrTopic, IvrVerifiedBy, LocalDate, RoutingReason } from '@donorline/domain';
import type { PromptId } from '../prompts/prompt-catalogue.js';

export type Lang = 'zh' | 'en';

/** One thing to say. A bare string is a prompt id from the catalogue. */
export type Utterance =
  | PromptId
  | { prompt: PromptId; lang?: Lang } // lang: say this one in another language (the English offer on a Mandarin line)
  | { number: number } // a quantity: 一百二十三 / one hundred twenty-three
  | { digits: string } // digit by digit: 幺三八… / one three eight…
  | { date: LocalDate; weekday?: boolean } // 11月25日 星期三 / Wednesday, November twenty-fifth
  | { time: string } // 'HH:MM' → 下午两点半 / two thirty p m
  | { weekday: number } // ISO 1 = Monday … 7 = Sunday
  | { recording: string } // a stored recording (voice message, call recording) by its name
  | { sound: string } // a data-driven sound under the donorline folder (e.g. 'sites/QD01-name')
  | { file: string } // an audio file on the PBX host by absolute path (a call recording, a staff reply)
  | { silence: number }; // milliseconds

export interface GatherOptions {
  /** Played with barge-in: the first key press stops it and counts as input. */
  prompt: Utterance[];
  maxDigits: number;
  /** Ends input early (not part of the digits). Default '#'; null for none. */
  terminator?: string | null;
  /** Wait for the first key after the prompt ends. Default 5000 ms. */
  firstDigitTimeoutMs?: number;
  /** Wait between keys. Default 3000 ms. */
  interDigitTimeoutMs?: number;
  /** Extra attempts after the first. Default 2 (three tries in all). */
  retries?: number;
  /** Accept or refuse the input; refused input gets the spoken apology and a retry. */
  valid?: (digits: string) => boolean;
  /** Spoken after refused input before the re-prompt. Default 'invalid-input'. */
  invalidPrompt?: Utterance[];
  /** Spoken after silence before the re-prompt. Default 'no-input'. */
  noInputPrompt?: Utterance[];
  /** Prompt for attempts after the first (default: the prompt again). */
  reprompt?: Utterance[];
}

export type GatherResult =
  | { status: 'ok'; digits: string; attempts: number }
  | { status: 'timeout'; attempts: number } // nothing entered on the last attempt
  | { status: 'invalid'; digits: string; attempts: number }; // refused on the last attempt

export interface RecordOptions {
  maxSeconds: number;
  /** Stop after this much silence; 0 = never. */
  maxSilenceSeconds?: number;
  beep?: boolean;
  /** Key that ends the recording. Default '#'. */
  terminateOn?: string;
}

export interface RecordResult {
  /** Stored recording name (playable with { recording: name }). */
  name: string;
  durationSeconds: number;
  endedBy: 'key' | 'silence' | 'max' | 'hangup';
}

export interface QueueTarget {
  queue: string;
  priority: number;
  /** Extension tried first (the donor's account manager), then the queue. */
  preferredAgent: string | null;
  preferredSecs: number;
  /** Why the preferred agent is tried first (shown on their pop). */
  reason: RoutingReason | null;
}

export interface CallerInfo {
  number: string;
  name: string;
}

/**
 * What the IVR learned on this call. It travels with the call to the agent as channel variables (IVR_VARS) that
 * the bridge reads into the screen-pop, and it drives routing (account manager first, green channel).
 */
export interface CallFindings {
  donorId: number | null;
  /** Donors sharing the caller's number, when the caller did not pick one. */
  candidates: number[];
  verified: boolean;
  verifiedBy: IvrVerifiedBy | null;
  /** Steps taken, e.g. ['welcome', 'menu:2', 'booking', 'agent']. */
  path: string[];
  topic: IvrTopic | null;
  /**
   * The donor recognised by the caller's number alone, at the start of the call: only when the number belongs to
   * exactly one donor (a family phone recognises nobody). Not a verification — no personal data is told on it —
   * but enough to ring that donor's account manager first and to give a repeat donor the green channel.
   */
  recognisedDonorId: number | null;
  /** Of the donor the IVR knows (verified, else recognised): counted donations and account manager, for routing. */
  donationCount: number | null;
  accountManagerId: number | null;
}

export function emptyFindings(): CallFindings {
  return { donorId: null, candidates: [], verified: false, verifiedBy: null, path: [], topic: null, recognisedDonorId: null, donationCount: null, accountManagerId: null };
}

export interface FlowContext {
  /** The caller channel's id (Asterisk: the channel's Uniqueid). */
  readonly callId: string;
  /** What the IVR learned so far; flows fill it in, the hand-off publishes it. */
  readonly findings: CallFindings;
  /** Appends a step to findings.path (a node of IVR_STEPS, optionally ':' and a detail). */
  step(name: IvrPathStep): void;
  /** Reads a channel variable (e.g. the linkedid, or variables set before the survey re-entry). */
  getVar(name: string): Promise<string | null>;
  readonly caller: CallerInfo;
  /** Stasis arguments after the flow name (e.g. the dialled number). */
  readonly args: readonly string[];
  /** Aborted when the caller hangs up (or the runtime shuts down). */
  readonly signal: AbortSignal;
  readonly lang: Lang;
  setLang(lang: Lang): void;
  /** The center's clock (injectable for tests). */
  now(): Date;

  answer(): Promise<void>;
  /** Plays without barge-in (key presses are kept for the next gather). */
  say(...items: Utterance[]): Promise<void>;
  /** Plays with barge-in; true when a key stopped it (the key stays buffered for the next gather/menu). */
  sayInterruptible(...items: Utterance[]): Promise<boolean>;
  gather(options: GatherOptions): Promise<GatherResult>;
  /** One-key menu: prompt, accept only `keys`, retries with apology. Null when the caller never chose. */
  menu(prompt: Utterance[], keys: readonly string[], options?: Partial<GatherOptions>): Promise<string | null>;
  record(options: RecordOptions): Promise<RecordResult>;
  setVars(vars: Readonly<Record<string, string>>): Promise<void>;
  /** Sets the queue variables and hands the call to the dialplan queue context. The flow must return after it. */
  toQueue(target: QueueTarget): Promise<void>;
  /** Ends the call politely from the IVR side. */
  hangup(): Promise<void>;
  /** True once the call has left the IVR (queue hand-off or hang-up). */
  readonly finished: boolean;
}

/** Rejection reason of every pending context call once the caller has gone. */
export class CallerHungUp extends Error {
  override readonly name = 'CallerHungUp';
  constructor(readonly callId: string) {
    super(`caller hung up (${callId})`);
  }
}

export function isCallerHungUp(e: unknown): e is CallerHungUp {
  return e instanceof CallerHungUp;
}
