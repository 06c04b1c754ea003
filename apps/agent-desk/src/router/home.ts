import type { Role } from '@donorline/domain';

/** Where each role lands after sign-in: quality managers on recordings, everybody else on the desk. */
export function homeFor(role: Role): string {
  return role === 'quality' ? '/recordings' : '/';
}
