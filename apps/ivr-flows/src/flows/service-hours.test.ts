import { describe, expect, it } from 'vitest';
import { agentAvailability, DEFAULT_SERVICE_HOURS, type ServiceHours } from './service-hours.js';

// Instants are UTC; the center is on Asia/Shanghai (UTC+8).
const at = (iso: string): Date => new Date(iso);

describe('agentAvailability', () => {
  it('is open inside the hours and closed outside, on the local clock', () => {
    expect(agentAvailability(at('2026-11-23T00:00:00Z'), DEFAULT_SERVICE_HOURS)).toEqual({ open: true }); // 08:00 local
    expect(agentAvailability(at('2026-11-22T23:59:00Z'), DEFAULT_SERVICE_HOURS)).toEqual({ open: false, reason: 'after-hours' }); // 07:59
    expect(agentAvailability(at('2026-11-23T11:59:00Z'), DEFAULT_SERVICE_HOURS)).toEqual({ open: true }); // 19:59
    expect(agentAvailability(at('2026-11-23T12:00:00Z'), DEFAULT_SERVICE_HOURS)).toEqual({ open: false, reason: 'after-hours' }); // 20:00
  });
  it('closes on a holiday from the calendar', () => {
    expect(agentAvailability(at('2026-10-01T03:00:00Z'), DEFAULT_SERVICE_HOURS)).toEqual({ open: false, reason: 'holiday' });
  });
  it('honours weekdays and make-up workdays', () => {
    const weekdaysOnly: ServiceHours = { ...DEFAULT_SERVICE_HOURS, weekdays: [1, 2, 3, 4, 5], extraWorkdays: ['2026-11-29'] };
    expect(agentAvailability(at('2026-11-28T03:00:00Z'), weekdaysOnly)).toEqual({ open: false, reason: 'after-hours' }); // Saturday
    expect(agentAvailability(at('2026-11-29T03:00:00Z'), weekdaysOnly)).toEqual({ open: true }); // Sunday, make-up day
  });
});
