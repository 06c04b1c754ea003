/**
 * Who may do what with evaluations (checked by the services inside their transactions, and by the routes):
 * quality staff, supervisors and admins evaluate, see every evaluation and resolve disputes; an agent sees only
 * the submitted evaluations of their own calls and acknowledges or disputes them — once.
 */
import type { Actor } from '../access/actor.js';
import type { Role } from '../agents/agent.types.js';
import { DomainError } from '../errors.js';
import type { QaEvaluationStatus } from './qa.types.js';

export const QA_EVALUATOR_ROLES: readonly Role[] = ['quality', 'supervisor', 'admin'];

export function canEvaluate(role: Role): boolean {
  return QA_EVALUATOR_ROLES.includes(role);
}

export function requireEvaluator(actor: Actor): void {
  if (!canEvaluate(actor.role)) throw new DomainError('FORBIDDEN', '质检评分需要质检、主管或管理员 / evaluating is for quality staff, supervisors and admins', { rule: 'qa.evaluate' });
}

/** May this person read this evaluation? Agents: their own, once submitted; evaluators: all. */
export function canSeeEvaluation(actor: Actor, e: { agentId: number | null; status: QaEvaluationStatus; kind: string }): boolean {
  if (canEvaluate(actor.role)) return true;
  return e.kind === 'regular' && e.agentId === actor.id && e.status !== 'draft';
}

export type QaAgentAction = 'acknowledge' | 'dispute';

/** The next status of an agent's response or a lead's resolution; a CONFLICT names what is wrong. */
export function qaTransition(from: QaEvaluationStatus, action: QaAgentAction | 'resolve' | 'submit'): QaEvaluationStatus {
  const ok: Record<typeof action, QaEvaluationStatus[]> = {
    submit: ['draft'],
    acknowledge: ['submitted'],
    dispute: ['submitted'],
    resolve: ['disputed'],
  };
  if (!ok[action].includes(from)) {
    const zh: Record<typeof action, string> = { submit: '只能提交草稿', acknowledge: '该评分已确认或申诉过', dispute: '该评分已确认或申诉过', resolve: '只能处理申诉中的评分' };
    throw new DomainError('CONFLICT', `${zh[action]} / cannot ${action} an evaluation that is ${from}`, { status: from, action });
  }
  return { submit: 'submitted', acknowledge: 'acknowledged', dispute: 'disputed', resolve: 'resolved' }[action] as QaEvaluationStatus;
}
