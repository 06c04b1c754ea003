import { describe, expect, it } from 'vitest';
import { decideContact, nextOpening, suppressionState, type ContactPolicyInput, type RecruitmentAttempt } from './contact-policy.js';

// 2026-11-22 10:00 in Shanghai = 02:00Z
const at = (iso: string): number => Date.parse(iso);
const NOW = at('2026-11-22T02:00:00Z');
const input = (over: Partial<ContactPolicyInput> = {}): ContactPolicyInput => ({
  now: NOW,
  purpose: 'recruitment',
  medium: 'voice',
  doNotCall: false,
  recruitmentConsent: true,
  openComplaints: 0,
  attempts: [],
  ...over,
});
const fail = (iso: string): RecruitmentAttempt => ({ at: iso, outcome: 'no-answer' });

describe('contact policy', () => {
  it('allows a consenting donor within hours', () => {
    expect(decideContact(input())).toEqual({ allowed: true, reasons: [], suppressedUntil: null, failedAttemptsInWindow: 0, nextAllowedAt: null });
  });

  it('do-not-call blocks every purpose and medium', () => {
    for (const purpose of ['recruitment', 'care', 'survey', 'service'] as const) {
      for (const medium of ['voice', 'sms'] as const) {
        const d = decideContact(input({ purpose, medium, doNotCall: true }));
        expect(d.allowed).toBe(false);
        expect(d.reasons).toContain('do-not-call');
      }
    }
  });

  it('an open complaint blocks recruitment, care and surveys but not the follow-up of the donor\'s own request', () => {
    for (const purpose of ['recruitment', 'care', 'survey'] as const) expect(decideContact(input({ purpose, openComplaints: 1 })).reasons).toEqual(['open-complaint']);
    expect(decideContact(input({ purpose: 'service', openComplaints: 1 })).allowed).toBe(true);
  });

  it('recruitment needs consent; care does not', () => {
    expect(decideContact(input({ recruitmentConsent: false })).reasons).toEqual(['no-consent']);
    expect(decideContact(input({ purpose: 'care', recruitmentConsent: false })).allowed).toBe(true);
  });

  it('4 failed attempts in 12 months do not suppress; the 5th does, for 6 months', () => {
    const four = ['2026-01-10', '2026-03-10', '2026-05-10', '2026-07-10'].map((d) => fail(`${d}T03:00:00Z`));
    expect(decideContact(input({ attempts: four }))).toMatchObject({ allowed: true, failedAttemptsInWindow: 4 });
    const five = [...four, fail('2026-09-10T03:00:00Z')];
    expect(decideContact(input({ attempts: five }))).toMatchObject({ allowed: false, reasons: ['suppressed'], suppressedUntil: '2027-03-10' });
    // the day the suppression ends, the donor may be recruited again and the count has restarted
    const after = decideContact(input({ now: at('2027-03-10T02:00:00Z'), attempts: five }));
    expect(after).toMatchObject({ allowed: true, suppressedUntil: null, failedAttemptsInWindow: 0 });
  });

  it('the 12-month window rolls: an attempt older than 12 months does not count', () => {
    const spread = ['2025-11-20', '2026-03-10', '2026-05-10', '2026-07-10', '2026-11-21'].map((d) => fail(`${d}T03:00:00Z`));
    expect(suppressionState(spread, NOW)).toEqual({ suppressedUntil: null, failedInWindow: 4 });
    const inside = ['2025-11-23', '2026-03-10', '2026-05-10', '2026-07-10', '2026-11-21'].map((d) => fail(`${d}T03:00:00Z`));
    expect(suppressionState(inside, NOW).suppressedUntil).toBe('2027-05-21');
  });

  it('successful or committed attempts are not failures; SMS attempts count like calls', () => {
    const mixed: RecruitmentAttempt[] = [
      ...['2026-01-10', '2026-03-10', '2026-05-10', '2026-07-10'].map((d) => fail(`${d}T03:00:00Z`)),
      { at: '2026-09-01T03:00:00Z', outcome: 'reached-booked' },
      { at: '2026-09-02T03:00:00Z', outcome: 'reached-later' },
    ];
    expect(decideContact(input({ attempts: mixed })).allowed).toBe(true);
    expect(decideContact(input({ attempts: [...mixed, { at: '2026-10-01T03:00:00Z', outcome: 'sms-sent' }] })).reasons).toEqual(['suppressed']);
  });

  it('suppression only concerns recruitment', () => {
    const five = ['2026-01-10', '2026-03-10', '2026-05-10', '2026-07-10', '2026-09-10'].map((d) => fail(`${d}T03:00:00Z`));
    expect(decideContact(input({ purpose: 'care', attempts: five })).allowed).toBe(true);
  });

  it('calling hours are 09:00–20:00 Shanghai time, start inclusive, end exclusive', () => {
    expect(decideContact(input({ now: at('2026-11-22T01:00:00Z') })).allowed).toBe(true); // 09:00
    const early = decideContact(input({ now: at('2026-11-22T00:59:00Z') })); // 08:59
    expect(early).toMatchObject({ allowed: false, reasons: ['outside-hours'], nextAllowedAt: at('2026-11-22T01:00:00Z') });
    expect(decideContact(input({ now: at('2026-11-22T11:59:00Z') })).allowed).toBe(true); // 19:59
    const late = decideContact(input({ now: at('2026-11-22T12:00:00Z') })); // 20:00
    expect(late).toMatchObject({ allowed: false, nextAllowedAt: at('2026-11-23T01:00:00Z') });
  });

  it('weekday limits skip closed days', () => {
    const rules = { failedAttemptsLimit: 5, windowMonths: 12, suppressionMonths: 6, hours: { start: '09:00', end: '17:00', weekdays: [1, 2, 3, 4, 5] }, timeZone: 'Asia/Shanghai' };
    // 2026-11-21 is a Saturday
    expect(nextOpening(at('2026-11-21T02:00:00Z'), rules)).toBe(at('2026-11-23T01:00:00Z'));
  });

  it('nextAllowedAt is only given when the hours are the sole reason', () => {
    expect(decideContact(input({ now: at('2026-11-22T13:00:00Z'), doNotCall: true })).nextAllowedAt).toBeNull();
  });
});
