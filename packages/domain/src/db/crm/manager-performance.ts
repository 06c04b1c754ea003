/** Account managers' performance per period (crm/manager-performance.types.ts for the definitions), one query per figure. */
import type { DataSource } from 'typeorm';
import type { ManagerPerformanceRow } from '../../crm/manager-performance.types.js';
import { DomainError } from '../../errors.js';
import { addDays, daysBetween, isLocalDate, type LocalDate } from '../../time/local-date.js';
import { rows, sqlTime } from '../sql.js';

const REACHED = "'reached-booked', 'reached-declined', 'reached-later', 'reached', 'sms-replied'";
/** A local day's start (Asia/Shanghai, no daylight saving) as an instant. */
const startOf = (d: LocalDate): string => sqlTime(new Date(Date.parse(`${d}T00:00:00Z`) - 8 * 3_600_000));

export async function managerPerformance(ds: DataSource, from: LocalDate, to: LocalDate): Promise<ManagerPerformanceRow[]> {
  if (!isLocalDate(from) || !isLocalDate(to) || to < from) throw new DomainError('VALIDATION_FAILED', '日期范围无效 / invalid date range', { field: 'from' });
  if (daysBetween(from, to) > 366) throw new DomainError('VALIDATION_FAILED', '期间最长一年 / at most one year', { field: 'to' });
  const t0 = startOf(from);
  const t1 = startOf(addDays(to, 1));
  const per = async (sql: string, params: unknown[]): Promise<Map<number, number>> =>
    new Map((await rows(ds, sql, params)).map((r) => [Number(r.k), Number(r.n)]));
  const [donors, contacts, reached, booked, showed, donated, complaints] = await Promise.all([
    per('SELECT account_manager_id AS k, COUNT(*) AS n FROM donor WHERE account_manager_id IS NOT NULL GROUP BY account_manager_id', []),
    per('SELECT agent_id AS k, COUNT(*) AS n FROM contact_attempt WHERE agent_id IS NOT NULL AND at >= ? AND at < ? GROUP BY agent_id', [t0, t1]),
    per(`SELECT agent_id AS k, COUNT(*) AS n FROM contact_attempt WHERE agent_id IS NOT NULL AND at >= ? AND at < ? AND outcome IN (${REACHED}) GROUP BY agent_id`, [t0, t1]),
    per('SELECT created_by_id AS k, COUNT(*) AS n FROM appointment WHERE created_by_id IS NOT NULL AND created_at >= ? AND created_at < ? GROUP BY created_by_id', [t0, t1]),
    per("SELECT created_by_id AS k, COUNT(*) AS n FROM appointment WHERE created_by_id IS NOT NULL AND created_at >= ? AND created_at < ? AND status = 'arrived' GROUP BY created_by_id", [t0, t1]),
    per("SELECT d.account_manager_id AS k, COUNT(*) AS n FROM donation x JOIN donor d ON d.id = x.donor_id WHERE d.account_manager_id IS NOT NULL AND x.outcome <> 'rejected' AND x.date >= ? AND x.date <= ? GROUP BY d.account_manager_id", [from, to]),
    per("SELECT d.account_manager_id AS k, COUNT(*) AS n FROM ticket t JOIN donor d ON d.id = t.donor_id WHERE d.account_manager_id IS NOT NULL AND t.kind = 'complaint' AND t.created_at >= ? AND t.created_at < ? GROUP BY d.account_manager_id", [t0, t1]),
  ]);
  const users = await rows(ds, "SELECT id, display_name, active FROM app_user WHERE role IN ('agent', 'supervisor') ORDER BY display_name, id");
  return users
    .map((u) => {
      const id = Number(u.id);
      const g = (m: Map<number, number>): number => m.get(id) ?? 0;
      return { managerId: id, displayName: String(u.display_name), donors: g(donors), contacts: g(contacts), reached: g(reached), booked: g(booked), showedUp: g(showed), donated: g(donated), complaints: g(complaints) };
    })
    .filter((r) => r.donors + r.contacts + r.booked + r.donated + r.complaints > 0);
}
