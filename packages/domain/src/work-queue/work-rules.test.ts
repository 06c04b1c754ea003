import { describe, expect, it } from 'vitest';
import { workActionDenial, workBulkDenial } from './work-policy.js';
import { abandonedDedupKey, dueAtFor, dueHoursFor, isOverdue, priorityRank, routeTask, transition } from './work-rules.js';
import { DEFAULT_WORK_RULES } from './work.types.js';

const NOW = new Date('2026-12-07T02:00:00Z');

describe('work queue: due times', () => {
  it('complaints and unsatisfied-donor callbacks are due within 24 h; abandoned calls within 4 h', () => {
    expect(dueHoursFor('complaint', 'manual')).toBe(24);
    expect(dueHoursFor('callback', 'survey')).toBe(24);
    expect(dueHoursFor('callback', 'abandoned')).toBe(4);
    expect(dueHoursFor('suggestion', 'manual')).toBe(72);
    expect(dueAtFor('complaint', 'manual', NOW).toISOString()).toBe('2026-12-08T02:00:00.000Z');
  });
  it('configurable per kind and per callback source; unknown kinds fall back to the defaults', () => {
    const rules = { ...DEFAULT_WORK_RULES, dueHours: { complaint: 8, callback: 12, 'callback:abandoned': 1 } };
    expect(dueHoursFor('complaint', 'manual', rules)).toBe(8);
    expect(dueHoursFor('callback', 'survey', rules)).toBe(12);
    expect(dueHoursFor('callback', 'abandoned', rules)).toBe(1);
    expect(dueHoursFor('suggestion', 'manual', rules)).toBe(72);
  });
  it('overdue: open and past due; a resolved task is never overdue', () => {
    expect(isOverdue({ status: 'assigned', dueAt: '2026-12-07T01:59:59Z' }, NOW)).toBe(true);
    expect(isOverdue({ status: 'in-progress', dueAt: '2026-12-07T02:00:01Z' }, NOW)).toBe(false);
    expect(isOverdue({ status: 'resolved', dueAt: '2026-12-01T00:00:00Z' }, NOW)).toBe(false);
    expect(isOverdue({ status: 'new', dueAt: null }, NOW)).toBe(false);
  });
});

describe('work queue: routing', () => {
  it('the donor\'s active account manager first, else the team pool; an explicit owner wins', () => {
    expect(routeTask({ accountManager: { id: 7, active: true } })).toEqual({ ownerId: 7, team: 'hotline', status: 'assigned' });
    expect(routeTask({ accountManager: { id: 7, active: false } })).toEqual({ ownerId: null, team: 'hotline', status: 'new' });
    expect(routeTask({ accountManager: null, team: 'recall' })).toEqual({ ownerId: null, team: 'recall', status: 'new' });
    expect(routeTask({ requestedOwnerId: 3, accountManager: { id: 7, active: true } })).toMatchObject({ ownerId: 3, status: 'assigned' });
    expect(routeTask({ requestedOwnerId: null, accountManager: { id: 7, active: true } })).toMatchObject({ ownerId: null, status: 'new' });
  });
  it('one abandoned-call task per number per local day', () => {
    expect(abandonedDedupKey('+8613800138000', '2026-12-07')).toBe('abandoned:+8613800138000:2026-12-07');
  });
  it('priority rank: urgent first', () => {
    expect([priorityRank('low'), priorityRank('normal'), priorityRank('high'), priorityRank('urgent')]).toEqual([1, 2, 3, 4]);
    expect(priorityRank(null)).toBe(2);
  });
});

describe('work queue: state machine', () => {
  const actor = { actorId: 5 };
  it('new → assigned → in progress → resolved → closed, and reopen', () => {
    let s = { status: 'new' as const, ownerId: null } as { status: Parameters<typeof transition>[0]['status']; ownerId: number | null };
    const step = (a: Parameters<typeof transition>[1], ownerId?: number | null) => {
      const n = transition(s, a, { ...actor, ownerId });
      if ('problem' in n) throw new Error(n.problem);
      s = n;
      return n;
    };
    expect(step('assign', 9)).toEqual({ status: 'assigned', ownerId: 9 });
    expect(step('start')).toEqual({ status: 'in-progress', ownerId: 9 });
    expect(step('resolve')).toEqual({ status: 'resolved', ownerId: 9 });
    expect(step('close')).toEqual({ status: 'closed', ownerId: 9 });
    expect(step('reopen')).toEqual({ status: 'assigned', ownerId: 9 });
    expect(step('assign', null)).toEqual({ status: 'new', ownerId: null });
  });
  it('starting a pool task makes the actor its owner; an in-progress task keeps its status when reassigned', () => {
    expect(transition({ status: 'new', ownerId: null }, 'start', actor)).toEqual({ status: 'in-progress', ownerId: 5 });
    expect(transition({ status: 'in-progress', ownerId: 5 }, 'assign', { ...actor, ownerId: 6 })).toEqual({ status: 'in-progress', ownerId: 6 });
  });
  it('refuses what does not apply', () => {
    expect(transition({ status: 'resolved', ownerId: 5 }, 'start', actor)).toEqual({ problem: 'NOT_OPEN' });
    expect(transition({ status: 'closed', ownerId: 5 }, 'resolve', actor)).toEqual({ problem: 'NOT_OPEN' });
    expect(transition({ status: 'in-progress', ownerId: 5 }, 'start', actor)).toEqual({ problem: 'ALREADY_STARTED' });
    expect(transition({ status: 'closed', ownerId: 5 }, 'close', actor)).toEqual({ problem: 'ALREADY_CLOSED' });
    expect(transition({ status: 'assigned', ownerId: 5 }, 'reopen', actor)).toEqual({ problem: 'NOT_DONE' });
  });
});

describe('work queue: who may act', () => {
  const agent = { id: 5, role: 'agent' as const };
  it('the owner acts on their task; an agent cannot reassign or close someone else\'s', () => {
    expect(workActionDenial(agent, { ownerId: 5 }, 'resolve')).toBeNull();
    expect(workActionDenial(agent, { ownerId: 5 }, 'assign', 9)).toBeNull();
    expect(workActionDenial(agent, { ownerId: 9 }, 'assign', 5)?.details).toMatchObject({ rule: 'work.reassign' });
    expect(workActionDenial(agent, { ownerId: 9 }, 'close')?.details).toMatchObject({ rule: 'work.close' });
  });
  it('anyone takes a pool task for themselves, not for someone else', () => {
    expect(workActionDenial(agent, { ownerId: null }, 'assign', 5)).toBeNull();
    expect(workActionDenial(agent, { ownerId: null }, 'start')).toBeNull();
    expect(workActionDenial(agent, { ownerId: null }, 'assign', 9)?.code).toBe('FORBIDDEN');
  });
  it('supervisors and admins do anything, also in bulk; quality staff only read', () => {
    expect(workActionDenial({ id: 1, role: 'supervisor' }, { ownerId: 9 }, 'assign', 5)).toBeNull();
    expect(workActionDenial({ id: 1, role: 'admin' }, { ownerId: 9 }, 'close')).toBeNull();
    expect(workActionDenial({ id: 1, role: 'quality' }, { ownerId: null }, 'start')?.details).toMatchObject({ rule: 'work.read-only' });
    expect(workBulkDenial(agent)?.message).toMatch(/批量操作需要主管或管理员 \/ bulk actions need a supervisor or an admin/);
    expect(workBulkDenial({ id: 1, role: 'supervisor' })).toBeNull();
  });
});
