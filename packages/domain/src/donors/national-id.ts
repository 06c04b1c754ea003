import type { Gender } from './donor.types.js';

/**
 * Chinese resident identity card numbers (GB 11643-1999): 18 characters, the last a MOD 11-2 check character.
 * Pure helpers; storage (hash, encryption, last four) lives in the data layer.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function nationalIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export function normalizeNationalId(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export function isValidNationalId(raw: string): boolean {
  const id = normalizeNationalId(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (nationalIdCheckChar(id.slice(0, 17)) !== id[17]) return false;
  const birth = birthDateFromNationalId(id);
  return birth !== null;
}

/** YYYY-MM-DD from positions 7–14, or null when not a real date. */
export function birthDateFromNationalId(raw: string): string | null {
  const id = normalizeNationalId(raw);
  const y = +id.slice(6, 10), m = +id.slice(10, 12), d = +id.slice(12, 14);
  const t = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return id.slice(6, 10) + '-' + id.slice(10, 12) + '-' + id.slice(12, 14);
}

/** The 17th character is odd for men, even for women. */
export function genderFromNationalId(raw: string): Gender {
  const c = normalizeNationalId(raw)[16];
  if (c === undefined || !/\d/.test(c)) return 'unknown';
  return Number(c) % 2 === 1 ? 'male' : 'female';
}

/** The last four characters, which donors type on the IVR keypad (an X is typed as 0 or *; callers are told so). */
export function nationalIdLast4(raw: string): string {
  return normalizeNationalId(raw).slice(-4);
}

/** Keypad form of the last four: X may be entered as '*' or '0'. Returns the variants to match against. */
export function keypadVariantsOfLast4(last4: string): string[] {
  const up = last4.toUpperCase();
  if (!up.endsWith('X')) return [up];
  return [up, up.slice(0, 3) + '0', up.slice(0, 3) + '*'];
}

/** Builds a valid 18-character ID from its first 17 characters (for demo data and tests). */
export function completeNationalId(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('need 17 digits');
  return first17 + nationalIdCheckChar(first17);
}
