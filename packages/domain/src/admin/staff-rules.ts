/**
 * Rules for staff accounts, pure and browser-safe (the desk validates with the same functions the server enforces).
 *
 * User names: what a person types is canonicalised before any lookup, uniqueness check or throttling — Unicode NFKC
 * (full-width ａｇｅｎｔ１ → agent1), lower case, trimmed; control and format characters (NUL, RTL override,
 * zero-width joiners) are refused outright. Accounts may only be named with [a-z0-9_.-], so any other character left
 * after canonicalisation cannot name an account. `usernameSkeleton` goes further (accents stripped: àgent1 → agent1)
 * and is only used to charge failed sign-ins to the account a look-alike name imitates.
 */
import type { Role } from '../agents/agent.types.js';

/** Characters never accepted in a name or number typed by a person: C0/C1 controls, format characters, separators. */
const FORBIDDEN_CHARS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}]/u;
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{1,63}$/;

export type Canonical = { ok: true; value: string } | { ok: false; reason: 'empty' | 'forbidden-characters' | 'pattern' };

export function hasForbiddenCharacters(s: string): boolean {
  return FORBIDDEN_CHARS.test(s);
}

/** The canonical form of a user name as typed (for sign-in and for creating accounts). */
export function canonicalUsername(raw: string): Canonical {
  if (typeof raw !== 'string') return { ok: false, reason: 'empty' };
  if (hasForbiddenCharacters(raw)) return { ok: false, reason: 'forbidden-characters' };
  const v = raw.normalize('NFKC').trim().toLowerCase();
  if (!v) return { ok: false, reason: 'empty' };
  if (!USERNAME_PATTERN.test(v)) return { ok: false, reason: 'pattern' };
  return { ok: true, value: v };
}

/** Accents and compatibility forms folded away (àgent1, ＡＧＥＮＴ１ → agent1): the key failed sign-ins are charged to. */
export function usernameSkeleton(raw: string): string {
  return String(raw ?? '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}\p{Z}]+/gu, '')
    .toLowerCase()
    .slice(0, 64);
}

/** 工号: letters, digits and '-', 1–32 characters, full-width input accepted, stored upper-case. */
export function canonicalEmployeeNo(raw: string): Canonical {
  if (typeof raw !== 'string') return { ok: false, reason: 'empty' };
  if (hasForbiddenCharacters(raw)) return { ok: false, reason: 'forbidden-characters' };
  const v = raw.normalize('NFKC').trim().toUpperCase();
  if (!v) return { ok: false, reason: 'empty' };
  if (!/^[A-Z0-9][A-Z0-9-]{0,31}$/.test(v)) return { ok: false, reason: 'pattern' };
  return { ok: true, value: v };
}

export const EXTENSION_PATTERN = /^\d{2,8}$/;
export const MAX_EXTENSIONS_PER_USER = 10;

/** A list of extensions (full-width digits accepted), de-duplicated in order; null when one is not 2–8 digits. */
export function canonicalExtensions(list: readonly string[]): string[] | null {
  const out: string[] = [];
  for (const raw of list) {
    const v = String(raw ?? '').normalize('NFKC').trim();
    if (!EXTENSION_PATTERN.test(v)) return null;
    if (!out.includes(v)) out.push(v);
  }
  return out.length <= MAX_EXTENSIONS_PER_USER ? out : null;
}

export const STAFF_PASSWORD_MIN = 8;
export const STAFF_PASSWORD_MAX = 256;

/** Why a password set by an administrator is refused (null: acceptable). */
export function passwordProblem(pw: string, username?: string): 'too-short' | 'too-long' | 'forbidden-characters' | 'same-as-username' | null {
  if (typeof pw !== 'string' || pw.length < STAFF_PASSWORD_MIN) return 'too-short';
  if (pw.length > STAFF_PASSWORD_MAX) return 'too-long';
  if (/\p{Cc}/u.test(pw)) return 'forbidden-characters';
  if (username && pw.normalize('NFKC').toLowerCase() === username.toLowerCase()) return 'same-as-username';
  return null;
}

export const IVR_PIN_MIN = 6;
export const IVR_PIN_MAX = 12;

/**
 * Why an IVR PIN is refused (null: acceptable): 6–12 digits, not one digit repeated (000000), not a straight run
 * (123456, 987654), not the staff member's own 工号 (the other half of the dial-in).
 */
export function ivrPinProblem(pin: string, employeeNo?: string | null): 'length' | 'digits' | 'trivial' | 'same-as-employee-no' | null {
  if (typeof pin !== 'string') return 'digits';
  if (!/^\d+$/.test(pin)) return 'digits';
  if (pin.length < IVR_PIN_MIN || pin.length > IVR_PIN_MAX) return 'length';
  if (/^(\d)\1+$/.test(pin)) return 'trivial';
  const steps = new Set<number>();
  for (let i = 1; i < pin.length; i++) steps.add((Number(pin[i]) - Number(pin[i - 1]) + 10) % 10);
  if (steps.size === 1 && (steps.has(1) || steps.has(9))) return 'trivial';
  if (employeeNo && pin === employeeNo) return 'same-as-employee-no';
  return null;
}

/** Roles an administrator may assign, in the order the desk lists them. */
export const STAFF_ROLES: readonly Role[] = ['agent', 'supervisor', 'quality', 'admin'];
