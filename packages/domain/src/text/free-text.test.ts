import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { assertFreeText, freeTextProblem, TEXT_FIELDS } from './free-text.js';

describe('free text shown to others', () => {
  it('refuses bidi controls (RTL override, isolates, marks) with the field, the position and a zh-CN + English reason', () => {
    for (const cp of [0x202e, 0x202a, 0x2066, 0x2069, 0x200f, 0x061c]) {
      const v = `张三${String.fromCodePoint(cp)}4321`;
      expect(freeTextProblem(v)?.problem).toBe('bidi-control');
      try {
        assertFreeText(v, TEXT_FIELDS.name);
        expect.unreachable('must throw');
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        const d = e as DomainError;
        expect(d.code).toBe('VALIDATION_FAILED');
        expect(d.details).toMatchObject({ field: 'name', problem: 'bidi-control', index: 2 });
        expect(d.message).toMatch(/姓名.*第3个字符.*\/ the name contains a text-direction control/);
      }
    }
  });

  it('refuses NUL and other C0/C1 controls; multi-line fields keep tab and line breaks, single-line ones do not', () => {
    expect(() => assertFreeText('王\u0000五', TEXT_FIELDS.name)).toThrow(/U\+0000/);
    expect(() => assertFreeText('a\u0007b', TEXT_FIELDS.donorNotes)).toThrow(/invisible control character/);
    expect(() => assertFreeText('a\u0085b', TEXT_FIELDS.donorNotes)).toThrow(/U\+0085/);
    expect(() => assertFreeText('第一行\n第二行\r\n\t缩进', TEXT_FIELDS.donorNotes)).not.toThrow();
    expect(() => assertFreeText('两\n行', TEXT_FIELDS.name)).toThrow(/U\+000A/);
    expect(() => assertFreeText('标题\t', TEXT_FIELDS.ticketSubject)).toThrow(DomainError);
  });

  it('ordinary text passes: Chinese, English, emoji with joiners, full-width punctuation; null and undefined pass', () => {
    for (const v of ['王建华', 'Anna-Lena O\'Brien', '献血后注意休息，多喝水！', '👨‍👩‍👧 家庭号码', 'אבג', '']) {
      expect(freeTextProblem(v, true)).toBeNull();
      expect(() => assertFreeText(v, TEXT_FIELDS.name)).not.toThrow();
    }
    expect(() => assertFreeText(null, TEXT_FIELDS.name)).not.toThrow();
    expect(() => assertFreeText(undefined, TEXT_FIELDS.name)).not.toThrow();
  });
});
