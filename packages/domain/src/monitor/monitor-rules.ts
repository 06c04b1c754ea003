/**
 * Live monitoring of an agent's call by a supervisor (监听 / 耳语 / 强插) — the pure rules both the bridge and the desk
 * apply: the modes, who may use which, and how a mode maps to the PBX (the [dl-spy] extension that starts in it, the
 * ChanSpy key that switches to it). The PBX side lives in the bridge (monitor/), the dialplan in asterisk/.
 */
import type { Role } from '../agents/agent.types.js';

/** listen: silent (the supervisor hears both); whisper: only the agent hears the supervisor; barge: three-way. */
export const MONITOR_MODES = ['listen', 'whisper', 'barge'] as const;
export type MonitorMode = (typeof MONITOR_MODES)[number];

/** ChanSpy's option `d`: DTMF 4 spy, 5 whisper, 6 barge (sent as PlayDTMF Receive: true on the spy leg). */
export const MONITOR_MODE_DIGIT: Readonly<Record<MonitorMode, '4' | '5' | '6'>> = { listen: '4', whisper: '5', barge: '6' };

/** The [dl-spy] extension that starts ChanSpy in that mode. */
export const MONITOR_MODE_EXTEN: Readonly<Record<MonitorMode, string>> = { listen: 'listen', whisper: 'whisper', barge: 'barge' };

/**
 * The caller name the supervisor's phone shows for the spy leg (`监听 8001`). The desk's WebRTC softphone answers a
 * call with this name by itself while its own monitoring request waits for the phone (shouldAutoAnswerSpyLeg): the
 * supervisor clicked 监听 a moment ago, a second click on the phone would only delay it.
 */
export const MONITOR_CALLER_PREFIX = '监听';

export function monitorCallerName(agentExtension: string): string {
  return `${MONITOR_CALLER_PREFIX} ${agentExtension}`;
}

/** A ringing call on the supervisor's softphone is their spy leg: its name says so and a monitoring start is pending. */
export function shouldAutoAnswerSpyLeg(callerName: string, waiting: boolean): boolean {
  return waiting && callerName.startsWith(`${MONITOR_CALLER_PREFIX} `);
}

/**
 * Who may use which mode. Supervisors (班长): all three — coaching (whisper) and taking over a difficult call (barge)
 * are theirs. Quality managers (质检) monitor live calls silently (seed 003 实时监听) but never speak into a donor's
 * call; they need a seat (their phone rings) like the supervisor. Agents and admins: none (an admin configures, he
 * does not supervise calls).
 */
export const MONITOR_MODES_BY_ROLE: Readonly<Record<Role, readonly MonitorMode[]>> = {
  supervisor: MONITOR_MODES,
  quality: ['listen'],
  agent: [],
  admin: [],
};

export function monitorModesFor(role: Role): readonly MonitorMode[] {
  return MONITOR_MODES_BY_ROLE[role] ?? [];
}

export function mayMonitor(role: Role, mode?: MonitorMode): boolean {
  const modes = monitorModesFor(role);
  return mode === undefined ? modes.length > 0 : modes.includes(mode);
}

export function isMonitorMode(v: unknown): v is MonitorMode {
  return typeof v === 'string' && (MONITOR_MODES as readonly string[]).includes(v);
}

/** One stretch of a monitoring session in one mode (the audit's from–to). */
export interface MonitorSpan {
  mode: MonitorMode;
  from: string;
  to: string | null;
}

/** The spans after switching to `mode` at `at` (ISO): the open span is closed, a new one opened. */
export function switchSpan(spans: readonly MonitorSpan[], mode: MonitorMode, at: string): MonitorSpan[] {
  const out = spans.map((s) => (s.to === null ? { ...s, to: at } : s));
  out.push({ mode, from: at, to: null });
  return out;
}

/** Closes the open span (the session ended at `at`). */
export function closeSpans(spans: readonly MonitorSpan[], at: string): MonitorSpan[] {
  return spans.map((s) => (s.to === null ? { ...s, to: at } : s));
}

/** Seconds per mode over closed spans (a report of how the session was spent). */
export function secondsByMode(spans: readonly MonitorSpan[]): Record<MonitorMode, number> {
  const out: Record<MonitorMode, number> = { listen: 0, whisper: 0, barge: 0 };
  for (const s of spans) {
    if (s.to === null) continue;
    out[s.mode] += Math.max(0, Math.round((Date.parse(s.to) - Date.parse(s.from)) / 1000));
  }
  return out;
}
