import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http.client.js';
import { CommandError } from '../realtime/commands.js';
import { makeI18n } from '../i18n/index.js';
import enMessages from '../i18n/en.js';
import { errorLine, pickLanguage } from './errors.js';

describe('error lines', () => {
  const zh = makeI18n('zh-CN').global;
  const en = makeI18n('en', { en: enMessages }).global;
  const tz = (k: string, n?: Record<string, unknown>) => (n ? zh.t(k, n) : zh.t(k));
  const ten = (k: string, n?: Record<string, unknown>) => (n ? en.t(k, n) : en.t(k));

  it('keeps the reader’s half of a bilingual server message', () => {
    const msg = '请先登录座席 / log in to a seat first';
    expect(pickLanguage(msg, 'zh-CN')).toBe('请先登录座席');
    expect(pickLanguage(msg, 'en')).toBe('log in to a seat first');
    expect(pickLanguage('a / b', 'zh-CN')).toBe('a / b');
    const err = new CommandError('NOT_LOGGED_IN', msg, 'call:hangup');
    expect(errorLine(err, tz, zh.te, 'zh-CN')).toBe('尚未签入坐席（请先登录座席）');
    expect(errorLine(err, ten, en.te, 'en')).toBe('Not signed in to a seat (log in to a seat first)');
  });

  it('uses the code for the sentence, the status for unknown bodies, and no detail for the desk’s own failures', () => {
    expect(errorLine(new ApiError('SLOT_FULL', 'SLOT_FULL', 409), tz, zh.te, 'zh-CN')).toBe('该时段已约满，请选择其他时段');
    expect(errorLine(new ApiError('HTTP', 'Bad Gateway', 502), tz, zh.te, 'zh-CN')).toBe('服务器返回错误（502）');
    expect(errorLine(new CommandError('OFFLINE', 'socket not connected', 'call:hold'), ten, en.te, 'en')).toBe('The realtime channel is not connected; nothing was sent');
    expect(errorLine(new Error('boom'), tz, zh.te, 'zh-CN')).toBe('系统内部错误');
  });

  it('never repeats itself (电话号码无效（号码无效）) and lets the limit of a field replace a bare 输入有误', () => {
    expect(errorLine(new CommandError('INVALID_PHONE', '号码无效 / not a valid phone number', 'call:dial'), tz, zh.te, 'zh-CN')).toBe('电话号码无效');
    const tooLong = new ApiError('VALIDATION_FAILED', 'notes：最多 4000 个字 / notes: at most 4000 characters', 400);
    expect(errorLine(tooLong, tz, zh.te, 'zh-CN')).toBe('notes：最多 4000 个字');
    expect(errorLine(tooLong, ten, en.te, 'en')).toBe('notes: at most 4000 characters');
    const two = new ApiError('VALIDATION_FAILED', 'a：必填 / a is required；b：格式不正确 / b: wrong format', 400);
    expect(errorLine(two, ten, en.te, 'en')).toBe('a is required; b: wrong format');
    expect(errorLine(two, tz, zh.te, 'zh-CN')).toBe('a：必填；b：格式不正确');
  });
});
