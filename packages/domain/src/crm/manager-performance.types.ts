/**
 * Account managers' performance per period (客户经理绩效): per manager, in local days [from, to] (Asia/Shanghai):
 *  - contacts: outbound attempts they made (calls and SMS, every purpose);
 *  - reached: those that reached the donor (reached-*, an SMS reply);
 *  - booked: appointments they booked; showedUp: of those, the donor arrived;
 *  - donated: donations in the period by donors in their care;
 *  - complaints: complaints opened in the period by donors in their care.
 */
import type { LocalDate } from '../time/local-date.js';

export interface ManagerPerformanceRow {
  managerId: number;
  displayName: string;
  donors: number;
  contacts: number;
  reached: number;
  booked: number;
  showedUp: number;
  donated: number;
  complaints: number;
}

export const PERFORMANCE_COLUMNS = ['donors', 'contacts', 'reached', 'booked', 'showedUp', 'donated', 'complaints'] as const;

export const PERFORMANCE_HEADINGS: Readonly<Record<'zh' | 'en', Record<'manager' | (typeof PERFORMANCE_COLUMNS)[number], string>>> = Object.freeze({
  zh: { manager: '客户经理', donors: '负责献血者', contacts: '联系次数', reached: '接通', booked: '预约', showedUp: '到场', donated: '献血', complaints: '投诉' },
  en: { manager: 'Account manager', donors: 'Donors', contacts: 'Contacts', reached: 'Reached', booked: 'Booked', showedUp: 'Showed up', donated: 'Donated', complaints: 'Complaints' },
});

export interface ManagerPerformanceHttpApi {
  'GET /api/crm/performance': { query: { from: LocalDate; to: LocalDate }; reply: { from: LocalDate; to: LocalDate; rows: ManagerPerformanceRow[] } };
  'GET /api/crm/performance/export': { query: { from: LocalDate; to: LocalDate; lang?: 'zh' | 'en' }; reply: unknown };
}
