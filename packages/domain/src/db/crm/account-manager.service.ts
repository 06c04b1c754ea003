import type { DataSource } from 'typeorm';
import type { ManagerWorkload, PortfolioRow } from '../../crm/crm.types.js';
import { maskName, maskPhone } from '../../donors/masking.js';
import { DomainError } from '../../errors.js';
import { OPEN_TICKET_STATUSES_SQL } from '../../tickets/ticket.types.js';
import { addDays, localDateOf } from '../../time/local-date.js';
import { exec, iso, placeholders, rows, sqlTime, withTx } from '../sql.js';
import { writeAudit } from '../services/audit.service.js';
import { clampPage } from '../services/mappers.js';
import type { SegmentService } from './segment.service.js';

/** Roles that can hold a portfolio of donors (客户经理): the people who call them. */
const MANAGER_ROLES_SQL = "'agent', 'supervisor'";
/** A bulk assignment touches at most this many donors (one transaction; larger segments are split by the user). */
export const BULK_ASSIGN_MAX = 20_000;


/**
 * Account managers (客户经理负责制): one donor's manager set with a compare-and-set (two recruiters at once → the
 * first wins, the second is told who holds the donor now), bulk assignment of a segment balanced across managers,
 * the manager's portfolio with the work queue's due tasks, and the workload per manager. Every change is audited.
 */
export class AccountManagerService {
  constructor(private readonly ds: DataSource, private readonly segments: SegmentService, private readonly clock: () => Date = () => new Date()) {}

  /** End of today in the center's day (Asia/Shanghai has no DST: a fixed +08:00). */
  private dueBy(): Date {
    return new Date(`${addDays(localDateOf(this.clock()), 1)}T00:00:00+08:00`);
  }

  private async checkManagers(ids: readonly number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const list = await rows(this.ds, `SELECT id, display_name FROM app_user WHERE id IN (${placeholders(ids.length)}) AND active = 1 AND role IN (${MANAGER_ROLES_SQL})`, [...ids]);
    const found = new Map(list.map((r) => [Number(r.id), String(r.display_name)]));
    const missing = ids.filter((i) => !found.has(i));
    if (missing.length) throw new DomainError('VALIDATION_FAILED', `不是在职的坐席/班长：${missing.join(', ')} / not an active agent or supervisor: ${missing.join(', ')}`);
    return found;
  }

  /**
   * Sets (or clears, managerId null) one donor's manager. `expected` is the manager the user saw: when someone
   * changed it meanwhile the update matches no row and the user gets CONFLICT naming the current manager.
   */
  async assign(donorId: number, managerId: number | null, expected: number | null, actorId: number): Promise<{ donorId: number; managerId: number | null }> {
    if (managerId !== null) await this.checkManagers([managerId]);
    const now = this.clock();
    await withTx(this.ds, async (m) => {
      const r = await exec(m, 'UPDATE donor SET account_manager_id = ?, updated_at = ? WHERE id = ? AND (account_manager_id = ? OR (account_manager_id IS NULL AND ? IS NULL))', [
        managerId, sqlTime(now), donorId, expected, expected,
      ]);
      if (!r.affected) {
        const [d] = await rows(m, 'SELECT d.account_manager_id, u.display_name FROM donor d LEFT JOIN app_user u ON u.id = d.account_manager_id WHERE d.id = ?', [donorId]);
        if (!d) throw new DomainError('NOT_FOUND', `献血者 ${donorId} 不存在 / donor ${donorId} not found`);
        const who = d.display_name ? String(d.display_name) : '无 / nobody';
        throw new DomainError('CONFLICT', `该献血者的客户经理刚被他人改为 ${who}，请刷新后再试 / someone else just changed this donor's account manager to ${who}; reload and try again`, { currentManagerId: d.account_manager_id === null ? null : Number(d.account_manager_id) });
      }
      await writeAudit(m, { actorId, action: 'donor.account-manager', subjectType: 'donor', subjectId: donorId, detail: { old: expected, new: managerId }, at: now });
    });
    return { donorId, managerId };
  }

  /**
   * Assigns the donors of a saved segment across managers, balanced: each donor goes to the manager with the fewest
   * donors so far (counting what they already hold). `onlyUnassigned` (default) leaves existing relationships alone.
   */
  async bulkAssign(p: { segmentId: number; managerIds: readonly number[]; onlyUnassigned?: boolean }, actorId: number): Promise<{ assigned: number; perManager: Record<number, number> }> {
    const ids = [...new Set(p.managerIds)];
    if (!ids.length || ids.length > 100) throw new DomainError('VALIDATION_FAILED', '选择 1–100 位客户经理 / choose 1–100 account managers');
    await this.checkManagers(ids);
    const seg = await this.segments.get(p.segmentId);
    const only = p.onlyUnassigned !== false;
    const rule = only ? { op: 'and' as const, rules: [seg.rule, { field: 'accountManager' as const, op: 'none' as const }] } : seg.rule;
    const donors = await this.segments.donorIds(rule, BULK_ASSIGN_MAX + 1);
    if (donors.length > BULK_ASSIGN_MAX) throw new DomainError('VALIDATION_FAILED', `分群超过 ${BULK_ASSIGN_MAX} 人，请缩小范围 / the segment has more than ${BULK_ASSIGN_MAX} donors; narrow it`);
    const now = this.clock();
    return withTx(this.ds, async (m) => {
      const held = new Map<number, number>(ids.map((i) => [i, 0]));
      for (const r of await rows(m, `SELECT account_manager_id AS id, COUNT(*) AS n FROM donor WHERE account_manager_id IN (${placeholders(ids.length)}) GROUP BY account_manager_id`, ids)) held.set(Number(r.id), Number(r.n));
      const plan = new Map<number, number[]>(ids.map((i) => [i, []]));
      for (const d of donors) {
        let best = ids[0]!;
        for (const i of ids) if (held.get(i)! < held.get(best)!) best = i;
        held.set(best, held.get(best)! + 1);
        plan.get(best)!.push(d);
      }
      const perManager: Record<number, number> = {};
      for (const [mgr, list] of plan) {
        perManager[mgr] = list.length;
        for (let i = 0; i < list.length; i += 500) {
          const chunk = list.slice(i, i + 500);
          // only donors still as the segment saw them: someone assigning one meanwhile keeps theirs
          await exec(m, `UPDATE donor SET account_manager_id = ?, updated_at = ? WHERE id IN (${placeholders(chunk.length)})${only ? ' AND account_manager_id IS NULL' : ''}`, [mgr, sqlTime(now), ...chunk]);
        }
      }
      await writeAudit(m, { actorId, action: 'donor.account-manager.bulk', subjectType: 'segment', subjectId: seg.id, detail: { segment: seg.name, onlyUnassigned: only, perManager }, at: now });
      return { assigned: donors.length, perManager };
    });
  }

  /** 我的献血者: the manager's donors, those with due work-queue tasks first. */
  async portfolio(managerId: number, q: { page?: number; pageSize?: number; dueOnly?: boolean } = {}): Promise<{ items: PortfolioRow[]; total: number; page: number; pageSize: number }> {
    const { page, pageSize, offset } = clampPage(q.page, q.pageSize, 100);
    const due = sqlTime(this.dueBy());
    const open = `t.donor_id = d.id AND t.status IN (${OPEN_TICKET_STATUSES_SQL})`;
    const dueSql = `(SELECT COUNT(*) FROM ticket t WHERE ${open} AND t.due_at IS NOT NULL AND t.due_at < ?)`;
    const filter = q.dueOnly ? ` AND ${dueSql} > 0` : '';
    const [{ n }] = (await rows<{ n: number }>(this.ds, `SELECT COUNT(*) AS n FROM donor d WHERE d.account_manager_id = ?${filter}`, q.dueOnly ? [managerId, due] : [managerId])) as [{ n: number }];
    const list = await rows(this.ds, `SELECT d.id, d.name, d.blood_abo, d.blood_rh,
        (SELECT p.e164 FROM donor_phone p WHERE p.donor_id = d.id ORDER BY p.is_primary DESC, p.id LIMIT 1) AS e164,
        (SELECT MAX(x.date) FROM donation x WHERE x.donor_id = d.id AND x.outcome <> 'rejected') AS last_donation,
        (SELECT COUNT(*) FROM ticket t WHERE ${open}) AS open_tasks,
        ${dueSql} AS due_tasks,
        (SELECT MIN(t.due_at) FROM ticket t WHERE ${open}) AS next_due
      FROM donor d WHERE d.account_manager_id = ?${filter}
      ORDER BY CASE WHEN ${dueSql} > 0 THEN 0 ELSE 1 END, d.id LIMIT ? OFFSET ?`,
    [due, managerId, ...(q.dueOnly ? [due] : []), due, pageSize, offset]);
    return {
      total: Number(n), page, pageSize,
      items: list.map((r) => ({
        donorId: Number(r.id), nameMasked: maskName(String(r.name)), phoneMasked: r.e164 ? maskPhone(String(r.e164)) : null,
        blood: r.blood_abo ? `${String(r.blood_abo)}${r.blood_rh === '-' ? '−' : r.blood_rh === '+' ? '+' : ''}` : null,
        lastDonation: r.last_donation ? String(r.last_donation).slice(0, 10) : null,
        openTasks: Number(r.open_tasks), dueTasks: Number(r.due_tasks),
        nextDueAt: iso(r.next_due),
      })),
    };
  }

  /** Workload per manager: donors held, open and due work-queue tasks on those donors. */
  async workload(): Promise<ManagerWorkload[]> {
    const due = sqlTime(this.dueBy());
    const list = await rows(this.ds, `SELECT u.id, u.display_name, u.active,
        (SELECT COUNT(*) FROM donor d WHERE d.account_manager_id = u.id) AS donors,
        (SELECT COUNT(*) FROM ticket t JOIN donor d ON d.id = t.donor_id WHERE d.account_manager_id = u.id AND t.status IN (${OPEN_TICKET_STATUSES_SQL})) AS open_tasks,
        (SELECT COUNT(*) FROM ticket t JOIN donor d ON d.id = t.donor_id WHERE d.account_manager_id = u.id AND t.status IN (${OPEN_TICKET_STATUSES_SQL}) AND t.due_at IS NOT NULL AND t.due_at < ?) AS due_tasks
      FROM app_user u WHERE u.role IN (${MANAGER_ROLES_SQL}) ORDER BY u.display_name`, [due]);
    return list
      .map((r) => ({ managerId: Number(r.id), displayName: String(r.display_name), active: Number(r.active) === 1 || r.active === true, donors: Number(r.donors), openTasks: Number(r.open_tasks), dueTasks: Number(r.due_tasks) }))
      .filter((w) => w.active || w.donors > 0);
  }
}
