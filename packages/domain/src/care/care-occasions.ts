/**
 * When is a donor's occasion? Pure rules over local dates (Asia/Shanghai):
 *  - a birthday on 29 February is kept on 28 February in common years;
 *  - the donation anniversary is the first (counting) donation's date, from its first anniversary on;
 *  - Spring Festival and Mid-Autumn come from the lunar table; World Blood Donor Day is 14 June;
 *  - an honour is "reached" when the donation units before a recent window were below a level and now are not.
 * The occasion key (with its year, or the level) is what makes a care action unique per donor and rule.
 */
import { honourLevel, type HonourLevel, type HonourRules, DEFAULT_HONOUR_RULES } from '../honours/honours.js';
import { addDays, isLocalDate, type LocalDate } from '../time/local-date.js';
import type { CareOccasionKind } from './care.types.js';
import { MID_AUTUMN, SPRING_FESTIVAL } from './lunar-holidays.js';

export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

const yearOf = (d: LocalDate): number => Number(d.slice(0, 4));

/** The day a date's anniversary falls on in `year` (29 Feb → 28 Feb in common years). */
export function anniversaryIn(date: LocalDate, year: number): LocalDate {
  const md = date.slice(5);
  const y = String(year).padStart(4, '0');
  return md === '02-29' && !isLeapYear(year) ? `${y}-02-28` : `${y}-${md}`;
}

/** The month-days whose anniversary falls on `day` (28 Feb of a common year also stands for 29 Feb). */
export function monthDaysFalling(day: LocalDate): string[] {
  const md = day.slice(5);
  return md === '02-28' && !isLeapYear(yearOf(day)) ? ['02-28', '02-29'] : [md];
}

/** The holiday's date in a year, or null when the table does not cover it. */
export function holidayDate(kind: 'spring-festival' | 'mid-autumn' | 'blood-donor-day', year: number): LocalDate | null {
  if (kind === 'blood-donor-day') return `${String(year).padStart(4, '0')}-06-14`;
  return (kind === 'spring-festival' ? SPRING_FESTIVAL : MID_AUTUMN)[year] ?? null;
}

/** The fixed-date occasion (a holiday) on `day`: its key, or null when `day` is not that holiday. */
export function holidayOccasionOn(kind: 'spring-festival' | 'mid-autumn' | 'blood-donor-day', day: LocalDate): string | null {
  return holidayDate(kind, yearOf(day)) === day ? `${kind}:${yearOf(day)}` : null;
}

/** 'birthday:2027' when `day` is the birthday of someone born on `birthDate` (not the birth day itself), else null. */
export function birthdayOccasionOn(birthDate: LocalDate | null, day: LocalDate): string | null {
  if (!birthDate || !isLocalDate(birthDate) || yearOf(day) <= yearOf(birthDate)) return null;
  return anniversaryIn(birthDate, yearOf(day)) === day ? `birthday:${yearOf(day)}` : null;
}

/** The n-th anniversary of the first donation on `day` ({ key: 'donation-anniversary:2027', years: 3 }), else null. */
export function donationAnniversaryOn(firstDonation: LocalDate | null, day: LocalDate): { key: string; years: number } | null {
  if (!firstDonation || !isLocalDate(firstDonation)) return null;
  const years = yearOf(day) - yearOf(firstDonation);
  if (years < 1 || anniversaryIn(firstDonation, yearOf(day)) !== day) return null;
  return { key: `donation-anniversary:${yearOf(day)}`, years };
}

/** The honour reached between two unit counts ({ key: 'honour:silver' }), or null when the level did not rise. */
export function honourReached(unitsBefore: number, unitsNow: number, rules: HonourRules = DEFAULT_HONOUR_RULES): { key: string; level: Exclude<HonourLevel, null> } | null {
  const before = honourLevel(unitsBefore, rules);
  const now = honourLevel(unitsNow, rules);
  if (!now || now === before) return null;
  return { key: `honour:${now}`, level: now };
}

/** The day whose occasions a rule with `leadDays` prepares when run on `runDay`. */
export function targetDay(runDay: LocalDate, leadDays: number): LocalDate {
  return addDays(runDay, leadDays);
}

/** Label of an occasion key for people (zh-CN / English). */
export function occasionLabel(kind: CareOccasionKind, key: string): { zh: string; en: string } {
  const tail = key.split(':')[1] ?? '';
  switch (kind) {
    case 'birthday': return { zh: `${tail}年生日`, en: `birthday ${tail}` };
    case 'spring-festival': return { zh: `${tail}年春节`, en: `Spring Festival ${tail}` };
    case 'mid-autumn': return { zh: `${tail}年中秋节`, en: `Mid-Autumn ${tail}` };
    case 'blood-donor-day': return { zh: `${tail}年世界献血者日`, en: `World Blood Donor Day ${tail}` };
    case 'donation-anniversary': return { zh: `${tail}年首次献血纪念日`, en: `donation anniversary ${tail}` };
    case 'honour-reached': return { zh: `达到${({ bronze: '铜奖', silver: '银奖', gold: '金奖' } as Record<string, string>)[tail] ?? tail}`, en: `reached ${tail} award` };
  }
}
