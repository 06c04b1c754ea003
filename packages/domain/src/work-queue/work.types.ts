/**
 * The work queue (工单/待办): every piece of work a person must do is a ticket — a complaint, a suggestion, a
 * callback (after a low survey score, an agent's follow-up, an abandoned call), a voice message — with an owner or a
 * team's pool, a due time, a priority, a linked donor, calls and recordings, and an outcome when it is resolved.
 * Pure vocabulary and rules here; the database side is db/work-queue/.
 */
import type { TicketKind, TicketStatus } from '../tickets/ticket.types.js';

/** Where a task came from: decides its due time and (for abandoned calls) how it ends by itself. */
export const TASK_SOURCES = ['manual', 'follow-up', 'survey', 'abandoned', 'voice-message', 'sms', 'planner', 'care', 'no-show'] as const;
export type TaskSource = (typeof TASK_SOURCES)[number];

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/** What a person does to a task (POST /api/work/:id/<action>, bulk for assign/close). */
export const WORK_ACTIONS = ['assign', 'start', 'resolve', 'close', 'reopen'] as const;
export type WorkAction = (typeof WORK_ACTIONS)[number];

/** The "due" filter of the list: overdue (open and past due), due today (Asia/Shanghai), or anything. */
export const WORK_DUE_FILTERS = ['overdue', 'today'] as const;
export type WorkDueFilter = (typeof WORK_DUE_FILTERS)[number];

export const WORK_SORTS = ['due', 'priority', 'created'] as const;
export type WorkSort = (typeof WORK_SORTS)[number];

/** Configurable rules (bridge env WORK_DUE_HOURS, WORK_TEAM): due hours per kind, or per `callback:<source>`. */
export interface WorkRules {
  /** Hours from creation to due, by kind; `callback:<source>` overrides `callback` for that source. */
  dueHours: Readonly<Record<string, number>>;
  /** The pool a task goes to when nobody is its owner (a queue/team name). */
  defaultTeam: string;
}

/** Today's values: complaints and unsatisfied-donor callbacks within 24 h (seed 001), abandoned calls within 4 h. */
export const DEFAULT_WORK_RULES: WorkRules = Object.freeze({
  dueHours: Object.freeze({
    complaint: 24, suggestion: 72, consultation: 48, message: 24, callback: 24, 'callback:abandoned': 4, 'callback:survey': 24, 'callback:sms': 24, 'callback:planner': 24, 'callback:no-show': 48,
  }),
  defaultTeam: 'hotline',
});

/** A task as the list shows it (GET /api/work). Phones only masked. */
export interface WorkTaskDto {
  id: number;
  kind: TicketKind;
  source: TaskSource;
  status: TicketStatus;
  priority: TaskPriority;
  subject: string;
  team: string | null;
  owner: { id: number; displayName: string } | null;
  donor: { id: number; name: string } | null;
  /** The number to call back when there is no donor (an abandoned call), masked. */
  callerMasked: string | null;
  createdAt: string;
  dueAt: string | null;
  overdue: boolean;
  escalatedAt: string | null;
  outcome: string | null;
  /** Calls linked to the task (the abandoned call, call-backs made from it). */
  callCount: number;
}

export interface WorkTaskDetailDto extends WorkTaskDto {
  body: string | null;
  startedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  calls: { callId: string; at: string; direction: string | null; outcome: string | null; hasRecording: boolean }[];
  notes: { id: number; at: string; body: string; author: { id: number; displayName: string } | null }[];
}

export interface WorkCounts {
  /** Open tasks the user owns. */
  mine: number;
  /** …of which overdue. */
  mineOverdue: number;
  /** Open tasks in the pool (no owner). */
  pool: number;
  /** All open overdue tasks (supervisors' figure). */
  overdue: number;
}

/** `work:changed` — something in the queue changed; desks refetch their counts/list. Ids only, no personal data. */
export interface WorkChanged {
  taskIds: number[];
  reason: 'created' | 'updated' | 'closed-by-callback' | 'escalated';
}

/** `work:escalated` — overdue tasks raised to the supervisors (the `oversight` room). Masked phones only. */
export interface WorkEscalated {
  tasks: { id: number; kind: TicketKind; subject: string; ownerId: number | null; dueAt: string | null; callerMasked: string | null }[];
}

/** Query of GET /api/work. */
export interface WorkQuery {
  scope?: 'mine' | 'pool' | 'all';
  kind?: TicketKind;
  status?: TicketStatus | 'open' | 'any';
  due?: WorkDueFilter;
  sort?: WorkSort;
  ownerId?: number;
  page?: number;
  pageSize?: number;
}

/** Body of POST /api/work/:id/:action. `ownerId` for assign (null: back to the pool); `outcome` required to resolve. */
export interface WorkActBody {
  ownerId?: number | null;
  outcome?: string;
  note?: string;
}

export interface WorkBulkBody {
  ids: number[];
  action: 'assign' | 'close';
  ownerId?: number | null;
  outcome?: string;
}

/** People work can be given to (active agents and supervisors). */
export interface WorkAssignee {
  id: number;
  displayName: string;
  role: string;
  extension: string | null;
}

/** The work queue's HTTP routes (merged into HttpApi). */
export interface WorkHttpApi {
  'GET /api/work': { query: WorkQuery; reply: { items: WorkTaskDto[]; total: number; page: number; pageSize: number } };
  'GET /api/work/counts': { reply: WorkCounts };
  'GET /api/work/assignees': { reply: WorkAssignee[] };
  'GET /api/work/:id': { params: { id: number }; reply: WorkTaskDetailDto };
  'POST /api/work/:id/:action': { params: { id: number; action: WorkAction }; body: WorkActBody; reply: WorkTaskDetailDto };
  'POST /api/work/bulk': { body: WorkBulkBody; reply: { updated: number } };
}
