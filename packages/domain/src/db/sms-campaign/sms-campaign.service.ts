/**
 * SMS campaigns on the database: creating one (a campaign of channel 'sms' with its targets — a saved segment or the
 * planner's list — and its invitation settings, in one transaction), and reading back what happened to every recipient
 * (the outbox's status, the donor's reply, a booking within the conversion window) with the counts. Sending is
 * InvitationSender's; start / pause / stop are the campaigns' own transitions (CampaignDialerService.transition).
 */
import type { DataSource } from 'typeorm';
import type { CampaignDialerService, CampaignInput } from '../dialer/campaign-dialer.service.js';
import { maskName, maskPhone } from '../../donors/masking.js';
import { DomainError } from '../../errors.js';
import { renderTemplate } from '../../messaging/sms-templates.js';
import type { InvitationBlockReason } from '../../sms-campaign/invitation-policy.js';
import {
  invitationPayload, SMS_RECIPIENT_STATES, validateSmsSettings,
  type SmsCampaignDetail, type SmsCampaignResults, type SmsCampaignSettings, type SmsRecipientRow, type SmsRecipientState,
} from '../../sms-campaign/sms-campaign.types.js';
import { exec, iso, placeholders, rows, toDate } from '../sql.js';
import type { InvitationSender } from './invitation-sender.js';

const FAILED = ['undelivered', 'failed', 'parked', 'suppressed'];

/** A recipient's state from the target's status and its outbox message's status. */
export function recipientState(targetStatus: string, smsStatus: string | null): SmsRecipientState {
  if (targetStatus === 'blocked') return 'blocked';
  if (targetStatus !== 'queued' || smsStatus === null) return 'pending';
  if (smsStatus === 'sent') return 'sent';
  if (smsStatus === 'delivered') return 'delivered';
  if (FAILED.includes(smsStatus)) return 'failed';
  return 'queued';
}

const STATE_SQL: Record<SmsRecipientState, string> = {
  pending: "t.status NOT IN ('queued', 'blocked')",
  blocked: "t.status = 'blocked'",
  queued: "t.status = 'queued' AND s.status IN ('pending', 'sending')",
  sent: "t.status = 'queued' AND s.status = 'sent'",
  delivered: "t.status = 'queued' AND s.status = 'delivered'",
  failed: `t.status = 'queued' AND s.status IN (${FAILED.map((x) => `'${x}'`).join(', ')})`,
};

export class SmsCampaignService {
  constructor(
    private readonly ds: DataSource,
    private readonly deps: { dialer: CampaignDialerService; sender: InvitationSender; signName?: () => string; clock?: () => Date },
  ) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  async create(input: CampaignInput & Partial<Record<keyof SmsCampaignSettings, unknown>>, actorId: number): Promise<SmsCampaignDetail> {
    const s = validateSmsSettings(input);
    const c = await this.deps.dialer.create({ ...input, channel: 'sms', mode: 'preview', agentIds: undefined }, actorId, async (m, id) => {
      await exec(m, 'INSERT INTO sms_campaign (campaign_id, site, invite_date, product, rate_per_minute, conversion_days, frequency_cap_days) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [id, s.site, s.inviteDate, s.product, s.ratePerMinute, s.conversionDays, s.frequencyCapDays]);
    });
    return this.detail(c.id);
  }

  async settings(campaignId: number): Promise<SmsCampaignSettings> {
    const [r] = await rows(this.ds, 'SELECT * FROM sms_campaign WHERE campaign_id = ?', [campaignId]);
    if (!r) throw new DomainError('NOT_FOUND', `短信活动 ${campaignId} 不存在 / SMS campaign ${campaignId} not found`);
    return {
      site: String(r.site), inviteDate: String(r.invite_date), product: r.product as SmsCampaignSettings['product'], ratePerMinute: Number(r.rate_per_minute),
      conversionDays: Number(r.conversion_days), frequencyCapDays: Number(r.frequency_cap_days),
    };
  }

  async detail(campaignId: number): Promise<SmsCampaignDetail> {
    const settings = await this.settings(campaignId);
    const campaign = await this.deps.dialer.get(campaignId);
    const sample = renderTemplate('recruitment-invitation', invitationPayload(settings, '张三'), this.deps.signName?.() ?? '青岛市中心血站');
    return { campaign, settings, results: await this.results(campaignId, settings), sample };
  }

  async results(campaignId: number, settings?: SmsCampaignSettings): Promise<SmsCampaignResults> {
    const s = settings ?? (await this.settings(campaignId));
    const byState = Object.fromEntries(SMS_RECIPIENT_STATES.map((k) => [k, 0])) as Record<SmsRecipientState, number>;
    const groups = await rows(this.ds, 'SELECT t.status AS ts, s.status AS ss, COUNT(*) AS n FROM campaign_target t LEFT JOIN sms_outbox s ON s.id = t.sms_id WHERE t.campaign_id = ? GROUP BY t.status, s.status', [campaignId]);
    for (const g of groups) byState[recipientState(String(g.ts), g.ss === null || g.ss === undefined ? null : String(g.ss))] += Number(g.n);
    const blockedByReason: Partial<Record<InvitationBlockReason, number>> = {};
    for (const b of await rows(this.ds, "SELECT block_reason, COUNT(*) AS n FROM campaign_target WHERE campaign_id = ? AND status = 'blocked' GROUP BY block_reason", [campaignId])) {
      for (const r of String(b.block_reason ?? '').split(',').filter(Boolean) as InvitationBlockReason[]) blockedByReason[r] = (blockedByReason[r] ?? 0) + Number(b.n);
    }
    const replies = await rows(this.ds, `SELECT CASE WHEN i.intent = 'opt-out' THEN 1 ELSE 0 END AS opt, COUNT(DISTINCT t.id) AS n FROM campaign_target t JOIN sms_inbound i ON i.outbox_id = t.sms_id
      WHERE t.campaign_id = ? GROUP BY CASE WHEN i.intent = 'opt-out' THEN 1 ELSE 0 END`, [campaignId]);
    const booked = (await this.bookings(campaignId, s.conversionDays)).size;
    const out = byState.sent + byState.delivered;
    return {
      campaignId, targets: Object.values(byState).reduce((a, b) => a + b, 0), byState, blockedByReason,
      replied: Number(replies.find((r) => Number(r.opt) === 0)?.n ?? 0), optedOut: Number(replies.find((r) => Number(r.opt) === 1)?.n ?? 0),
      booked, conversion: out ? Math.round((booked / out) * 1000) / 1000 : 0, lastMinute: await this.deps.sender.lastMinute(campaignId, this.now()),
    };
  }

  /** Recipients who booked (an appointment not cancelled) within `days` of their invitation: target id → when. */
  private async bookings(campaignId: number, days: number, targetIds?: readonly number[]): Promise<Map<number, Date>> {
    const only = targetIds?.length ? ` AND t.id IN (${placeholders(targetIds.length)})` : '';
    const list = await rows(this.ds, `SELECT t.id, s.created_at AS invited, MIN(a.created_at) AS booked FROM campaign_target t JOIN sms_outbox s ON s.id = t.sms_id
      JOIN appointment a ON a.donor_id = t.donor_id AND a.created_at >= s.created_at AND a.status <> 'cancelled'
      WHERE t.campaign_id = ?${only} GROUP BY t.id, s.created_at`, [campaignId, ...(targetIds ?? [])]);
    const out = new Map<number, Date>();
    for (const r of list) {
      const invited = toDate(r.invited)!;
      const at = toDate(r.booked)!;
      if (at.getTime() - invited.getTime() <= days * 86_400_000) out.set(Number(r.id), at);
    }
    return out;
  }

  /** The recipients (masked), in list order, optionally of one state. */
  async recipients(campaignId: number, q: { state?: SmsRecipientState; limit?: number } = {}): Promise<SmsRecipientRow[]> {
    const s = await this.settings(campaignId);
    if (q.state !== undefined && !(SMS_RECIPIENT_STATES as readonly string[]).includes(q.state)) throw new DomainError('VALIDATION_FAILED', `未知状态 / unknown state ${String(q.state)}`, { field: 'state' });
    const limit = Math.max(1, Math.min(500, Math.trunc(q.limit ?? 200) || 200));
    const list = await rows(this.ds, `SELECT t.id, t.donor_id, d.name, t.status, t.block_reason, s.status AS sms_status, s.last_error, s.created_at AS queued_at, s.delivered_at, s.to_e164,
        (SELECT p.e164 FROM donor_phone p WHERE p.donor_id = d.id ORDER BY p.is_primary DESC, p.id LIMIT 1) AS e164,
        (SELECT MIN(i.received_at) FROM sms_inbound i WHERE i.outbox_id = t.sms_id) AS replied_at,
        (SELECT MAX(i.intent) FROM sms_inbound i WHERE i.outbox_id = t.sms_id) AS intent
      FROM campaign_target t JOIN donor d ON d.id = t.donor_id LEFT JOIN sms_outbox s ON s.id = t.sms_id
      WHERE t.campaign_id = ?${q.state ? ` AND ${STATE_SQL[q.state]}` : ''} ORDER BY t.position, t.id LIMIT ?`, [campaignId, limit]);
    const booked = await this.bookings(campaignId, s.conversionDays, list.map((r) => Number(r.id)));
    return list.map((r) => {
      const smsStatus = r.sms_status === null || r.sms_status === undefined ? null : String(r.sms_status);
      return {
        targetId: Number(r.id), donorId: Number(r.donor_id), nameMasked: maskName(String(r.name)),
        phoneMasked: r.to_e164 ? maskPhone(String(r.to_e164)) : r.e164 ? maskPhone(String(r.e164)) : null,
        state: recipientState(String(r.status), smsStatus), blockReasons: String(r.block_reason ?? '').split(',').filter(Boolean) as InvitationBlockReason[],
        smsStatus, failure: (r.last_error as string | null) ?? null, queuedAt: iso(r.queued_at), deliveredAt: iso(r.delivered_at),
        repliedAt: iso(r.replied_at), replyIntent: (r.intent as string | null) ?? null, bookedAt: booked.has(Number(r.id)) ? booked.get(Number(r.id))!.toISOString() : null,
      };
    });
  }
}
