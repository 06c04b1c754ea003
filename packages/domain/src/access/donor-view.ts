/**
 * What each role sees of a donor's identity data — decided once, here.
 *
 * A resident ID is 6 digits of issuing county + 8 digits of birth date + 3 sequence digits + 1 check character. For
 * a local donor the county is one of a dozen codes, so whoever holds the birth date AND the last four (sequence +
 * check) can list a handful of candidates, keep the one whose check character fits, and confirm it with one search.
 * Either half alone leaves thousands of candidates, and confirming any of them needs the full-ID search, which is
 * audited and rate-limited per user (DonorService.search).
 *
 * So agents get:
 *  - the ID as its last four only ('**************1234', maskNationalIdLast4) — what a donor reads out to confirm who
 *    they are, and what the IVR checks;
 *  - the age, never the birth date (birthDate: null in the 360° view), and birthday care tasks by month only
 *    (dueDate 'YYYY-MM');
 *  - full numbers only through the audited unmask endpoint, which they are not allowed to use.
 * Supervisors, quality managers and admins additionally see the birth date and exact care dates (they may unmask
 * anyway, audited). Search results and screen-pops (DonorSummary) carry no birth date for anyone.
 */
import { OVERSIGHT_ROLES, type Role } from '../agents/agent.types.js';
import type { Donor360 } from '../contracts/dto.js';

/** Roles that see a donor's birth date and exact birthday care dates. */
export const BIRTH_DATE_ROLES: readonly Role[] = OVERSIGHT_ROLES;

export function seesBirthDate(role: Role): boolean {
  return BIRTH_DATE_ROLES.includes(role);
}

/** The 360° view as `role` may see it. */
export function donor360For(role: Role, v: Donor360): Donor360 {
  if (seesBirthDate(role)) return v;
  return {
    ...v,
    birthDate: null,
    careEvents: v.careEvents.map((c) => (c.kind === 'birthday' ? { ...c, dueDate: c.dueDate.slice(0, 7) } : c)),
  };
}
