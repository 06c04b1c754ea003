/**
 * Who may act on work (the write rules, like access/write-policy.ts):
 *  - supervisor / admin: everything, on any task (assign anyone, bulk assign/close).
 *  - the owner: start, resolve, close, reopen their task; hand it back to the pool or over to someone else.
 *  - anyone (agent): take a task from the pool (assign to themselves, or start it).
 *  - quality: read only.
 */
import { isSupervising, type Actor } from '../access/actor.js';
import { DomainError } from '../errors.js';
import type { WorkAction } from './work.types.js';

export function workActionDenial(actor: Actor, task: { ownerId: number | null }, action: WorkAction, target?: number | null): DomainError | null {
  if (isSupervising(actor.role)) return null;
  if (actor.role === 'quality') return forbid('质检员只能查看工单', 'quality staff may only read tasks', 'work.read-only');
  const owner = task.ownerId === actor.id;
  const pool = task.ownerId === null;
  if (action === 'assign') {
    if (owner) return null;
    if (pool && target === actor.id) return null;
    return forbid('只有工单负责人、主管或管理员可以转派该工单', 'only the task\'s owner, a supervisor or an admin may reassign it', 'work.reassign');
  }
  if (owner || (pool && (action === 'start' || action === 'resolve'))) return null;
  return forbid('只有工单负责人、主管或管理员可以处理该工单', 'only the task\'s owner, a supervisor or an admin may act on it', `work.${action}`);
}

/** Bulk actions (assign/close many) are a supervisor's tool. */
export function workBulkDenial(actor: Actor): DomainError | null {
  return isSupervising(actor.role) ? null : forbid('批量操作需要主管或管理员', 'bulk actions need a supervisor or an admin', 'work.bulk');
}

function forbid(zh: string, en: string, rule: string): DomainError {
  return new DomainError('FORBIDDEN', `${zh} / ${en}`, { rule });
}
