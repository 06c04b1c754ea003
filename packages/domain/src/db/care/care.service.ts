/**
 * Care (关怀管理) on the database: the rules, the daily generation of care actions (pending, or excluded with the
 * reason), the list the desk previews, and confirmation — which checks each donor again and then writes the SMS into
 * the outbox (template 'care', marketing class: consent, TD opt-out and quiet hours apply there too) or a call task
 * for the account manager (work queue, source 'care'). One action per donor, rule and occasion: the unique key
 * ux_care_action_key makes a repeated run add nobody twice; the outbox and the task carry dedup key care:<id>.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { careExclusion, careSmsTextProblem } from '../../care/care-exclusion.js';
import { occasionLabel, targetDay } from '../../care/care-occasions.js';
import {
  CARE_ACTIONS, CARE_AUDIENCES, CARE_STATUSES, type CareActionRow, type CareExclusion, type CareOccasionKind, type CareRuleDto, type CareRulePatch, type CareStatus, type CareSummary,
} from '../../care/care.types.js';
import { maskName, maskPhone } from '../../donors/masking.js';
import { DomainError } from '../../errors.js';
import type { QuietHours } from '../../messaging/quiet-hours.js';
import { renderTemplate } from '../../messaging/sms-templates.js';
import { isLocalDate, localDateOf, type LocalDate } from '../../time/local-date.js';
import { enqueueSms } from '../messaging/sms-enqueue.js';
import { writeAudit } from '../services/audit.service.js';
import { insertTicket } from '../services/ticket.service.js';
import { asBool, exec, iso, kindOfManager, placeholders, rows, sqlTime, withTx } from '../sql.js';
import { occasionCandidates } from './care-candidates.js';
import { loadCareFacts } from './care-facts.js';

export interface CareServiceOptions {
  clock?: () => Date;
  quiet?: () => QuietHours | null;
  signName?: () => string;
  /** Donor ids of a saved segment on a day (the CRM's segments), for rules limited to one. */
  segmentDonorIds?: (segmentId: number, asOf: LocalDate) => Promise<number[]>;
  /** Called with new work-queue task ids (the bridge announces them to desks). */
  onTasks?: (ids: number[]) => void;
}

const MAX_IDS = 5000;

function ruleDto(r: Record<string, unknown>): CareRuleDto {
  return {
    id: Number(r.id), occasion: r.occasion as CareOccasionKind, name: String(r.name), action: r.action as CareRuleDto['action'], smsText: r.sms_text === null ? null : String(r.sms_text),
    leadDays: Number(r.lead_days), audience: r.audience as CareRuleDto['audience'], segmentId: r.segment_id === null ? null : Number(r.segment_id), enabled: asBool(r.enabled), updatedAt: iso(r.updated_at)!,
  };
}

/** Noon of a local day (Asia/Shanghai) as an instant: when a care call task is due. */
const noonOf = (day: LocalDate): Date => new Date(`${day}T04:00:00.000Z`);

export class CareService {
  private readonly clock: () => Date;

  constructor(private readonly ds: DataSource, private readonly o: CareServiceOptions = {}) {
    this.clock = o.clock ?? (() => new Date());
  }

  async rules(): Promise<CareRuleDto[]> {
    return (await rows(this.ds, 'SELECT * FROM care_rule ORDER BY id')).map(ruleDto);
  }

  async rule(id: number): Promise<CareRuleDto> {
    const [r] = await rows(this.ds, 'SELECT * FROM care_rule WHERE id = ?', [id]);
    if (!r) throw new DomainError('NOT_FOUND', `关怀规则不存在 / care rule ${id} not found`);
    return ruleDto(r);
  }

  async updateRule(id: number, patch: CareRulePatch, actorId: number): Promise<CareRuleDto> {
    const old = await this.rule(id);
    const next = { ...old, ...patch };
    if (!(CARE_ACTIONS as readonly string[]).includes(next.action)) throw new DomainError('VALIDATION_FAILED', `未知动作 / unknown action ${String(next.action)}`, { field: 'action' });
    if (!(CARE_AUDIENCES as readonly string[]).includes(next.audience)) throw new DomainError('VALIDATION_FAILED', `未知对象 / unknown audience ${String(next.audience)}`, { field: 'audience' });
    if (!Number.isInteger(next.leadDays) || next.leadDays < 0 || next.leadDays > 14) throw new DomainError('VALIDATION_FAILED', '提前天数须为 0–14 / lead days must be 0–14', { field: 'leadDays' });
    const name = next.name.trim();
    if (!name || name.length > 60) throw new DomainError('VALIDATION_FAILED', '名称须为 1–60 个字 / name must be 1–60 characters', { field: 'name' });
    const text = next.smsText === null ? null : next.smsText.trim();
    if (next.action === 'sms') {
      const problem = careSmsTextProblem(text ?? '');
      if (problem) throw new DomainError('VALIDATION_FAILED', problem, { field: 'smsText' });
    }
    if (next.segmentId !== null && !(await rows(this.ds, 'SELECT id FROM crm_segment WHERE id = ?', [next.segmentId])).length) {
      throw new DomainError('VALIDATION_FAILED', `分群不存在 / segment ${next.segmentId} not found`, { field: 'segmentId' });
    }
    const now = this.clock();
    await withTx(this.ds, async (m) => {
      await exec(m, 'UPDATE care_rule SET name = ?, action = ?, sms_text = ?, lead_days = ?, audience = ?, segment_id = ?, enabled = ?, updated_by_id = ?, updated_at = ? WHERE id = ?',
        [name, next.action, text, next.leadDays, next.audience, next.segmentId, next.enabled ? 1 : 0, actorId, sqlTime(now), id]);
      await writeAudit(m, { actorId, action: 'care.rule.update', subjectType: 'care_rule', subjectId: id, detail: { old, patch }, at: now });
    });
    return this.rule(id);
  }

  /**
   * Prepares the care actions of a run day: for each enabled rule, the donors whose occasion falls on the run day
   * plus the rule's lead days become pending actions, or excluded ones with the reason. Idempotent.
   */
  async generate(day: LocalDate = localDateOf(this.clock())): Promise<{ date: LocalDate; added: number; pending: number; excluded: number }> {
    if (!isLocalDate(day)) throw new DomainError('VALIDATION_FAILED', `日期无效 / invalid date ${String(day)}`, { field: 'date' });
    const now = this.clock();
    let added = 0;
    let pending = 0;
    let excluded = 0;
    const ignore = kindOfManager(this.ds) === 'sqlite' ? 'INSERT OR IGNORE' : 'INSERT IGNORE';
    for (const rule of (await this.rules()).filter((r) => r.enabled)) {
      const target = targetDay(day, rule.leadDays);
      let cands = await occasionCandidates(this.ds, rule.occasion, target, rule.audience);
      if (rule.segmentId !== null && this.o.segmentDonorIds && cands.length) {
        const inSegment = new Set(await this.o.segmentDonorIds(rule.segmentId, target));
        cands = cands.filter((c) => inSegment.has(c.donorId));
      }
      if (!cands.length) continue;
      const facts = await loadCareFacts(this.ds, cands.map((c) => c.donorId));
      for (let i = 0; i < cands.length; i += 200) {
        const part = cands.slice(i, i + 200).filter((c) => facts.has(c.donorId));
        if (!part.length) continue;
        const vals = part.map((c) => {
          const reason = careExclusion(rule.action, facts.get(c.donorId)!, now);
          return [rule.id, c.donorId, c.occasionKey, target, rule.action, reason ? 'excluded' : 'pending', reason, null, sqlTime(now), reason ? sqlTime(now) : null, null];
        });
        const r = await withTx(this.ds, (m) => exec(m, `${ignore} INTO care_action (rule_id, donor_id, occasion_key, occasion_date, action, status, reason, ref_id, created_at, decided_at, decided_by_id)
          VALUES ${vals.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`, vals.flat()));
        added += r.affected;
      }
      const [c] = await rows<{ p: number; x: number }>(this.ds, "SELECT SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) AS p, SUM(CASE WHEN status = 'excluded' THEN 1 ELSE 0 END) AS x FROM care_action WHERE rule_id = ? AND occasion_date = ?", [rule.id, target]);
      pending += Number(c?.p ?? 0);
      excluded += Number(c?.x ?? 0);
    }
    return { date: day, added, pending, excluded };
  }

  async list(q: { status?: CareStatus; ruleId?: number; from?: LocalDate; to?: LocalDate; page?: number; pageSize?: number } = {}): Promise<{ items: CareActionRow[]; total: number; page: number; pageSize: number; summary: CareSummary }> {
    if (q.status !== undefined && !(CARE_STATUSES as readonly string[]).includes(q.status)) throw new DomainError('VALIDATION_FAILED', `未知状态 / unknown status ${String(q.status)}`, { field: 'status' });
    const today = localDateOf(this.clock());
    const from = q.from ?? today;
    const to = q.to ?? addDaysSafe(from, 14);
    if (!isLocalDate(from) || !isLocalDate(to)) throw new DomainError('VALIDATION_FAILED', '日期无效 / invalid date', { field: 'from' });
    const pageSize = Math.min(Math.max(q.pageSize ?? 50, 1), 200);
    const page = Math.max(q.page ?? 1, 1);
    const where = ['a.occasion_date >= ?', 'a.occasion_date <= ?'];
    const params: unknown[] = [from, to];
    if (q.ruleId !== undefined) {
      where.push('a.rule_id = ?');
      params.push(q.ruleId);
    }
    const sums = await rows(this.ds, `SELECT a.status, a.reason, COUNT(*) AS n FROM care_action a WHERE ${where.join(' AND ')} GROUP BY a.status, a.reason`, params);
    const summary: CareSummary = { date: from, pending: 0, excluded: 0, done: 0, byReason: {} };
    for (const s of sums) {
      const n = Number(s.n);
      if (s.status === 'pending') summary.pending += n;
      else if (s.status === 'excluded') {
        summary.excluded += n;
        const reason = String(s.reason) as CareExclusion;
        summary.byReason[reason] = (summary.byReason[reason] ?? 0) + n;
      } else if (s.status === 'sent' || s.status === 'tasked') summary.done += n;
    }
    if (q.status) {
      where.push('a.status = ?');
      params.push(q.status);
    }
    const [{ n }] = (await rows<{ n: number }>(this.ds, `SELECT COUNT(*) AS n FROM care_action a WHERE ${where.join(' AND ')}`, params)) as [{ n: number }];
    const list = await rows(this.ds, `SELECT a.*, r.name AS rule_name, r.occasion, d.name AS donor_name, u.display_name AS manager_name,
        (SELECT p.e164 FROM donor_phone p WHERE p.donor_id = d.id ORDER BY p.is_primary DESC, p.id LIMIT 1) AS e164
      FROM care_action a JOIN care_rule r ON r.id = a.rule_id JOIN donor d ON d.id = a.donor_id LEFT JOIN app_user u ON u.id = d.account_manager_id
      WHERE ${where.join(' AND ')} ORDER BY CASE a.status WHEN 'pending' THEN 0 WHEN 'excluded' THEN 1 ELSE 2 END, a.occasion_date, a.id LIMIT ? OFFSET ?`,
    [...params, pageSize, (page - 1) * pageSize]);
    return {
      total: Number(n), page, pageSize, summary,
      items: list.map((r) => ({
        id: Number(r.id), ruleId: Number(r.rule_id), ruleName: String(r.rule_name), occasion: r.occasion as CareOccasionKind, occasionKey: String(r.occasion_key),
        occasionDate: String(r.occasion_date instanceof Date ? r.occasion_date.toISOString() : r.occasion_date).slice(0, 10), action: r.action as CareActionRow['action'],
        status: r.status as CareStatus, reason: (r.reason ?? null) as CareExclusion | null, donorId: Number(r.donor_id), nameMasked: maskName(String(r.donor_name)),
        phoneMasked: r.e164 ? maskPhone(String(r.e164)) : null, managerName: r.manager_name ? String(r.manager_name) : null,
        refId: r.ref_id === null ? null : Number(r.ref_id), createdAt: iso(r.created_at)!, decidedAt: iso(r.decided_at),
      })),
    };
  }

  /**
   * Confirms pending actions after the preview: each donor is checked again now (a complaint filed since, an opt-out)
   * and excluded with the reason if so; otherwise the SMS is enqueued or the call task created, in the transaction
   * that marks the action done (claimed by `status = 'pending'`: two supervisors confirming at once send once).
   */
  async confirm(ids: readonly number[], actorId: number): Promise<{ sent: number; tasked: number; excluded: { id: number; reason: CareExclusion }[]; skipped: number }> {
    const list = this.checkIds(ids);
    const now = this.clock();
    const result = { sent: 0, tasked: 0, excluded: [] as { id: number; reason: CareExclusion }[], skipped: 0 };
    const tasks: number[] = [];
    for (let i = 0; i < list.length; i += 100) {
      const part = list.slice(i, i + 100);
      const acts = await rows(this.ds, `SELECT a.id, a.donor_id, a.action, a.occasion_key, a.occasion_date, r.occasion, r.name AS rule_name, r.sms_text
        FROM care_action a JOIN care_rule r ON r.id = a.rule_id WHERE a.id IN (${placeholders(part.length)}) AND a.status = 'pending'`, part);
      result.skipped += part.length - acts.length;
      if (!acts.length) continue;
      await withTx(this.ds, async (m) => {
        const facts = await loadCareFacts(m, acts.map((a) => Number(a.donor_id)));
        for (const a of acts) {
          const id = Number(a.id);
          const f = facts.get(Number(a.donor_id));
          if (!f) { result.skipped++; continue; }
          const action = a.action as CareActionRow['action'];
          const reason = careExclusion(action, f, now);
          if (reason) {
            const r = await exec(m, "UPDATE care_action SET status = 'excluded', reason = ?, decided_at = ?, decided_by_id = ? WHERE id = ? AND status = 'pending'", [reason, sqlTime(now), actorId, id]);
            if (r.affected) result.excluded.push({ id, reason });
            else result.skipped++;
            continue;
          }
          const claimed = await exec(m, `UPDATE care_action SET status = ?, decided_at = ?, decided_by_id = ? WHERE id = ? AND status = 'pending'`, [action === 'sms' ? 'sent' : 'tasked', sqlTime(now), actorId, id]);
          if (!claimed.affected) { result.skipped++; continue; }
          const ref = action === 'sms' ? await this.sendSms(m, id, Number(a.donor_id), f.name, f.mobile!, String(a.sms_text ?? ''), now)
            : await this.createTask(m, id, Number(a.donor_id), f.managerId!, a.occasion as CareOccasionKind, String(a.occasion_key), String(a.rule_name), dayOfValue(a.occasion_date), actorId, now);
          await exec(m, 'UPDATE care_action SET ref_id = ? WHERE id = ?', [ref, id]);
          if (action === 'sms') result.sent++;
          else {
            result.tasked++;
            tasks.push(ref);
          }
        }
        await writeAudit(m, { actorId, action: 'care.confirm', subjectType: 'care_action', subjectId: part[0]!, detail: { ids: part.length, sent: result.sent, tasked: result.tasked }, at: now });
      });
    }
    if (tasks.length) this.o.onTasks?.(tasks);
    return result;
  }

  async dismiss(ids: readonly number[], actorId: number): Promise<{ dismissed: number }> {
    const list = this.checkIds(ids);
    const now = this.clock();
    let dismissed = 0;
    for (let i = 0; i < list.length; i += 500) {
      const part = list.slice(i, i + 500);
      dismissed += await withTx(this.ds, async (m) => {
        const r = await exec(m, `UPDATE care_action SET status = 'dismissed', decided_at = ?, decided_by_id = ? WHERE id IN (${placeholders(part.length)}) AND status = 'pending'`, [sqlTime(now), actorId, ...part]);
        await writeAudit(m, { actorId, action: 'care.dismiss', subjectType: 'care_action', subjectId: part[0]!, detail: { ids: part.length, dismissed: r.affected }, at: now });
        return r.affected;
      });
    }
    return { dismissed };
  }

  private checkIds(ids: readonly number[]): number[] {
    const list = [...new Set(ids)];
    if (!list.length || list.length > MAX_IDS || list.some((x) => !Number.isInteger(x) || x <= 0)) {
      throw new DomainError('VALIDATION_FAILED', `请选择 1–${MAX_IDS} 条关怀 / choose 1–${MAX_IDS} care actions`, { field: 'ids' });
    }
    return list;
  }

  private async sendSms(m: EntityManager, id: number, donorId: number, name: string, to: string, text: string, now: Date): Promise<number> {
    const payload = { name, text };
    const body = renderTemplate('care', payload, this.o.signName?.() ?? '青岛市中心血站');
    const dedupKey = `care:${id}`;
    await enqueueSms(m, [{ to, template: 'care', payload, body, donorId, ref: dedupKey, dedupKey }], now, this.o.quiet?.() ?? null);
    await exec(m, "INSERT INTO contact_attempt (donor_id, campaign_id, channel, outcome, agent_id, call_id, at, purpose) VALUES (?, NULL, 'sms', 'sms-sent', NULL, NULL, ?, 'care')", [donorId, sqlTime(now)]);
    const [row] = await rows(m, 'SELECT id FROM sms_outbox WHERE dedup_key = ?', [dedupKey]);
    return Number(row?.id ?? 0);
  }

  private async createTask(m: EntityManager, id: number, donorId: number, managerId: number, occasion: CareOccasionKind, key: string, ruleName: string, day: LocalDate, actorId: number, now: Date): Promise<number> {
    const label = occasionLabel(occasion, key);
    return insertTicket(m, {
      kind: 'callback', source: 'care', priority: 'normal', donorId, ownerId: managerId,
      subject: `关怀电话：${label.zh} / care call: ${label.en}`, body: `${ruleName} · ${day}`, dueAt: noonOf(day).toISOString(), dedupKey: `care:${id}`,
    }, actorId, now);
  }
}

const dayOfValue = (v: unknown): LocalDate => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10);

function addDaysSafe(d: LocalDate, n: number): LocalDate {
  return isLocalDate(d) ? new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10) : d;
}
