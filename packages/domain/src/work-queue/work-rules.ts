import type { TicketKind, TicketStatus } from '../tickets/ticket.types.js';
import { OPEN_TICKET_STATUSES } from '../tickets/ticket.types.js';
import { DEFAULT_WORK_RULES, TASK_PRIORITIES, type TaskPriority, type TaskSource, type WorkAction, type WorkRules } from './work.types.js';

/** Hours from creation until a task of this kind (and source) is due. */
export function dueHoursFor(kind: TicketKind, source: TaskSource, rules: WorkRules = DEFAULT_WORK_RULES): number {
  return rules.dueHours[`${kind}:${source}`] ?? rules.dueHours[kind] ?? DEFAULT_WORK_RULES.dueHours[kind] ?? 24;
}

export function dueAtFor(kind: TicketKind, source: TaskSource, now: Date, rules: WorkRules = DEFAULT_WORK_RULES): Date {
  return new Date(now.getTime() + dueHoursFor(kind, source, rules) * 3_600_000);
}

/**
 * Who gets new work about a donor: their account manager (客户经理负责制) when that person's account is active,
 * else nobody — the task waits in the team's pool. An explicit owner (an agent's own follow-up) wins.
 */
export function routeTask(
  p: { requestedOwnerId?: number | null; accountManager?: { id: number; active: boolean } | null; team?: string | null },
  rules: WorkRules = DEFAULT_WORK_RULES,
): { ownerId: number | null; team: string; status: 'new' | 'assigned' } {
  const team = p.team || rules.defaultTeam;
  const ownerId = p.requestedOwnerId !== undefined ? p.requestedOwnerId : p.accountManager?.active ? p.accountManager.id : null;
  return { ownerId, team, status: ownerId === null ? 'new' : 'assigned' };
}

export function isOpenStatus(s: TicketStatus): boolean {
  return OPEN_TICKET_STATUSES.includes(s);
}

export function isOverdue(t: { status: TicketStatus; dueAt: string | Date | null }, now: Date): boolean {
  if (!t.dueAt || !isOpenStatus(t.status)) return false;
  return new Date(t.dueAt).getTime() < now.getTime();
}

/** Weight of a priority: low 1 … urgent 4 (sort descending for urgent first). */
export function priorityRank(p: TaskPriority | null | undefined): number {
  const i = TASK_PRIORITIES.indexOf(p ?? 'normal');
  return (i < 0 ? 1 : i) + 1;
}

export interface Transition {
  status: TicketStatus;
  ownerId: number | null;
}

/**
 * The state machine: new → assigned → in-progress → resolved → closed, and reopen. Returns the next state, or a
 * problem code when the action does not apply to the task as it is. `ownerId` is the owner after the action.
 *  - assign (to someone, or null back to the pool): any open task; status new/assigned follows the owner, an
 *    in-progress task stays in progress with its new owner.
 *  - start: new/assigned → in-progress (the actor becomes the owner of a pool task).
 *  - resolve: any open task → resolved (the outcome is checked by the caller).
 *  - close: anything not closed → closed.
 *  - reopen: resolved/closed → assigned (or new without an owner).
 */
export function transition(
  from: Transition,
  action: WorkAction,
  p: { actorId: number; ownerId?: number | null },
): Transition | { problem: 'NOT_OPEN' | 'ALREADY_STARTED' | 'ALREADY_CLOSED' | 'NOT_DONE' } {
  const open = isOpenStatus(from.status);
  switch (action) {
    case 'assign': {
      if (!open) return { problem: 'NOT_OPEN' };
      const ownerId = p.ownerId ?? null;
      if (from.status === 'in-progress' && ownerId !== null) return { status: 'in-progress', ownerId };
      return { status: ownerId === null ? 'new' : 'assigned', ownerId };
    }
    case 'start':
      if (!open) return { problem: 'NOT_OPEN' };
      if (from.status === 'in-progress') return { problem: 'ALREADY_STARTED' };
      return { status: 'in-progress', ownerId: from.ownerId ?? p.actorId };
    case 'resolve':
      if (!open) return { problem: 'NOT_OPEN' };
      return { status: 'resolved', ownerId: from.ownerId ?? p.actorId };
    case 'close':
      if (from.status === 'closed') return { problem: 'ALREADY_CLOSED' };
      return { status: 'closed', ownerId: from.ownerId };
    case 'reopen':
      if (open) return { problem: 'NOT_DONE' };
      return { status: from.ownerId === null ? 'new' : 'assigned', ownerId: from.ownerId };
  }
}

export const TRANSITION_PROBLEMS = {
  NOT_OPEN: ['该工单已解决或关闭，请先重新打开', 'the task is resolved or closed — reopen it first'],
  ALREADY_STARTED: ['该工单已在处理中', 'the task is already in progress'],
  ALREADY_CLOSED: ['该工单已关闭', 'the task is already closed'],
  NOT_DONE: ['只有已解决或已关闭的工单可以重新打开', 'only a resolved or closed task can be reopened'],
} as const;

/** Outcome text limits: required to resolve (what was done / agreed with the donor). */
export const OUTCOME_MAX = 500;

/** The abandoned-call task of one number on one local day (Asia/Shanghai): one per number per day. */
export function abandonedDedupKey(e164: string, localDay: string): string {
  return `abandoned:${e164}:${localDay}`;
}
