import { describe, expect, it } from 'vitest';
import {
  birthDateFromNationalId, completeNationalId, genderFromNationalId, isValidNationalId, keypadVariantsOfLast4, nationalIdCheckChar, nationalIdLast4, normalizeNationalId,
} from './national-id.js';

describe('national ID (GB 11643-1999)', () => {
  it('computes the MOD 11-2 check character (the standard example 11010519491231002X)', () => {
    expect(nationalIdCheckChar('11010519491231002')).toBe('X');
    expect(completeNationalId('11010519491231002')).toBe('11010519491231002X');
    expect(isValidNationalId('11010519491231002X')).toBe(true);
    expect(isValidNationalId('11010519491231002x')).toBe(true);
  });

  it('rejects a wrong check character, wrong length, letters, impossible dates', () => {
    const ok = completeNationalId('37020219900101123');
    const wrong = ok.slice(0, 17) + (ok[17] === '0' ? '1' : '0');
    expect(isValidNationalId(ok)).toBe(true);
    expect(isValidNationalId(wrong)).toBe(false);
    expect(isValidNationalId(ok.slice(0, 17))).toBe(false);
    expect(isValidNationalId('3702021990010A1234')).toBe(false);
    expect(isValidNationalId(completeNationalId('37020219900230123'))).toBe(false); // 30 Feb
    expect(isValidNationalId(completeNationalId('37020218991231123'))).toBe(false); // before 1900
    expect(() => completeNationalId('123')).toThrow(RangeError);
  });

  it('reads the birth date and the gender (17th digit odd = male)', () => {
    const m = completeNationalId('37020219880229003');
    expect(birthDateFromNationalId(m)).toBe('1988-02-29');
    expect(genderFromNationalId(m)).toBe('male');
    const f = completeNationalId('37020219880229004');
    expect(genderFromNationalId(f)).toBe('female');
    expect(birthDateFromNationalId(completeNationalId('37020219890229004'))).toBeNull();
    expect(genderFromNationalId('3702')).toBe('unknown');
  });

  it('normalises spaces and case; last 4 and keypad variants of X', () => {
    expect(normalizeNationalId(' 110105 19491231 002x ')).toBe('11010519491231002X');
    expect(nationalIdLast4('11010519491231002X')).toBe('002X');
    expect(keypadVariantsOfLast4('002X')).toEqual(['002X', '0020', '002*']);
    expect(keypadVariantsOfLast4('1234')).toEqual(['1234']);
  });
});
