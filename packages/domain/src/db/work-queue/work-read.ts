/** Reads of the work queue: the list with filters and sorting, counts for the badge, one task with its calls. */
import type { DataSource, EntityManager } from 'typeorm';
import { OPEN_TICKET_STATUSES_SQL, type TicketKind, type TicketStatus } from '../../tickets/ticket.types.js';
import { localDateOf } from '../../time/local-date.js';
import type { TaskPriority, TaskSource, WorkCounts, WorkDueFilter, WorkSort, WorkTaskDetailDto, WorkTaskDto } from '../../work-queue/work.types.js';
import { isOverdue } from '../../work-queue/work-rules.js';
import { DomainError } from '../../errors.js';
import { iso, rows, sqlTime, Where } from '../sql.js';
import { clampPage } from '../services/mappers.js';

export interface WorkFilter {
  /** mine: the viewer's; pool: nobody's (a team's pool); all: everyone's (oversight roles). */
  scope?: 'mine' | 'pool' | 'all';
  ownerId?: number;
  kind?: TicketKind;
  /** A status, or 'open' (new, assigned, in progress — the default). */
  status?: TicketStatus | 'open' | 'any';
  due?: WorkDueFilter;
  sort?: WorkSort;
  page?: number;
  pageSize?: number;
}

const SELECT = `SELECT t.id, t.kind, t.source, t.status, t.priority, t.subject, t.team, t.owner_id, u.display_name AS owner_name, t.donor_id, d.name AS donor_name,
  t.caller_masked, t.created_at, t.due_at, t.escalated_at, t.outcome, (SELECT COUNT(*) FROM ticket_call c WHERE c.ticket_id = t.id) AS call_count
  FROM ticket t LEFT JOIN app_user u ON u.id = t.owner_id LEFT JOIN donor d ON d.id = t.donor_id`;

const PRIORITY_ORDER = "CASE COALESCE(t.priority, 'normal') WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END";
const ORDER: Record<WorkSort, string> = {
  // no due time sorts last on both databases
  due: `CASE WHEN t.due_at IS NULL THEN 1 ELSE 0 END, t.due_at, ${PRIORITY_ORDER}, t.id`,
  priority: `${PRIORITY_ORDER}, CASE WHEN t.due_at IS NULL THEN 1 ELSE 0 END, t.due_at, t.id`,
  created: 't.created_at DESC, t.id DESC',
};

export function taskDto(r: Record<string, unknown>, now: Date): WorkTaskDto {
  const status = r.status as TicketStatus;
  const dueAt = iso(r.due_at);
  return {
    id: Number(r.id), kind: r.kind as TicketKind, source: ((r.source as string | null) ?? 'manual') as TaskSource, status,
    priority: ((r.priority as string | null) ?? 'normal') as TaskPriority, subject: String(r.subject), team: (r.team as string | null) ?? null,
    owner: r.owner_id === null || r.owner_id === undefined ? null : { id: Number(r.owner_id), displayName: String(r.owner_name ?? '') },
    donor: r.donor_id === null || r.donor_id === undefined ? null : { id: Number(r.donor_id), name: String(r.donor_name ?? '') },
    callerMasked: (r.caller_masked as string | null) ?? null, createdAt: iso(r.created_at)!, dueAt, overdue: isOverdue({ status, dueAt }, now),
    escalatedAt: iso(r.escalated_at), outcome: (r.outcome as string | null) ?? null, callCount: Number(r.call_count ?? 0),
  };
}

function whereOf(f: WorkFilter, viewerId: number, now: Date): Where {
  const w = new Where();
  const scope = f.scope ?? 'mine';
  if (scope === 'mine') w.add('t.owner_id = ?', viewerId);
  else if (scope === 'pool') w.add('t.owner_id IS NULL');
  if (f.ownerId !== undefined) w.add('t.owner_id = ?', f.ownerId);
  if (f.kind) w.add('t.kind = ?', f.kind);
  const status = f.status ?? 'open';
  if (status === 'open') w.add(`t.status IN (${OPEN_TICKET_STATUSES_SQL})`);
  else if (status !== 'any') w.add('t.status = ?', status);
  if (f.due === 'overdue') {
    w.add(`t.status IN (${OPEN_TICKET_STATUSES_SQL})`);
    w.add('t.due_at < ?', sqlTime(now));
  } else if (f.due === 'today') {
    // the end of the center's local day: due before tomorrow 00:00 Asia/Shanghai (UTC+8, no DST)
    const end = new Date(Date.parse(`${localDateOf(now)}T00:00:00+08:00`) + 86_400_000);
    w.add('t.due_at < ?', sqlTime(end));
  }
  return w;
}

export async function listTasks(ds: DataSource, f: WorkFilter, viewerId: number, now: Date): Promise<{ items: WorkTaskDto[]; total: number; page: number; pageSize: number }> {
  const { page, pageSize, offset } = clampPage(f.page, f.pageSize);
  const w = whereOf(f, viewerId, now);
  const [{ n }] = (await rows<{ n: number }>(ds, `SELECT COUNT(*) AS n FROM ticket t ${w.sql}`, w.params)) as [{ n: number }];
  const list = await rows(ds, `${SELECT} ${w.sql} ORDER BY ${ORDER[f.sort ?? 'due']} LIMIT ? OFFSET ?`, [...w.params, pageSize, offset]);
  return { items: list.map((r) => taskDto(r, now)), total: Number(n), page, pageSize };
}

export async function countTasks(ds: DataSource, userId: number, now: Date): Promise<WorkCounts> {
  const t = sqlTime(now);
  const [r] = await rows(ds, `SELECT
      SUM(CASE WHEN owner_id = ? THEN 1 ELSE 0 END) AS mine,
      SUM(CASE WHEN owner_id = ? AND due_at < ? THEN 1 ELSE 0 END) AS mine_overdue,
      SUM(CASE WHEN owner_id IS NULL THEN 1 ELSE 0 END) AS pool,
      SUM(CASE WHEN due_at < ? THEN 1 ELSE 0 END) AS overdue
    FROM ticket WHERE status IN (${OPEN_TICKET_STATUSES_SQL})`, [userId, userId, t, t]);
  return { mine: Number(r?.mine ?? 0), mineOverdue: Number(r?.mine_overdue ?? 0), pool: Number(r?.pool ?? 0), overdue: Number(r?.overdue ?? 0) };
}

export async function taskRow(m: EntityManager | DataSource, id: number): Promise<Record<string, unknown>> {
  const [r] = await rows(m, 'SELECT id, kind, source, status, owner_id, donor_id, caller_e164, caller_masked, outcome, subject, due_at FROM ticket WHERE id = ?', [id]);
  if (!r) throw new DomainError('NOT_FOUND', `工单不存在 / task ${id} not found`);
  return r;
}

export async function taskDetail(ds: DataSource, id: number, now: Date): Promise<WorkTaskDetailDto> {
  const [r] = await rows(ds, `${SELECT} WHERE t.id = ?`, [id]);
  if (!r) throw new DomainError('NOT_FOUND', `工单不存在 / task ${id} not found`);
  const [x] = await rows(ds, 'SELECT body, started_at, resolved_at, closed_at FROM ticket WHERE id = ?', [id]);
  const calls = await rows(ds, `SELECT tc.call_id, tc.at, c.direction, c.outcome, (SELECT COUNT(*) FROM recording rc WHERE rc.call_record_id = c.id) AS recs
    FROM ticket_call tc LEFT JOIN call_record c ON c.linkedid = tc.call_id WHERE tc.ticket_id = ? ORDER BY tc.at, tc.id`, [id]);
  const notes = await rows(ds, 'SELECT n.id, n.at, n.body, n.author_id, u.display_name FROM ticket_note n LEFT JOIN app_user u ON u.id = n.author_id WHERE n.ticket_id = ? ORDER BY n.at, n.id', [id]);
  return {
    ...taskDto(r, now), body: (x!.body as string | null) ?? null, startedAt: iso(x!.started_at), resolvedAt: iso(x!.resolved_at), closedAt: iso(x!.closed_at),
    calls: calls.map((c) => ({ callId: String(c.call_id), at: iso(c.at)!, direction: (c.direction as string | null) ?? null, outcome: (c.outcome as string | null) ?? null, hasRecording: Number(c.recs ?? 0) > 0 })),
    notes: notes.map((n) => ({ id: Number(n.id), at: iso(n.at)!, body: String(n.body), author: n.author_id === null ? null : { id: Number(n.author_id), displayName: String(n.display_name ?? '') } })),
  };
}
