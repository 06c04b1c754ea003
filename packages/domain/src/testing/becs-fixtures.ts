/**
 * BECS export files for tests, the benchmark and the integrator's system test: deterministic SHINOW-like rows
 * (Chinese headers, valid GB 11643 national IDs, CN mobiles and Qingdao landlines, donations with bag numbers),
 * written as CSV (UTF-8, UTF-8 with BOM, GB18030) or XLSX — streamed, so a million rows need no memory.
 *
 *   const donors = becsDonorRows({ count: 1000 });           // one row per donor (string cells)
 *   await writeBecsCsv(path, DONOR_HEADERS, donors, 'gb18030');
 *   await writeBecsXlsx(path, [{ name: '献血者', headers: DONOR_HEADERS, rows: donors }, …]);
 */
import { createWriteStream } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { completeNationalId } from '../donors/national-id.js';

export const DONOR_HEADERS = ['献血者编号', '姓名', '性别', '出生日期', '身份证号', '手机号码', '联系电话', '血型', 'RhD'] as const;
export const DONATION_HEADERS = ['献血编号', '献血者编号', '献血日期', '献血类型', '献血量', '献血地点'] as const;
export const DEFERRAL_HEADERS = ['献血者编号', '暂缓/屏蔽原因', '屏蔽日期', '屏蔽截止日期'] as const;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰海燕小红文博子涵思远浩然雨欣梓萱';
const MOBILE_PREFIXES = ['130', '131', '132', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159', '166', '176', '177', '180', '181', '182', '185', '186', '187', '188', '189', '198'];
const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const DAY0 = Date.UTC(1967, 0, 1);

export interface DonorFixture {
  donorNo: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  nationalId: string;
  mobile: string;
  landline: string | null;
}

const QINGDAO_REGIONS = ['370202', '370203', '370211', '370212', '370213', '370214', '370215', '370281', '370283', '370285'];
const prefixOffset = (prefix: string): number => {
  let h = 0;
  for (const c of prefix) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  return h;
};

/** Donor i (0-based) of the fixture population: everything derived from i and the prefix (other prefixes, other people). */
export function becsDonor(i: number, prefix = 'SX'): DonorFixture {
  const off = prefix === 'SX' ? 0 : prefixOffset(prefix);
  const region = QINGDAO_REGIONS[off % QINGDAO_REGIONS.length]!;
  const day = (i + off) % 14_600; // births over 40 years from 1967
  const seq = (Math.floor(i / 14_600) * 2 + (i % 2)) % 1000;
  const male = seq % 2 === 1;
  const birth = new Date(DAY0 + day * 86_400_000).toISOString().slice(0, 10);
  const nationalId = completeNationalId(`${region}${birth.replace(/-/g, '')}${pad(seq, 3)}`);
  const name = SURNAMES[i % SURNAMES.length]! + GIVEN[(i * 7) % GIVEN.length]! + (i % 3 === 0 ? '' : GIVEN[(i * 13) % GIVEN.length]!);
  const mobile = `${MOBILE_PREFIXES[(i + off) % MOBILE_PREFIXES.length]}${pad((i * 7919 + 12_345 + off) % 100_000_000, 8)}`;
  const landline = i % 2 === 0 ? `0532-8${pad((i * 31 + off) % 10_000_000, 7)}` : null;
  return { donorNo: `${prefix}${pad(i + 1, 9)}`, name, gender: male ? 'male' : 'female', birthDate: birth, nationalId, mobile, landline };
}

export function donorRow(d: DonorFixture, i: number): string[] {
  const abo = ['A', 'B', 'O', 'AB'][i % 4]!;
  return [d.donorNo, d.name, d.gender === 'male' ? '男' : '女', d.birthDate, d.nationalId, d.mobile, d.landline ?? '', `${abo}型`, i % 97 === 0 ? '阴性' : '阳性'];
}

export function* becsDonorRows(opts: { count: number; start?: number; prefix?: string }): Generator<string[]> {
  for (let i = opts.start ?? 0; i < (opts.start ?? 0) + opts.count; i++) yield donorRow(becsDonor(i, opts.prefix), i);
}

/** `perDonor` donations for each donor: bag numbers, dates after the 18th birthday, whole blood / platelets. */
export function* becsDonationRows(opts: { donors: number; perDonor: number; start?: number; prefix?: string; today?: string }): Generator<string[]> {
  const today = Date.parse(`${opts.today ?? '2026-11-22'}T00:00:00Z`);
  for (let i = opts.start ?? 0; i < (opts.start ?? 0) + opts.donors; i++) {
    const d = becsDonor(i, opts.prefix);
    const adult = Date.parse(`${d.birthDate}T00:00:00Z`) + 18 * 365.25 * 86_400_000;
    for (let k = 0; k < opts.perDonor; k++) {
      const t = Math.min(today - 86_400_000, adult + ((i * 37 + k * 211) % 2500) * 86_400_000 + k * 200 * 86_400_000);
      const platelets = (i + k) % 4 === 0;
      yield [`${d.donorNo}${pad(k + 1, 3)}`, d.donorNo, new Date(t).toISOString().slice(0, 10), platelets ? '机采血小板' : '全血', platelets ? `${1 + (k % 2)}治疗量` : `${[200, 300, 400][(i + k) % 3]}ml`, ''];
    }
  }
}

const csvCell = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Writes rows as CSV: 'utf-8', 'utf-8-bom' or 'gb18030' (what Excel on a Chinese Windows writes). */
export async function writeBecsCsv(path: string, headers: readonly string[], rows: Iterable<readonly string[]>, encoding: 'utf-8' | 'utf-8-bom' | 'gb18030' = 'utf-8'): Promise<void> {
  const out = createWriteStream(path);
  const enc = (s: string): Buffer => (encoding === 'gb18030' ? iconv.encode(s, 'gb18030') : Buffer.from(s, 'utf8'));
  const write = (b: Buffer): Promise<void> => new Promise((res) => (out.write(b) ? res() : out.once('drain', () => res())));
  if (encoding === 'utf-8-bom') await write(Buffer.from([0xef, 0xbb, 0xbf]));
  await write(enc(headers.map(csvCell).join(',') + '\r\n'));
  let buf = '';
  for (const r of rows) {
    buf += r.map(csvCell).join(',') + '\r\n';
    if (buf.length > 256 * 1024) {
      await write(enc(buf));
      buf = '';
    }
  }
  if (buf) await write(enc(buf));
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
}

/** Writes an XLSX workbook with one sheet per entry (streaming writer). */
export async function writeBecsXlsx(path: string, sheets: { name: string; headers: readonly string[]; rows: Iterable<readonly unknown[]> }[]): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: true });
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    ws.addRow([...s.headers]).commit();
    for (const r of s.rows) ws.addRow([...r]).commit();
    ws.commit();
  }
  await wb.commit();
}
