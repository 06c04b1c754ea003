import type { DataSource, EntityManager } from 'typeorm';
import type { Page, TicketBrief, TicketCreate, TicketUpdate } from '../../contracts/dto.js';
import { DomainError } from '../../errors.js';
import { TICKET_KINDS, TICKET_STATUSES, type TicketKind, type TicketStatus } from '../../tickets/ticket.types.js';
import { exec, iso, rows, sqlTime, Where, withTx } from '../sql.js';
import { writeAudit } from './audit.service.js';
import { ticketBrief } from './donor-read.js';
import { clampPage, type ActorId } from './mappers.js';

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

function validate(c: TicketCreate): void {
  if (!TICKET_KINDS.includes(c.kind)) throw new DomainError('VALIDATION_FAILED', `invalid ticket kind ${String(c.kind)}`);
  if (!c.subject?.trim() || c.subject.length > 200) throw new DomainError('VALIDATION_FAILED', '工单标题必填且不超过200字 / subject is required (≤ 200)');
  if (c.dueAt && Number.isNaN(new Date(c.dueAt).getTime())) throw new DomainError('VALIDATION_FAILED', 'dueAt must be an ISO instant');
}

/** Inserts a ticket on the given transaction manager (used by dispositions, surveys and voice messages too). */
export async function insertTicket(m: EntityManager, c: TicketCreate, actorId: ActorId, now: Date = new Date()): Promise<number> {
  validate(c);
  if (c.donorId !== undefined && c.donorId !== null) {
    const [d] = await rows(m, 'SELECT id FROM donor WHERE id = ?', [c.donorId]);
    if (!d) throw new DomainError('NOT_FOUND', `献血者不存在 / donor ${c.donorId} not found`);
  }
  const t = sqlTime(now);
  const r = await exec(m, "INSERT INTO ticket (donor_id, kind, status, subject, body, owner_id, created_by_id, call_id, due_at, created_at, updated_at, closed_at) VALUES (?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, NULL)", [
    c.donorId ?? null, c.kind, c.subject.trim(), c.body ?? null, c.ownerId ?? null, actorId, c.callId ?? null, c.dueAt ? sqlTime(c.dueAt) : null, t, t,
  ]);
  await writeAudit(m, { actorId, action: 'ticket.create', subjectType: 'ticket', subjectId: r.insertId, detail: { kind: c.kind } });
  return r.insertId;
}

/** Tickets: complaints (an open one blocks proactive contact), suggestions, consultations, messages, callbacks. */
export class TicketService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(c: TicketCreate, actorId: ActorId): Promise<TicketBrief> {
    const id = await withTx(this.ds, (m) => insertTicket(m, c, actorId, this.clock()));
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

  async update(id: number, u: TicketUpdate, actorId: ActorId): Promise<TicketBrief> {
    if (u.status !== undefined && !TICKET_STATUSES.includes(u.status)) throw new DomainError('VALIDATION_FAILED', `invalid status ${String(u.status)}`);
    if (u.dueAt && Number.isNaN(new Date(u.dueAt).getTime())) throw new DomainError('VALIDATION_FAILED', 'dueAt must be an ISO instant');
    await withTx(this.ds, async (m) => {
      const [t] = await rows(m, 'SELECT id, status FROM ticket WHERE id = ?', [id]);
      if (!t) throw new DomainError('NOT_FOUND', `工单不存在 / ticket ${id} not found`);
      if (u.ownerId !== undefined && u.ownerId !== null && !(await rows(m, 'SELECT id FROM app_user WHERE id = ?', [u.ownerId])).length) {
        throw new DomainError('VALIDATION_FAILED', `user ${u.ownerId} not found`);
      }
      const now = sqlTime(this.clock());
      const sets: string[] = ['updated_at = ?'];
      const p: unknown[] = [now];
      if (u.status !== undefined) {
        sets.push('status = ?', 'closed_at = ?');
        p.push(u.status, u.status === 'resolved' || u.status === 'closed' ? now : null);
      }
      if (u.ownerId !== undefined) {
        sets.push('owner_id = ?');
        p.push(u.ownerId);
      }
      if (u.dueAt !== undefined) {
        sets.push('due_at = ?');
        p.push(u.dueAt ? sqlTime(u.dueAt) : null);
      }
      await exec(m, `UPDATE ticket SET ${sets.join(', ')} WHERE id = ?`, [...p, id]);
      if (u.note?.trim()) await exec(m, 'INSERT INTO ticket_note (ticket_id, author_id, body, at) VALUES (?, ?, ?, ?)', [id, actorId, u.note.trim(), now]);
      await writeAudit(m, { actorId, action: 'ticket.update', subjectType: 'ticket', subjectId: id, detail: { status: u.status ?? null, ownerId: u.ownerId ?? null } });
    });
    return this.get(id);
  }

  async addNote(id: number, body: string, actorId: ActorId): Promise<TicketBrief> {
    if (!body?.trim()) throw new DomainError('VALIDATION_FAILED', 'note body is required');
    return this.update(id, { note: body }, actorId);
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
    const [{ n }] = (await rows<{ n: number }>(this.ds, "SELECT COUNT(*) AS n FROM ticket WHERE donor_id = ? AND kind = 'complaint' AND status IN ('open', 'in-progress')", [donorId])) as [{ n: number }];
    return Number(n);
  }
}
