import { describe, expect, it } from 'vitest';
import { earliestSend, numberedTemplateText, parseReply, quietUntil, renderTemplate, SMS_TEMPLATE_DEFS, SMS_TEMPLATE_KEYS, templateParams } from './index.js';

describe('SMS replies', () => {
  it('reads scores, verdicts and opt-outs as donors type them', () => {
    expect(parseReply('5')).toEqual({ kind: 'score', score: 5, satisfied: true });
    expect(parseReply(' ２ ')).toEqual({ kind: 'score', score: 2, satisfied: false });
    expect(parseReply('3分。')).toEqual({ kind: 'score', score: 3, satisfied: true });
    expect(parseReply('不满意！')).toEqual({ kind: 'verdict', satisfied: false });
    expect(parseReply('满意')).toEqual({ kind: 'verdict', satisfied: true });
    for (const t of ['TD', 'td', 'ＴＤ', '退订', '回复TD退订']) expect(parseReply(t)).toEqual({ kind: 'opt-out' });
  });
  it('anything else is for a person', () => {
    for (const t of ['6', '12', '护士态度不好，等了两个小时', 'T D S', '']) expect(parseReply(t)).toEqual({ kind: 'other' });
  });
});

describe('quiet hours (Asia/Shanghai)', () => {
  const q = { start: '21:00', end: '08:00' };
  it('a message at 22:30 waits until 08:00 the next morning; one at 07:59 until 08:00 the same day', () => {
    expect(quietUntil(new Date('2026-12-07T14:30:00Z'), q)?.toISOString()).toBe('2026-12-08T00:00:00.000Z');
    expect(quietUntil(new Date('2026-12-07T23:59:00Z'), q)?.toISOString()).toBe('2026-12-08T00:00:00.000Z');
    expect(quietUntil(new Date('2026-12-07T05:00:00Z'), q)).toBeNull();
    expect(quietUntil(new Date('2026-12-07T13:00:00Z'), q)?.toISOString()).toBe('2026-12-08T00:00:00.000Z');
    expect(quietUntil(new Date('2026-12-07T12:59:59Z'), q)).toBeNull();
  });
  it('service SMS are never held; the others are', () => {
    const night = new Date('2026-12-07T15:00:00Z');
    expect(earliestSend(night, 'service', q)).toBe(night);
    expect(earliestSend(night, 'notice', q).toISOString()).toBe('2026-12-08T00:00:00.000Z');
    expect(earliestSend(night, 'marketing', null)).toBe(night);
  });
});

describe('templates', () => {
  it('every template names the variables its text uses', () => {
    for (const k of SMS_TEMPLATE_KEYS) {
      const used = [...SMS_TEMPLATE_DEFS[k].text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);
      expect(new Set(used)).toEqual(new Set(SMS_TEMPLATE_DEFS[k].params));
    }
  });
  it('the numbered text for Tencent Cloud follows the order of the parameters, each variable once', () => {
    expect(numberedTemplateText('appointment-booked')).toBe('{1}您好，您已预约{2}在{3}{4}。请携带身份证，献血前清淡饮食、睡眠充足。改约请致电96606。感谢您的爱心！');
    expect(numberedTemplateText('survey')).toBe(SMS_TEMPLATE_DEFS.survey.text);
    for (const k of SMS_TEMPLATE_KEYS) expect(numberedTemplateText(k)).not.toMatch(/\$\{|\{0\}/);
  });
  it('a value longer than the provider allows is refused with a reason, never cut', () => {
    const p = { name: '张三', when: '12月8日 09:00', site: '青岛市中心血站五四广场献血屋', typeLabel: '献全血', appointmentId: 3 };
    const ok = templateParams('appointment-booked', p, { maxParamLength: 35 });
    expect(ok).toEqual({ ok: true, params: { name: '张三', when: '12月8日 09:00', site: '青岛市中心血站五四广场献血屋', typeLabel: '献全血' } });
    expect(renderTemplate('appointment-booked', ok.ok ? ok.params : {}, '青岛市中心血站')).toMatch(/^【青岛市中心血站】张三您好，您已预约12月8日 09:00在青岛市中心血站五四广场献血屋献全血。/);
    const bad = templateParams('appointment-booked', { ...p, site: '站'.repeat(36) }, { maxParamLength: 35 });
    expect(bad).toEqual({ ok: false, reason: expect.stringContaining('site (36 > 35)') });
  });
});
