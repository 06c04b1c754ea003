import { describe, expect, it } from 'vitest';
import { PIECES, isoWeekday, sayDate, sayDigits, sayNumber, sayTime } from './spoken-forms.js';

const zh = (ids: string[]): string => ids.map((id) => PIECES[id]?.zh ?? `?${id}`).join('');
const en = (ids: string[]): string => ids.map((id) => PIECES[id]?.en ?? `?${id}`).join(' ');

describe('Mandarin numbers', () => {
  it.each([
    [0, '零'], [7, '七'], [10, '十'], [15, '十五'], [20, '二十'], [23, '二十三'], [100, '一百'], [105, '一百零五'],
    [110, '一百一十'], [200, '两百'], [1005, '一千零五'], [1050, '一千零五十'], [2000, '两千'], [2345, '两千三百四十五'],
    [10000, '一万'], [20000, '两万'], [10500, '一万零五百'], [10015, '一万零一十五'], [123456, '十二万三千四百五十六'],
  ])('%i → %s', (n, text) => expect(zh(sayNumber(n, 'zh'))).toBe(text));
});

describe('English numbers', () => {
  it.each([
    [0, 'zero'], [13, 'thirteen'], [40, 'forty'], [42, 'forty two'], [100, 'one hundred'], [115, 'one hundred fifteen'],
    [2026, 'two thousand twenty six'], [1000000, 'one million'],
  ])('%i → %s', (n, text) => expect(en(sayNumber(n, 'en'))).toBe(text));

  it('refuses what it cannot say', () => {
    expect(() => sayNumber(-1, 'zh')).toThrow(RangeError);
    expect(() => sayNumber(1.5, 'en')).toThrow(RangeError);
  });
});

describe('dates, times and digits', () => {
  it('knows the weekday of a local date', () => {
    expect(isoWeekday('2026-11-22')).toBe(7); // a Sunday
    expect(isoWeekday('2026-11-25')).toBe(3);
  });
  it('says a date', () => {
    expect(zh(sayDate('2026-11-25', 'zh'))).toBe('十一月二十五日星期三');
    expect(en(sayDate('2026-11-25', 'en'))).toBe('Wednesday November twenty-fifth');
    expect(zh(sayDate('2026-01-02', 'zh', false))).toBe('一月二日');
  });
  it('says a time', () => {
    expect(zh(sayTime('09:00', 'zh'))).toBe('上午九点');
    expect(zh(sayTime('14:30', 'zh'))).toBe('下午两点半');
    expect(zh(sayTime('14:05', 'zh'))).toBe('下午两点零五分');
    expect(zh(sayTime('12:15', 'zh'))).toBe('中午十二点十五分');
    expect(zh(sayTime('19:45', 'zh'))).toBe('晚上七点四十五分');
    expect(en(sayTime('09:05', 'en'))).toBe('nine oh five a m');
    expect(en(sayTime('14:30', 'en'))).toBe('two thirty p m');
    expect(en(sayTime('00:00', 'en'))).toBe('twelve a m');
    expect(() => sayTime('25:00', 'zh')).toThrow(RangeError);
  });
  it('reads digits one by one, 1 as 幺 in Mandarin', () => {
    expect(zh(sayDigits('1380', 'zh'))).toBe('幺三八零');
    expect(en(sayDigits('1380', 'en'))).toBe('one three eight zero');
  });
  it('every piece a form can produce exists for that language', () => {
    for (let n = 0; n < 100_000; n += 37) {
      for (const id of sayNumber(n, 'zh')) expect(PIECES[id]?.zh, `${n} ${id}`).toBeTruthy();
      for (const id of sayNumber(n, 'en')) expect(PIECES[id]?.en, `${n} ${id}`).toBeTruthy();
    }
  });
});
