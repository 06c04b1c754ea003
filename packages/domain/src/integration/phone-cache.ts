/**
 * normalizePhone at import speed. libphonenumber's full metadata costs ~50 µs a number; a BECS export has millions.
 * The validity and type of a Chinese number depend on its first digits and its length only, so the answer for the
 * usual shapes — an 11-digit mobile (with or without +86 / 0086 / 86) and a landline with its area code — is
 * computed once per prefix with the real normalizePhone and reused; every other spelling goes to normalizePhone
 * itself. Same results by construction (phone-cache.test.ts compares both over every mobile prefix).
 */
import { normalizePhone, type NormalizedPhone, type PhoneOptions } from '../donors/phone.js';

const SEP = /[\s\-().·/]/g;

export class PhoneNormalizer {
  private readonly memo = new Map<string, { ok: boolean; kind: NormalizedPhone['kind'] }>();

  constructor(private readonly opts: PhoneOptions = {}) {}

  normalize(raw: string | null | undefined): NormalizedPhone | null {
    if (!raw) return null;
    const s = raw.trim().replace(SEP, '');
    let m = /^(?:\+86|0086|86)?(1\d{10})$/.exec(s);
    if (m) return this.viaPrefix(`M${m[1]!.slice(0, 5)}`, m[1]!, raw, m[1]!);
    m = /^(0[2-9]\d{9,10})$/.exec(s);
    if (m) return this.viaPrefix(`L${m[1]!.length}${m[1]!.slice(0, 6)}`, m[1]!.slice(1), raw, m[1]!);
    return normalizePhone(raw, this.opts);
  }

  private viaPrefix(key: string, nationalNoZero: string, raw: string, national: string): NormalizedPhone | null {
    let hit = this.memo.get(key);
    if (!hit) {
      const n = normalizePhone(raw, this.opts);
      hit = { ok: !!n && n.e164 === `+86${nationalNoZero}`, kind: n?.kind ?? 'other' };
      if (!n || hit.ok) this.memo.set(key, hit);
      else return n; // unexpected shape: never cache, give the real answer
    }
    return hit.ok ? { e164: `+86${nationalNoZero}`, kind: hit.kind, national } : null;
  }
}
