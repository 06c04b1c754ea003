import { describe, expect, it } from 'vitest';
import { campaignOpenAt, nextTargetState, outcomeOfHangup, validateCampaignSpec } from './campaign-rules.js';

const spec = { maxAttempts: 3, retryMinutes: [30, 120] };
const T0 = Date.UTC(2026, 11, 7, 3); // 11:00 Shanghai, a Monday

describe('campaign rules', () => {
  it('a failed attempt waits by the retry schedule (the last step repeats) until the cap', () => {
    expect(nextTargetState('no-answer', 1, spec, T0)).toEqual({ status: 'pending', nextAt: T0 + 30 * 60_000 });
    expect(nextTargetState('busy', 2, spec, T0)).toEqual({ status: 'pending', nextAt: T0 + 120 * 60_000 });
    expect(nextTargetState('rejected', 3, spec, T0)).toEqual({ status: 'exhausted', nextAt: null });
    expect(nextTargetState('no-answer', 3, { maxAttempts: 5, retryMinutes: [30, 120] }, T0).nextAt).toBe(T0 + 120 * 60_000);
  });

  it('a reached donor is never dialed again by the campaign; booked/declined/wrong number end it', () => {
    expect(nextTargetState('reached', 1, spec, T0)).toEqual({ status: 'contacted', nextAt: null });
    expect(nextTargetState('reached-booked', 1, spec, T0).status).toBe('booked');
    expect(nextTargetState('reached-declined', 1, spec, T0).status).toBe('declined');
    expect(nextTargetState('wrong-number', 1, spec, T0).status).toBe('wrong-number');
  });

  it('hangup causes: 17 busy, 21 rejected, 1 wrong number, else no answer; an answer is reached', () => {
    expect(outcomeOfHangup(false, '17')).toBe('busy');
    expect(outcomeOfHangup(false, '21')).toBe('rejected');
    expect(outcomeOfHangup(false, '1')).toBe('wrong-number');
    expect(outcomeOfHangup(false, '19')).toBe('no-answer');
    expect(outcomeOfHangup(true, '16')).toBe('reached');
  });

  it('dials only while running, between its dates and inside its hours (Asia/Shanghai)', () => {
    const c = { status: 'running' as const, startsOn: '2026-12-07', endsOn: '2026-12-10', hoursStart: '09:00', hoursEnd: '18:00' };
    expect(campaignOpenAt(c, T0)).toEqual({ open: true, why: null });
    expect(campaignOpenAt({ ...c, status: 'paused' }, T0).why).toBe('not-running');
    expect(campaignOpenAt(c, Date.UTC(2026, 11, 7, 10, 30)).why).toBe('outside-hours'); // 18:30 local
    expect(campaignOpenAt(c, Date.UTC(2026, 11, 11, 3)).why).toBe('ended');
    expect(campaignOpenAt({ ...c, startsOn: '2026-12-08' }, T0).why).toBe('before-start');
  });

  it('bad settings are refused with a message naming the field', () => {
    const ok = { name: '血小板召回', startsOn: '2026-12-07' };
    expect(validateCampaignSpec(ok)).toMatchObject({ mode: 'preview', channel: 'call', maxAttempts: 3, retryMinutes: [60, 240], hoursStart: '09:00' });
    expect(() => validateCampaignSpec({ ...ok, name: ' ' })).toThrow(/name/);
    expect(() => validateCampaignSpec({ ...ok, mode: 'predictive' })).toThrow(/preview or progressive/);
    expect(() => validateCampaignSpec({ ...ok, hoursStart: '20:00', hoursEnd: '09:00' })).toThrow(/calling hours/);
    expect(validateCampaignSpec({ ...ok, hoursStart: '00:00', hoursEnd: '24:00' })).toMatchObject({ hoursEnd: '24:00' });
    expect(campaignOpenAt({ ...validateCampaignSpec({ ...ok, hoursStart: '00:00', hoursEnd: '24:00' }), status: 'running' }, Date.UTC(2026, 11, 7, 15, 59, 30)).open).toBe(true); // 23:59:30 Shanghai
    expect(() => validateCampaignSpec({ ...ok, hoursStart: '24:00', hoursEnd: '24:00' })).toThrow(/calling hours/);
    expect(() => validateCampaignSpec({ ...ok, maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => validateCampaignSpec({ ...ok, retryMinutes: [-5] })).toThrow(/retryMinutes/);
    expect(() => validateCampaignSpec({ ...ok, endsOn: '2026-12-01' })).toThrow(/endsOn/);
  });
});
