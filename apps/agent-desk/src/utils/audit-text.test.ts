import { describe, expect, it } from 'vitest';
import { makeI18n } from '../i18n/index.js';
import enMessages from '../i18n/en.js';
import { actionText, auditDetail, subjectText } from './audit-text.js';

const zh = makeI18n('zh-CN').global;
const en = makeI18n('en', { en: enMessages }).global;
const tz = (k: string, n?: Record<string, unknown>) => (n ? zh.t(k, n) : zh.t(k));
const ten = (k: string, n?: Record<string, unknown>) => (n ? en.t(k, n) : en.t(k));

describe('the audit log in words', () => {
  it('says what happened instead of the code, and reads unknown codes part by part', () => {
    expect(actionText('auth.login', tz, zh.te)).toBe('登录');
    expect(actionText('donor.phone.link', ten, en.te)).toBe('Linked a phone number');
    expect(actionText('ticket.delete', tz, zh.te)).toBe('工单：删除');
    expect(actionText('kiosk.rename', tz, zh.te)).toBe('kiosk：rename');
    expect(actionText('site.rename', tz, zh.te)).toBe('献血点：rename');
    expect(actionText('slot-template.update', tz, zh.te)).toBe('修改时段模板');
    expect(subjectText('donor', '12', tz, zh.te)).toBe('献血者 #12');
    expect(subjectText('phrase-script', 'booking@3', tz, zh.te)).toBe('规范用语 预约 · v3');
  });

  it('shows changes as old → new and other details as labelled words, never JSON', () => {
    const a = auditDetail({ changes: [{ field: 'name', old: '王建', new: '王建华' }], reason: '核对身份证' }, tz, zh.te);
    expect(a.changes).toEqual([{ label: '姓名', old: '王建', new: '王建华' }]);
    expect(a.fields).toEqual([{ label: '原因', value: '核对身份证' }]);
    const b = auditDetail({ old: { active: true, role: 'agent' }, new: { active: false, role: 'agent' } }, tz, zh.te);
    expect(b.changes).toEqual([{ label: '启用', old: '是', new: '否' }]);
    const c = auditDetail({ callType: 'booking', old: { version: 1, lines: [] }, new: { version: 2, lines: [] }, changes: [{ line: 2, kind: 'changed', old: { stage: 'commitment', text: '旧' }, new: { stage: 'commitment', text: '新' } }] }, tz, zh.te);
    expect(c.changes).toEqual([{ label: '第 3 条 · 修改', old: '旧', new: '新' }, { label: '版本', old: '1', new: '2' }]);
    expect(c.fields).toEqual([{ label: '通话类型', value: '预约' }]);
    expect(auditDetail({ detail: { nested: 1 } }, tz, zh.te).fields).toEqual([{ label: 'detail', value: 'nested 1' }]);
  });
});
