import { describe, expect, it } from 'vitest';
import { completeNationalId } from '../donors/national-id.js';
import { detectEntity, resolveColumns } from './column-mapping.js';
import { validateDeferral, validateDonation, validateDonor, type RowContext } from './record-validation.js';
import { SeenMap } from './seen-map.js';
import { parseDate, parseVolume } from './value-parsers.js';

const NID = completeNationalId('37020219900101123'); // 1990-01-01, male (3 is odd)
const ctx = (over: Partial<RowContext> = {}): RowContext => ({ row: 7, columnOf: (f) => ({ nationalId: '身份证号', mobile: '手机号码', product: '献血类型', date: '献血日期' })[f] ?? f, today: '2026-11-22', phone: { defaultAreaCode: '0532' }, ...over });

describe('BECS row validation', () => {
  it('a good donor row: ID-derived birth and gender, phones to E.164, blood type', () => {
    const v = validateDonor({ donorNo: ' SX001 ', name: '王建华', nationalId: NID.toLowerCase(), mobile: '138 0013 8000', phone: '0532-8000 1234', bloodType: 'AB型', rhd: '阴性' }, ctx());
    expect(v.issues).toEqual([]);
    expect(v.record).toEqual({
      donorNo: 'SX001', name: '王建华', gender: 'male', birthDate: '1990-01-01', nationalId: NID, abo: 'AB', rh: '-', address: null,
      phones: [{ e164: '+8613800138000', kind: 'mobile' }, { e164: '+8653280001234', kind: 'fixed-line' }],
    });
  });

  it('bad national ID checksum: an error naming the row and column, value masked', () => {
    const bad = NID.slice(0, 17) + (NID[17] === '0' ? '1' : '0');
    const v = validateDonor({ donorNo: 'SX1', name: '李', nationalId: bad }, ctx());
    expect(v.record).toBeNull();
    expect(v.issues).toHaveLength(1);
    expect(v.issues[0]).toMatchObject({ code: 'INVALID_NATIONAL_ID', row: 7, column: '身份证号', severity: 'error', becsId: 'SX1' });
    expect(v.issues[0]!.message).toContain('第 7 行「身份证号」');
    expect(v.issues[0]!.message).toContain('row 7, column "身份证号"');
    expect(v.issues[0]!.value).not.toContain(bad.slice(4, 14));
  });

  it('unparseable phone, unknown gender, birth date contradicting the ID', () => {
    const v = validateDonor({ donorNo: 'SX2', name: '张三', mobile: '12345', gender: '其他', nationalId: NID, birthDate: '1991-01-01' }, ctx());
    expect(v.issues.map((i) => i.code).sort()).toEqual(['INVALID_GENDER', 'INVALID_PHONE', 'NATIONAL_ID_MISMATCH']);
    expect(v.issues.find((i) => i.code === 'INVALID_PHONE')!.column).toBe('手机号码');
  });

  it('donations: unknown product code, future date, volume in ml or units, platelets in therapeutic units', () => {
    expect(validateDonation({ donationNo: 'B1', donorNo: 'SX1', date: '2026-11-01', product: '红细胞悬液' }, ctx()).issues.map((i) => i.code)).toEqual(['UNKNOWN_PRODUCT']);
    expect(validateDonation({ donationNo: 'B1', donorNo: 'SX1', date: '2026-12-01', product: '全血' }, ctx()).issues.map((i) => i.code)).toEqual(['DATE_IN_FUTURE']);
    expect(validateDonation({ donationNo: 'B1', donorNo: 'SX1', date: '2026/5/1', product: '全血', volume: '2' }, ctx()).record).toMatchObject({ date: '2026-05-01', type: 'whole-blood', volumeMl: 400 });
    expect(validateDonation({ donationNo: 'B1', donorNo: 'SX1', date: '20260501', product: '机采血小板', volume: '2治疗量' }, ctx()).record).toMatchObject({ type: 'platelets', units: 2, outcome: 'completed' });
    expect(validateDonation({ donationNo: 'B1', donorNo: 'SX1', date: '2026-05-01', product: 'X9', volume: '1' }, ctx({ products: { X9: 'plasma' } })).issues.map((i) => i.code)).toEqual(['INVALID_VOLUME']);
    expect(validateDonation({ donorNo: 'SX1', date: 'yesterday', product: '全血' }, ctx()).issues.map((i) => i.code).sort()).toEqual(['INVALID_DATE', 'REQUIRED']);
  });

  it('full-width characters typed in Excel are read as their ASCII forms', () => {
    const v = validateDonation({ donationNo: 'Ｗ００１２', donorNo: 'ＳＸ００１', date: '２０２６－０５－０１', product: '全血', volume: '４００ｍｌ' }, ctx());
    expect(v.record).toMatchObject({ donationNo: 'W0012', donorNo: 'SX001', date: '2026-05-01', volumeMl: 400 });
  });

  it('deferrals: key from the deferral number or donor+date+reason; until before from', () => {
    expect(validateDeferral({ donorNo: 'SX1', reason: '感冒服药', from: '2026-11-01', until: '2026-12-01' }, ctx()).record?.key).toMatch(/^k:SX1\|2026-11-01\|[0-9a-f]{16}$/);
    expect(validateDeferral({ donorNo: 'SX1', reason: '感冒', from: '2026-11-01', deferralNo: 'P9' }, ctx()).record).toMatchObject({ key: 'n:P9', until: null });
    expect(validateDeferral({ donorNo: 'SX1', reason: '感冒', from: '2026-11-01', until: '2026-10-01' }, ctx()).issues.map((i) => i.code)).toEqual(['UNTIL_BEFORE_FROM']);
  });

  it('API records say "record N, field F"', () => {
    const v = validateDonor({ donorNo: 'A', name: '' }, { row: 3, api: true, columnOf: (f) => f, today: '2026-11-22' });
    expect(v.issues[0]!.message).toContain('第 3 条记录 name');
    expect(v.issues[0]!.message).toContain('record 3, field name');
  });

  it('dates in the forms exports use', () => {
    for (const s of ['2024-05-01', '2024/5/1', '2024.5.1', '2024年5月1日', '20240501', '2024-05-01 10:30:00', 45413]) expect(parseDate(s)).toBe('2024-05-01');
    expect(parseDate(new Date(Date.UTC(2024, 4, 1)))).toBe('2024-05-01');
    expect(parseDate('2024-02-30')).toBeNull();
    expect(parseVolume('400毫升', 'whole-blood')).toEqual({ volumeMl: 400, units: null });
  });
});

describe('column mapping', () => {
  it('SHINOW headers, full-width and bracketed units; detects the kind of record', () => {
    const r = resolveColumns(['献血者编号', '姓名 ', '身份证号码', '手机号码', '血型'], 'donors');
    expect(r.missing).toEqual([]);
    expect(r.index).toMatchObject({ donorNo: 0, name: 1, nationalId: 2, mobile: 3, bloodType: 4 });
    const d = detectEntity(['献血编号', '献血者编号', '献血日期', '献血类型', '献血量（ml）']);
    expect(d.entity).toBe('donations');
    expect(d.columns.volume).toBe('献血量（ml）');
    expect(detectEntity(['献血者编号', '屏蔽原因', '屏蔽日期']).entity).toBe('deferrals');
    expect(detectEntity(['编号', '姓名']).missing).toEqual(['donorNo']);
    expect(resolveColumns(['卡号', '名字'], 'donors', { source: 'x', fields: { donors: { donorNo: ['卡号'], name: ['名字'] } } }).missing).toEqual([]);
  });
});

describe('SeenMap', () => {
  it('remembers a million keys with values, in typed arrays', () => {
    const m = new SeenMap();
    for (let i = 0; i < 200_000; i++) m.set(`B${i}`, i);
    expect(m.size).toBe(200_000);
    expect(m.get('B123456')).toBe(123_456);
    expect(m.get('B200000')).toBeUndefined();
    m.set('B5', -1);
    expect(m.get('B5')).toBe(-1);
    expect(m.size).toBe(200_000);
    const set = new SeenMap(16, false);
    for (let i = 0; i < 100_000; i++) set.set(`D${i}`, i);
    expect(set.has('D99999')).toBe(true);
    expect(set.get('D5')).toBe(0);
    expect(set.has('D100000')).toBe(false);
    expect(set.size).toBe(100_000);
  });
});
