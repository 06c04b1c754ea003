/**
 * An RFC 4180 CSV record parser fed with decoded text chunks: quoted fields ("" for a quote, delimiters and line
 * breaks inside quotes), CRLF / LF / CR line ends, empty lines skipped, rows of any length. Strict where a
 * malformed export must be refused (as csv-parse is without its relax options): a quote inside an unquoted field,
 * text after a closing quote, a quote never closed. It slices fields out of the chunk instead of building them
 * character by character, several times faster than csv-parse on a million-row export. Only the unfinished last
 * record of a chunk is carried over, and a record longer than MAX_RECORD (an unclosed quote in a big file) is an
 * error rather than the rest of the file held in memory.
 */

export const MAX_RECORD = 4 * 1024 * 1024;

export class CsvSyntaxError extends Error {
  constructor(readonly code: 'INVALID_OPENING_QUOTE' | 'INVALID_CLOSING_QUOTE' | 'CSV_QUOTE_NOT_CLOSED' | 'CSV_RECORD_TOO_LONG', message: string, readonly recordIndex: number) {
    super(message);
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvParser {
  private carry = '';
  private records = 0;
  private readonly delim: number;

  constructor(delimiter: string) {
    this.delim = delimiter.charCodeAt(0);
  }

  /** The complete records of `text` appended to what was carried over. */
  push(text: string): string[][] {
    return this.parse(this.carry ? this.carry + text : text, false);
  }

  /** The last records (the file ended). */
  end(text = ''): string[][] {
    const all = this.carry + text;
    this.carry = '';
    return all ? this.parse(all, true) : [];
  }

  private fail(code: CsvSyntaxError['code'], what: string): never {
    throw new CsvSyntaxError(code, `${what} (record ${this.records + 1})`, this.records + 1);
  }

  private parse(text: string, final: boolean): string[][] {
    const out: string[][] = [];
    const n = text.length;
    const d = this.delim;
    let start = 0;
    outer: while (start < n) {
      let pos = start;
      let c = text.charCodeAt(pos);
      if (c === LF || c === CR) {
        // an empty line
        start = pos + 1;
        continue;
      }
      const cells: string[] = [];
      for (;;) {
        if (pos < n && text.charCodeAt(pos) === QUOTE) {
          let j = pos + 1;
          let seg = j;
          let val = '';
          for (;;) {
            const q = text.indexOf('"', j);
            if (q < 0) {
              if (final) this.fail('CSV_QUOTE_NOT_CLOSED', 'quote not closed');
              break outer;
            }
            if (q + 1 >= n && !final) break outer; // "" may continue in the next chunk
            if (text.charCodeAt(q + 1) === QUOTE) {
              val += text.slice(seg, q + 1);
              j = seg = q + 2;
              continue;
            }
            val += text.slice(seg, q);
            pos = q + 1;
            break;
          }
          cells.push(val);
          if (pos >= n) {
            if (!final) break outer;
            break;
          }
          c = text.charCodeAt(pos);
          if (c === d) {
            pos++;
            continue;
          }
          if (c !== LF && c !== CR) this.fail('INVALID_CLOSING_QUOTE', 'text after a closing quote');
          break;
        }
        let j = pos;
        c = 0;
        while (j < n) {
          c = text.charCodeAt(j);
          if (c === d || c === LF || c === CR) break;
          if (c === QUOTE) this.fail('INVALID_OPENING_QUOTE', 'a quote inside an unquoted field');
          j++;
        }
        if (j >= n && !final) break outer;
        cells.push(text.slice(pos, j));
        pos = j;
        if (j < n && c === d) {
          pos++;
          continue;
        }
        break;
      }
      // the record ends at pos (a line end or the end of the file)
      if (pos < n && text.charCodeAt(pos) === CR) pos++;
      if (pos < n && text.charCodeAt(pos) === LF) pos++;
      out.push(cells);
      this.records++;
      start = pos;
    }
    this.carry = start < n ? text.slice(start) : '';
    if (this.carry.length > MAX_RECORD) this.fail('CSV_RECORD_TOO_LONG', `a record longer than ${MAX_RECORD} characters (a quote not closed?)`);
    return out;
  }
}
