/**
 * Cell values as BECS exports write them → canonical values. Every parser returns undefined for an empty cell and
 * null for a value it cannot read (the validator turns null into a row issue).
 */
import type { DonationOutcome, DonationType } from '../donations/donation.types.js';
import { isLocalDate, type LocalDate } from '../time/local-date.js';

/**
 * NFKC only where it changes something we read (full-width digits/letters/punctuation, the ideographic space):
 * String.prototype.normalize costs about a microsecond a call, and an import makes millions.
 */
export function nfkc(s: string): string {
  return /[\u3000\uff00-\uffef]/.test(s) ? s.normalize('NFKC') : s;
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString();
  if (typeof v === 'object') {
    // exceljs rich text / hyperlink / formula cells
    const o = v as { text?: unknown; richText?: { text: string }[]; result?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('').trim();
    if (o.text !== undefined) return cellText(o.text);
    if (o.result !== undefined) return cellText(o.result);
  }
  return String(v).trim();
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Days since 1899-12-30 (Excel's serial date) → LocalDate. */
function excelSerial(n: number): LocalDate | null {
  if (!(n > 1 && n < 2958466)) return null;
  const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(n) * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * 2024-05-01, 2024/5/1, 2024.5.1, 2024年5月1日, 20240501, "2024-05-01 10:30:00", an Excel date cell (a Date at
 * UTC midnight, or with the time of day in the center's zone) or serial number.
 */
export function parseDate(v: unknown): LocalDate | null | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    // exceljs gives date cells as UTC instants of the local wall time: read them in UTC
    return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  }
  if (typeof v === 'number') return excelSerial(v);
  const s = nfkc(cellText(v));
  if (!s) return undefined;
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) {
    const d = `${m[1]}-${pad(+m[2]!)}-${pad(+m[3]!)}`;
    return isLocalDate(d) ? d : null;
  }
  if (/^\d{5}(\.\d+)?$/.test(s)) return excelSerial(Number(s));
  return null;
}

export function parseGender(v: unknown): 'male' | 'female' | 'unknown' | null | undefined {
  const s = cellText(v).toLowerCase();
  if (!s) return undefined;
  if (['男', '男性', 'm', 'male', '1'].includes(s)) return 'male';
  if (['女', '女性', 'f', 'female', '2'].includes(s)) return 'female';
  if (['未知', '不详', '未说明', 'u', 'unknown', '0', '9'].includes(s)) return 'unknown';
  return null;
}

/** 'A', 'A型', 'ab', 'O+', 'B Rh+', 'AB(-)' → ABO (and Rh when the cell has it). */
export function parseBloodType(v: unknown): { abo: 'A' | 'B' | 'O' | 'AB'; rh: '+' | '-' | null } | null | undefined {
  const s = nfkc(cellText(v)).toUpperCase().replace(/\s|型|RHD|RH|[()]/g, '');
  if (!s || s === '未检测' || s === '未知') return undefined;
  const m = /^(AB|A|B|O)(\+|-|阳性|阴性|阳|阴|POS|NEG)?$/.exec(s);
  if (!m) return null;
  const rh = m[2] ? parseRh(m[2]) ?? null : null;
  return { abo: m[1] as 'A' | 'B' | 'O' | 'AB', rh };
}

export function parseRh(v: unknown): '+' | '-' | null | undefined {
  const s = nfkc(cellText(v)).toUpperCase().replace(/\s|RHD|RH|[()]/g, '');
  if (!s || s === '未检测' || s === '未知') return undefined;
  if (['+', '阳性', '阳', 'POS', 'POSITIVE', 'D+'].includes(s)) return '+';
  if (['-', '阴性', '阴', 'NEG', 'NEGATIVE', 'D-'].includes(s)) return '-';
  return null;
}

export const DEFAULT_PRODUCTS: Readonly<Record<string, DonationType>> = {
  全血: 'whole-blood', 全血献血: 'whole-blood', 献全血: 'whole-blood', 全血采集: 'whole-blood', wb: 'whole-blood', 'whole-blood': 'whole-blood', wholeblood: 'whole-blood',
  机采血小板: 'platelets', 单采血小板: 'platelets', 血小板: 'platelets', 机采: 'platelets', 单采: 'platelets', 成分血小板: 'platelets', 机采成分血: 'platelets', plt: 'platelets', platelets: 'platelets', platelet: 'platelets',
  血浆: 'plasma', 单采血浆: 'plasma', 机采血浆: 'plasma', plasma: 'plasma',
};

const productKey = (s: string): string => nfkc(s).toLowerCase().replace(/\s/g, '');

/** Product name or code → donation type, through the source's own table first. */
export function parseProduct(v: unknown, table?: Readonly<Record<string, DonationType>> | null): DonationType | null | undefined {
  const s = cellText(v);
  if (!s) return undefined;
  const k = productKey(s);
  if (table) for (const [name, type] of Object.entries(table)) if (productKey(name) === k) return type;
  return DEFAULT_PRODUCTS[k] ?? null;
}

/** Several products in one cell (全血,机采血小板 / 全部) → types; empty or 全部 = all types (null). */
export function parseProducts(v: unknown, table?: Readonly<Record<string, DonationType>> | null): DonationType[] | null | false {
  const s = cellText(v);
  if (!s || /^(全部|所有|all)$/i.test(s)) return null;
  const out: DonationType[] = [];
  for (const part of s.split(/[,，、;；/|]/).map((p) => p.trim()).filter(Boolean)) {
    const t = parseProduct(part, table);
    if (!t) return false;
    if (!out.includes(t)) out.push(t);
  }
  return out.length ? out : null;
}

/**
 * Volume or units by type: whole blood and plasma in ml ("400", "400ml", "400毫升"; a bare 1–4 for whole blood means
 * 200 ml units: "2" = 400 ml), platelets in therapeutic units ("2", "2U", "2治疗量", "双份").
 */
export function parseVolume(v: unknown, type: DonationType): { volumeMl: number | null; units: number | null } | null | undefined {
  const s = nfkc(cellText(v)).toLowerCase().replace(/\s/g, '');
  if (!s) return undefined;
  if (type === 'platelets') {
    if (s === '双份' || s === '双人份') return { volumeMl: null, units: 2 };
    if (s === '单份' || s === '单人份') return { volumeMl: null, units: 1 };
    const m = /^(\d+(?:\.\d+)?)(u|个?治疗量|治疗量|份|单位)?$/.exec(s);
    if (!m) return null;
    const n = Number(m[1]);
    return n >= 0.5 && n <= 3 ? { volumeMl: null, units: Math.round(n) || 1 } : null;
  }
  const m = /^(\d+(?:\.\d+)?)(ml|毫升|u|单位)?$/.exec(s);
  if (!m) return null;
  let n = Number(m[1]);
  if (type === 'whole-blood' && (m[2] === 'u' || m[2] === '单位' || (!m[2] && n <= 4))) n *= 200;
  n = Math.round(n);
  return n >= 50 && n <= 1000 ? { volumeMl: n, units: null } : null;
}

export function parseOutcome(v: unknown): DonationOutcome | null | undefined {
  const s = cellText(v).toLowerCase();
  if (!s) return undefined;
  if (['成功', '合格', '完成', '正常', '已采集', 'completed', 'ok'].includes(s)) return 'completed';
  if (['部分', '未足量', '不足量', '中断', 'partial'].includes(s)) return 'partial';
  if (['失败', '不合格', '拒绝', '初筛不合格', '未采集', 'rejected', 'failed'].includes(s)) return 'rejected';
  return null;
}
