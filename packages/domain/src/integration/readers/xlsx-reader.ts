/**
 * XLSX workbooks, streamed with exceljs's WorkbookReader (rows as they are unzipped; shared strings and styles
 * cached so date cells arrive as dates). A workbook may hold one kind of record per sheet (献血者 / 献血记录 /
 * 暂缓 …). The old binary .xls and anything that is not a zip are refused with a clear message.
 */
import ExcelJS from 'exceljs';
import { cellText } from '../value-parsers.js';
import { fileError } from './file-errors.js';

export interface XlsxSheetRows {
  index: number;
  name: string;
  rows: AsyncIterable<{ row: number; cells: unknown[] }>;
}

interface ReaderInternals {
  model?: { sheets?: { name: string; id: number; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
}

function sheetName(reader: ReaderInternals, sheetNo: string | number): string {
  const rel = reader.workbookRels?.find((r) => r.Target.replace(/^\/?xl\//, '') === `worksheets/sheet${sheetNo}.xml`);
  const sheet = rel ? reader.model?.sheets?.find((s) => s.rId === rel.Id) : undefined;
  return sheet?.name ?? `Sheet${sheetNo}`;
}

function malformed(e: unknown): Error {
  const msg = (e as Error)?.message ?? String(e);
  return fileError('MALFORMED_FILE', `XLSX 文件无法读取（文件损坏或上传不完整）：${msg}`, `the XLSX file cannot be read (damaged or incompletely uploaded): ${msg}`);
}

/** Sheets one after the other, each with its rows (cells 0-based); the row number is the spreadsheet's. */
export async function* xlsxSheets(path: string): AsyncGenerator<XlsxSheetRows> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  let index = 0;
  try {
    for await (const ws of reader as AsyncIterable<{ id: string | number } & AsyncIterable<{ number: number; values: unknown[] }>>) {
      const name = sheetName(reader as unknown as ReaderInternals, ws.id);
      let consumed = false;
      const rows = (async function* () {
        consumed = true;
        try {
          for await (const r of ws) {
            const values = Array.isArray(r.values) ? r.values.slice(1) : [];
            yield { row: r.number, cells: values };
          }
        } catch (e) {
          throw malformed(e);
        }
      })();
      yield { index: index++, name, rows };
      if (!consumed) for await (const _ of rows) void _; // drain a skipped sheet
    }
  } catch (e) {
    if ((e as { details?: unknown }).details) throw e;
    throw malformed(e);
  }
}

/** Header row (first non-empty row) of a sheet's rows, and the rows after it. */
export async function splitHeader(rows: AsyncIterable<{ row: number; cells: unknown[] }>): Promise<{ headerRow: number; headers: string[]; rest: AsyncIterator<{ row: number; cells: unknown[] }> }> {
  const it = rows[Symbol.asyncIterator]();
  for (;;) {
    const n = await it.next();
    if (n.done) return { headerRow: 0, headers: [], rest: it };
    const headers = n.value.cells.map((c) => cellText(c));
    if (headers.some((h) => h)) return { headerRow: n.value.row, headers, rest: it };
  }
}
