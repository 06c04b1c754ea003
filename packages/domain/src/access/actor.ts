import type { Role } from '../agents/agent.types.js';

/**
 * Who performs a write, as the rules need it: the user and their role. Services also accept a bare id (or null) for
 * the system's own writes (the IVR, the call journal, imports), which no per-role rule applies to — every route a
 * person reaches passes an Actor.
 */
export interface Actor {
  id: number;
  role: Role;
}

export type ActorLike = Actor | number | null;

export function isActor(a: ActorLike | undefined): a is Actor {
  return typeof a === 'object' && a !== null && typeof a.id === 'number' && typeof a.role === 'string';
}

export function actorIdOf(a: ActorLike | undefined): number | null {
  if (a === undefined || a === null) return null;
  return typeof a === 'number' ? a : a.id;
}

/** Supervisors and admins: the roles that may widen contact with a donor, reassign work and edit identity data. */
export const SUPERVISING_ROLES: readonly Role[] = ['supervisor', 'admin'];

export function isSupervising(role: Role): boolean {
  return SUPERVISING_ROLES.includes(role);
}
