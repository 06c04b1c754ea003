/**
 * The work queue in the bridge: the live side of tasks (domain: packages/domain/src/work-queue, db/work-queue).
 *  - Abandoned calls: a queue caller who hung up before anyone answered (QueueCallerAbandon → call change
 *    `dequeued` abandoned) becomes a callback task for the pool — one per number per day; when that number calls
 *    again and an agent answers, its open abandoned-call tasks close by themselves.
 *  - Call-back from a task (socket call:dial { taskId }): the task's donor through the contact policy's service
 *    purpose, or the abandoned caller's number; the new call is linked to the task, and the task starts.
 *  - Pushes: `work:changed` (ids only, coalesced) to every desk, `work:escalated` to the supervisors when a tick finds
 *    overdue work; the tick also tells desks about tasks other processes wrote (the IVR's survey and messages).
 */
import { ivrFindingsOf, type LiveCall } from '../calls/live-call.js';
import type { CallChange } from '../calls/call-state.js';
import type { Logger } from '../logger.js';
import type { DeskServer } from '../realtime/socket-server.js';
import type { DialRequest } from '../calls/call-control.js';
import type { DomainServices } from '@donorline/domain/node';
import type { Role, WorkChanged } from '@donorline/domain';

export interface WorkQueueDeps {
  services: Pick<DomainServices, 'work' | 'lookup'>;
  /** Click-to-dial (calls/call-control.ts). */
  dial(user: { id: number; role?: Role }, ext: string, p: DialRequest, via: string): Promise<{ callId: string }>;
  io(): DeskServer | null;
  tickSeconds: number;
  logger: Logger;
  /** Several bridges: only the AMI lease owner ticks (escalation writes, pushes to every desk over the adapter). */
  owner?: () => boolean;
}

export class WorkQueue {
  private pending: { ids: Set<number>; reason: WorkChanged['reason'] } | null = null;
  private readonly timer: NodeJS.Timeout;
  private lastTick = new Date();
  private readonly off: () => void;
  private ticking = false;
  private flushTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly d: WorkQueueDeps) {
    this.off = d.services.work.on({
      changed: (e) => this.changed(e.taskIds, e.reason),
      escalated: (e) => d.io()?.to('oversight').emit('work:escalated', e),
    });
    this.timer = setInterval(() => void this.tick(), d.tickSeconds * 1000);
    this.timer.unref();
  }

  /** Hooked on the call registry (app.ts): abandoned queue calls, answered calls of a number with open tasks. */
  readonly onCallChange = (call: LiveCall, change: CallChange): void => {
    if (call.direction !== 'inbound' || !call.callerE164) return;
    const e164 = call.callerE164;
    if (change.kind === 'dequeued' && change.abandoned) {
      void this.abandoned(call, e164, change.at).catch((err) => this.d.logger.warn({ err, callId: call.callId }, 'could not open the abandoned-call task'));
    } else if (change.kind === 'answered' && change.ext !== null) {
      void this.d.services.work.answeredFrom(e164, call.callId).catch((err) => this.d.logger.warn({ err, callId: call.callId }, 'could not close abandoned-call tasks'));
    }
  };

  private async abandoned(call: LiveCall, e164: string, at: number): Promise<void> {
    let donorId = ivrFindingsOf(call.vars).donorId;
    if (donorId === null) {
      const ids = await this.d.services.lookup.findDonorIdsByPhone(e164);
      donorId = ids.length === 1 ? ids[0]! : null;
    }
    const r = await this.d.services.work.abandoned({ callId: call.callId, e164, donorId, queue: call.queue, at: new Date(at) });
    this.d.logger.info({ callId: call.callId, caller: call.callerMasked, taskId: r.taskId, created: r.created }, 'abandoned call → callback task');
  }

  /** call:dial { taskId }: dials the task's donor or caller, links the call, starts the task. */
  async dialTask(user: { id: number; role: Role }, ext: string, taskId: number): Promise<{ callId: string }> {
    const { work } = this.d.services;
    const target = await work.dialTarget(taskId, user);
    // a task's call-back answers the donor (complaint, message, survey): the policy's service purpose, decided in dial
    const r = await this.d.dial(user, ext, 'donorId' in target ? { donorId: target.donorId, purpose: 'service' } : { number: target.e164, purpose: 'service' }, 'task-callback');
    await work.linkCall(taskId, r.callId, user.id);
    const t = await work.detail(taskId);
    if (t.status === 'new' || t.status === 'assigned') await work.act(taskId, 'start', user).catch((err) => this.d.logger.warn({ err, taskId }, 'could not start the task'));
    return r;
  }

  /** Coalesces changes for a moment so a bulk action or a burst is one push. */
  private changed(ids: number[], reason: WorkChanged['reason']): void {
    if (this.stopped) return;
    if (!this.pending) {
      this.pending = { ids: new Set(), reason };
      this.flushTimer = setTimeout(() => this.flush(), 200);
      this.flushTimer.unref();
    }
    for (const id of ids) this.pending.ids.add(id);
    if (reason !== 'updated') this.pending.reason = reason;
  }

  private flush(): void {
    const p = this.pending;
    this.pending = null;
    this.flushTimer = null;
    if (p?.ids.size) this.d.io()?.emit('work:changed', { taskIds: [...p.ids].slice(0, 200), reason: p.reason });
  }

  /** Escalates overdue work and pushes what other processes wrote since the last tick. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const since = this.lastTick;
      this.lastTick = new Date();
      if (this.d.owner?.() === false) return;
      await this.d.services.work.escalate();
      const ids = await this.d.services.work.changedSince(since);
      if (ids.length) this.changed(ids, 'updated');
    } catch (err) {
      this.d.logger.warn({ err }, 'work queue tick failed');
    } finally {
      this.ticking = false;
    }
  }

  /** After stop nothing is pushed: a pending coalesced push would otherwise reach a closed Socket.IO/Redis. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.pending = null;
    this.off();
  }
}
