import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Phone normalisation for caller identification. Everything is stored and matched as E.164 (+8613800138000).
 * Handles what Chinese carriers and people actually produce:
 *  - mobiles: 13800138000, +86 138 0013 8000, 0086-138-0013-8000, 8613800138000, 013800138000 (out-of-area prefix 0)
 *  - landlines with area codes: 0532-80001234, (0532) 8000 1234, +86 532 8000 1234
 *  - bare 7–8 digit local numbers, completed with a configurable default area code (e.g. 0532 for Qingdao)
 *  - IP long-distance prefixes some switches prepend (17951, 17911, 12593, 10193)
 */
export type PhoneKind = 'mobile' | 'fixed-line' | 'other';

export interface NormalizedPhone {
  e164: string;
  kind: PhoneKind;
  /** National format without separators, e.g. 13800138000 or 053280001234. */
  national: string;
}

export interface PhoneOptions {
  /** Area code (with the leading 0) used for bare local numbers, e.g. '0532'. */
  defaultAreaCode?: string;
}

const IP_PREFIXES = ['17951', '17911', '12593', '10193', '17909'];

function stripSeparators(raw: string): string {
  return raw.replace(/[\s\-().·/]/g, '');
}

export function normalizePhone(raw: string | null | undefined, opts: PhoneOptions = {}): NormalizedPhone | null {
  if (!raw) return null;
  let s = stripSeparators(raw.trim());
  if (!/^\+?\d{3,20}$/.test(s)) return null;

  if (s.startsWith('+')) {
    // already international
  } else if (s.startsWith('0086')) {
    s = '+' + s.slice(2);
  } else {
    for (const p of IP_PREFIXES) {
      if (s.startsWith(p) && s.length > p.length + 10) {
        s = s.slice(p.length);
        break;
      }
    }
    if (/^86(1\d{10})$/.test(s)) s = '+' + s;
    else if (/^01\d{10}$/.test(s)) s = s.slice(1); // out-of-area mobile with trunk prefix 0
    else if (/^[2-9]\d{6,7}$/.test(s) && opts.defaultAreaCode) s = opts.defaultAreaCode + s;
  }

  const parsed = parsePhoneNumberFromString(s, 'CN');
  if (!parsed || !parsed.isValid()) return null;
  const type = parsed.getType();
  const kind: PhoneKind = type === 'MOBILE' ? 'mobile' : type === 'FIXED_LINE' || type === 'FIXED_LINE_OR_MOBILE' ? 'fixed-line' : 'other';
  const nationalDigits = parsed.country === 'CN' && kind === 'fixed-line' ? '0' + parsed.nationalNumber : String(parsed.nationalNumber);
  return { e164: parsed.number, kind, national: nationalDigits };
}

/** E.164 or null; the form the caller lookup uses. */
export function toE164(raw: string | null | undefined, opts: PhoneOptions = {}): string | null {
  return normalizePhone(raw, opts)?.e164 ?? null;
}
