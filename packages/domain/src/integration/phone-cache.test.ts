import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../donors/phone.js';
import { PhoneNormalizer } from './phone-cache.js';

describe('PhoneNormalizer (prefix-memoised normalizePhone)', () => {
  it('gives exactly normalizePhone’s answer for mobiles of every prefix, landlines and odd spellings', () => {
    const fast = new PhoneNormalizer({ defaultAreaCode: '0532' });
    const inputs: string[] = [];
    for (let p = 10_000; p < 20_000; p += 7) {
      const n = `${p}${String((p * 7919) % 1_000_000).padStart(6, '0')}`;
      inputs.push(n, `+86 ${n}`, `0086-${n}`, `86${n}`);
    }
    for (const area of ['0532', '0531', '021', '0755', '0898', '0991', '0200']) for (const first of '0123456789') inputs.push(`${area}-${first}${'1234567'.slice(0, area.length === 3 ? 7 : 7)}`, `${area}${first}2345678`);
    inputs.push('80001234', '013800138000', '010-12345678', '400-123-4567', '12345', '', '+1 415 555 0100', '17951 13800138000');
    for (const s of inputs) expect(fast.normalize(s), s).toEqual(normalizePhone(s, { defaultAreaCode: '0532' }));
    // second pass: everything from the memo
    for (const s of inputs) expect(fast.normalize(s), s).toEqual(normalizePhone(s, { defaultAreaCode: '0532' }));
  });
});
