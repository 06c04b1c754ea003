import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTACT_RULES } from '../contact-policy/contact-policy.js';
import { decideInvitation, type InvitationFacts } from './invitation-policy.js';
import { invitationPayload, sendBudget, validateSmsSettings } from './sms-campaign.types.js';

const NOON = Date.UTC(2026, 11, 7, 4); // 12:00 Shanghai
const NIGHT = Date.UTC(2026, 11, 7, 14); // 22:00 Shanghai
const DAY = 86_400_000;
const ok: InvitationFacts = { doNotCall: false, recruitmentConsent: true, smsConsent: true, openComplaints: 0, mobile: '+8613800138000', optedOut: false, attempts: [] };
const rules = { frequencyCapDays: 7, contact: DEFAULT_CONTACT_RULES };

describe('invitation policy (per recipient)', () => {
  it('a consenting donor without recent contact is invited', () => {
    expect(decideInvitation(ok, NOON, rules)).toEqual({ kind: 'send' });
  });

  it('do-not-call and an open complaint win; consent to recruitment and to SMS are required; a TD number gets nothing', () => {
    expect(decideInvitation({ ...ok, doNotCall: true }, NOON, rules)).toMatchObject({ kind: 'blocked', reasons: ['do-not-call'] });
    expect(decideInvitation({ ...ok, openComplaints: 1 }, NOON, rules)).toMatchObject({ kind: 'blocked', reasons: ['open-complaint'] });
    expect(decideInvitation({ ...ok, recruitmentConsent: false, smsConsent: false }, NOON, rules)).toMatchObject({ kind: 'blocked', reasons: ['no-consent', 'no-sms-consent'] });
    expect(decideInvitation({ ...ok, optedOut: true }, NOON, rules)).toMatchObject({ kind: 'blocked', reasons: ['opted-out'] });
    expect(decideInvitation({ ...ok, mobile: null }, NOON, rules)).toMatchObject({ kind: 'blocked', reasons: ['no-mobile'] });
  });

  it('frequency cap: a recruitment contact (any channel) within the cap blocks; older than the cap does not; 0 turns it off', () => {
    const recent = { ...ok, attempts: [{ at: NOON - 3 * DAY, outcome: 'reached-later' as const }] };
    expect(decideInvitation(recent, NOON, rules)).toMatchObject({ kind: 'blocked', reasons: ['frequency-cap'] });
    expect(decideInvitation(recent, NOON, { ...rules, frequencyCapDays: 2 })).toEqual({ kind: 'send' });
    expect(decideInvitation(recent, NOON, { ...rules, frequencyCapDays: 0 })).toEqual({ kind: 'send' });
  });

  it('attempts count across campaigns and channels: 5 failed in 12 months suppress (SMS invitations count as failed unless replied)', () => {
    const failed = [1, 2, 3, 4].map((m) => ({ at: NOON - m * 30 * DAY, outcome: 'sms-sent' as const }));
    const f = { ...ok, attempts: [...failed, { at: NOON - 150 * DAY, outcome: 'no-answer' as const }] };
    expect(decideInvitation(f, NOON, rules)).toMatchObject({ kind: 'blocked', reasons: ['suppressed'], suppressedUntil: expect.any(String) });
    const replied = { ...ok, attempts: [...failed, { at: NOON - 150 * DAY, outcome: 'sms-replied' as const }] };
    expect(decideInvitation(replied, NOON, rules)).toEqual({ kind: 'send' });
  });

  it('outside the sending hours nobody is blocked: the recipient waits for the next opening', () => {
    const d = decideInvitation(ok, NIGHT, rules);
    expect(d).toEqual({ kind: 'wait', at: Date.UTC(2026, 11, 8, 1) }); // 09:00 Shanghai next morning
    // but a block reason still wins over waiting
    expect(decideInvitation({ ...ok, doNotCall: true }, NIGHT, rules)).toMatchObject({ kind: 'blocked', reasons: ['do-not-call'] });
  });
});

describe('SMS campaign settings and pace', () => {
  it('template variables over the gateway limit are refused with the field, never cut', () => {
    expect(() => validateSmsSettings({ site: '站'.repeat(36), inviteDate: '12月9日' })).toThrow(/地点最多 35 个字（现 36）/);
    expect(() => validateSmsSettings({ site: '五四广场献血屋', inviteDate: '' })).toThrow(/inviteDate is required/);
    expect(() => validateSmsSettings({ site: 'x', inviteDate: 'y', product: 'plasma' })).toThrow(/product/);
    expect(() => validateSmsSettings({ site: 'x', inviteDate: 'y', ratePerMinute: 0 })).toThrow(/ratePerMinute/);
    expect(validateSmsSettings({ site: ' 五四广场献血屋 ', inviteDate: '12月9日' })).toEqual({ site: '五四广场献血屋', inviteDate: '12月9日', product: 'platelets', ratePerMinute: 60, conversionDays: 7, frequencyCapDays: 7 });
    expect(invitationPayload({ site: 'A', inviteDate: 'B', product: 'whole-blood' }, '张三')).toEqual({ name: '张三', site: 'A', date: 'B', product: '全血' });
  });

  it('the per-minute rate is spread over the ticks and never exceeded within a sliding minute', () => {
    expect(sendBudget(60, 0, 2000)).toBe(2);
    expect(sendBudget(6000, 0, 2000)).toBe(200);
    expect(sendBudget(60, 59, 2000)).toBe(1);
    expect(sendBudget(60, 60, 2000)).toBe(0);
    expect(sendBudget(1, 0, 2000)).toBe(1);
  });
});
