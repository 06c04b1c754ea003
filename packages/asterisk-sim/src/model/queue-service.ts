import type { TimerHandle } from '../core/scheduler.js';
import { DEVICE_STATUS, newMember, type QueueDef, type QueueEntry, type QueueMember } from './queue.js';
import type { SimServices } from './services.js';

export type QueueOpResult = { ok: true } | { ok: false; message: string };

/** How a caller's wait for its turn ended. */
export type TurnWait = 'turn' | 'timeout' | 'hangup' | 'goto';

/**
 * Queue state and member management (QueueAdd/Remove/Pause/Penalty), member status from device state,
 * member selection per strategy, and the distribution of callers to members.
 *
 * Distribution is event-driven: a caller whose turn has not come sleeps (no polling); whatever can give a
 * waiting caller its turn — a member becoming available (added, unpaused, penalty changed, device free,
 * no longer ringing or in a call in any queue, wrap-up over) or a caller ahead leaving or starting to ring —
 * kicks the queue, and the queue's dispatcher (run once per turn of the event loop) wakes exactly the callers
 * whose turn it is by app_queue's rule (`is_our_turn`). Availability is always derived from the members'
 * live state, never from counters or from comparing the clock, so nothing can drift or be missed.
 */
export class QueueService {
  private sim!: SimServices;
  /** Queues whose dispatcher runs at the end of the current turn (kicks are coalesced). */
  private readonly kicked = new Set<QueueDef>();
  private readonly wrapTimers = new Map<QueueMember, TimerHandle>();
  /** The (queue, member) pairs watching each state interface; rebuilt lazily after membership changes. */
  private stateIndex: Map<string, Array<[QueueDef, QueueMember]>> | undefined;

  attach(sim: SimServices): void {
    this.sim = sim;
    sim.engine.deviceListeners.push((device) => {
      if (!this.watchers().has(device)) return;
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

  private watchers(): Map<string, Array<[QueueDef, QueueMember]>> {
    if (this.stateIndex) return this.stateIndex;
    const index = new Map<string, Array<[QueueDef, QueueMember]>>();
    for (const q of this.sim.engine.queues.values()) {
      for (const m of q.members) {
        const list = index.get(m.stateInterface);
        if (list) list.push([q, m]);
        else index.set(m.stateInterface, [[q, m]]);
      }
    }
    this.stateIndex = index;
    return index;
  }

  private onDeviceState(device: string): void {
    const list = this.watchers().get(device);
    if (!list) return;
    const status = this.sim.engine.deviceStatus(device);
    for (const [q, m] of list) {
      if (status === m.status) continue;
      m.status = status;
      this.sim.engine.emit({ t: 'QueueMemberStatus', queue: q, member: m });
      this.publishAvail(q);
      this.kick(q);
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
    if (q.memberIndex.has(iface.toLowerCase())) return { ok: false, message: 'Unable to add interface: Already there' };
    const m = newMember(q, iface, opts.name ?? iface, opts.penalty ?? 0, true, this.nowS(), opts.stateInterface);
    m.status = this.initialStatus(m.stateInterface);
    if (opts.paused) {
      m.paused = true;
      m.pausedReason = opts.reason ?? '';
      m.lastPause = this.nowS();
    }
    q.members.push(m);
    q.memberIndex.set(m.key, m);
    this.stateIndex = undefined;
    this.sim.engine.publishDeviceState(`Queue:${q.name}_pause_${m.interface}`, m.paused ? 'INUSE' : 'NOT_INUSE');
    this.sim.engine.emit({ t: 'QueueMemberAdded', queue: q, member: m });
    this.kick(q);
    return { ok: true };
  }

  remove(queueName: string, iface: string): QueueOpResult {
    const q = this.get(queueName);
    if (!q) return { ok: false, message: 'Unable to remove interface from queue: No such queue' };
    const m = q.memberIndex.get(iface.toLowerCase());
    if (!m) return { ok: false, message: 'Unable to remove interface: Not there' };
    if (!m.dynamic) return { ok: false, message: 'Member not dynamic' };
    q.members.splice(q.members.indexOf(m), 1);
    q.memberIndex.delete(m.key);
    this.stateIndex = undefined;
    this.sim.scheduler.cancel(this.wrapTimers.get(m));
    this.wrapTimers.delete(m);
    // a call still ringing or connected to the removed member carries on; this member object is no longer
    // in any queue, so its flags no longer count anywhere (busy-ness is looked up in the live queues)
    const wasBusy = m.ringing || m.inCall;
    m.ringing = false;
    m.inCall = false;
    this.sim.engine.emit({ t: 'QueueMemberRemoved', queue: q, member: m });
    this.sim.engine.publishDeviceState(`Queue:${q.name}_pause_${m.interface}`, 'NOT_INUSE');
    if (wasBusy) this.kickInterface(m.key);
    return { ok: true };
  }

  /** Pause or unpause in one queue, or in every queue the interface is in when no queue is given. */
  pause(queueName: string | undefined, iface: string, paused: boolean, reason: string): QueueOpResult {
    const queues = queueName ? [this.get(queueName)].filter((q): q is QueueDef => !!q) : this.all();
    const key = iface.toLowerCase();
    let found = false;
    for (const q of queues) {
      const m = q.memberIndex.get(key);
      if (!m) continue;
      found = true;
      m.paused = paused;
      m.pausedReason = paused ? reason : '';
      if (paused) m.lastPause = this.nowS();
      this.sim.engine.publishDeviceState(`Queue:${q.name}_pause_${m.interface}`, paused ? 'INUSE' : 'NOT_INUSE');
      this.sim.engine.emit({ t: 'QueueMemberPause', queue: q, member: m });
      if (!paused) this.kick(q);
    }
    return found ? { ok: true } : { ok: false, message: 'Interface not found' };
  }

  penalty(queueName: string | undefined, iface: string, penalty: number): QueueOpResult {
    const queues = queueName ? [this.get(queueName)].filter((q): q is QueueDef => !!q) : this.all();
    const key = iface.toLowerCase();
    let found = false;
    for (const q of queues) {
      const m = q.memberIndex.get(key);
      if (!m) continue;
      found = true;
      m.penalty = penalty;
      this.sim.engine.emit({ t: 'QueueMemberPenalty', queue: q, member: m });
      this.kick(q);
    }
    return found ? { ok: true } : { ok: false, message: 'Invalid interface, queuename or penalty' };
  }

  // --- availability and strategy ---------------------------------------------------------------------------

  isAvailable(m: QueueMember): boolean {
    if (m.paused || m.ringing || m.wrapUpUntil !== 0) return false;
    const status: number = this.sim.engine.deviceStatus(m.stateInterface);
    if (status === DEVICE_STATUS.UNAVAILABLE || status === DEVICE_STATUS.INVALID) return false;
    const free = status === DEVICE_STATUS.NOT_INUSE || status === DEVICE_STATUS.UNKNOWN;
    const busyButAllowed = m.ringinuse && (status === DEVICE_STATUS.INUSE || status === DEVICE_STATUS.ONHOLD);
    if (!free && !busyButAllowed) return false;
    // ringinuse=no: also skip members ringing or in a call for another queue
    if (!m.ringinuse && this.busyAnywhere(m.key)) return false;
    return true;
  }

  /** Whether the interface is being rung or is in a call for any queue (looked up in the live members). */
  busyAnywhere(key: string): boolean {
    for (const q of this.sim.engine.queues.values()) {
      const m = q.memberIndex.get(key);
      if (m && (m.ringing || m.inCall)) return true;
    }
    return false;
  }

  /** Set a member's ringing/inCall flag; a member freed of either may be what a waiting caller needs. */
  mark(m: QueueMember, field: 'ringing' | 'inCall', value: boolean): void {
    if (m[field] === value) return;
    m[field] = value;
    if (!value) this.kickInterface(m.key);
  }

  /**
   * The member's queue call ended: wrap-up (the member's or the queue's `wrapuptime`) starts now. The member is
   * offered to callers again when its wrap-up timer runs — the timer ends the wrap-up, not a clock comparison.
   */
  startWrapUp(q: QueueDef, m: QueueMember): void {
    const timers = this.wrapTimers;
    this.sim.scheduler.cancel(timers.get(m));
    timers.delete(m);
    const wrapMs = (m.wrapuptime || q.wrapuptime) * 1000;
    if (wrapMs <= 0) {
      m.wrapUpUntil = 0;
      this.kickInterface(m.key);
      return;
    }
    m.wrapUpUntil = this.sim.engine.now() + wrapMs;
    timers.set(
      m,
      this.sim.scheduler.after(wrapMs, () => {
        timers.delete(m);
        m.wrapUpUntil = 0;
        this.kickInterface(m.key);
      }),
    );
  }

  /** Members available to take a call (app_queue's num_available_members: at most 1 for ringall or autofill=no). */
  availableCount(q: QueueDef): number {
    const one = q.strategy === 'ringall' || !q.autofill;
    let n = 0;
    for (const m of q.members) {
      if (!this.isAvailable(m)) continue;
      n++;
      if (one) break;
    }
    return n;
  }

  /**
   * app_queue's is_our_turn: a caller may ring members when fewer callers ahead of it than there are available
   * members are not already ringing someone (`pending`). O(available + pending callers ahead).
   */
  isOurTurn(entry: QueueEntry): boolean {
    const q = entry.queue;
    const avl = this.availableCount(q);
    let idx = 0;
    for (const e of q.entries) {
      if (idx >= avl) return false;
      if (e === entry) return true;
      if (!e.pending && !e.done) idx++;
    }
    return false;
  }

  /** Members to ring for the next attempt, per strategy (lowest penalty tier only). O(members). */
  choose(q: QueueDef): QueueMember[] {
    let minPenalty = Infinity;
    const tier: QueueMember[] = [];
    for (const m of q.members) {
      if (m.penalty > minPenalty || !this.isAvailable(m)) continue;
      if (m.penalty < minPenalty) {
        minPenalty = m.penalty;
        tier.length = 0;
      }
      tier.push(m);
    }
    const first = tier[0];
    if (!first) return [];
    switch (q.strategy) {
      case 'ringall':
        return tier;
      case 'linear':
        return [first];
      case 'leastrecent':
        return [tier.reduce((a, b) => (b.lastCall < a.lastCall ? b : a))];
      case 'fewestcalls':
        return [tier.reduce((a, b) => (b.callsTaken < a.callsTaken ? b : a))];
      case 'random':
      case 'wrandom':
        return [tier[Math.floor(Math.random() * tier.length)]!];
      case 'rrmemory':
      case 'rrordered':
      default: {
        // the next member after the one tried last, in order of addition, going round
        const last = q.rrLast === undefined ? undefined : q.memberIndex.get(q.rrLast.toLowerCase());
        if (last) for (const m of tier) if (m.order > last.order) return [m];
        return [first];
      }
    }
  }

  // --- distribution ------------------------------------------------------------------------------------------

  /**
   * Sleep until it is this caller's turn (the dispatcher says so), the queue timeout passes, or the channel is
   * hung up or redirected. The caller joined `q.entries` before.
   */
  waitForTurn(entry: QueueEntry, maxMs: number): Promise<TurnWait> {
    const engine = this.sim.engine;
    const ch = entry.ch;
    if (ch.softHangup || ch.hungUp) return Promise.resolve('hangup');
    if (ch.pendingGoto) return Promise.resolve('goto');
    return new Promise((resolve) => {
      let done = false;
      const finish = (r: TurnWait): void => {
        if (done) return;
        done = true;
        entry.waiter = undefined;
        off();
        engine.scheduler.cancel(timer);
        resolve(r);
      };
      entry.waiter = () => finish('turn');
      const off = ch.onWake((reason) => finish(reason === 'goto' ? 'goto' : reason === 'hangup' ? 'hangup' : 'turn'));
      const timer = Number.isFinite(maxMs) ? engine.scheduler.after(maxMs, () => finish('timeout')) : undefined;
    });
  }

  /** Something may have given a waiting caller its turn: run the queue's dispatcher at the end of this turn. */
  kick(q: QueueDef): void {
    if (this.kicked.has(q)) return;
    this.kicked.add(q);
    queueMicrotask(() => {
      this.kicked.delete(q);
      this.dispatch(q);
    });
  }

  /** Kick every queue the interface is a member of (ringinuse=no makes one queue's call matter to the others). */
  kickInterface(key: string): void {
    for (const q of this.sim.engine.queues.values()) if (q.memberIndex.has(key)) this.kick(q);
  }

  /** Wake the waiting callers whose turn it is, head first: O(available members + pending callers passed). */
  private dispatch(q: QueueDef): void {
    if (q.entries.length === 0) return;
    const avl = this.availableCount(q);
    let idx = 0;
    for (const e of q.entries) {
      if (idx >= avl) break;
      if (e.pending || e.done) continue;
      idx++;
      const w = e.waiter;
      if (w) {
        e.waiter = undefined;
        w();
      }
    }
  }

  entryPosition(e: QueueEntry): number {
    return e.queue.entries.indexOf(e) + 1;
  }

  /** Reload after restart: static members back, dynamic ones gone (persistentmembers = no). */
  reset(): void {
    this.kicked.clear();
    for (const t of this.wrapTimers.values()) this.sim.scheduler.cancel(t);
    this.wrapTimers.clear();
    this.stateIndex = undefined;
  }
}
