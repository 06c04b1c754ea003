import type { DataSource, EntityManager } from 'typeorm';
import { actorIdOf, isActor, type ActorLike } from '../../access/actor.js';
import { ticketCreateDenial, ticketUpdateDenial } from '../../access/write-policy.js';
import type { Page, TicketBrief, TicketCreate, TicketUpdate } from '../../contracts/dto.js';
import { DomainError } from '../../errors.js';
import { assertFreeText, TEXT_FIELDS } from '../../text/free-text.js';
import { bilingual, checkDueAt } from '../../validation/input.js';
import { TICKET_KINDS, TICKET_STATUSES, type TicketKind, type TicketStatus } from '../../tickets/ticket.types.js';
import { asBool, exec, iso, rows, sqlTime, Where, withTx } from '../sql.js';
import { maskPhone } from '../../donors/masking.js';
import { DEFAULT_WORK_RULES, TASK_PRIORITIES, TASK_SOURCES, type WorkRules } from '../../work-queue/work.types.js';
import { dueAtFor, OUTCOME_MAX, routeTask } from '../../work-queue/work-rules.js';
import { writeAudit } from './audit.service.js';
import { ticketBrief } from './donor-read.js';
import { clampPage } from './mappers.js';

export interface TicketFilter {
  status?: TicketStatus;
  kind?: TicketKind;
  ownerId?: number;
  donorId?: number;
  page?: number;
  pageSize?: number;
}

export interface TicketNoteDto {
  id: number;
  at: string;
  author: { id: number; displayName: string } | null;
  body: string;
}

function validate(c: TicketCreate, now: Date): void {
  if (!TICKET_KINDS.includes(c.kind)) throw new DomainError('VALIDATION_FAILED', `invalid ticket kind ${String(c.kind)}`);
  if (!c.subject?.trim() || c.subject.length > 200) throw new DomainError('VALIDATION_FAILED', '工单标题必填且不超过200字 / subject is required (≤ 200)');
  checkDue(c.dueAt, now);
  assertFreeText(c.subject, TEXT_FIELDS.ticketSubject);
  assertFreeText(c.body, TEXT_FIELDS.ticketBody);
}

/**
 * The outcome of a task (what was done, what was agreed): required to resolve it — a 400 with both languages when it
 * is missing or blank — and at most OUTCOME_MAX characters. Returns the trimmed text (null: none given, not needed).
 */
export function checkOutcome(outcome: string | null | undefined, required: boolean): string | null {
  const o = typeof outcome === 'string' ? outcome.trim() : '';
  if (!o) {
    if (required) throw new DomainError('VALIDATION_FAILED', '解决工单需要填写处理结果 / an outcome is required to resolve a task', { field: 'outcome', problem: 'REQUIRED' });
    return null;
  }
  if (o.length > OUTCOME_MAX) throw new DomainError('VALIDATION_FAILED', `处理结果不超过${OUTCOME_MAX}字 / the outcome is at most ${OUTCOME_MAX} characters`, { field: 'outcome', problem: 'TOO_LONG' });
  assertFreeText(o, TEXT_FIELDS.ticketOutcome);
  return o;
}

/** A due time: an instant, not in the past (a callback due yesterday helps nobody). */
function checkDue(dueAt: string | null | undefined, now: Date): void {
  if (!dueAt) return;
  const p = checkDueAt(dueAt, now);
  if (p) throw new DomainError('VALIDATION_FAILED', bilingual(p), { field: 'dueAt', problem: p.code });
}

/** What the system adds when it opens a task (not part of the HTTP body). */
export interface TaskExtras {
  team?: string | null;
  /** An abandoned call's or a voice message's number (stored; only its masked form leaves the server). */
  callerE164?: string | null;
  dedupKey?: string | null;
}

/**
 * Inserts a ticket — a task of the work queue — on the given transaction manager (used by dispositions, surveys,
 * voice messages and abandoned calls too). A person (an Actor) may open a ticket for themselves or nobody; for
 * someone else only as a supervisor or admin. Without an explicit owner the task is routed (work-rules.ts
 * routeTask): the donor's active account manager, else the team's pool; without a due time it gets the kind's.
 */
export async function insertTicket(m: EntityManager, c: TicketCreate & TaskExtras, actor: ActorLike, now: Date = new Date(), rules: WorkRules = DEFAULT_WORK_RULES): Promise<number> {
  validate(c, now);
  if (c.source !== undefined && !TASK_SOURCES.includes(c.source)) throw new DomainError('VALIDATION_FAILED', `invalid source ${String(c.source)}`);
  if (c.priority !== undefined && !TASK_PRIORITIES.includes(c.priority)) throw new DomainError('VALIDATION_FAILED', `invalid priority ${String(c.priority)}`);
  if (isActor(actor)) {
    const denial = ticketCreateDenial(actor, c);
    if (denial) throw denial;
  }
  const actorId = actorIdOf(actor);
  let accountManager: { id: number; active: boolean } | null = null;
  if (c.donorId !== undefined && c.donorId !== null) {
    const [d] = await rows(m, 'SELECT d.id, d.account_manager_id, u.active FROM donor d LEFT JOIN app_user u ON u.id = d.account_manager_id WHERE d.id = ?', [c.donorId]);
    if (!d) throw new DomainError('NOT_FOUND', `献血者不存在 / donor ${c.donorId} not found`);
    if (d.account_manager_id !== null && d.account_manager_id !== undefined) accountManager = { id: Number(d.account_manager_id), active: asBool(d.active) };
  }
  const source = c.source ?? 'manual';
  const route = routeTask({ requestedOwnerId: c.ownerId, accountManager: c.ownerId === undefined ? accountManager : null, team: c.team }, rules);
  const due = c.dueAt ? new Date(c.dueAt) : dueAtFor(c.kind, source, now, rules);
  const e164 = c.callerE164 ?? null;
  const t = sqlTime(now);
  const r = await exec(m, `INSERT INTO ticket (donor_id, kind, status, subject, body, owner_id, created_by_id, call_id, due_at, created_at, updated_at, closed_at,
      source, priority, team, outcome, caller_e164, caller_masked, dedup_key, started_at, resolved_at, escalated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, NULL, ?, ?, ?, NULL, NULL, NULL)`, [
    c.donorId ?? null, c.kind, route.status, c.subject.trim(), c.body ?? null, route.ownerId, actorId, c.callId ?? null, sqlTime(due), t, t,
    source, c.priority ?? 'normal', route.team, e164, e164 ? maskPhone(e164) : null, c.dedupKey ?? null,
  ]);
  if (c.callId) await exec(m, 'INSERT INTO ticket_call (ticket_id, call_id, linked_by_id, at) VALUES (?, ?, ?, ?)', [r.insertId, c.callId, actorId, t]);
  await writeAudit(m, { actorId, action: 'ticket.create', subjectType: 'ticket', subjectId: r.insertId, detail: { kind: c.kind, source, ownerId: route.ownerId, team: route.team } });
  return r.insertId;
}

/** Tickets: complaints (an open one blocks proactive contact), suggestions, consultations, messages, callbacks. */
export class TicketService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(c: TicketCreate, actor: ActorLike): Promise<TicketBrief> {
    const id = await withTx(this.ds, (m) => insertTicket(m, c, actor, this.clock()));
    return this.get(id);
  }

  async get(id: number): Promise<TicketBrief> {
    const [t] = await rows(this.ds, 'SELECT t.id, t.kind, t.status, t.subject, t.created_at, t.due_at, t.owner_id, u.display_name, u.extension FROM ticket t LEFT JOIN app_user u ON u.id = t.owner_id WHERE t.id = ?', [id]);
    if (!t) throw new DomainError('NOT_FOUND', `工单不存在 / ticket ${id} not found`);
    return ticketBrief(t);
  }

  async detail(id: number): Promise<TicketBrief & { donorId: number | null; body: string | null; callId: string | null; notes: TicketNoteDto[] }> {
    const brief = await this.get(id);
    const [t] = await rows(this.ds, 'SELECT donor_id, body, call_id FROM ticket WHERE id = ?', [id]);
    const notes = await rows(this.ds, 'SELECT n.id, n.at, n.body, n.author_id, u.display_name FROM ticket_note n LEFT JOIN app_user u ON u.id = n.author_id WHERE n.ticket_id = ? ORDER BY n.at, n.id', [id]);
    return {
      ...brief, donorId: t!.donor_id === null ? null : Number(t!.donor_id), body: (t!.body as string | null) ?? null, callId: (t!.call_id as string | null) ?? null,
      notes: notes.map((n) => ({ id: Number(n.id), at: iso(n.at)!, body: String(n.body), author: n.author_id === null ? null : { id: Number(n.author_id), displayName: String(n.display_name ?? '') } })),
    };
  }

  /**
   * Status, owner, due date and/or a note. A person's change is checked against the write rules
   * (access/write-policy.ts: close/reassign by the owner, a supervisor or an admin) with the ticket as it is inside the
   * transaction; the audit row carries every changed value old → new.
   */
  async update(id: number, u: TicketUpdate, actor: ActorLike): Promise<TicketBrief> {
    if (u.status !== undefined && !TICKET_STATUSES.includes(u.status)) throw new DomainError('VALIDATION_FAILED', `invalid status ${String(u.status)}`);
    checkDue(u.dueAt, this.clock());
    assertFreeText(u.note, TEXT_FIELDS.ticketNote);
    // resolving needs an outcome: given as such, or the note written with it
    const outcome = checkOutcome(u.outcome ?? (u.status === 'resolved' ? u.note : undefined), u.status === 'resolved');
    const actorId = actorIdOf(actor);
    await withTx(this.ds, async (m) => {
      const [t] = await rows(m, 'SELECT id, status, owner_id, created_by_id, due_at, outcome FROM ticket WHERE id = ?', [id]);
      if (!t) throw new DomainError('NOT_FOUND', `工单不存在 / ticket ${id} not found`);
      const ownerId = t.owner_id === null ? null : Number(t.owner_id);
      if (isActor(actor)) {
        const denial = ticketUpdateDenial(actor, { ownerId, createdById: t.created_by_id === null ? null : Number(t.created_by_id), status: t.status as TicketStatus }, u);
        if (denial) throw denial;
      }
      if (u.ownerId !== undefined && u.ownerId !== null && !(await rows(m, 'SELECT id FROM app_user WHERE id = ?', [u.ownerId])).length) {
        throw new DomainError('VALIDATION_FAILED', `user ${u.ownerId} not found`);
      }
      const now = sqlTime(this.clock());
      const sets: string[] = ['updated_at = ?'];
      const p: unknown[] = [now];
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      // a new owner of a pool task makes it assigned (and back to the pool: new), unless a status is given
      const newOwner = u.ownerId === undefined ? ownerId : u.ownerId;
      const status = u.status ?? (t.status === 'new' && newOwner !== null ? 'assigned' : t.status === 'assigned' && newOwner === null ? 'new' : (t.status as TicketStatus));
      if (status !== t.status || u.status !== undefined) {
        sets.push('status = ?', 'closed_at = ?');
        p.push(status, status === 'resolved' || status === 'closed' ? now : null);
        if (status === 'resolved') {
          sets.push('resolved_at = ?');
          p.push(now);
        }
        if (status === 'in-progress') {
          sets.push('started_at = COALESCE(started_at, ?)');
          p.push(now);
        }
        if (status !== t.status) changes.status = { from: t.status, to: status };
      }
      if (outcome !== null) {
        sets.push('outcome = ?');
        p.push(outcome);
        if (outcome !== t.outcome) changes.outcome = { from: t.outcome ?? null, to: outcome };
      }
      if (u.ownerId !== undefined) {
        sets.push('owner_id = ?');
        p.push(u.ownerId);
        if (u.ownerId !== ownerId) changes.ownerId = { from: ownerId, to: u.ownerId };
      }
      if (u.dueAt !== undefined) {
        sets.push('due_at = ?');
        p.push(u.dueAt ? sqlTime(u.dueAt) : null);
        const from = iso(t.due_at);
        const to = u.dueAt ? new Date(u.dueAt).toISOString() : null;
        if (from !== to) changes.dueAt = { from, to };
      }
      await exec(m, `UPDATE ticket SET ${sets.join(', ')} WHERE id = ?`, [...p, id]);
      const note = u.note?.trim();
      if (note) await exec(m, 'INSERT INTO ticket_note (ticket_id, author_id, body, at) VALUES (?, ?, ?, ?)', [id, actorId, note, now]);
      await writeAudit(m, { actorId, action: 'ticket.update', subjectType: 'ticket', subjectId: id, detail: { changes, note: !!note } });
    });
    return this.get(id);
  }

  async addNote(id: number, body: string, actor: ActorLike): Promise<TicketBrief> {
    if (!body?.trim()) throw new DomainError('VALIDATION_FAILED', 'note body is required');
    return this.update(id, { note: body }, actor);
  }

  async list(f: TicketFilter = {}): Promise<Page<TicketBrief>> {
    const { page, pageSize, offset } = clampPage(f.page, f.pageSize);
    const w = new Where();
    if (f.status) w.add('t.status = ?', f.status);
    if (f.kind) w.add('t.kind = ?', f.kind);
    if (f.ownerId !== undefined) w.add('t.owner_id = ?', f.ownerId);
    if (f.donorId !== undefined) w.add('t.donor_id = ?', f.donorId);
    const [{ n }] = (await rows<{ n: number }>(this.ds, `SELECT COUNT(*) AS n FROM ticket t ${w.sql}`, w.params)) as [{ n: number }];
    const list = await rows(this.ds, `SELECT t.id, t.kind, t.status, t.subject, t.created_at, t.due_at, t.owner_id, u.display_name, u.extension
      FROM ticket t LEFT JOIN app_user u ON u.id = t.owner_id ${w.sql} ORDER BY t.created_at DESC, t.id DESC LIMIT ? OFFSET ?`, [...w.params, pageSize, offset]);
    return { items: list.map(ticketBrief), total: Number(n), page, pageSize };
  }

  /** Open complaints of a donor (the contact policy's blocker). */
  async openComplaints(donorId: number): Promise<number> {
    const [{ n }] = (await rows<{ n: number }>(this.ds, "SELECT COUNT(*) AS n FROM ticket WHERE donor_id = ? AND kind = 'complaint' AND status IN ('new', 'assigned', 'in-progress')", [donorId])) as [{ n: number }];
    return Number(n);
  }
}
