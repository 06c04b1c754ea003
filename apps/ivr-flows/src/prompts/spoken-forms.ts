/**
 * Numbers, dates, times and weekdays as sequences of rendered pieces, in Mandarin and English.
 * Pure: `sayNumber(123, 'zh')` → ['num-1', 'num-100', 'num-2', 'num-10', 'num-3'] (一百二十三).
 * PIECES lists every piece with its text per language; the prompt renderer renders them all.
 */
import type { LocalDate } from '@donorline/domain';
import type { Lang } from '../runtime/flow-context.js';

type PieceTexts = Partial<Record<Lang, string>>;

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const EN_SMALL = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const EN_WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const ZH_WEEKDAYS = ['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];
const EN_ORDINAL_SMALL = [
  '', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth',
  'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth',
];

function enOrdinal(n: number): string {
  if (n <= 20) return EN_ORDINAL_SMALL[n]!;
  if (n === 30) return 'thirtieth';
  return `${EN_TENS[Math.floor(n / 10)]}-${EN_ORDINAL_SMALL[n % 10]}`;
}

function buildPieces(): Record<string, PieceTexts> {
  const p: Record<string, PieceTexts> = {};
  for (let i = 0; i < 20; i++) p[`num-${i}`] = i < 10 ? { zh: ZH_DIGITS[i]!, en: EN_SMALL[i]! } : { en: EN_SMALL[i]! };
  p['num-10'] = { zh: '十', en: 'ten' };
  for (let t = 2; t < 10; t++) p[`num-${t * 10}`] = { en: EN_TENS[t]! };
  p['num-100'] = { zh: '百', en: 'hundred' };
  p['num-1000'] = { zh: '千', en: 'thousand' };
  p['num-10000'] = { zh: '万' };
  p['num-1000000'] = { en: 'million' };
  p['num-2-liang'] = { zh: '两' };
  p['digit-1-yao'] = { zh: '幺' };
  p['unit-year'] = { zh: '年' };
  p['unit-month'] = { zh: '月' };
  p['unit-day'] = { zh: '日' };
  p['unit-hour'] = { zh: '点' };
  p['unit-minute'] = { zh: '分' };
  p['time-half'] = { zh: '半' };
  p['time-early'] = { zh: '凌晨' };
  p['time-morning'] = { zh: '上午', en: 'a m' };
  p['time-noon'] = { zh: '中午' };
  p['time-afternoon'] = { zh: '下午', en: 'p m' };
  p['time-evening'] = { zh: '晚上' };
  p['time-oh'] = { en: 'oh' };
  for (let m = 1; m <= 12; m++) p[`month-${m}`] = { en: EN_MONTHS[m - 1]! };
  for (let d = 1; d <= 31; d++) p[`ord-${d}`] = { en: enOrdinal(d) };
  for (let w = 1; w <= 7; w++) p[`weekday-${w}`] = { zh: ZH_WEEKDAYS[w - 1]!, en: EN_WEEKDAYS[w - 1]! };
  return p;
}

/** Every piece with its text per language (a piece missing for a language is never produced for it). */
export const PIECES: Readonly<Record<string, PieceTexts>> = Object.freeze(buildPieces());

// ── Mandarin numbers ───────────────────────────────────────────────────────────────────────────────────────────

/** 1..9999; `leading` = nothing is said before it (so 15 is 十五, not 一十五, and 2000 is 两千). */
function zhSection(n: number, leading: boolean): string[] {
  const d = [Math.floor(n / 1000) % 10, Math.floor(n / 100) % 10, Math.floor(n / 10) % 10, n % 10];
  const units = ['num-1000', 'num-100', 'num-10', null] as const;
  const out: string[] = [];
  let zero = false;
  for (let i = 0; i < 4; i++) {
    const digit = d[i]!;
    if (digit === 0) {
      if (out.length > 0) zero = true; // an inner zero is said once: 一千零五
      continue;
    }
    if (zero) {
      out.push('num-0');
      zero = false;
    }
    const unit = units[i];
    if (i === 2 && digit === 1 && out.length === 0 && leading) {
      out.push('num-10');
      continue;
    }
    out.push(digit === 2 && (i === 0 || i === 1) && out.length === 0 ? 'num-2-liang' : `num-${digit}`);
    if (unit) out.push(unit);
  }
  return out;
}

function zhNumber(n: number): string[] {
  if (n === 0) return ['num-0'];
  const wan = Math.floor(n / 10000);
  const rest = n % 10000;
  const out: string[] = [];
  if (wan > 0) {
    out.push(...(wan === 2 ? ['num-2-liang'] : zhSection(wan, true)), 'num-10000');
    if (rest > 0 && rest < 1000) out.push('num-0');
  }
  if (rest > 0) {
    out.push(...zhSection(rest, wan === 0)); // not leading after 万: 一万零一十五 keeps its 一
  }
  return out;
}

// ── English numbers ────────────────────────────────────────────────────────────────────────────────────────────

function enBelow1000(n: number): string[] {
  const out: string[] = [];
  const h = Math.floor(n / 100);
  const r = n % 100;
  if (h > 0) out.push(`num-${h}`, 'num-100');
  if (r > 0 && r < 20) out.push(`num-${r}`);
  else if (r >= 20) {
    out.push(`num-${Math.floor(r / 10) * 10}`);
    if (r % 10) out.push(`num-${r % 10}`);
  }
  return out;
}

function enNumber(n: number): string[] {
  if (n === 0) return ['num-0'];
  const out: string[] = [];
  const millions = Math.floor(n / 1_000_000);
  const thousands = Math.floor((n % 1_000_000) / 1000);
  const rest = n % 1000;
  if (millions) out.push(...enBelow1000(millions), 'num-1000000');
  if (thousands) out.push(...enBelow1000(thousands), 'num-1000');
  if (rest) out.push(...enBelow1000(rest));
  return out;
}

export function sayNumber(n: number, lang: Lang): string[] {
  if (!Number.isInteger(n) || n < 0 || n >= 100_000_000) throw new RangeError(`cannot say ${n}`);
  return lang === 'zh' ? zhNumber(n) : enNumber(n);
}

/** Digit by digit; in Mandarin a 1 is read 幺 as in phone numbers. Other characters are skipped. */
export function sayDigits(s: string, lang: Lang): string[] {
  const out: string[] = [];
  for (const ch of s) {
    if (!/[0-9]/.test(ch)) continue;
    out.push(lang === 'zh' && ch === '1' ? 'digit-1-yao' : `num-${ch}`);
  }
  return out;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local date. */
export function isoWeekday(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return dow === 0 ? 7 : dow;
}

export function sayWeekday(weekday: number, _lang: Lang): string[] {
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) throw new RangeError(`no weekday ${weekday}`);
  return [`weekday-${weekday}`];
}

/** 11月25日 星期三 / Wednesday, November twenty-fifth. */
export function sayDate(date: LocalDate, lang: Lang, withWeekday = true): string[] {
  const [, m, d] = date.split('-').map(Number) as [number, number, number];
  const wd = withWeekday ? sayWeekday(isoWeekday(date), lang) : [];
  if (lang === 'zh') return [...zhNumber(m), 'unit-month', ...zhNumber(d), 'unit-day', ...wd];
  return [...wd, `month-${m}`, `ord-${d}`];
}

/** 'HH:MM' (24 h) → 下午两点半 / two thirty p m. */
export function sayTime(hhmm: string, lang: Lang): string[] {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new RangeError(`not a time: ${hhmm}`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) throw new RangeError(`not a time: ${hhmm}`);
  const h12 = h % 12 === 0 ? 12 : h % 12;
  if (lang === 'zh') {
    const period = h < 6 ? 'time-early' : h < 12 ? 'time-morning' : h < 13 ? 'time-noon' : h < 18 ? 'time-afternoon' : 'time-evening';
    const hour = h12 === 2 ? ['num-2-liang'] : zhNumber(h12);
    const minutes = min === 0 ? [] : min === 30 ? ['time-half'] : [...(min < 10 ? ['num-0'] : []), ...zhNumber(min), 'unit-minute'];
    return [period, ...hour, 'unit-hour', ...minutes];
  }
  const minutes = min === 0 ? [] : min < 10 ? ['time-oh', `num-${min}`] : enNumber(min);
  return [...enNumber(h12), ...minutes, h < 12 ? 'time-morning' : 'time-afternoon'];
}
