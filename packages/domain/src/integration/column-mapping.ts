/**
 * Columns → canonical fields. A BECS export names its columns in Chinese (SHINOW: 献血者编号, 姓名, 身份证号 …) and
 * every center's export differs a little, so a saved mapping per source lists the headers of each field; the
 * default covers SHINOW-like headers and the canonical English names. Headers are compared after NFKC (full-width →
 * half-width), lower-casing and removing spaces, '*' (required marks) and a unit in brackets ("献血量(ml)").
 */
import { BECS_FIELDS, REQUIRED_FIELDS, type BecsEntity, type ImportMapping } from './integration.types.js';

export const DEFAULT_SOURCE = 'shinow';

export const DEFAULT_HEADERS: Readonly<Record<BecsEntity, Readonly<Record<string, readonly string[]>>>> = {
  donors: {
    donorNo: ['献血者编号', '献血者编码', '献血员编号', '献血者ID', '献血者卡号', '献血者号', 'donorNo', 'donor_no'],
    name: ['姓名', '献血者姓名', 'name'],
    gender: ['性别', 'gender', 'sex'],
    birthDate: ['出生日期', '出生年月日', '生日', 'birthDate', 'birth_date'],
    nationalId: ['身份证号', '身份证号码', '证件号码', '证件号', '身份证', 'nationalId', 'national_id'],
    mobile: ['手机号码', '手机号', '手机', '移动电话', 'mobile'],
    phone: ['联系电话', '电话', '固定电话', '家庭电话', '电话号码', 'phone'],
    bloodType: ['血型', 'ABO血型', 'ABO', 'bloodType', 'blood_type'],
    rhd: ['RhD', 'Rh', 'Rh血型', 'RhD血型', 'rhd'],
    address: ['地址', '联系地址', '住址', '家庭住址', 'address'],
  },
  donations: {
    donationNo: ['献血编号', '献血条码', '条码', '血袋条码', '献血码', '采血编号', '献血编号/条码', 'donationNo', 'donation_no'],
    donorNo: ['献血者编号', '献血者编码', '献血员编号', '献血者ID', '献血者卡号', '献血者号', 'donorNo', 'donor_no'],
    date: ['献血日期', '采血日期', '采集日期', '献血时间', 'date', 'donation_date'],
    product: ['献血类型', '品种', '献血品种', '献血类型/品种', '献血方式', '采集类型', '血液品种', 'product', 'type'],
    volume: ['献血量', '献血量/单位', '采集量', '献血量(单位)', '单位', '数量', 'volume'],
    site: ['献血地点', '采血地点', '献血点', '采血点', 'site'],
    outcome: ['采集结果', '结果', '采集状态', 'outcome'],
  },
  deferrals: {
    donorNo: ['献血者编号', '献血者编码', '献血员编号', '献血者ID', '献血者卡号', '献血者号', 'donorNo', 'donor_no'],
    reason: ['暂缓/屏蔽原因', '屏蔽原因', '暂缓原因', '淘汰原因', '原因', 'reason'],
    from: ['屏蔽日期', '暂缓日期', '屏蔽开始日期', '开始日期', '登记日期', 'from'],
    until: ['屏蔽截止日期', '暂缓截止日期', '截止日期', '结束日期', 'until'],
    deferralNo: ['屏蔽编号', '暂缓编号', '屏蔽记录号', 'deferralNo', 'deferral_no'],
    products: ['适用品种', '屏蔽品种', 'products'],
  },
};

/** A header as compared: NFKC, lower case, no spaces, no '*', no trailing bracketed unit. */
export function normalizeHeader(h: unknown): string {
  let s = String(h ?? '').normalize('NFKC').replace(/^\uFEFF/, '').trim().toLowerCase();
  s = s.replace(/[\s*_]/g, '');
  return s;
}

function withoutUnit(s: string): string {
  return s.replace(/\([^)]*\)$/, '').replace(/\[[^\]]*\]$/, '');
}

export interface ResolvedColumns {
  entity: BecsEntity;
  /** canonical field → column index */
  index: Record<string, number>;
  /** canonical field → the header as written in the file */
  columns: Record<string, string>;
  /** required fields without a column */
  missing: string[];
}

/** Headers of a field: the source's own first, then the defaults. */
export function headersOf(entity: BecsEntity, field: string, mapping?: ImportMapping | null): string[] {
  return [...(mapping?.fields?.[entity]?.[field] ?? []), ...(DEFAULT_HEADERS[entity][field] ?? [])];
}

export function resolveColumns(headers: readonly unknown[], entity: BecsEntity, mapping?: ImportMapping | null): ResolvedColumns {
  const norm = headers.map(normalizeHeader);
  const bare = norm.map(withoutUnit);
  const index: Record<string, number> = {};
  const columns: Record<string, string> = {};
  const taken = new Set<number>();
  for (const field of BECS_FIELDS[entity]) {
    for (const candidate of headersOf(entity, field, mapping)) {
      const c = normalizeHeader(candidate);
      let i = norm.findIndex((h, k) => h === c && !taken.has(k));
      if (i < 0) i = bare.findIndex((h, k) => h === c && !taken.has(k));
      if (i >= 0) {
        index[field] = i;
        columns[field] = String(headers[i] ?? '').replace(/^\uFEFF/, '').trim();
        taken.add(i);
        break;
      }
    }
  }
  const missing = REQUIRED_FIELDS[entity].filter((f) => index[f] === undefined);
  return { entity, index, columns, missing };
}

/**
 * What a sheet holds, from its headers: donations when a donation number column is there, deferrals when a reason
 * is, donors otherwise. `prefer` (the admin's choice) wins when given.
 */
export function detectEntity(headers: readonly unknown[], mapping?: ImportMapping | null, prefer?: BecsEntity | null): ResolvedColumns {
  if (prefer) return resolveColumns(headers, prefer, mapping);
  const donations = resolveColumns(headers, 'donations', mapping);
  if (donations.index.donationNo !== undefined) return donations;
  const deferrals = resolveColumns(headers, 'deferrals', mapping);
  if (deferrals.index.reason !== undefined) return deferrals;
  return resolveColumns(headers, 'donors', mapping);
}

/** Sheet names that say what they hold (a workbook with 献血者 / 献血记录 / 暂缓 sheets). */
export function entityOfSheetName(name: string): BecsEntity | null {
  const n = normalizeHeader(name);
  if (/暂缓|屏蔽|淘汰|deferral/.test(n)) return 'deferrals';
  if (/献血记录|献血信息|采血|donation/.test(n)) return 'donations';
  if (/献血者|献血员|donor/.test(n)) return 'donors';
  return null;
}
