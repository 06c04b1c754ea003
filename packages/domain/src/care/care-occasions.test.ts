import { describe, expect, it } from 'vitest';
import { careExclusion, careSmsTextProblem, type CareFacts } from './care-exclusion.js';
import { anniversaryIn, birthdayOccasionOn, donationAnniversaryOn, holidayDate, holidayOccasionOn, honourReached, monthDaysFalling, targetDay } from './care-occasions.js';
import { LUNAR_TABLE_UNTIL, MID_AUTUMN, SPRING_FESTIVAL } from './lunar-holidays.js';

/** ICU's Chinese calendar: month/day of a Gregorian date ("1/1" = 正月初一). */
const lunar = new Intl.DateTimeFormat('zh-CN-u-ca-chinese', { month: 'numeric', day: 'numeric', timeZone: 'UTC' });
const lunarMd = (d: string): string => {
  const p = lunar.formatToParts(new Date(`${d}T00:00:00Z`));
  return `${p.find((x) => x.type === 'month')?.value}/${p.find((x) => x.type === 'day')?.value}`;
};

describe('lunar holidays as data', () => {
  it('every Spring Festival is 正月初一 and every Mid-Autumn 八月十五 by ICU, and the table reaches a year ahead', () => {
    for (const [y, d] of Object.entries(SPRING_FESTIVAL)) {
      expect(d.startsWith(y)).toBe(true);
      expect(lunarMd(d), `Spring Festival ${y}`).toBe('1/1');
    }
    for (const [y, d] of Object.entries(MID_AUTUMN)) {
      expect(d.startsWith(y)).toBe(true);
      expect(lunarMd(d), `Mid-Autumn ${y}`).toBe('8/15');
    }
    // the two years an approximate table gets wrong
    expect(holidayDate('spring-festival', 2027)).toBe('2027-02-07');
    expect(holidayDate('spring-festival', 2030)).toBe('2030-02-02');
    expect(LUNAR_TABLE_UNTIL).toBeGreaterThan(new Date().getUTCFullYear());
    expect(holidayDate('mid-autumn', 2099)).toBeNull();
  });

  it('World Blood Donor Day is 14 June; an occasion key carries the year', () => {
    expect(holidayOccasionOn('blood-donor-day', '2027-06-14')).toBe('blood-donor-day:2027');
    expect(holidayOccasionOn('blood-donor-day', '2027-06-13')).toBeNull();
    expect(holidayOccasionOn('spring-festival', '2026-02-17')).toBe('spring-festival:2026');
    expect(holidayOccasionOn('mid-autumn', '2026-09-25')).toBe('mid-autumn:2026');
  });
});

describe('birthdays and anniversaries', () => {
  it('a 29 February birthday is kept on 28 February in common years and on the day in leap years', () => {
    expect(birthdayOccasionOn('2000-02-29', '2027-02-28')).toBe('birthday:2027');
    expect(birthdayOccasionOn('2000-02-29', '2027-03-01')).toBeNull();
    expect(birthdayOccasionOn('2000-02-29', '2028-02-28')).toBeNull();
    expect(birthdayOccasionOn('2000-02-29', '2028-02-29')).toBe('birthday:2028');
    expect(birthdayOccasionOn('1999-02-28', '2027-02-28')).toBe('birthday:2027');
    // SQL asks for both month-days on 28 February of a common year only
    expect(monthDaysFalling('2027-02-28')).toEqual(['02-28', '02-29']);
    expect(monthDaysFalling('2028-02-28')).toEqual(['02-28']);
    expect(anniversaryIn('2024-02-29', 2100)).toBe('2100-02-28'); // 2100 is not a leap year
  });

  it('no birthday on the birth day itself or without a birth date', () => {
    expect(birthdayOccasionOn('2026-12-07', '2026-12-07')).toBeNull();
    expect(birthdayOccasionOn(null, '2026-12-07')).toBeNull();
    expect(birthdayOccasionOn('1990-12-07', '2026-12-07')).toBe('birthday:2026');
  });

  it('the donation anniversary counts years from the first donation, from the first anniversary on', () => {
    expect(donationAnniversaryOn('2023-12-09', '2026-12-09')).toEqual({ key: 'donation-anniversary:2026', years: 3 });
    expect(donationAnniversaryOn('2026-12-09', '2026-12-09')).toBeNull();
    expect(donationAnniversaryOn('2020-02-29', '2027-02-28')).toEqual({ key: 'donation-anniversary:2027', years: 7 });
    expect(targetDay('2026-12-07', 2)).toBe('2026-12-09');
  });

  it('an honour is reached when the level rises, once per level', () => {
    expect(honourReached(19, 20)).toEqual({ key: 'honour:bronze', level: 'bronze' });
    expect(honourReached(28, 32)).toEqual({ key: 'honour:silver', level: 'silver' });
    expect(honourReached(18, 42)).toEqual({ key: 'honour:gold', level: 'gold' });
    expect(honourReached(20, 21)).toBeNull();
    expect(honourReached(3, 5)).toBeNull();
  });
});

describe('care exclusions', () => {
  const ok: CareFacts = { doNotCall: false, consentSms: true, openComplaints: 0, mobile: '+8613800138000', optedOut: false, managerId: 7, managerActive: true };
  const at = new Date('2026-12-07T14:00:00Z'); // 22:00 in Beijing: outside calling hours, which do not exclude

  it('the contact policy first, then what the channel needs', () => {
    expect(careExclusion('sms', ok, at)).toBeNull();
    expect(careExclusion('call', ok, at)).toBeNull();
    expect(careExclusion('sms', { ...ok, doNotCall: true, consentSms: false }, at)).toBe('do-not-call');
    expect(careExclusion('call', { ...ok, openComplaints: 1 }, at)).toBe('open-complaint');
    expect(careExclusion('sms', { ...ok, consentSms: false }, at)).toBe('no-sms-consent');
    expect(careExclusion('sms', { ...ok, mobile: null }, at)).toBe('no-mobile');
    expect(careExclusion('sms', { ...ok, optedOut: true }, at)).toBe('sms-opt-out');
    expect(careExclusion('call', { ...ok, managerId: null }, at)).toBe('no-account-manager');
    expect(careExclusion('call', { ...ok, managerActive: false }, at)).toBe('manager-inactive');
    expect(careExclusion('call', { ...ok, consentSms: false, mobile: null }, at)).toBeNull();
  });

  it('the care SMS text fits the approved template variable', () => {
    expect(careSmsTextProblem('祝您生日快乐！')).toBeNull();
    expect(careSmsTextProblem('')).toMatch(/不能为空/);
    expect(careSmsTextProblem('字'.repeat(36))).toMatch(/35/);
    expect(careSmsTextProblem('点击 https://x.cn 领取')).toMatch(/链接/);
  });
});
