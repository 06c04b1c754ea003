/** A report as a downloadable file: CSV (UTF-8 with BOM) or XLSX (exceljs), headings in the asked language. */
import ExcelJS from 'exceljs';
import { REPORT_COLUMNS, reportTable, toCsv, type ReportExportFormat, type ReportResult } from '@donorline/domain';

export interface ReportFile {
  body: Buffer;
  contentType: string;
  fileName: string;
}

export async function reportFile(r: ReportResult, format: ReportExportFormat, lang: 'zh' | 'en'): Promise<ReportFile> {
  const t = reportTable(r, lang);
  const base = `report-${r.kind}-${r.filter.from}_${r.filter.to}`;
  if (format === 'csv') return { body: Buffer.from(toCsv(t), 'utf8'), contentType: 'text/csv; charset=utf-8', fileName: `${base}.csv` };
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Donorline';
  const ws = wb.addWorksheet(r.kind);
  ws.addRow(t.headings).font = { bold: true };
  for (const row of t.rows) ws.addRow(row);
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  REPORT_COLUMNS[r.kind].forEach((c, i) => {
    ws.getColumn(i + 1).width = c.format === 'text' ? 18 : 12;
  });
  const buf = await wb.xlsx.writeBuffer();
  return { body: Buffer.from(buf as ArrayBuffer), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName: `${base}.xlsx` };
}
