/**
 * Live monitoring over the socket (监听 / 耳语 / 强插): the supervisor's commands and what the bridge tells back.
 * A supervisor holds at most one monitoring session; `monitor:mode` and `monitor:stop` act on it.
 */
import type { MonitorMode, MonitorSpan } from '../monitor/monitor-rules.js';
import type { AckFn } from './ack.js';

/**
 * ringing: the supervisor's phone rings (answered for them where the desk can);
 * active: ChanSpy runs on the agent's channel; ended: the supervisor stopped, hung up, or the call ended.
 */
export type MonitorState = 'ringing' | 'active' | 'ended';

export type MonitorEndReason = 'stopped' | 'supervisor-hangup' | 'call-ended' | 'not-answered' | 'failed';

export interface MonitorSessionDto {
  sessionId: string;
  callId: string;
  /** The monitored agent's extension and name (the donor's number is never part of it). */
  agentExtension: string;
  agentName: string | null;
  /** The supervisor's extension (whose phone carries the spy leg). */
  extension: string;
  mode: MonitorMode;
  state: MonitorState;
  startedAt: string;
  spans: MonitorSpan[];
  endedAt: string | null;
  endReason: MonitorEndReason | null;
}

export interface MonitorClientEvents {
  /**
   * Start monitoring a live call (by callId) or an agent's current call (by extension) in a mode. Refused with
   * FORBIDDEN (role or mode not allowed), NOT_LOGGED_IN (no seat: the supervisor's phone must ring), NO_ACTIVE_CALL
   * (the call or the agent is not talking), CONFLICT (already monitoring: stop first, or it is your own call).
   */
  'monitor:start': (p: { callId: string; mode: MonitorMode } | { agent: string; mode: MonitorMode }, ack: AckFn<MonitorSessionDto>) => void;
  /** Switch the running session's mode (ChanSpy keys 4/5/6). */
  'monitor:mode': (p: { mode: MonitorMode }, ack: AckFn<MonitorSessionDto>) => void;
  /** End the running session (the supervisor's spy leg hangs up); null when there was none. */
  'monitor:stop': (p: Record<string, never>, ack: AckFn<MonitorSessionDto | null>) => void;
}

export interface MonitorServerEvents {
  /** The supervisor's own session changed (to the supervisor's sockets only); `ended` is the last one. */
  'monitor:state': (s: MonitorSessionDto) => void;
}
