/**
 * The lower port under the flow context: what a telephony channel can do, in media terms. The ARI adapter
 * (ari-channel.ts) implements it over Asterisk; the scripted fake (testing/fake-channel.ts) implements it for
 * unit tests. The flow context (channel-flow-context.ts) adds prompts, barge-in, gathering and retries on top.
 */
import type { CallerInfo, Lang } from './flow-context.js';

export interface PlayRequest {
  /** Media URIs in Asterisk's form ('sound:donorline/welcome', 'recording:msg-1'), played back to back. */
  media: string[];
  lang: Lang;
  /** Stop as soon as the caller presses a key (the key stays in the buffer). */
  bargeIn: boolean;
}

export interface ChannelRecordRequest {
  name: string;
  maxSeconds: number;
  maxSilenceSeconds: number;
  beep: boolean;
  terminateOn: string;
}

export interface ChannelRecordResult {
  durationSeconds: number;
  endedBy: 'key' | 'silence' | 'max' | 'hangup';
}

export interface MediaChannel {
  readonly id: string;
  readonly caller: CallerInfo;
  /** Aborted when the caller hangs up or the channel disappears. */
  readonly signal: AbortSignal;
  /** True once the channel left the application (continued in dialplan, hung up or destroyed). */
  readonly gone: boolean;

  answer(): Promise<void>;
  /** Resolves 'done' when everything played, 'interrupted' when a key stopped it (bargeIn only). */
  play(req: PlayRequest): Promise<'done' | 'interrupted'>;
  /** Next key from the buffer, waiting up to timeoutMs; null on timeout. */
  nextDigit(timeoutMs: number): Promise<string | null>;
  /** Drops buffered keys (before a fresh prompt after an apology). */
  flushDigits(): void;
  record(req: ChannelRecordRequest): Promise<ChannelRecordResult>;
  setVar(name: string, value: string): Promise<void>;
  /** Null when the variable is not set. */
  getVar(name: string): Promise<string | null>;
  /** Leaves the application and continues in the dialplan. */
  continueInDialplan(context: string, extension: string, priority: number): Promise<void>;
  hangup(): Promise<void>;
}
