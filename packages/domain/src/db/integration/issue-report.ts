/**
 * The error report an admin downloads: every stored issue of a job's dry run or apply, as CSV (UTF-8 with BOM, so
 * Excel on a Chinese Windows opens it right) or XLSX (exceljs's streaming writer) — streamed to the response.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ImportPhase } from '../../integration/integration.types.js';
import type { ImportJobStore } from './import-jobs.js';

const HEAD = ['工作表 sheet', '行号 row', '列 column', '字段 field', '代码 code', '级别 severity', '编号 BECS id', '值 value', '说明 message'];

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  // a leading = + - @ would be a formula in Excel (CSV injection): prefix it
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

function write(out: Writable, s: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.write(s)) resolve();
    else out.once('drain', resolve).once('error', reject);
  });
}

export async function writeIssueReport(jobs: ImportJobStore, jobId: number, phase: ImportPhase, format: 'csv' | 'xlsx', out: Writable): Promise<void> {
  if (format === 'csv') {
    await write(out, '\uFEFF' + HEAD.map(csvCell).join(',') + '\r\n');
    for await (const i of jobs.allIssues(jobId, phase)) {
      await write(out, [i.sheet, i.row, i.column, i.field, i.code, i.severity, i.becsId, i.value, i.message].map(csvCell).join(',') + '\r\n');
    }
    out.end();
    return;
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet(phase === 'apply' ? '导入问题' : '试导入问题');
  ws.addRow(HEAD).commit();
  for await (const i of jobs.allIssues(jobId, phase)) ws.addRow([i.sheet, i.row, i.column, i.field, i.code, i.severity, i.becsId, i.value, i.message]).commit();
  ws.commit();
  await wb.commit();
}
