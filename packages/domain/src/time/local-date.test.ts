import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addYears, ageOn, compareDates, daysBetween, isLocalDate, localClockOf, localDateOf, maxDate } from './local-date.js';

describe('local dates', () => {
  it('validates YYYY-MM-DD including leap days', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(isLocalDate('2026-1-01')).toBe(false);
    expect(isLocalDate(20260101)).toBe(false);
  });
  it('adds days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-11-22', 14)).toBe('2026-12-06');
  });
  it('adds months clamping to the month end; years through leap days', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-03-15', -12)).toBe('2025-03-15');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  });
  it('compares, picks the max, counts days', () => {
    expect(compareDates('2026-01-02', '2026-01-10')).toBe(-1);
    expect(compareDates('2026-01-10', '2026-01-10')).toBe(0);
    expect(maxDate('2026-01-02', '2027-01-01', '2026-12-31')).toBe('2027-01-01');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2026-03-01', '2026-02-27')).toBe(-2);
  });
  it('age in full years, birthday on the day', () => {
    expect(ageOn('1990-05-10', '2026-05-09')).toBe(35);
    expect(ageOn('1990-05-10', '2026-05-10')).toBe(36);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });
  it('local date and clock of an instant in Asia/Shanghai, independent of the host time zone', () => {
    expect(localDateOf(new Date('2026-11-22T16:30:00Z'))).toBe('2026-11-23');
    expect(localDateOf(new Date('2026-11-22T15:59:59Z'))).toBe('2026-11-22');
    expect(localClockOf(new Date('2026-11-22T01:05:00Z'))).toEqual({ minutes: 9 * 60 + 5, weekday: 7, date: '2026-11-22' });
    expect(localClockOf(Date.UTC(2026, 10, 22, 16, 0))).toMatchObject({ minutes: 0, weekday: 1, date: '2026-11-23' });
    expect(localDateOf(new Date('2026-11-22T16:30:00Z'), 'UTC')).toBe('2026-11-22');
  });
});
