/**
 * The planner's data (planning/ holds the rules): stock snapshots (the latest wins, its time shown), daily issues per
 * group (entered, imported from XLSX, or posted by the BECS with an API key — one row per day and group, so a re-post
 * replaces itself), known needs, safety levels (center_setting 'planning.safety'), the sites' apheresis capacity and
 * bookings from appointment_slot, the conversion funnel from the campaigns' own history. Every input is validated by
 * the pure rules before anything is written: bad numbers never half-write.
 */
import type { DataSource } from 'typeorm';
import type { ActorLike } from '../../access/actor.js';
import { actorIdOf } from '../../access/actor.js';
import type { BloodType } from '../../donors/donor.types.js';
import { DomainError } from '../../errors.js';
import { buildPlan, funnelFrom, validatePlanInput } from '../../planning/plan.js';
import { DEFAULT_PLAN_SETTINGS, isPlanGroup, PLAN_GROUPS, type Funnel, type IssueFact, type KnownNeed, type PlanResult, type PlanSettings, type SiteDayCapacity, type StockLot } from '../../planning/planning.types.js';
import { addDays, isLocalDate, localDateOf, type LocalDate } from '../../time/local-date.js';
import { exec, iso, parseJson, rows, sqlTime, toDate, withTx } from '../sql.js';
import { writeAudit } from '../services/audit.service.js';
import type { RuleSetService } from '../services/rule-set.service.js';
import type { ContactPolicyService } from '../services/contact-policy.service.js';
import type { Actor } from '../../access/actor.js';
import type { WorkRules } from '../../work-queue/work.types.js';
import { showUpRate } from '../../attendance/attendance.js';
import { attendanceCounts } from '../attendance/attendance.service.js';
import { createCallTasks, type CallTasksInput, type CallTasksResult } from './call-tasks.js';
import { rankedList } from './ranked-list.js';

export interface StockSnapshotDto {
  id: number;
  takenAt: string;
  source: string;
  lots: StockLot[];
  note: string | null;
  createdAt: string;
}

export interface NeedDto extends KnownNeed {
  id: number;
  note: string | null;
}

/** A snapshot as posted: groups are checked by the domain (an unknown one is a 400, not a type error). */
export interface SnapshotInput {
  lots: { group: string; expiresOn: string; units: number }[];
  takenAt?: string;
  note?: string | null;
}

const SAFETY_KEY = 'planning.safety';
const HISTORY_DAYS = 182;
const MAX_RECORDS = 5_000;

export class PlanningService {
  constructor(
    private readonly ds: DataSource,
    private readonly deps: { ruleSets: RuleSetService; contactPolicy: ContactPolicyService; work?: WorkRules; clock?: () => Date },
  ) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  today(): LocalDate {
    return localDateOf(this.now());
  }

  async saveSnapshot(input: SnapshotInput, by: { actor?: ActorLike; apiKeyId?: number | null; source: 'desk' | 'becs' }): Promise<StockSnapshotDto> {
    const now = this.now();
    const takenAt = input.takenAt ? new Date(input.takenAt) : now;
    if (Number.isNaN(takenAt.getTime()) || takenAt.getTime() > now.getTime() + 5 * 60_000) throw new DomainError('VALIDATION_FAILED', '盘点时间无效或在未来 / takenAt is invalid or in the future', { field: 'takenAt' });
    if (!Array.isArray(input.lots) || input.lots.length > 500) throw new DomainError('VALIDATION_FAILED', '库存批次应为 0–500 条 / lots: 0–500 entries', { field: 'lots' });
    // the same checks the plan applies: negative units, unknown groups, an expiry beyond the shelf life
    validatePlanInput({ today: localDateOf(takenAt), stock: input.lots as StockLot[], issues: [], capacity: [] }, DEFAULT_PLAN_SETTINGS);
    const lots = input.lots.map((l) => ({ group: l.group, expiresOn: l.expiresOn, units: l.units }));
    if (lots.some((l) => !Number.isInteger(l.units))) throw new DomainError('VALIDATION_FAILED', '库存数量必须是整数治疗量 / units must be whole therapeutic units', { field: 'stock.units' });
    const id = await withTx(this.ds, async (m) => {
      const r = await exec(m, 'INSERT INTO planning_stock_snapshot (taken_at, source, lots, created_by_id, api_key_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        sqlTime(takenAt), by.source, JSON.stringify(lots), actorIdOf(by.actor), by.apiKeyId ?? null, input.note?.slice(0, 255) ?? null, sqlTime(now),
      ]);
      await writeAudit(m, { actorId: actorIdOf(by.actor), action: 'planning.stock', subjectType: 'planning_stock_snapshot', subjectId: r.insertId, detail: { source: by.source, units: lots.reduce((a, l) => a + l.units, 0) } });
      return r.insertId;
    });
    return (await this.snapshot(id))!;
  }

  private async snapshot(id: number | null): Promise<StockSnapshotDto | null> {
    const [r] = await rows(this.ds, id === null
      ? 'SELECT * FROM planning_stock_snapshot ORDER BY taken_at DESC, id DESC LIMIT 1'
      : 'SELECT * FROM planning_stock_snapshot WHERE id = ?', id === null ? [] : [id]);
    if (!r) return null;
    return { id: Number(r.id), takenAt: iso(r.taken_at)!, source: String(r.source), lots: parseJson<StockLot[]>(r.lots, []), note: (r.note as string | null) ?? null, createdAt: iso(r.created_at)! };
  }

  /** The latest snapshot by count time (a late-arriving older count does not replace a newer one). */
  latestSnapshot(): Promise<StockSnapshotDto | null> {
    return this.snapshot(null);
  }

  /** Upserts issues per day and group; all records are checked first, then written in one transaction. */
  async saveIssues(records: IssueFact[], source: 'desk' | 'import' | 'becs', actor: ActorLike): Promise<{ written: number }> {
    if (!Array.isArray(records) || records.length === 0 || records.length > MAX_RECORDS) throw new DomainError('VALIDATION_FAILED', `发血记录应为 1–${MAX_RECORDS} 条 / 1–${MAX_RECORDS} issue records`, { field: 'records' });
    const today = this.today();
    records.forEach((r, i) => {
      if (!isLocalDate(r.day) || r.day > today) throw new DomainError('VALIDATION_FAILED', `第 ${i + 1} 条：日期无效或在未来 / record ${i + 1}: invalid or future day ${String(r.day)}`, { field: 'day', index: i });
      if (!Number.isInteger(r.units)) throw new DomainError('VALIDATION_FAILED', `第 ${i + 1} 条：数量必须是整数 / record ${i + 1}: units must be whole`, { field: 'units', index: i });
    });
    validatePlanInput({ today, stock: [], issues: records, capacity: [] }, DEFAULT_PLAN_SETTINGS);
    const now = sqlTime(this.now());
    await withTx(this.ds, async (m) => {
      for (const r of records) {
        const u = await exec(m, 'UPDATE planning_issue SET units = ?, source = ?, updated_at = ? WHERE day = ? AND blood_group = ?', [r.units, source, now, r.day, r.group]);
        if (u.affected === 0) await exec(m, 'INSERT INTO planning_issue (day, blood_group, units, source, updated_at) VALUES (?, ?, ?, ?, ?)', [r.day, r.group, r.units, source, now]);
      }
      await writeAudit(m, { actorId: actorIdOf(actor), action: 'planning.issues', subjectType: 'planning_issue', subjectId: source, detail: { source, records: records.length } });
    });
    return { written: records.length };
  }

  async issues(from: LocalDate, to: LocalDate): Promise<IssueFact[]> {
    return (await rows(this.ds, 'SELECT day, blood_group, units FROM planning_issue WHERE day >= ? AND day < ? ORDER BY day', [from, to]))
      .map((r) => ({ day: String(r.day).slice(0, 10), group: r.blood_group as BloodType, units: Number(r.units) }));
  }

  async addNeed(n: KnownNeed, actor: ActorLike): Promise<NeedDto> {
    if (!isLocalDate(n.day) || n.day < this.today()) throw new DomainError('VALIDATION_FAILED', `需求日期无效或已过 / the need's day is invalid or past (${String(n.day)})`, { field: 'day' });
    if (!Number.isInteger(n.units) || n.units <= 0) throw new DomainError('VALIDATION_FAILED', '需求数量应为正整数 / units must be a positive whole number', { field: 'units' });
    validatePlanInput({ today: this.today(), stock: [], issues: [], known: [n], capacity: [] }, DEFAULT_PLAN_SETTINGS);
    const id = await withTx(this.ds, async (m) => {
      const r = await exec(m, 'INSERT INTO planning_need (day, blood_group, units, note, created_by_id, created_at) VALUES (?, ?, ?, ?, ?, ?)', [n.day, n.group, n.units, n.note?.slice(0, 255) ?? null, actorIdOf(actor), sqlTime(this.now())]);
      await writeAudit(m, { actorId: actorIdOf(actor), action: 'planning.need.add', subjectType: 'planning_need', subjectId: r.insertId, detail: { old: null, new: { day: n.day, group: n.group, units: n.units } } });
      return r.insertId;
    });
    return { id, day: n.day, group: n.group, units: n.units, note: n.note ?? null };
  }

  async removeNeed(id: number, actor: ActorLike): Promise<void> {
    await withTx(this.ds, async (m) => {
      const [r] = await rows(m, 'SELECT day, blood_group, units FROM planning_need WHERE id = ?', [id]);
      if (!r) throw new DomainError('NOT_FOUND', `需求 ${id} 不存在 / need ${id} not found`);
      await exec(m, 'DELETE FROM planning_need WHERE id = ?', [id]);
      await writeAudit(m, { actorId: actorIdOf(actor), action: 'planning.need.remove', subjectType: 'planning_need', subjectId: id, detail: { old: { day: String(r.day).slice(0, 10), group: r.blood_group, units: Number(r.units) }, new: null } });
    });
  }

  async needs(from: LocalDate): Promise<NeedDto[]> {
    return (await rows(this.ds, 'SELECT id, day, blood_group, units, note FROM planning_need WHERE day >= ? ORDER BY day, id', [from]))
      .map((r) => ({ id: Number(r.id), day: String(r.day).slice(0, 10), group: r.blood_group as BloodType, units: Number(r.units), note: (r.note as string | null) ?? null }));
  }

  async safety(): Promise<Partial<Record<BloodType, number>>> {
    const [r] = await rows(this.ds, 'SELECT value FROM center_setting WHERE setting_key = ?', [SAFETY_KEY]);
    return r ? parseJson<Partial<Record<BloodType, number>>>(r.value, {}) : {};
  }

  async setSafety(safety: Partial<Record<BloodType, number>>, actor: ActorLike): Promise<Partial<Record<BloodType, number>>> {
    for (const [g, v] of Object.entries(safety)) {
      if (!isPlanGroup(g)) throw new DomainError('VALIDATION_FAILED', `未知血型 ${g} / unknown blood group ${g}`, { field: 'safety' });
      if (!Number.isInteger(v) || v! < 0 || v! > 1000) throw new DomainError('VALIDATION_FAILED', `安全库存 ${g} 应为 0–1000 的整数 / safety for ${g} must be a whole number 0–1000`, { field: 'safety' });
    }
    const old = await this.safety();
    await withTx(this.ds, async (m) => {
      const value = JSON.stringify(safety);
      const t = sqlTime(this.now());
      const r = await exec(m, 'UPDATE center_setting SET value = ?, updated_by_id = ?, updated_at = ? WHERE setting_key = ?', [value, actorIdOf(actor), t, SAFETY_KEY]);
      if (r.affected === 0) await exec(m, 'INSERT INTO center_setting (setting_key, value, updated_by_id, updated_at) VALUES (?, ?, ?, ?)', [SAFETY_KEY, value, actorIdOf(actor), t]);
      await writeAudit(m, { actorId: actorIdOf(actor), action: 'planning.safety', subjectType: 'center_setting', subjectId: SAFETY_KEY, detail: { old, new: safety } });
    });
    return safety;
  }

  /** Apheresis capacity per active site and local day: platelet slots and their bookings. */
  async capacity(from: LocalDate, days: number): Promise<SiteDayCapacity[]> {
    const start = new Date(`${from}T00:00:00+08:00`);
    const end = new Date(`${addDays(from, days)}T00:00:00+08:00`);
    const list = await rows(this.ds, `SELECT sl.site_id, s.name, sl.starts_at, sl.capacity, sl.booked FROM appointment_slot sl JOIN donation_site s ON s.id = sl.site_id
      WHERE sl.type = 'platelets' AND s.active = 1 AND sl.starts_at >= ? AND sl.starts_at < ?`, [sqlTime(start), sqlTime(end)]);
    const by = new Map<string, SiteDayCapacity>();
    for (const r of list) {
      const day = localDateOf(toDate(r.starts_at)!);
      const k = `${String(r.site_id)}|${day}`;
      const c = by.get(k) ?? { siteId: Number(r.site_id), siteName: String(r.name), day, capacity: 0, booked: 0 };
      c.capacity += Number(r.capacity);
      c.booked += Number(r.booked);
      by.set(k, c);
    }
    return [...by.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.siteId - b.siteId));
  }

  /** invited → booked → showed up over the last 180 days of recruitment attempts and platelet appointments. */
  async funnel(): Promise<Funnel> {
    const since = sqlTime(new Date(this.now().getTime() - 180 * 86_400_000));
    const [a] = await rows(this.ds, "SELECT COUNT(*) AS invited, SUM(CASE WHEN outcome = 'reached-booked' THEN 1 ELSE 0 END) AS booked FROM contact_attempt WHERE at >= ?", [since]);
    // show-ups as the attendance settlement records them (arrived / no-show from the BECS donations)
    const showRate = showUpRate(await attendanceCounts(this.ds, { type: 'platelets', since: new Date(this.now().getTime() - 180 * 86_400_000) })) ?? 0;
    const booked = Number(a?.booked ?? 0);
    return funnelFrom({ invited: Number(a?.invited ?? 0), booked, showed: Math.round(booked * showRate) });
  }

  /** Everything the desk's planner page shows, computed from the stored inputs. */
  async plan(opts: { settings?: Partial<PlanSettings> } = {}): Promise<PlanResult & { snapshot: StockSnapshotDto | null; needs: NeedDto[] }> {
    const today = this.today();
    const horizon = opts.settings?.horizonDays ?? DEFAULT_PLAN_SETTINGS.horizonDays;
    const [snapshot, issues, needs, capacity, funnel, safety] = await Promise.all([
      this.latestSnapshot(), this.issues(addDays(today, -HISTORY_DAYS), today), this.needs(today), this.capacity(today, horizon), this.funnel(), this.safety(),
    ]);
    const plan = buildPlan({
      today, stock: snapshot?.lots ?? [], issues, known: needs, capacity, funnel,
      settings: { ...opts.settings, safety: { ...safety, ...opts.settings?.safety } }, groups: PLAN_GROUPS,
    });
    return { ...plan, snapshot, needs };
  }

  /** The ranked call list for one group and target day (eligibility on that day, contact policy, reasons). */
  async rankedList(q: { group: BloodType; targetDay: LocalDate; emergency?: boolean; siteIds?: number[]; limit?: number }): Promise<Awaited<ReturnType<typeof rankedList>>> {
    if (!isPlanGroup(q.group)) throw new DomainError('VALIDATION_FAILED', `未知血型 ${String(q.group)} / unknown blood group ${String(q.group)}`, { field: 'group' });
    const today = this.today();
    if (!isLocalDate(q.targetDay) || q.targetDay < today || q.targetDay > addDays(today, 28)) throw new DomainError('VALIDATION_FAILED', '目标日期应在今天起 28 天内 / the target day must be within 28 days from today', { field: 'targetDay' });
    const cap = await this.capacity(q.targetDay, 1);
    const free = cap.filter((c) => !q.siteIds?.length || q.siteIds.includes(c.siteId)).reduce((a, c) => a + Math.max(0, c.capacity - c.booked), 0);
    if (free <= 0) throw new DomainError('VALIDATION_FAILED', `${q.targetDay} 没有可预约的单采血小板名额，无法邀约 / no free apheresis slots on ${q.targetDay}: nobody can be invited for that day`, { field: 'targetDay', problem: 'no-capacity' });
    const siteIds = q.siteIds?.length ? q.siteIds : cap.map((c) => c.siteId);
    return rankedList(this.ds, {
      targetDay: q.targetDay, group: q.group, emergency: !!q.emergency, siteIds, limit: Math.min(Math.max(q.limit ?? 100, 1), 500), now: this.now(), rules: await this.deps.ruleSets.inForceOn(q.targetDay),
    });
  }

  /** The list → callback tasks in the work queue (contact policy checked again, one task per donor and day). */
  createCallTasks(input: CallTasksInput, actor: Actor): Promise<CallTasksResult> {
    return createCallTasks(this.ds, this.deps.contactPolicy, input, actor, this.now(), this.deps.work);
  }
}
