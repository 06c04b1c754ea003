/**
 * The lunar holidays care rules follow, as data (the Chinese calendar is astronomical: a table for the coming years is
 * simpler and more auditable than computing it). 春节 = 正月初一, 中秋节 = 八月十五; checked against ICU's Chinese
 * calendar in lunar-holidays.test.ts. Extend the table before 2036 (the test fails a year ahead).
 */
import type { LocalDate } from '../time/local-date.js';

export const SPRING_FESTIVAL: Readonly<Record<number, LocalDate>> = Object.freeze({
  2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-07', 2028: '2028-01-26', 2029: '2029-02-13', 2030: '2030-02-02',
  2031: '2031-01-23', 2032: '2032-02-11', 2033: '2033-01-31', 2034: '2034-02-19', 2035: '2035-02-08',
});

export const MID_AUTUMN: Readonly<Record<number, LocalDate>> = Object.freeze({
  2025: '2025-10-06', 2026: '2026-09-25', 2027: '2027-09-15', 2028: '2028-10-03', 2029: '2029-09-22', 2030: '2030-09-12',
  2031: '2031-10-01', 2032: '2032-09-19', 2033: '2033-09-08', 2034: '2034-09-27', 2035: '2035-09-16',
});

/** The last year the tables cover. */
export const LUNAR_TABLE_UNTIL = 2035;
