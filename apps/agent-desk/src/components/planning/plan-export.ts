/**
 * Everything the planner page shows can be exported: the plan per group and day, the per-site slot need, and the
 * call list with its reasons (masked phones only — the list never holds more). exceljs is loaded on demand so the
 * page does not carry it until someone clicks "export".
 */
import type { PlanningListDto, PlanView } from '@donorline/domain';

export interface ExportLabels {
  sheet: { plan: string; list: string; sites: string };
  reason: (code: string, detail: Record<string, string | number>) => string;
}

export async function exportPlanXlsx(plan: PlanView, list: PlanningListDto | null, l: ExportLabels): Promise<Blob> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const p = wb.addWorksheet(l.sheet.plan);
  p.addRow(['group', 'day', 'forecast', 'known', 'demand', 'stock without', 'stock with', 'planned collections', 'short (with)', 'waste (with)', 'safety', 'buffer']);
  for (const pr of plan.projections) {
    const f = plan.forecasts.find((x) => x.group === pr.group);
    plan.days.forEach((d, i) => p.addRow([pr.group, d, f?.forecast[i] ?? 0, f?.known[i] ?? 0, pr.demand[i], pr.stockWithout[i], pr.stockWith[i], pr.plannedCollections[i], pr.shortageWith[i], pr.wasteWith[i], pr.safety, pr.buffer]));
  }
  const s = wb.addWorksheet(l.sheet.sites);
  s.addRow(['site', 'day', 'free', 'slots', 'invites']);
  for (const n of plan.siteNeeds) s.addRow([n.siteName, n.day, n.free, n.slots, n.invites]);
  if (list) {
    const c = wb.addWorksheet(l.sheet.list);
    c.addRow(['#', 'donor id', 'name', 'phone (masked)', 'group', 'score', 'reasons', 'account manager', 'last donation']);
    list.items.forEach((it, i) => c.addRow([i + 1, it.donorId, it.name, it.phoneMasked ?? '', it.group, it.score, it.reasons.map((r) => l.reason(r.code, r.detail)).join('；'), it.accountManager?.name ?? '', it.lastDonationOn ?? '']));
  }
  const buf = await wb.xlsx.writeBuffer();
  return new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

/** Issues from an XLSX sheet: the first sheet, a header row, then day | group | units. */
export async function readIssuesXlsx(file: ArrayBuffer): Promise<{ day: string; group: string; units: number }[]> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file);
  const ws = wb.worksheets[0];
  if (!ws) return [];
  const out: { day: string; group: string; units: number }[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const [day, group, units] = [row.getCell(1).value, row.getCell(2).value, row.getCell(3).value];
    const d = day instanceof Date ? day.toISOString().slice(0, 10) : String(day ?? '').trim().slice(0, 10);
    out.push({ day: d, group: String(group ?? '').trim().toUpperCase(), units: Number(units) });
  });
  return out;
}

export function download(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
