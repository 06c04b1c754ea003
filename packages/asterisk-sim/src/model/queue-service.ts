import type { Channel } from './channel.js';
import { DEVICE_STATUS, newMember, type QueueDef, type QueueEntry, type QueueMember } from './queue.js';
import type { SimServices } from './services.js';

export type QueueOpResult = { ok: true } | { ok: false; message: string };

/**
 * Queue state and member management (QueueAdd/Remove/Pause/Penalty), member status from device state,
 * member selection per strategy, and waking callers that wait for a free member.
 */
export class QueueService {
  private sim!: SimServices;
  private readonly waiters = new Map<QueueDef, Map<Channel, () => void>>();

  attach(sim: SimServices): void {
    this.sim = sim;
    sim.engine.deviceListeners.push((device) => {
      // Asterisk reports QueueMemberStatus from the device-state thread, after the call bookkeeping.
      queueMicrotask(() => this.onDeviceState(device));
    });
  }

  get(name: string): QueueDef | undefined {
    return this.sim.engine.queues.get(name);
  }

  all(): QueueDef[] {
    return [...this.sim.engine.queues.values()];
  }

  private nowS(): number {
    return Math.floor(this.sim.engine.now() / 1000);
  }

  private onDeviceState(device: string): void {
    for (const q of this.all()) {
      for (const m of q.members) {
        if (m.stateInterface !== device) continue;
        const status = this.sim.engine.deviceStatus(device);
        if (status === m.status) continue;
        m.status = status;
        this.sim.engine.emit({ t: 'QueueMemberStatus', queue: q, member: m });
        this.publishAvail(q);
        this.wake(q);
      }
    }
  }

  /** `Queue:<name>_avail`: NOT_INUSE while some member can take a call, INUSE otherwise. */
  private publishAvail(q: QueueDef): void {
    const any = q.members.some((m) => !m.paused && m.status === DEVICE_STATUS.NOT_INUSE);
    this.sim.engine.publishDeviceState(`Queue:${q.name}_avail`, any ? 'NOT_INUSE' : 'INUSE');
  }

  /** Current device status for a new member (registered phones are NOT_INUSE, unknown ones INVALID). */
  private initialStatus(stateInterface: string): number {
    return this.sim.engine.deviceStatus(stateInterface);
  }

  add(queueName: string, iface: string, opts: { name?: string; penalty?: number; paused?: boolean; reason?: string; stateInterface?: string }): QueueOpResult {
    const q = this.get(queueName);
    if (!q) return { ok: false, message: 'Unable to add interface to queue: No such queue' };
    if (q.members.some((m) => m.interface.toLowerCase() === iface.toLowerCase())) return { ok: false, message: 'Unable to add interface: Already there' };
    const m = newMember(q, iface, opts.name ?? iface, opts.penalty ?? 0, true, this.nowS(), opts.stateInterface);
    m.status = this.initialStatus(m.stateInterface);
    if (opts.paused) {
      m.paused = true;
      m.pausedReason = opts.reason ?? '';
      m.lastPause = this.nowS();
    }
    q.members.push(m);
    this.sim.engine.publishDeviceState(`Queue:${q.name}_pause_${m.interface}`, m.paused ? 'INUSE' : 'NOT_INUSE');
    this.sim.engine.emit({ t: 'QueueMemberAdded', queue: q, member: m });
    this.wake(q);
    return { ok: true };
  }

  remove(queueName: string, iface: string): QueueOpResult {
    const q = this.get(queueName);
    if (!q) return { ok: false, message: 'Unable to remove interface from queue: No such queue' };
    const i = q.members.findIndex((m) => m.interface.toLowerCase() === iface.toLowerCase());
    if (i < 0) return { ok: false, message: 'Unable to remove interface: Not there' };
    const m = q.members[i]!;
    if (!m.dynamic) return { ok: false, message: 'Member not dynamic' };
    q.members.splice(i, 1);
    this.mark(m, 'ringing', false);
    this.mark(m, 'inCall', false);
    this.sim.engine.emit({ t: 'QueueMemberRemoved', queue: q, member: m });
    this.sim.engine.publishDeviceState(`Queue:${q.name}_pause_${m.interface}`, 'NOT_INUSE');
    return { ok: true };
  }

  /** Pause or unpause in one queue, or in every queue the interface is in when no queue is given. */
  pause(queueName: string | undefined, iface: string, paused: boolean, reason: string): QueueOpResult {
    const queues = queueName ? [this.get(queueName)].filter((q): q is QueueDef => !!q) : this.all();
    let found = false;
    for (const q of queues) {
      const m = q.members.find((x) => x.interface.toLowerCase() === iface.toLowerCase());
      if (!m) continue;
      found = true;
      m.paused = paused;
      m.pausedReason = paused ? reason : '';
      if (paused) m.lastPause = this.nowS();
      this.sim.engine.publishDeviceState(`Queue:${q.name}_pause_${m.interface}`, paused ? 'INUSE' : 'NOT_INUSE');
      this.sim.engine.emit({ t: 'QueueMemberPause', queue: q, member: m });
      if (!paused) this.wake(q);
    }
    return found ? { ok: true } : { ok: false, message: 'Interface not found' };
  }

  penalty(queueName: string | undefined, iface: string, penalty: number): QueueOpResult {
    const queues = queueName ? [this.get(queueName)].filter((q): q is QueueDef => !!q) : this.all();
    let found = false;
    for (const q of queues) {
      const m = q.members.find((x) => x.interface.toLowerCase() === iface.toLowerCase());
      if (!m) continue;
      found = true;
      m.penalty = penalty;
      this.sim.engine.emit({ t: 'QueueMemberPenalty', queue: q, member: m });
      this.wake(q);
    }
    return found ? { ok: true } : { ok: false, message: 'Invalid interface, queuename or penalty' };
  }

  // --- availability and strategy ---------------------------------------------------------------------------

  isAvailable(q: QueueDef, m: QueueMember): boolean {
    if (m.paused || m.ringing) return false;
    const status: number = this.sim.engine.deviceStatus(m.stateInterface);
    if (status === DEVICE_STATUS.UNAVAILABLE || status === DEVICE_STATUS.INVALID) return false;
    const free = status === DEVICE_STATUS.NOT_INUSE || status === DEVICE_STATUS.UNKNOWN;
    const busyButAllowed = m.ringinuse && (status === DEVICE_STATUS.INUSE || status === DEVICE_STATUS.ONHOLD);
    if (!free && !busyButAllowed) return false;
    const wrap = m.wrapuptime || q.wrapuptime;
    if (wrap > 0 && m.lastCallEndMs > 0 && this.sim.engine.now() - m.lastCallEndMs < wrap * 1000) return false;
    // ringinuse=no: also skip members busy in another queue's call
    if (!m.ringinuse && this.inCallAnywhere(m.interface)) return false;
    return true;
  }

  /** Interfaces ringing or in a call for some queue (counted, so that lookups are O(1)). */
  private readonly busy = new Map<string, number>();

  /** Set a member's ringing/inCall flag, keeping the busy count across queues. */
  mark(m: QueueMember, field: 'ringing' | 'inCall', value: boolean): void {
    if (m[field] === value) return;
    m[field] = value;
    const k = m.interface.toLowerCase();
    const n = (this.busy.get(k) ?? 0) + (value ? 1 : -1);
    if (n <= 0) this.busy.delete(k);
    else this.busy.set(k, n);
  }

  private inCallAnywhere(iface: string): boolean {
    return this.busy.has(iface.toLowerCase());
  }

  /** Members to ring for the next attempt, per strategy (lowest penalty tier only). */
  choose(q: QueueDef, exclude: Set<QueueMember>): QueueMember[] {
    const avail = q.members.filter((m) => !exclude.has(m) && this.isAvailable(q, m));
    if (avail.length === 0) return [];
    const minPenalty = Math.min(...avail.map((m) => m.penalty));
    const tier = avail.filter((m) => m.penalty === minPenalty).sort((a, b) => a.order - b.order);
    switch (q.strategy) {
      case 'ringall':
        return tier;
      case 'linear':
        return [tier[0]!];
      case 'leastrecent':
        return [[...tier].sort((a, b) => a.lastCall - b.lastCall || a.order - b.order)[0]!];
      case 'fewestcalls':
        return [[...tier].sort((a, b) => a.callsTaken - b.callsTaken || a.order - b.order)[0]!];
      case 'random':
      case 'wrandom':
        return [tier[Math.floor(Math.random() * tier.length)]!];
      case 'rrmemory':
      case 'rrordered':
      default: {
        const all = [...q.members].sort((a, b) => a.order - b.order);
        const lastIdx = q.rrLast ? all.findIndex((m) => m.interface === q.rrLast) : -1;
        for (let k = 1; k <= all.length; k++) {
          const m = all[(lastIdx + k + all.length) % all.length]!;
          if (tier.includes(m)) return [m];
        }
        return [tier[0]!];
      }
    }
  }

  /** Callers waiting for a free member sleep here; member changes wake them (in queue order). */
  waitForChange(q: QueueDef, ch: Channel, maxMs: number): Promise<'change' | 'timeout' | 'hangup' | 'goto'> {
    const engine = this.sim.engine;
    if (ch.softHangup || ch.hungUp) return Promise.resolve('hangup');
    return new Promise((resolve) => {
      const map = this.waiters.get(q) ?? new Map<Channel, () => void>();
      this.waiters.set(q, map);
      let done = false;
      const finish = (r: 'change' | 'timeout' | 'hangup' | 'goto'): void => {
        if (done) return;
        done = true;
        map.delete(ch);
        off();
        engine.scheduler.cancel(timer);
        resolve(r);
      };
      map.set(ch, () => finish('change'));
      const off = ch.onWake((reason) => finish(reason === 'goto' ? 'goto' : reason === 'hangup' ? 'hangup' : 'change'));
      const timer = Number.isFinite(maxMs) ? engine.scheduler.after(maxMs, () => finish('timeout')) : undefined;
    });
  }

  /**
   * Something changed (a member became free, was added or unpaused, wrap-up ended): wake the waiting
   * callers at the head of the queue, as many as there are members that could take a call.
   */
  wake(q: QueueDef): void {
    const map = this.waiters.get(q);
    if (!map || map.size === 0) return;
    let budget = Math.max(1, q.members.filter((m) => this.isAvailable(q, m)).length);
    for (const e of q.entries) {
      if (budget <= 0) break;
      const fn = map.get(e.ch);
      if (!fn) continue;
      budget--;
      fn();
    }
  }

  entryPosition(e: QueueEntry): number {
    return e.queue.entries.indexOf(e) + 1;
  }

  /** Reload after restart: static members back, dynamic ones gone (persistentmembers = no). */
  reset(): void {
    this.waiters.clear();
    this.busy.clear();
  }
}
