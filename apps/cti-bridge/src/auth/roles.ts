/**
 * Role rules of the API in one place. Routes declare `config: { roles: [...] }` (checked by the HTTP auth hook);
 * handlers with data-dependent rules (whose call, whose recording) use the predicates below.
 */
import { canSeeAllRecordings, DomainError, OVERSIGHT_ROLES, type Role } from '@donorline/domain';
import type { AuthUser } from './auth.types.js';

export const ADMIN_ONLY: readonly Role[] = ['admin'];
/** Supervisors, quality managers and admins: every call, every recording, unmasking. */
export const OVERSIGHT: readonly Role[] = OVERSIGHT_ROLES;
/** Who may see a full phone number or national ID (audited). Agents work with masked numbers and phone ids. */
export const UNMASK_ROLES: readonly Role[] = OVERSIGHT_ROLES;

export function hasRole(user: AuthUser, roles: readonly Role[]): boolean {
  return roles.includes(user.role);
}

export function requireRole(user: AuthUser | null | undefined, roles: readonly Role[]): AuthUser {
  if (!user) throw new DomainError('UNAUTHENTICATED', '请先登录 / sign in first');
  if (!hasRole(user, roles)) throw new DomainError('FORBIDDEN', `需要以下角色之一：${roles.join(', ')} / needs one of the roles ${roles.join(', ')}`);
  return user;
}

/** Sees every agent's calls and recordings. */
export function isOversight(user: AuthUser): boolean {
  return canSeeAllRecordings(user.role);
}
