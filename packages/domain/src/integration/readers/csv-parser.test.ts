import { describe, expect, it } from 'vitest';
import { CsvParser, type CsvSyntaxError } from './csv-parser.js';

const all = (text: string, cut: number[] = [], delim = ','): string[][] => {
  const p = new CsvParser(delim);
  const out: string[][] = [];
  let at = 0;
  for (const c of cut) {
    out.push(...p.push(text.slice(at, c)));
    at = c;
  }
  out.push(...p.push(text.slice(at)));
  out.push(...p.end());
  return out;
};

describe('CsvParser', () => {
  const text = '编号,姓名,地址\r\nSX1,王伟,"青岛市,市南区"\r\n\r\nSX2,"李""小""娜","两行\n地址"\nSX3,,\rSX4,赵,""\n"SX5",钱,末尾';
  const want = [['编号', '姓名', '地址'], ['SX1', '王伟', '青岛市,市南区'], ['SX2', '李"小"娜', '两行\n地址'], ['SX3', '', ''], ['SX4', '赵', ''], ['SX5', '钱', '末尾']];

  it('quoted fields, escaped quotes, line breaks inside quotes, CRLF/LF/CR, empty lines, no final newline', () => {
    expect(all(text)).toEqual(want);
  });

  it('gives the same records however the text is cut into chunks', () => {
    for (let i = 0; i <= text.length; i++) expect(all(text, [i]), `cut at ${i}`).toEqual(want);
    for (let i = 0; i + 3 <= text.length; i++) expect(all(text, [i, i + 1, i + 3])).toEqual(want);
  });

  it('tabs or semicolons as delimiters; a trailing delimiter is an empty last field', () => {
    expect(all('a\tb\t\n1\t"2\t3"\t\n', [], '\t')).toEqual([['a', 'b', ''], ['1', '2\t3', '']]);
    expect(all('a;b\n', [], ';')).toEqual([['a', 'b']]);
  });

  it('refuses an unclosed quote, a quote inside an unquoted field and text after a closing quote, naming the record', () => {
    const err = (s: string): CsvSyntaxError => {
      try {
        all(s);
      } catch (e) {
        return e as CsvSyntaxError;
      }
      throw new Error('no error');
    };
    expect(err('a,b\nSX1,"王,男\n')).toMatchObject({ code: 'CSV_QUOTE_NOT_CLOSED' });
    expect(err('a,b\nSX1,王"伟\n')).toMatchObject({ code: 'INVALID_OPENING_QUOTE', recordIndex: 2 });
    expect(err('a,b\n"SX1"x,b\n')).toMatchObject({ code: 'INVALID_CLOSING_QUOTE', recordIndex: 2 });
  });
});
