/**
 * Wallboard colour thresholds and alerts: pure, so the desk and the tests apply the same rules. Levels: 'ok' (green),
 * 'warn' (amber), 'alert' (red). Defaults follow common practice in Chinese hotlines (a caller waiting a minute is
 * late; two minutes is an incident); every value is configurable.
 */
export type AlertLevel = 'ok' | 'warn' | 'alert';

export interface WallboardThresholds {
  longWaitWarnSeconds: number;
  longWaitAlertSeconds: number;
  waitingWarn: number;
  waitingAlert: number;
  wrapUpAlertSeconds: number;
  pauseAlertSeconds: number;
  /** Service level below target → warn; below target − this margin → alert. */
  slAlertMargin: number;
  abandonWarnRate: number;
  abandonAlertRate: number;
}

export const DEFAULT_WALLBOARD_THRESHOLDS: Readonly<WallboardThresholds> = Object.freeze({
  longWaitWarnSeconds: 60,
  longWaitAlertSeconds: 120,
  waitingWarn: 3,
  waitingAlert: 6,
  wrapUpAlertSeconds: 120,
  pauseAlertSeconds: 900,
  slAlertMargin: 0.1,
  abandonWarnRate: 0.05,
  abandonAlertRate: 0.1,
});

/** Higher is worse: ≥ alert → 'alert', ≥ warn → 'warn'. */
export function levelAbove(v: number, warn: number, alert: number): AlertLevel {
  return v >= alert ? 'alert' : v >= warn ? 'warn' : 'ok';
}

/** Service level colour against its target (null = nothing offered yet: ok). */
export function serviceLevelLevel(sl: number | null, target: number, margin: number): AlertLevel {
  if (sl === null || sl >= target) return 'ok';
  return sl < target - margin ? 'alert' : 'warn';
}

export type WallboardAlertKind = 'long-wait' | 'many-waiting' | 'service-level' | 'abandon-rate' | 'wrap-up-long' | 'pause-long' | 'tasks-overdue';

export interface WallboardAlert {
  kind: WallboardAlertKind;
  level: Exclude<AlertLevel, 'ok'>;
  /** A queue name, an agent's extension, or 'work' for the work queue. */
  subject: string;
  /** The value that tripped it (seconds, a count, or a rate 0..1). */
  value: number;
}

export interface QueueAlertInput {
  queue: string;
  waiting: number;
  longestWaitSeconds: number;
  serviceLevel: number | null;
  abandonRate: number | null;
}

export interface AgentAlertInput {
  extension: string;
  state: string;
  secondsInState: number;
}

/** Every alert the wallboard shows now, worst first. */
export function wallboardAlerts(
  input: { queues: readonly QueueAlertInput[]; agents: readonly AgentAlertInput[]; overdueTasks: number; slTarget: number },
  th: WallboardThresholds = DEFAULT_WALLBOARD_THRESHOLDS,
): WallboardAlert[] {
  const out: WallboardAlert[] = [];
  const push = (kind: WallboardAlertKind, level: AlertLevel, subject: string, value: number): void => {
    if (level !== 'ok') out.push({ kind, level, subject, value });
  };
  for (const q of input.queues) {
    if (q.waiting > 0) push('long-wait', levelAbove(q.longestWaitSeconds, th.longWaitWarnSeconds, th.longWaitAlertSeconds), q.queue, q.longestWaitSeconds);
    push('many-waiting', levelAbove(q.waiting, th.waitingWarn, th.waitingAlert), q.queue, q.waiting);
    if (q.serviceLevel !== null) push('service-level', serviceLevelLevel(q.serviceLevel, input.slTarget, th.slAlertMargin), q.queue, q.serviceLevel);
    if (q.abandonRate !== null) push('abandon-rate', levelAbove(q.abandonRate, th.abandonWarnRate, th.abandonAlertRate), q.queue, q.abandonRate);
  }
  for (const a of input.agents) {
    // one threshold each: past it the supervisor should look (red), not an amber pre-warning
    if (a.state === 'wrap-up' && a.secondsInState >= th.wrapUpAlertSeconds) push('wrap-up-long', 'alert', a.extension, a.secondsInState);
    if (a.state === 'paused' && a.secondsInState >= th.pauseAlertSeconds) push('pause-long', 'alert', a.extension, a.secondsInState);
  }
  if (input.overdueTasks > 0) push('tasks-overdue', input.overdueTasks >= 5 ? 'alert' : 'warn', 'work', input.overdueTasks);
  return out.sort((a, b) => (a.level === b.level ? 0 : a.level === 'alert' ? -1 : 1));
}
