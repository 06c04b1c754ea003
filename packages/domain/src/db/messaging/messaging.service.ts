/**
 * SMS as people see it: the administrator's outbox (status, failures with their reason, retry or park, audited),
 * the state of one business message (the booking's confirmation — 短信已发送/已送达), a donor's SMS history (sent and
 * replied) and the opt-out list. The sending side is SmsOutboxStore; replies are SmsInboundService.
 */
import type { DataSource } from 'typeorm';
import { actorIdOf, type Actor } from '../../access/actor.js';
import { OVERSIGHT_ROLES } from '../../agents/agent.types.js';
import { maskPhone } from '../../donors/masking.js';
import { DomainError } from '../../errors.js';
import { SMS_RETRYABLE_STATUSES, SMS_STATUSES, type SmsCounts, type SmsHistoryItem, type SmsMessageDto, type SmsRefState, type SmsStatus } from '../../messaging/sms.types.js';
import type { SmsClass, SmsTemplateKey } from '../../messaging/sms-templates.js';
import { writeAudit } from '../services/audit.service.js';
import { exec, iso, rows, sqlTime, Where, withTx } from '../sql.js';

export interface SmsListFilter {
  status?: SmsStatus | 'problems';
  template?: SmsTemplateKey;
  donorId?: number;
  page?: number;
  pageSize?: number;
}

const FIELDS = `s.id, s.to_e164, s.template, s.class, s.status, s.attempts, s.provider_id, s.last_error, s.body, s.ref, s.created_at, s.next_attempt_at, s.sent_at, s.delivered_at,
  s.donor_id, d.name AS donor_name`;

function dto(r: Record<string, unknown>): SmsMessageDto {
  const waiting = r.status === 'pending';
  return {
    id: Number(r.id), toMasked: maskPhone(String(r.to_e164)), donor: r.donor_id == null ? null : { id: Number(r.donor_id), name: String(r.donor_name ?? '') },
    template: r.template as SmsTemplateKey, class: (r.class ?? 'service') as SmsClass, status: r.status as SmsStatus, attempts: Number(r.attempts),
    providerId: (r.provider_id as string | null) ?? null, failureReason: (r.last_error as string | null) ?? null, body: (r.body as string | null) ?? null, ref: (r.ref as string | null) ?? null,
    createdAt: iso(r.created_at)!, nextAttemptAt: waiting ? iso(r.next_attempt_at) : null, sentAt: iso(r.sent_at), deliveredAt: iso(r.delivered_at),
  };
}

function requireOversight(actor: Actor): void {
  if (!OVERSIGHT_ROLES.includes(actor.role)) throw new DomainError('FORBIDDEN', '短信发件箱仅限主管、质检和管理员 / the SMS outbox is for supervisors, quality staff and admins', { rule: 'sms.admin' });
}

export class MessagingService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(f: SmsListFilter, actor: Actor): Promise<{ items: SmsMessageDto[]; total: number; page: number; pageSize: number }> {
    requireOversight(actor);
    const w = new Where();
    if (f.status === 'problems') w.add("s.status IN ('failed', 'parked', 'undelivered')");
    else if (f.status) w.add('s.status = ?', f.status);
    if (f.template) w.add('s.template = ?', f.template);
    if (f.donorId !== undefined) w.add('s.donor_id = ?', f.donorId);
    const page = Math.max(1, f.page ?? 1);
    const pageSize = Math.min(200, Math.max(1, f.pageSize ?? 50));
    const [c] = await rows(this.ds, `SELECT COUNT(*) AS n FROM sms_outbox s ${w.sql}`, w.params);
    const list = await rows(this.ds, `SELECT ${FIELDS} FROM sms_outbox s LEFT JOIN donor d ON d.id = s.donor_id ${w.sql} ORDER BY s.id DESC LIMIT ? OFFSET ?`, [...w.params, pageSize, (page - 1) * pageSize]);
    return { items: list.map(dto), total: Number(c?.n ?? 0), page, pageSize };
  }

  async counts(actor: Actor): Promise<SmsCounts> {
    requireOversight(actor);
    const byStatus: SmsCounts['byStatus'] = {};
    for (const r of await rows(this.ds, 'SELECT status, COUNT(*) AS n FROM sms_outbox GROUP BY status')) {
      if ((SMS_STATUSES as readonly string[]).includes(String(r.status))) byStatus[r.status as SmsStatus] = Number(r.n);
    }
    const [o] = await rows(this.ds, 'SELECT COUNT(*) AS n FROM sms_opt_out');
    const dayStart = new Date(Math.floor((this.clock().getTime() + 8 * 3600_000) / 86_400_000) * 86_400_000 - 8 * 3600_000);
    const [i] = await rows(this.ds, 'SELECT COUNT(*) AS n FROM sms_inbound WHERE received_at >= ?', [sqlTime(dayStart)]);
    return { byStatus, optedOut: Number(o?.n ?? 0), inboundToday: Number(i?.n ?? 0) };
  }

  /** Sends a failed or parked message again (a fresh set of attempts); audited. */
  async retry(id: number, actor: Actor): Promise<SmsMessageDto> {
    return this.change(id, actor, 'sms.retry', SMS_RETRYABLE_STATUSES, "status = 'pending', attempts = 0, next_attempt_at = ?, last_error = NULL, claim_token = NULL", [sqlTime(this.clock())]);
  }

  /** Stops a waiting or failed message from being sent (with the administrator's reason); audited. */
  async park(id: number, actor: Actor, reason: string): Promise<SmsMessageDto> {
    const why = reason.trim();
    if (!why || why.length > 200) throw new DomainError('VALIDATION_FAILED', '请填写原因（1–200字）/ a reason of 1–200 characters is required');
    return this.change(id, actor, 'sms.park', ['pending', 'failed'], "status = 'parked', last_error = ?", [`人工暂停 / parked by staff: ${why}`]);
  }

  private async change(id: number, actor: Actor, action: string, from: readonly SmsStatus[], set: string, params: unknown[]): Promise<SmsMessageDto> {
    requireOversight(actor);
    await withTx(this.ds, async (m) => {
      const [r] = await rows(m, 'SELECT id, status, last_error FROM sms_outbox WHERE id = ?', [id]);
      if (!r) throw new DomainError('NOT_FOUND', `短信不存在 / SMS ${id} not found`);
      if (!from.includes(r.status as SmsStatus)) throw new DomainError('CONFLICT', `短信状态为${String(r.status)}，不能执行此操作 / the SMS is ${String(r.status)}`, { status: r.status });
      const u = await exec(m, `UPDATE sms_outbox SET ${set} WHERE id = ? AND status = ?`, [...params, id, r.status]);
      if (u.affected !== 1) throw new DomainError('CONFLICT', 'the SMS changed meanwhile');
      const [n] = await rows(m, 'SELECT status, last_error FROM sms_outbox WHERE id = ?', [id]);
      await writeAudit(m, { actorId: actorIdOf(actor), action, subjectType: 'sms', subjectId: id, detail: { old: { status: r.status, reason: r.last_error ?? null }, new: { status: n?.status, reason: n?.last_error ?? null } }, at: this.clock() });
    });
    const [r] = await rows(this.ds, `SELECT ${FIELDS} FROM sms_outbox s LEFT JOIN donor d ON d.id = s.donor_id WHERE s.id = ?`, [id]);
    return dto(r!);
  }

  /** The newest message for each business reference (appointment:12 → its confirmation). */
  async refStates(refs: readonly string[]): Promise<SmsRefState[]> {
    const list = [...new Set(refs)].slice(0, 100);
    if (!list.length) return [];
    const found = await rows(this.ds, `SELECT id, ref, status, created_at, sent_at, delivered_at, last_error FROM sms_outbox WHERE ref IN (${list.map(() => '?').join(', ')}) ORDER BY id`, list);
    const byRef = new Map<string, SmsRefState>();
    for (const r of found) {
      byRef.set(String(r.ref), { ref: String(r.ref), id: Number(r.id), status: r.status as SmsStatus, at: iso(r.delivered_at ?? r.sent_at ?? r.created_at)!, failureReason: (r.last_error as string | null) ?? null });
    }
    return [...byRef.values()];
  }

  /** A donor's SMS, sent and received, newest first (the contact history). */
  async history(donorId: number, limit = 100): Promise<SmsHistoryItem[]> {
    const out = await rows(this.ds, 'SELECT id, created_at, body, template, status FROM sms_outbox WHERE donor_id = ? ORDER BY id DESC LIMIT ?', [donorId, limit]);
    const inb = await rows(this.ds, 'SELECT id, received_at, content, intent, ticket_id FROM sms_inbound WHERE donor_id = ? ORDER BY id DESC LIMIT ?', [donorId, limit]);
    const items: SmsHistoryItem[] = [
      ...out.map((r): SmsHistoryItem => ({ direction: 'out', id: Number(r.id), at: iso(r.created_at)!, text: String(r.body ?? ''), template: r.template as SmsTemplateKey, status: r.status as SmsStatus, intent: null, ticketId: null })),
      ...inb.map((r): SmsHistoryItem => ({ direction: 'in', id: Number(r.id), at: iso(r.received_at)!, text: String(r.content), template: null, status: null, intent: (r.intent as string | null) ?? null, ticketId: r.ticket_id == null ? null : Number(r.ticket_id) })),
    ];
    return items.sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
  }

  async isOptedOut(e164: string): Promise<boolean> {
    return (await rows(this.ds, 'SELECT 1 AS x FROM sms_opt_out WHERE e164 = ?', [e164])).length > 0;
  }
}
