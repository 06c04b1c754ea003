import { describe, expect, it } from 'vitest';
import { checkBirthDate, checkDueAt, checkText, normalizeNumberInput, toHalfWidth } from './index.js';

describe('input rules', () => {
  it('makes full-width input half-width (what a Chinese IME types into number fields)', () => {
    expect(toHalfWidth('１９９０５３２０００１')).toBe('19905320001');
    expect(toHalfWidth('＋８６　１３８')).toBe('+86 138');
    expect(toHalfWidth('（０５３２）－８８８８')).toBe('(0532)-8888');
    expect(normalizeNumberInput(' ８００１ ')).toBe('8001');
    expect(toHalfWidth('王建华')).toBe('王建华');
  });

  it('refuses a birth date in the future or beyond 120 years, in both languages', () => {
    expect(checkBirthDate('1990-05-01', '2026-12-07')).toBeNull();
    expect(checkBirthDate('2026-12-07', '2026-12-07')).toBeNull();
    expect(checkBirthDate('2031-01-01', '2026-12-07')).toMatchObject({ code: 'BIRTH_DATE_IN_FUTURE', message: { zh: '出生日期不能晚于今天' } });
    expect(checkBirthDate('1890-01-01', '2026-12-07')?.code).toBe('BIRTH_DATE_TOO_OLD');
    expect(checkBirthDate('2026-02-30', '2026-12-07')?.code).toBe('BAD_DATE');
  });

  it('refuses a due time in the past (a few minutes of slack for the form)', () => {
    const now = new Date('2026-12-07T08:00:00Z');
    expect(checkDueAt('2026-12-07T09:00:00Z', now)).toBeNull();
    expect(checkDueAt('2026-12-07T07:58:00Z', now)).toBeNull();
    expect(checkDueAt('2026-12-06T09:00:00Z', now)).toMatchObject({ code: 'DUE_IN_PAST', message: { en: 'the due time cannot be in the past' } });
  });

  it('names the limit and the count of a text that is too long; a blank one is missing', () => {
    expect(checkText('x'.repeat(4001), 4000, { zh: '备注', en: 'the notes' })?.message).toEqual({ zh: '备注最多 4000 字（现为 4001 字）', en: 'the notes: at most 4000 characters (4001 given)' });
    expect(checkText('   ', 50, { zh: '姓名', en: 'the name' })?.code).toBe('REQUIRED');
    expect(checkText('', 50, { zh: '姓名', en: 'the name' }, false)).toBeNull();
  });
});
