/**
 * CSV exports, streamed: the encoding is sniffed from the first 64 KB (a UTF-8 BOM; a UTF-16LE BOM — Excel's
 * "Unicode text"; otherwise valid UTF-8 is UTF-8 and anything else is GB18030, what Excel on a Chinese Windows
 * writes), decoded with iconv-lite and parsed chunk by chunk (csv-parser.ts) — never the whole file in memory.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import iconv from 'iconv-lite';
import type { ImportEncoding } from '../integration.types.js';
import { CsvParser } from './csv-parser.js';
import { fileError } from './file-errors.js';

const SAMPLE = 64 * 1024;

export async function readSample(path: string, bytes = SAMPLE): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function isUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** 'auto' → what the bytes say; a forced encoding that the bytes contradict is refused with a clear message. */
export function sniffEncoding(sample: Buffer, wanted: 'auto' | ImportEncoding = 'auto'): ImportEncoding {
  const bomUtf8 = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  const bomUtf16 = sample[0] === 0xff && sample[1] === 0xfe;
  if (bomUtf16) return 'utf-16le';
  if (!bomUtf16 && sample.subarray(0, 4096).includes(0)) {
    throw fileError('ENCODING', '文件含有空字节：不是文本格式的CSV（UTF-16 请带 BOM，或另存为 UTF-8/GB18030 CSV 或 XLSX）',
      'the file contains NUL bytes: not a text CSV (UTF-16 needs a BOM; or save it as UTF-8/GB18030 CSV or as XLSX)');
  }
  if (bomUtf8) return 'utf-8-bom';
  const utf8 = isUtf8(sample);
  if (wanted === 'utf-8' || wanted === 'utf-8-bom') {
    if (!utf8) {
      throw fileError('ENCODING', '文件不是 UTF-8 编码（看起来是 GB18030/GBK：Excel 在中文 Windows 上保存的 CSV），请选择 GB18030 或“自动识别”',
        'the file is not UTF-8 (it looks like GB18030/GBK, what Excel on a Chinese Windows saves): choose GB18030 or automatic');
    }
    return wanted;
  }
  if (wanted === 'gb18030' || wanted === 'utf-16le') return wanted;
  return utf8 ? 'utf-8' : 'gb18030';
}

const iconvName = (e: ImportEncoding): string => (e === 'utf-8-bom' ? 'utf-8' : e);

/** The delimiter of the header line: comma, tab or semicolon, whichever it has most of. */
export function sniffDelimiter(firstLine: string): string {
  const count = (c: string): number => firstLine.split(c).length - 1;
  const cands: [string, number][] = [[',', count(',')], ['\t', count('\t')], [';', count(';')]];
  cands.sort((a, b) => b[1] - a[1]);
  return cands[0]![1] > 0 ? cands[0]![0] : ',';
}

export interface CsvInfo {
  encoding: ImportEncoding;
  delimiter: string;
  headers: string[];
}

export async function inspectCsv(path: string, wanted: 'auto' | ImportEncoding = 'auto'): Promise<CsvInfo> {
  const sample = await readSample(path);
  if (!sample.length) throw fileError('EMPTY_FILE', '文件是空的', 'the file is empty');
  const encoding = sniffEncoding(sample, wanted);
  const text = iconv.decode(sample, iconvName(encoding)).replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = sniffDelimiter(firstLine);
  let headers: string[] = [];
  for await (const r of csvRecords(path, encoding, delimiter)) {
    headers = r.cells.map((c) => c.trim());
    break;
  }
  if (!headers.some((h) => h)) throw fileError('EMPTY_FILE', '文件没有表头行', 'the file has no header row');
  if (encoding !== 'utf-16le' && headers.join('').includes('\uFFFD')) {
    throw fileError('ENCODING', `表头含有无法解码的字符（编码选择不对？当前按 ${encoding} 解码）`, `the header has undecodable characters (wrong encoding? decoded as ${encoding})`);
  }
  return { encoding, delimiter, headers };
}

/** Data records with their spreadsheet row number (the header is row 1), one at a time. */
export async function* csvRecords(path: string, encoding: ImportEncoding, delimiter: string): AsyncGenerator<{ row: number; cells: string[] }> {
  for await (const chunk of csvRecordChunks(path, encoding, delimiter)) yield* chunk;
}

/**
 * The records of each 256 KB chunk of the file (decoded and parsed at once) as one array: a bulk import awaits once
 * a chunk (~3,000 rows) instead of once a row.
 */
export async function* csvRecordChunks(path: string, encoding: ImportEncoding, delimiter: string): AsyncGenerator<{ row: number; cells: string[] }[]> {
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  const decoder = iconv.getDecoder(iconvName(encoding), { stripBOM: true });
  const parser = new CsvParser(delimiter);
  let row = 0;
  let first = true;
  const text = (s: string | undefined): string => {
    const t = s ?? '';
    if (!first || !t) return t;
    first = false;
    return t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
  };
  const numbered = (records: string[][]): { row: number; cells: string[] }[] => records.map((cells) => ({ row: ++row, cells }));
  try {
    for await (const buf of stream as AsyncIterable<Buffer>) {
      const records = parser.push(text(decoder.write(buf)));
      if (records.length) yield numbered(records);
    }
    const records = parser.end(text(decoder.end()));
    if (records.length) yield numbered(records);
  } catch (e) {
    const err = e as { code?: string; message?: string };
    throw fileError('MALFORMED_FILE', `CSV 格式错误，第 ${row + 1} 行附近：${err.code ?? ''}（例如引号未闭合）`, `malformed CSV near row ${row + 1}: ${err.message ?? err.code ?? 'parse error'}`, { row: row + 1, csv: err.code ?? null });
  } finally {
    stream.destroy();
  }
}

/** Data rows in a CSV (records minus the header), counted by newlines outside quotes — cheap, for progress only. */
export async function countCsvRows(path: string): Promise<number> {
  let n = 0;
  let inQuote = false;
  let last = 10;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === 34) inQuote = !inQuote;
      else if (c === 10 && !inQuote) n++;
      last = c;
    }
  }
  if (last !== 10) n++;
  return Math.max(0, n - 1);
}
