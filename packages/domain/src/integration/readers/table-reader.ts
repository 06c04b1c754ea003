/**
 * One entry for both formats: what a file holds (format by its bytes, encoding, sheets with their kind of record
 * and mapped columns) and its data rows, streamed. A sheet whose required columns are missing refuses the file with
 * a message naming the sheet and the columns; empty sheets of a workbook are ignored.
 */
import { detectEntity, entityOfSheetName, headersOf, type ResolvedColumns } from '../column-mapping.js';
import type { BecsEntity, ImportEncoding, ImportFormat, ImportMapping } from '../integration.types.js';
import { countCsvRows, csvRecordChunks, inspectCsv, readSample } from './csv-reader.js';
import { fileError } from './file-errors.js';
import { splitHeader, xlsxSheets } from './xlsx-reader.js';

export interface TableSheet {
  /** Position in the file (0-based). */
  index: number;
  name: string;
  entity: BecsEntity;
  headers: string[];
  headerRow: number;
  resolved: ResolvedColumns;
  rows: number;
}

export interface TableInfo {
  format: ImportFormat;
  encoding: ImportEncoding | null;
  delimiter: string | null;
  sheets: TableSheet[];
  totalRows: number;
}

export interface InspectOptions {
  encoding?: 'auto' | ImportEncoding;
  /** The admin's choice; default: detected per sheet from its headers (and a workbook sheet's name). */
  entity?: BecsEntity | null;
  mapping?: ImportMapping | null;
}

const ENTITY_ZH: Record<BecsEntity, string> = { donors: '献血者', donations: '献血记录', deferrals: '暂缓/屏蔽记录' };

export async function sniffFormat(path: string): Promise<ImportFormat> {
  const head = await readSample(path, 8);
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head.length >= 4 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw fileError('FILE_FORMAT', '不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV', 'old .xls files are not supported: save as .xlsx or CSV in Excel');
  }
  if (head.length >= 2 && head[0] === 0x50 && head[1] === 0x4b) throw fileError('MALFORMED_FILE', 'XLSX 文件不完整或已损坏', 'the XLSX file is incomplete or damaged');
  return 'csv';
}

function checkSheet(name: string | null, resolved: ResolvedColumns, headers: string[], mapping?: ImportMapping | null): void {
  if (!resolved.missing.length) return;
  const named = resolved.missing.map((f) => `${headersOf(resolved.entity, f, mapping)[0] ?? f}（${f}）`);
  const where = name ? `工作表「${name}」` : '';
  const whereEn = name ? `sheet "${name}": ` : '';
  throw fileError('MISSING_COLUMNS',
    `${where}缺少必需的列：${named.join('、')}（${ENTITY_ZH[resolved.entity]}；文件表头为：${headers.filter(Boolean).slice(0, 12).join('、')}）`,
    `${whereEn}required columns missing for ${resolved.entity}: ${named.join(', ').replace(/（/g, ' (').replace(/）/g, ')')} (the file's headers: ${headers.filter(Boolean).slice(0, 12).join(', ')})`,
    { sheet: name, entity: resolved.entity, missing: resolved.missing });
}

export async function inspectTable(path: string, opts: InspectOptions = {}): Promise<TableInfo> {
  const format = await sniffFormat(path);
  if (format === 'csv') {
    const csv = await inspectCsv(path, opts.encoding ?? 'auto');
    const resolved = detectEntity(csv.headers, opts.mapping, opts.entity ?? null);
    checkSheet(null, resolved, csv.headers, opts.mapping);
    const rows = await countCsvRows(path);
    return {
      format, encoding: csv.encoding, delimiter: csv.delimiter, totalRows: rows,
      sheets: [{ index: 0, name: 'CSV', entity: resolved.entity, headers: csv.headers, headerRow: 1, resolved, rows }],
    };
  }
  const sheets: TableSheet[] = [];
  for await (const s of xlsxSheets(path)) {
    const { headerRow, headers, rest } = await splitHeader(s.rows);
    let rows = 0;
    for (let n = await rest.next(); !n.done; n = await rest.next()) if (n.value.cells.some((c) => c !== null && c !== undefined && c !== '')) rows++;
    if (!headers.length) continue;
    const resolved = detectEntity(headers, opts.mapping, opts.entity ?? entityOfSheetName(s.name));
    checkSheet(s.name, resolved, headers, opts.mapping);
    sheets.push({ index: s.index, name: s.name, entity: resolved.entity, headers, headerRow, resolved, rows });
  }
  if (!sheets.length) throw fileError('EMPTY_FILE', '工作簿中没有含表头的工作表', 'the workbook has no sheet with a header row');
  return { format, encoding: null, delimiter: null, sheets, totalRows: sheets.reduce((a, s) => a + s.rows, 0) };
}

/** Entities in the order they must be applied: donors before the donations and deferrals that name them. */
export const APPLY_ORDER: readonly BecsEntity[] = ['donors', 'donations', 'deferrals'];

/** The sheets in apply order (stable within one kind). */
export function sheetsInApplyOrder(info: TableInfo): TableSheet[] {
  return [...info.sheets].sort((a, b) => APPLY_ORDER.indexOf(a.entity) - APPLY_ORDER.indexOf(b.entity) || a.index - b.index);
}

/** The data rows of one sheet (after its header row; empty rows skipped). */
export async function* sheetRows(path: string, info: TableInfo, sheet: TableSheet): AsyncGenerator<{ row: number; cells: unknown[] }> {
  for await (const rows of sheetRowBatches(path, info, sheet)) yield* rows;
}

/** XLSX rows handed on together (CSV: one array per chunk of the file). */
const XLSX_BATCH = 1000;

/** The data rows of one sheet in arrays (in file order, none empty): what a bulk import iterates. */
export async function* sheetRowBatches(path: string, info: TableInfo, sheet: TableSheet): AsyncGenerator<{ row: number; cells: unknown[] }[]> {
  if (info.format === 'csv') {
    for await (const chunk of csvRecordChunks(path, info.encoding!, info.delimiter!)) {
      const rows = chunk.filter((r) => r.row > sheet.headerRow && !(r.cells.length === 1 && r.cells[0] === ''));
      if (rows.length) yield rows;
    }
    return;
  }
  for await (const s of xlsxSheets(path)) {
    if (s.index !== sheet.index) continue;
    let rows: { row: number; cells: unknown[] }[] = [];
    for await (const r of s.rows) {
      if (r.row <= sheet.headerRow) continue;
      if (!r.cells.some((c) => c !== null && c !== undefined && c !== '')) continue;
      rows.push(r);
      if (rows.length >= XLSX_BATCH) {
        yield rows;
        rows = [];
      }
    }
    if (rows.length) yield rows;
    return;
  }
}

/** Cells of a row → canonical fields, through the sheet's resolved columns. */
export function rowToRecord(cells: readonly unknown[], resolved: ResolvedColumns): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, i] of Object.entries(resolved.index)) out[field] = cells[i];
  return out;
}
