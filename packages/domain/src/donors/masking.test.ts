import { describe, expect, it } from 'vitest';
import { maskName, maskNationalId, maskPhone } from './masking.js';

describe('masking', () => {
  it('mobiles in any form → 138****8000', () => {
    for (const p of ['+8613800138000', '13800138000', '8613800138000']) expect(maskPhone(p)).toBe('138****8000');
  });
  it('landlines keep the area code and the last four', () => {
    expect(maskPhone('+8653280001234')).toBe('0532-****1234');
    expect(maskPhone('+861012345678')).toBe('010-****5678');
    expect(maskPhone('+862161234567')).toBe('021-****4567');
  });
  it('service numbers, foreign numbers, short and empty input', () => {
    expect(maskPhone('4001234567')).toBe('400****4567');
    expect(maskPhone('+12125550123')).toBe('+12****0123');
    expect(maskPhone('8001')).toBe('****');
    expect(maskPhone('96606')).toBe('*6606');
    expect(maskPhone('')).toBe('');
    expect(maskPhone(null)).toBe('');
  });
  it('never shows the middle digits', () => {
    expect(maskPhone('+8613912345678')).not.toContain('1234567');
  });
  it('national IDs → 3702**********1234', () => {
    expect(maskNationalId('370202199001011234')).toBe('3702**********1234');
    expect(maskNationalId('11010519491231002x')).toBe('1101**********002X');
    expect(maskNationalId('1234')).toBe('****');
    expect(maskNationalId(undefined)).toBe('');
  });
  it('names for logs', () => {
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('王')).toBe('*');
    expect(maskName('')).toBe('');
  });
});
