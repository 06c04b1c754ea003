import { describe, expect, it } from 'vitest';
import { maskName, maskNationalId, maskNationalIdLast4, maskNumbersInText, maskPhone } from './masking.js';
import { formatPhoneForDisplay } from './phone-display.js';

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

describe('masking numbers inside text', () => {
  it('a caller-ID name that is a number is masked like a number', () => {
    expect(maskNumbersInText('13800138000')).toBe('138****8000');
    expect(maskNumbersInText('+86 138-0013-8000')).toBe('138****8000');
    expect(maskNumbersInText('张三 13800138000')).toBe('张三 138****8000');
    expect(maskNumbersInText('0532-80001234')).toBe('053*****1234');
  });
  it('national IDs inside text, and nothing of the middle digits survives', () => {
    expect(maskNumbersInText('ID 370202199001011234 ok')).toBe('ID 3702**********1234 ok');
    expect(maskNumbersInText('11010519491231002X')).toBe('1101**********002X');
    expect(maskNumbersInText('call 13912345678 now')).not.toContain('1234567');
  });
  it('short numbers, names and empty input stay as they are', () => {
    expect(maskNumbersInText('王建华')).toBe('王建华');
    expect(maskNumbersInText('Room 12, ext 8001')).toBe('Room 12, ext 8001');
    expect(maskNumbersInText('Tel 96606')).toBe('Tel 96606');
    expect(maskNumbersInText('')).toBe('');
    expect(maskNumbersInText(null)).toBe('');
  });
  it('the desk form of an ID shows the last four only', () => {
    expect(maskNationalIdLast4('1234')).toBe('**************1234');
    expect(maskNationalIdLast4('002x')).toBe('**************002X');
    expect(maskNationalIdLast4(null)).toBe('');
  });
});

describe('formatPhoneForDisplay', () => {
  it('groups a full number as people read it, never +86…', () => {
    expect(formatPhoneForDisplay('+8619905320001')).toBe('199 0532 0001');
    expect(formatPhoneForDisplay('13800138000')).toBe('138 0013 8000');
    expect(formatPhoneForDisplay('+8653288886666')).toBe('0532-8888 6666');
    expect(formatPhoneForDisplay('+861065529988')).toBe('010-6552 9988');
    expect(formatPhoneForDisplay('+864008123456')).toBe('400 812 3456');
    expect(formatPhoneForDisplay('+14155550100')).toBe('+14155550100');
    expect(formatPhoneForDisplay('')).toBe('');
  });
});
