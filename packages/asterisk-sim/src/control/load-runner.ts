import type { TimerHandle } from '../core/scheduler.js';
import type { CallService, DtmfStep } from '../model/calls.js';
import type { SimServices } from '../model/services.js';
import { sample, validDistribution, type Distribution } from './distribution.js';

export interface LoadScenario {
  /** New calls per (simulated) second. */
  ratePerSec: number;
  /** Stop after this many calls (default: unlimited, use durationSec). */
  calls?: number;
  /** Stop placing calls after this many simulated seconds. */
  durationSec?: number;
  /** Dialled number(s), weighted. Default 96606 (donorline) / 4000 is not valid: inbound calls need from-carrier. */
  to?: string | Array<{ to: string; weight: number }>;
  /** Caller numbers: a fixed number or random Chinese mobiles (default). */
  from?: string;
  /** IVR choices: DTMF scripts with weights, e.g. [{dtmf:'1', weight:3},{dtmf:'2,1', weight:1}]. */
  ivr?: Array<{ dtmf: string | DtmfStep[]; weight: number }>;
  /** Caller talk time once connected. */
  talkMs?: Distribution;
  /** Callers give up this long after calling (abandon). */
  patienceMs?: Distribution;
  /** Agent phones: auto-answer delay and talk time (applied to every simulated agent phone). */
  agents?: { autoAnswerMs?: Distribution; talkMs?: Distribution };
}

export interface LoadStats {
  id: string;
  running: boolean;
  placed: number;
  active: number;
  ended: number;
  failed: number;
  startedAt: number;
  scenario: LoadScenario;
}

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159', '166', '176', '177', '178', '180', '181', '182', '185', '186', '187', '188', '189', '198', '199'];

export function validateScenario(s: unknown): string | undefined {
  if (!s || typeof s !== 'object') return 'scenario must be an object';
  const o = s as Record<string, unknown>;
  if (typeof o.ratePerSec !== 'number' || !(o.ratePerSec > 0) || o.ratePerSec > 5000) return '"ratePerSec" must be a number in (0, 5000]';
  if (o.calls !== undefined && (!Number.isInteger(o.calls) || (o.calls as number) < 1)) return '"calls" must be a positive integer';
  if (o.durationSec !== undefined && (typeof o.durationSec !== 'number' || !(o.durationSec > 0))) return '"durationSec" must be a positive number';
  if (o.calls === undefined && o.durationSec === undefined) return 'give "calls" or "durationSec"';
  for (const k of ['talkMs', 'patienceMs'] as const) if (o[k] !== undefined && !validDistribution(o[k])) return `"${k}" must be a duration: ms, {min,max}, {mean,sd} or {exp}`;
  if (o.agents !== undefined) {
    const a = o.agents as Record<string, unknown>;
    for (const k of ['autoAnswerMs', 'talkMs']) if (a[k] !== undefined && !validDistribution(a[k])) return `"agents.${k}" must be a duration`;
  }
  if (o.ivr !== undefined && (!Array.isArray(o.ivr) || o.ivr.some((x) => !x || typeof x !== 'object' || typeof (x as { weight?: unknown }).weight !== 'number'))) {
    return '"ivr" must be a list of {dtmf, weight}';
  }
  if (o.to !== undefined && typeof o.to !== 'string' && !Array.isArray(o.to)) return '"to" must be a number or a list of {to, weight}';
  return undefined;
}

function pick<T extends { weight: number }>(items: T[]): T | undefined {
  const total = items.reduce((a, b) => a + Math.max(0, b.weight), 0);
  let r = Math.random() * total;
  for (const i of items) {
    r -= Math.max(0, i.weight);
    if (r <= 0) return i;
  }
  return items[items.length - 1];
}

/** Places calls at a steady rate with scripted IVR choices and talk times. */
export class LoadRunner {
  private timer: TimerHandle | undefined;
  readonly stats: LoadStats;
  private readonly live = new Set<string>();
  private readonly offs: Array<() => void> = [];

  constructor(
    private readonly sim: SimServices,
    private readonly calls: CallService,
    id: string,
    readonly scenario: LoadScenario,
  ) {
    this.stats = { id, running: false, placed: 0, active: 0, ended: 0, failed: 0, startedAt: sim.engine.now(), scenario };
  }

  start(): void {
    const s = this.scenario;
    this.stats.running = true;
    const a = s.agents;
    if (a) {
      for (const p of this.sim.devices.phones.values()) {
        p.autoAnswerMs = Math.round(sample(a.autoAnswerMs, 500));
        p.talkMs = a.talkMs !== undefined ? Math.round(sample(a.talkMs, 5000)) : p.talkMs;
      }
      if (a.talkMs !== undefined || a.autoAnswerMs !== undefined) {
        // resample per call so talk times vary
        const onRing = (): void => {
          for (const p of this.sim.devices.phones.values()) {
            if (a.autoAnswerMs !== undefined) p.autoAnswerMs = Math.round(sample(a.autoAnswerMs, 500));
            if (a.talkMs !== undefined) p.talkMs = Math.round(sample(a.talkMs, 5000));
          }
        };
        this.sim.observer.on('device:ringing', onRing);
        this.offs.push(() => this.sim.observer.off('device:ringing', onRing));
      }
    }
    const onEnd = (e: { callId: string }): void => {
      if (this.live.delete(e.callId)) {
        this.stats.ended++;
        this.stats.active = this.live.size;
      }
    };
    this.sim.observer.on('call:ended', onEnd);
    this.offs.push(() => this.sim.observer.off('call:ended', onEnd));
    // place as many calls as the rate says should exist by now (no drift from timer latency)
    const startedAt = this.sim.engine.now();
    const deadline = s.durationSec !== undefined ? startedAt + s.durationSec * 1000 : Infinity;
    const tickMs = Math.max(10, Math.min(1000 / s.ratePerSec, 250));
    const tick = (): void => {
      if (!this.stats.running) return;
      const now = this.sim.engine.now();
      const due = Math.floor(((Math.min(now, deadline) - startedAt) / 1000) * s.ratePerSec) + 1;
      while (this.stats.placed + this.stats.failed < due) {
        if (s.calls !== undefined && this.stats.placed + this.stats.failed >= s.calls) break;
        this.placeOne();
      }
      if ((s.calls !== undefined && this.stats.placed + this.stats.failed >= s.calls) || now >= deadline) {
        this.stats.running = false;
        return;
      }
      this.timer = this.sim.scheduler.after(tickMs, tick);
    };
    tick();
  }

  private placeOne(): void {
    const s = this.scenario;
    const to = typeof s.to === 'string' ? s.to : Array.isArray(s.to) ? (pick(s.to)?.to ?? '96606') : this.sim.options.profile === 'lab' ? '4000' : '96606';
    const from = s.from ?? `${MOBILE_PREFIXES[Math.floor(Math.random() * MOBILE_PREFIXES.length)]}${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const ivr = s.ivr ? pick(s.ivr) : undefined;
    try {
      const opts: Parameters<CallService['placeCall']>[0] = { from, callerName: '', to };
      if (ivr) opts.dtmf = ivr.dtmf;
      if (s.talkMs !== undefined) opts.talkMs = Math.round(sample(s.talkMs, 5000));
      if (s.patienceMs !== undefined) opts.hangupAfterMs = Math.round(sample(s.patienceMs, 60000));
      const placed = this.calls.placeCall(opts);
      this.live.add(placed.callId);
      this.stats.placed++;
      this.stats.active = this.live.size;
    } catch {
      this.stats.failed++;
    }
  }

  stop(): void {
    this.stats.running = false;
    this.sim.scheduler.cancel(this.timer);
    for (const off of this.offs.splice(0)) off();
  }
}
