import { describe, expect, it } from 'vitest';
import { normalizePhone, toE164 } from './phone.js';

describe('normalizePhone — CN mobiles in every common spelling', () => {
  it.each([
    '13800138000', '+8613800138000', '+86 138 0013 8000', '0086 138 0013 8000', '008613800138000', '0086-138-0013-8000',
    '8613800138000', '86 138 0013 8000', '138-0013-8000', '138 0013 8000', '(138) 0013-8000', '013800138000', '0138-0013-8000',
    '1795113800138000', '17911 13800138000', '12593-13800138000', '  13800138000  ', '138.0013.8000',
  ])('%s → +8613800138000 (mobile)', (raw) => {
    expect(normalizePhone(raw)).toEqual({ e164: '+8613800138000', kind: 'mobile', national: '13800138000' });
  });

  it('keeps other mobile prefixes (166, 199, 173 …)', () => {
    for (const n of ['16612345678', '19905320001', '17312345678', '15012345678']) expect(toE164(n)).toBe(`+86${n}`);
  });
});

describe('normalizePhone — landlines', () => {
  it.each([
    ['0532-80001234', '+8653280001234', '053280001234'],
    ['(0532) 8000 1234', '+8653280001234', '053280001234'],
    ['053280001234', '+8653280001234', '053280001234'],
    ['+86 532 8000 1234', '+8653280001234', '053280001234'],
    ['0086-532-80001234', '+8653280001234', '053280001234'],
    ['010-12345678', '+861012345678', '01012345678'],
    ['021 6123 4567', '+862161234567', '02161234567'],
  ])('%s → %s', (raw, e164, national) => {
    expect(normalizePhone(raw)).toEqual({ e164, kind: 'fixed-line', national });
  });

  it('bare 7–8 digit local numbers need the configurable default area code', () => {
    expect(normalizePhone('80001234')).toBeNull();
    expect(normalizePhone('80001234', { defaultAreaCode: '0532' })?.e164).toBe('+8653280001234');
    expect(normalizePhone('8000 1234', { defaultAreaCode: '0532' })?.e164).toBe('+8653280001234');
    expect(normalizePhone('66661234', { defaultAreaCode: '010' })?.e164).toBe('+861066661234');
    // a full mobile is never prefixed with the area code
    expect(normalizePhone('13800138000', { defaultAreaCode: '0532' })?.e164).toBe('+8613800138000');
  });

  it('service numbers are valid but neither mobile nor fixed line', () => {
    expect(normalizePhone('400-123-4567')).toMatchObject({ e164: '+864001234567', kind: 'other' });
  });
});

describe('normalizePhone — invalid input', () => {
  it.each([null, undefined, '', '   ', 'abc', '12345', '1380013800', '138001380001', '+86 12 3', '10086x', '23800138000', '+1 212 ab'])('%s → null', (raw) => {
    expect(normalizePhone(raw as string)).toBeNull();
    expect(toE164(raw as string)).toBeNull();
  });

  it('foreign numbers in E.164 stay foreign', () => {
    expect(toE164('+1 212 555 0123')).toBe('+12125550123');
  });
});
