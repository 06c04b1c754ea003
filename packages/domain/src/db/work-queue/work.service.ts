/**
 * The work queue's writes and reads over tickets (work-queue/ holds the pure rules). Every person's write is checked
 * (work-policy.ts) against the task as it is inside the transaction and audited old → new; what changed is told to
 * listeners (the bridge pushes `work:changed` / `work:escalated`).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { actorIdOf, type Actor, type ActorLike } from '../../access/actor.js';
import { maskPhone } from '../../donors/masking.js';
import { DomainError } from '../../errors.js';
import { OPEN_TICKET_STATUSES_SQL, type TicketStatus } from '../../tickets/ticket.types.js';
import { localDateOf } from '../../time/local-date.js';
import { workActionDenial, workBulkDenial } from '../../work-queue/work-policy.js';
import { abandonedDedupKey, transition, TRANSITION_PROBLEMS } from '../../work-queue/work-rules.js';
import { DEFAULT_WORK_RULES, WORK_ACTIONS, type WorkAction, type WorkChanged, type WorkCounts, type WorkEscalated, type WorkRules, type WorkTaskDetailDto, type WorkTaskDto } from '../../work-queue/work.types.js';
import { exec, iso, placeholders, rows, sqlTime, withTx } from '../sql.js';
import { writeAudit } from '../services/audit.service.js';
import { checkOutcome, insertTicket } from '../services/ticket.service.js';
import { countTasks, listTasks, taskDetail, taskRow, type WorkFilter } from './work-read.js';

export interface WorkActInput {
  ownerId?: number | null;
  outcome?: string;
  note?: string;
}

export interface WorkListener {
  changed?(e: WorkChanged & { ownerIds: number[] }): void;
  escalated?(e: WorkEscalated): void;
}

const CLOSED_BY_CALLBACK = '来电已接通，自动关闭 / the caller called back and was answered';

export class WorkService {
  private readonly listeners = new Set<WorkListener>();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date = () => new Date(),
    readonly rules: WorkRules = DEFAULT_WORK_RULES,
  ) {}

  /** Subscribe to changes (returns the unsubscribe). */
  on(l: WorkListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Tasks another module wrote in its own transaction (an SMS reply): desks are told at once, not at the next tick. */
  async announceCreated(taskIds: number[]): Promise<void> {
    if (!taskIds.length) return;
    const owners = await rows(this.ds, `SELECT DISTINCT owner_id FROM ticket WHERE id IN (${placeholders(taskIds.length)}) AND owner_id IS NOT NULL`, taskIds);
    this.emit({ taskIds, reason: 'created', ownerIds: owners.map((r) => Number(r.owner_id)) });
  }

  private emit(e: WorkChanged & { ownerIds: number[] }): void {
    for (const l of this.listeners) l.changed?.(e);
  }

  list(f: WorkFilter, viewer: Actor): ReturnType<typeof listTasks> {
    return listTasks(this.ds, f, viewer.id, this.clock());
  }

  counts(userId: number): Promise<WorkCounts> {
    return countTasks(this.ds, userId, this.clock());
  }

  detail(id: number): Promise<WorkTaskDetailDto> {
    return taskDetail(this.ds, id, this.clock());
  }

  async get(id: number): Promise<WorkTaskDto> {
    return this.detail(id);
  }

  /** One action on one task (assign, start, resolve, close, reopen), checked and audited. */
  async act(id: number, action: WorkAction, actor: Actor, input: WorkActInput = {}): Promise<WorkTaskDetailDto> {
    const owners = await withTx(this.ds, (m) => this.actIn(m, id, action, actor, input));
    this.emit({ taskIds: [id], reason: 'updated', ownerIds: owners });
    return this.detail(id);
  }

  /** Bulk assign / close (supervisors): all or nothing, each task audited. */
  async bulk(ids: number[], action: 'assign' | 'close', actor: Actor, input: WorkActInput = {}): Promise<{ updated: number }> {
    const denial = workBulkDenial(actor);
    if (denial) throw denial;
    const unique = [...new Set(ids)];
    if (!unique.length || unique.length > 200) throw new DomainError('VALIDATION_FAILED', '请选择 1–200 个工单 / choose 1–200 tasks');
    const owners = await withTx(this.ds, async (m) => {
      const all: number[] = [];
      for (const id of unique) all.push(...(await this.actIn(m, id, action, actor, input)));
      return all;
    });
    this.emit({ taskIds: unique, reason: 'updated', ownerIds: [...new Set(owners)] });
    return { updated: unique.length };
  }

  /** Returns the owners before and after (whose counts changed). */
  private async actIn(m: EntityManager, id: number, action: WorkAction, actor: Actor, input: WorkActInput): Promise<number[]> {
    if (!WORK_ACTIONS.includes(action)) throw new DomainError('VALIDATION_FAILED', `invalid action ${String(action)}`);
    const t = await taskRow(m, id);
    const from = { status: t.status as TicketStatus, ownerId: t.owner_id === null ? null : Number(t.owner_id) };
    if (action === 'assign' && input.ownerId === undefined) throw new DomainError('VALIDATION_FAILED', '请选择负责人（或 null 退回工单池）/ ownerId is required (null: back to the pool)', { field: 'ownerId' });
    const denial = workActionDenial(actor, from, action, input.ownerId);
    if (denial) throw denial;
    if (action === 'assign' && input.ownerId !== null && input.ownerId !== undefined) {
      const [u] = await rows(m, 'SELECT id, active FROM app_user WHERE id = ?', [input.ownerId]);
      if (!u || !Number(u.active)) throw new DomainError('VALIDATION_FAILED', `负责人不存在或已停用 / user ${input.ownerId} not found or inactive`, { field: 'ownerId' });
    }
    const outcome = checkOutcome(input.outcome, action === 'resolve');
    const next = transition(from, action, { actorId: actor.id, ownerId: input.ownerId });
    if ('problem' in next) {
      const [zh, en] = TRANSITION_PROBLEMS[next.problem];
      throw new DomainError('CONFLICT', `${zh} / ${en}`, { problem: next.problem, status: from.status });
    }
    const now = sqlTime(this.clock());
    const sets = ['status = ?', 'owner_id = ?', 'updated_at = ?'];
    const p: unknown[] = [next.status, next.ownerId, now];
    const set = (sql: string, ...v: unknown[]): void => {
      sets.push(sql);
      p.push(...v);
    };
    if (next.status === 'in-progress') set('started_at = COALESCE(started_at, ?)', now);
    if (next.status === 'resolved') set('resolved_at = ?, closed_at = ?', now, now);
    if (next.status === 'closed') set('closed_at = ?', now);
    if (action === 'reopen') sets.push('closed_at = NULL', 'resolved_at = NULL', 'escalated_at = NULL');
    if (action === 'assign') sets.push('escalated_at = NULL');
    if (outcome !== null) set('outcome = ?', outcome);
    await exec(m, `UPDATE ticket SET ${sets.join(', ')} WHERE id = ?`, [...p, id]);
    const note = input.note?.trim();
    if (note) await exec(m, 'INSERT INTO ticket_note (ticket_id, author_id, body, at) VALUES (?, ?, ?, ?)', [id, actor.id, note.slice(0, 2000), now]);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (next.status !== from.status) changes.status = { from: from.status, to: next.status };
    if (next.ownerId !== from.ownerId) changes.ownerId = { from: from.ownerId, to: next.ownerId };
    if (outcome !== null && outcome !== t.outcome) changes.outcome = { from: (t.outcome as string | null) ?? null, to: outcome };
    await writeAudit(m, { actorId: actor.id, action: `work.${action}`, subjectType: 'ticket', subjectId: id, detail: { changes, note: !!note } });
    return [from.ownerId, next.ownerId].filter((x): x is number => x !== null);
  }

  /** Links a call to a task (a call-back dialled from it); idempotent. */
  async linkCall(id: number, callId: string, actor: ActorLike): Promise<void> {
    await withTx(this.ds, async (m) => {
      await taskRow(m, id);
      const [have] = await rows(m, 'SELECT id FROM ticket_call WHERE ticket_id = ? AND call_id = ?', [id, callId]);
      if (have) return;
      const now = sqlTime(this.clock());
      await exec(m, 'INSERT INTO ticket_call (ticket_id, call_id, linked_by_id, at) VALUES (?, ?, ?, ?)', [id, callId, actorIdOf(actor), now]);
      await exec(m, 'UPDATE ticket SET updated_at = ? WHERE id = ?', [now, id]);
      await writeAudit(m, { actorId: actorIdOf(actor), action: 'work.call', subjectType: 'ticket', subjectId: id, detail: { callId } });
    });
    this.emit({ taskIds: [id], reason: 'updated', ownerIds: [] });
  }

  /**
   * Whom a call-back from the task dials: the donor (their phone, through the contact policy's 'service' purpose) or
   * the abandoned call's number. The actor must be allowed to work on it (owner, pool, supervisor/admin).
   */
  async dialTarget(id: number, actor: Actor): Promise<{ donorId: number } | { e164: string }> {
    const t = await taskRow(this.ds, id);
    const denial = workActionDenial(actor, { ownerId: t.owner_id === null ? null : Number(t.owner_id) }, 'start');
    if (denial) throw denial;
    if (t.donor_id !== null && t.donor_id !== undefined) return { donorId: Number(t.donor_id) };
    if (t.caller_e164) return { e164: String(t.caller_e164) };
    throw new DomainError('CONFLICT', '该工单没有可回拨的号码 / this task has no number to call back');
  }

  /**
   * A caller hung up in the queue before anyone answered: one callback task per number per local day (the unique
   * dedup key makes it safe across bridges); a second abandon that day only links its call to the same task.
   */
  async abandoned(a: { callId: string; e164: string; donorId: number | null; queue: string | null; at: Date }): Promise<{ taskId: number; created: boolean }> {
    const key = abandonedDedupKey(a.e164, localDateOf(a.at));
    const existing = async (): Promise<number | null> => {
      const [r] = await rows(this.ds, 'SELECT id FROM ticket WHERE dedup_key = ?', [key]);
      return r ? Number(r.id) : null;
    };
    let id = await existing();
    let created = false;
    if (id === null) {
      try {
        id = await withTx(this.ds, (m) => insertTicket(m, {
          kind: 'callback', source: 'abandoned', priority: 'high', donorId: a.donorId, subject: `未接来电回拨 ${maskPhone(a.e164)}`,
          body: `来电在队列${a.queue ? `「${a.queue}」` : ''}中等待时挂断，请回拨。/ The caller hung up while waiting in the queue; please call back.`,
          callId: a.callId, callerE164: a.e164, dedupKey: key, ...(a.donorId === null ? { ownerId: null } : {}),
        }, null, a.at, this.rules));
        created = true;
      } catch (e) {
        id = await existing(); // another bridge (or an earlier event) won the race
        if (id === null) throw e;
      }
    }
    if (!created) await this.linkCall(id, a.callId, null);
    else this.emit({ taskIds: [id], reason: 'created', ownerIds: [] });
    return { taskId: id, created };
  }

  /** The caller of open abandoned-call tasks called again and was answered: those tasks close themselves. */
  async answeredFrom(e164: string, callId: string): Promise<number[]> {
    const open = await rows(this.ds, `SELECT id, owner_id, status FROM ticket WHERE caller_e164 = ? AND source = 'abandoned' AND status IN (${OPEN_TICKET_STATUSES_SQL})`, [e164]);
    if (!open.length) return [];
    const ids = open.map((r) => Number(r.id));
    const now = sqlTime(this.clock());
    await withTx(this.ds, async (m) => {
      await exec(m, `UPDATE ticket SET status = 'closed', outcome = ?, closed_at = ?, updated_at = ? WHERE id IN (${placeholders(ids.length)}) AND status IN (${OPEN_TICKET_STATUSES_SQL})`, [CLOSED_BY_CALLBACK, now, now, ...ids]);
      for (const r of open) {
        const id = Number(r.id);
        const [have] = await rows(m, 'SELECT id FROM ticket_call WHERE ticket_id = ? AND call_id = ?', [id, callId]);
        if (!have) await exec(m, 'INSERT INTO ticket_call (ticket_id, call_id, linked_by_id, at) VALUES (?, ?, NULL, ?)', [id, callId, now]);
        await writeAudit(m, { actorId: null, action: 'work.auto-close', subjectType: 'ticket', subjectId: id, detail: { changes: { status: { from: r.status, to: 'closed' } }, callId } });
      }
    });
    this.emit({ taskIds: ids, reason: 'closed-by-callback', ownerIds: open.map((r) => r.owner_id).filter((x) => x !== null).map(Number) });
    return ids;
  }

  /** Overdue open tasks not yet escalated: flagged (escalated_at), audited, told to listeners. */
  async escalate(): Promise<WorkEscalated> {
    const now = this.clock();
    const due = await rows(this.ds, `SELECT id, kind, subject, owner_id, due_at, caller_masked, status FROM ticket
      WHERE status IN (${OPEN_TICKET_STATUSES_SQL}) AND due_at < ? AND escalated_at IS NULL ORDER BY due_at LIMIT 200`, [sqlTime(now)]);
    if (!due.length) return { tasks: [] };
    const ids = due.map((r) => Number(r.id));
    await withTx(this.ds, async (m) => {
      await exec(m, `UPDATE ticket SET escalated_at = ? WHERE id IN (${placeholders(ids.length)}) AND escalated_at IS NULL`, [sqlTime(now), ...ids]);
      for (const id of ids) await writeAudit(m, { actorId: null, action: 'work.escalate', subjectType: 'ticket', subjectId: id, detail: { changes: { escalatedAt: { from: null, to: now.toISOString() } } } });
    });
    const e: WorkEscalated = {
      tasks: due.map((r) => ({ id: Number(r.id), kind: r.kind as WorkEscalated['tasks'][number]['kind'], subject: String(r.subject), ownerId: r.owner_id === null ? null : Number(r.owner_id), dueAt: iso(r.due_at), callerMasked: (r.caller_masked as string | null) ?? null })),
    };
    for (const l of this.listeners) l.escalated?.(e);
    this.emit({ taskIds: ids, reason: 'escalated', ownerIds: [] });
    return e;
  }

  /** Tasks written since `since` by anyone (the IVR process too): the bridge tells desks about them. */
  async changedSince(since: Date): Promise<number[]> {
    const r = await rows(this.ds, 'SELECT id FROM ticket WHERE updated_at > ? ORDER BY updated_at LIMIT 500', [sqlTime(since)]);
    return r.map((x) => Number(x.id));
  }
}
