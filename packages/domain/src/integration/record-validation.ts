/**
 * One row (or API record) of canonical fields → a normalised record and its row-level issues, with the domain's own
 * rules: GB 11643 national IDs (checksum, birth date, gender), phones to E.164 (normalizePhone, the center's default
 * area code), dates as local dates, product names through the source's table. Pure: checks that need the database
 * (does the donor exist, is the donation after the donor's birth, is this person already known under another
 * number) run in the data layer.
 */
import type { DonationType } from '../donations/donation.types.js';
import { maskNationalId } from '../donors/masking.js';
import { birthDateFromNationalId, genderFromNationalId, isValidNationalId, normalizeNationalId } from '../donors/national-id.js';
import { normalizePhone, type PhoneOptions } from '../donors/phone.js';
import type { LocalDate } from '../time/local-date.js';
import { makeIssue } from './issues.js';
import type { PhoneNormalizer } from './phone-cache.js';
import type { DeferralRecord, DonationRecord, DonorRecord, IssueCode, RowIssue } from './integration.types.js';
import { shortHash } from './seen-map.js';
import { cellText, nfkc, parseBloodType, parseDate, parseGender, parseOutcome, parseProduct, parseProducts, parseRh, parseVolume } from './value-parsers.js';

export type RawRecord = Readonly<Record<string, unknown>>;

export interface RowContext {
  row: number;
  sheet?: string | null;
  /** API records: issues say "record N, field F". */
  api?: boolean;
  /** The file's header of a field (null: the field has no column). API: the field name. */
  columnOf(field: string): string | null;
  today: LocalDate;
  phone?: PhoneOptions;
  /** A shared prefix-memoised normaliser (imports); default: normalizePhone. */
  phones?: PhoneNormalizer;
  products?: Readonly<Record<string, DonationType>> | null;
}

export interface Validated<R> {
  record: R | null;
  issues: RowIssue[];
}

/** A phone number for messages and stored issues: never in full. */
export function maskRawPhone(s: string): string {
  const d = s.replace(/\D/g, '');
  return d.length <= 4 ? '*'.repeat(d.length) : `${d.slice(0, Math.min(3, d.length - 4))}****${d.slice(-4)}`;
}

class Collector {
  readonly issues: RowIssue[] = [];
  becsId: string | null = null;
  constructor(private readonly ctx: RowContext) {}
  add(code: IssueCode, field: string | null, value?: string | null, extra?: { zh?: string; en?: string }): void {
    this.issues.push(makeIssue(code, {
      row: this.ctx.row, sheet: this.ctx.sheet ?? null, api: this.ctx.api, column: field ? this.ctx.columnOf(field) ?? field : null, field,
      becsId: this.becsId, value: value ?? null,
    }, extra));
  }
  get failed(): boolean {
    return this.issues.some((i) => i.severity === 'error');
  }
}

function text(c: Collector, raw: RawRecord, field: string, max: number, required: boolean): string | null {
  const raw0 = cellText(raw[field]);
  const s = /[\u0300-\u036f]/.test(raw0) ? raw0.normalize('NFC') : raw0;
  if (!s) {
    if (required) c.add('REQUIRED', field);
    return null;
  }
  if ([...s].length > max) {
    c.add('TOO_LONG', field, s.slice(0, 40), { zh: `最多 ${max} 字`, en: `at most ${max} characters` });
    return null;
  }
  return s;
}

/** A BECS id: trimmed, NFKC (full-width digits typed in Excel), no inner spaces. */
function becsNo(c: Collector, raw: RawRecord, field: string, max: number): string | null {
  const s = nfkc(cellText(raw[field])).replace(/\s+/g, '');
  if (!s) {
    c.add('REQUIRED', field);
    return null;
  }
  if (s.length > max) {
    c.add('TOO_LONG', field, s.slice(0, 40), { zh: `最多 ${max} 个字符`, en: `at most ${max} characters` });
    return null;
  }
  return s;
}

function date(c: Collector, raw: RawRecord, field: string, required: boolean, today: LocalDate, futureOk = false): LocalDate | null {
  const v = parseDate(raw[field]);
  if (v === undefined) {
    if (required) c.add('REQUIRED', field);
    return null;
  }
  if (v === null) {
    c.add('INVALID_DATE', field, cellText(raw[field]).slice(0, 40));
    return null;
  }
  if (!futureOk && v > today) {
    c.add('DATE_IN_FUTURE', field, v);
    return null;
  }
  return v;
}

function phoneCells(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const x of list) for (const part of cellText(x).split(/[,，;；、|]|\s{2,}|\/(?=\s*\+?\d{7})/)) if (part.trim()) out.push(part.trim());
  return out;
}

export function validateDonor(raw: RawRecord, ctx: RowContext): Validated<DonorRecord> {
  const c = new Collector(ctx);
  const donorNo = becsNo(c, raw, 'donorNo', 32);
  c.becsId = donorNo;
  const name = text(c, raw, 'name', 50, true);
  let nationalId: string | null = null;
  const nidText = cellText(raw.nationalId);
  if (nidText) {
    const n = normalizeNationalId(nfkc(nidText));
    if (!isValidNationalId(n)) c.add('INVALID_NATIONAL_ID', 'nationalId', maskNationalId(n));
    else nationalId = n;
  }
  let birthDate = date(c, raw, 'birthDate', false, ctx.today);
  const idBirth = nationalId ? birthDateFromNationalId(nationalId) : null;
  if (idBirth && birthDate && birthDate !== idBirth) c.add('NATIONAL_ID_MISMATCH', 'birthDate', birthDate);
  birthDate = birthDate ?? idBirth;
  let gender = parseGender(raw.gender);
  if (gender === null) c.add('INVALID_GENDER', 'gender', cellText(raw.gender).slice(0, 20));
  const idGender = nationalId ? genderFromNationalId(nationalId) : null;
  if (idGender && gender && gender !== 'unknown' && gender !== idGender) c.add('NATIONAL_ID_MISMATCH', 'gender', cellText(raw.gender));
  gender = gender && gender !== 'unknown' ? gender : idGender ?? 'unknown';

  const phones: DonorRecord['phones'] = [];
  for (const field of ['mobile', 'phone'] as const) {
    for (const p of phoneCells(raw[field])) {
      const n = ctx.phones ? ctx.phones.normalize(p) : normalizePhone(p, ctx.phone);
      if (!n) c.add('INVALID_PHONE', field, maskRawPhone(p));
      else if (!phones.some((x) => x.e164 === n.e164)) phones.push({ e164: n.e164, kind: n.kind });
    }
  }
  let abo: DonorRecord['abo'] = null;
  let rh: DonorRecord['rh'] = null;
  const bt = parseBloodType(raw.bloodType);
  if (bt === null) c.add('INVALID_BLOOD_TYPE', 'bloodType', cellText(raw.bloodType).slice(0, 20));
  else if (bt) {
    abo = bt.abo;
    rh = bt.rh;
  }
  const r = parseRh(raw.rhd);
  if (r === null) c.add('INVALID_BLOOD_TYPE', 'rhd', cellText(raw.rhd).slice(0, 20));
  else if (r) rh = r;
  if (!abo) rh = rh ?? null;
  const address = text(c, raw, 'address', 255, false);
  if (c.failed || !donorNo || !name) return { record: null, issues: c.issues };
  return { record: { donorNo, name, gender, birthDate, nationalId, phones, abo, rh, address }, issues: c.issues };
}

export function validateDonation(raw: RawRecord, ctx: RowContext): Validated<DonationRecord> {
  const c = new Collector(ctx);
  const donationNo = becsNo(c, raw, 'donationNo', 40);
  c.becsId = donationNo;
  const donorNo = becsNo(c, raw, 'donorNo', 32);
  const day = date(c, raw, 'date', true, ctx.today);
  const type = parseProduct(raw.product, ctx.products);
  if (type === undefined) c.add('REQUIRED', 'product');
  else if (type === null) c.add('UNKNOWN_PRODUCT', 'product', cellText(raw.product).slice(0, 40));
  let volumeMl: number | null = null;
  let units: number | null = null;
  if (type) {
    const v = parseVolume(raw.volume, type);
    if (v === null) c.add('INVALID_VOLUME', 'volume', cellText(raw.volume).slice(0, 20));
    else if (v) ({ volumeMl, units } = v);
  }
  const outcome = parseOutcome(raw.outcome);
  if (outcome === null) c.add('INVALID_OUTCOME', 'outcome', cellText(raw.outcome).slice(0, 20));
  const site = text(c, raw, 'site', 100, false);
  if (c.failed || !donationNo || !donorNo || !day || !type) return { record: null, issues: c.issues };
  return { record: { donationNo, donorNo, date: day, type, volumeMl, units, site, outcome: outcome ?? 'completed' }, issues: c.issues };
}

export function validateDeferral(raw: RawRecord, ctx: RowContext): Validated<DeferralRecord> {
  const c = new Collector(ctx);
  const donorNo = becsNo(c, raw, 'donorNo', 32);
  const deferralNo = cellText(raw.deferralNo) ? becsNo(c, raw, 'deferralNo', 40) : null;
  c.becsId = deferralNo ?? donorNo;
  const reason = text(c, raw, 'reason', 255, true);
  const from = date(c, raw, 'from', true, ctx.today, true);
  const until = date(c, raw, 'until', false, ctx.today, true);
  if (from && until && until < from) c.add('UNTIL_BEFORE_FROM', 'until', until);
  const types = parseProducts(raw.products, ctx.products);
  if (types === false) c.add('UNKNOWN_PRODUCT', 'products', cellText(raw.products).slice(0, 40));
  if (c.failed || !donorNo || !reason || !from || types === false) return { record: null, issues: c.issues };
  const key = deferralNo ? `n:${deferralNo}` : `k:${donorNo}|${from}|${shortHash(reason)}`;
  return { record: { key, deferralNo, donorNo, from, until, reason, types }, issues: c.issues };
}

/** The check that needs the donor: a donation dated before the donor was born. */
export function donationBeforeBirth(rec: DonationRecord, birthDate: LocalDate | null, ctx: RowContext): RowIssue | null {
  if (!birthDate || rec.date >= birthDate) return null;
  return makeIssue('DONATION_BEFORE_BIRTH', { row: ctx.row, sheet: ctx.sheet ?? null, api: ctx.api, column: ctx.columnOf('date') ?? 'date', field: 'date', becsId: rec.donationNo, value: rec.date });
}

/** Canonical text of a record's content: what the keyed fingerprint (becs_hash) is computed from. */
export function donorContent(r: DonorRecord): string {
  return ['d1', r.donorNo, r.name, r.gender, r.birthDate ?? '', r.nationalId ?? '', r.phones.map((p) => p.e164).sort().join(','), r.abo ?? '', r.rh ?? '', r.address ?? ''].join('\u001f');
}

export function donationContent(r: DonationRecord): string {
  return ['x1', r.donationNo, r.donorNo, r.date, r.type, r.volumeMl ?? '', r.units ?? '', r.site ?? '', r.outcome].join('\u001f');
}

export function deferralContent(r: DeferralRecord): string {
  return ['f1', r.key, r.donorNo, r.from, r.until ?? '', r.reason, r.types ? [...r.types].sort().join(',') : ''].join('\u001f');
}
