/**
 * Row-level issues with messages a person can act on, zh-CN first and English second, naming the row and the
 * column as the file (or the API record) has them: 第 12 行「身份证号」：身份证号码校验位不正确 / row 12, column
 * "身份证号": the national ID's check character is wrong.
 */
import type { IssueCode, IssueSeverity, RowIssue } from './integration.types.js';

const TEXT: Readonly<Record<IssueCode, readonly [string, string]>> = {
  REQUIRED: ['必填项为空', 'a required value is empty'],
  TOO_LONG: ['内容过长', 'the value is too long'],
  INVALID_DATE: ['日期无法识别（应为 YYYY-MM-DD）', 'not a date (use YYYY-MM-DD)'],
  INVALID_NATIONAL_ID: ['身份证号码无效（位数或校验位不正确）', "the national ID is invalid (length or check character)"],
  NATIONAL_ID_MISMATCH: ['与身份证号码中的出生日期/性别不符', 'does not match the birth date/gender in the national ID'],
  INVALID_PHONE: ['电话号码无法识别', 'the phone number cannot be parsed'],
  INVALID_GENDER: ['性别应为 男/女', 'gender must be 男/女 (male/female)'],
  INVALID_BLOOD_TYPE: ['血型无法识别（A/B/O/AB，RhD 阳性/阴性）', 'unknown blood type (A/B/O/AB, RhD +/-)'],
  UNKNOWN_PRODUCT: ['未知的献血品种代码', 'unknown product code'],
  INVALID_VOLUME: ['献血量/单位无法识别', 'the volume/units cannot be read'],
  INVALID_OUTCOME: ['采集结果无法识别', 'unknown collection outcome'],
  DATE_IN_FUTURE: ['日期在未来', 'the date is in the future'],
  DONATION_BEFORE_BIRTH: ['献血日期早于献血者出生日期', "the donation is dated before the donor's birth"],
  UNTIL_BEFORE_FROM: ['截止日期早于开始日期', 'the end date is before the start date'],
  DUPLICATE_DONATION_NO: ['献血编号重复', 'duplicate donation number'],
  DUPLICATE_DONOR_NO: ['献血者编号重复', 'duplicate donor number'],
  DUPLICATE_DEFERRAL: ['暂缓记录重复', 'duplicate deferral'],
  DONOR_NOT_FOUND: ['献血者编号不存在（请先导入献血者）', 'no donor with this number (import the donors first)'],
  DUPLICATE_DONOR: ['该献血者已以另一献血者编号存在，未合并，请在血站系统中核对', 'this person already exists under another donor number: not merged, check it in the BECS'],
  UNKNOWN_SITE: ['献血地点不在站点列表中，已忽略', 'the site is not in the site list: left empty'],
};

/** Where: a file row and column, or an API record and field. */
export interface IssueLocation {
  row: number;
  sheet?: string | null;
  column: string | null;
  /** API records: "record 3, field nationalId". */
  api?: boolean;
}

export function locationText(loc: IssueLocation): [string, string] {
  if (loc.api) {
    const zh = `第 ${loc.row} 条记录${loc.column ? ` ${loc.column}` : ''}`;
    const en = `record ${loc.row}${loc.column ? `, field ${loc.column}` : ''}`;
    return [zh, en];
  }
  const sheetZh = loc.sheet ? `工作表「${loc.sheet}」` : '';
  const sheetEn = loc.sheet ? `sheet "${loc.sheet}", ` : '';
  return [`${sheetZh}第 ${loc.row} 行${loc.column ? `「${loc.column}」` : ''}`, `${sheetEn}row ${loc.row}${loc.column ? `, column "${loc.column}"` : ''}`];
}

export function issueMessage(code: IssueCode, loc: IssueLocation, extra?: { zh?: string; en?: string }): string {
  const [zh, en] = TEXT[code];
  const [lz, le] = locationText(loc);
  return `${lz}：${zh}${extra?.zh ? `（${extra.zh}）` : ''} / ${le}: ${en}${extra?.en ? ` (${extra.en})` : ''}`;
}

export const WARNING_CODES: ReadonlySet<IssueCode> = new Set<IssueCode>(['UNKNOWN_SITE']);

export function severityOf(code: IssueCode): IssueSeverity {
  return WARNING_CODES.has(code) ? 'warning' : 'error';
}

export function makeIssue(
  code: IssueCode,
  loc: IssueLocation & { field: string | null; becsId?: string | null; value?: string | null },
  extra?: { zh?: string; en?: string },
): RowIssue {
  return {
    row: loc.row, sheet: loc.sheet ?? null, column: loc.column, field: loc.field, code, severity: severityOf(code),
    message: issueMessage(code, loc, extra), becsId: loc.becsId ?? null, value: loc.value ?? null,
  };
}
