import { describe, expect, it } from 'vitest';
import { calendarDayProblem, calendarProblems, CN_CALENDAR_2027, serviceStatusAt, type ServiceCalendar } from './service-calendar.js';

const at = (local: string): Date => new Date(`${local}+08:00`);
const WEEKDAYS: ServiceCalendar = { open: '08:30', close: '17:30', weekdays: [1, 2, 3, 4, 5], days: CN_CALENDAR_2027 };

describe('service calendar', () => {
  it('hours on a working weekday; closed before, at and after the close', () => {
    expect(serviceStatusAt(at('2027-03-03T08:30:00'), WEEKDAYS)).toEqual({ open: true });
    expect(serviceStatusAt(at('2027-03-03T08:29:00'), WEEKDAYS)).toEqual({ open: false, reason: 'after-hours' });
    expect(serviceStatusAt(at('2027-03-03T17:30:00'), WEEKDAYS)).toEqual({ open: false, reason: 'after-hours' });
    expect(serviceStatusAt(at('2027-03-06T10:00:00'), WEEKDAYS)).toEqual({ open: false, reason: 'after-hours' }); // a Saturday
  });

  it('a public holiday closes a weekday (with its name); a 调休 make-up day opens a weekend', () => {
    expect(serviceStatusAt(at('2027-10-04T10:00:00'), WEEKDAYS)).toEqual({ open: false, reason: 'holiday', name: '国庆节' }); // Monday
    expect(serviceStatusAt(at('2027-02-08T10:00:00'), WEEKDAYS)).toMatchObject({ open: false, reason: 'holiday', name: '春节' });
    expect(serviceStatusAt(at('2027-10-09T10:00:00'), WEEKDAYS)).toEqual({ open: true }); // Saturday, 国庆节调休上班
    expect(serviceStatusAt(at('2027-10-09T18:00:00'), WEEKDAYS)).toEqual({ open: false, reason: 'after-hours' });
    expect(serviceStatusAt(at('2027-10-10T10:00:00'), WEEKDAYS)).toEqual({ open: false, reason: 'after-hours' }); // the Sunday after
  });

  it('the 2027 data: holidays and make-up days, each date once', () => {
    const dates = CN_CALENDAR_2027.map((d) => d.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect(CN_CALENDAR_2027.filter((d) => d.kind === 'workday').map((d) => d.date)).toEqual(['2027-01-31', '2027-02-20', '2027-05-08', '2027-09-26', '2027-10-09']);
    expect(CN_CALENDAR_2027.filter((d) => d.name === '春节')).toHaveLength(9);
  });

  it('validation messages in both languages', () => {
    expect(calendarProblems({ open: '20:00', close: '08:00', weekdays: [1] })).toEqual(['结束时间须晚于开始时间 / the closing time must be after the opening time']);
    expect(calendarProblems({ open: '8:00', close: '24:00', weekdays: [0] })).toHaveLength(2);
    expect(calendarDayProblem({ date: '2027-02-30', kind: 'holiday', name: '春节' })).toMatch(/YYYY-MM-DD/);
    expect(calendarDayProblem({ date: '2027-02-28', kind: 'vacation', name: '春节' })).toMatch(/holiday 或 workday/);
    expect(calendarDayProblem({ date: '2027-02-28', kind: 'workday', name: ' ' })).toMatch(/名称/);
  });
});
