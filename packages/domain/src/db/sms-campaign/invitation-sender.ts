/**
 * The sending side of SMS campaigns: one tick writes the next invitations of every running SMS campaign into the SMS
 * outbox (the outbox worker sends them), at most the campaign's per-minute rate. Each recipient is decided by the
 * contact policy right before (sms-campaign/invitation-policy.ts): blocked with the reasons, left waiting when only
 * the hours stand in the way, or invited. Claiming the recipient (`status = 'pending'` → 'queued'), writing the outbox
 * row (dedup key smscamp:<target>) and recording the recruitment attempt happen in one transaction — a restart, a
 * second tick or a second bridge never sends one invitation twice.
 */
import type { DataSource } from 'typeorm';
import { DEFAULT_CONTACT_RULES, type ContactPolicyRules } from '../../contact-policy/contact-policy.js';
import { campaignOpenAt, type DialCampaignStatus } from '../../dialer/campaign-rules.js';
import type { QuietHours } from '../../messaging/quiet-hours.js';
import { renderTemplate } from '../../messaging/sms-templates.js';
import { decideInvitation, type InvitationBlockReason } from '../../sms-campaign/invitation-policy.js';
import { invitationPayload, sendBudget, type InvitationProduct } from '../../sms-campaign/sms-campaign.types.js';
import { enqueueSms, type SmsEnqueue } from '../messaging/sms-enqueue.js';
import { writeAudit } from '../services/audit.service.js';
import { exec, placeholders, rows, sqlTime, withTx } from '../sql.js';
import { loadInvitationFacts } from './invitation-facts.js';

export interface InvitationSenderOptions {
  clock?: () => Date;
  quiet?: () => QuietHours | null;
  signName?: () => string;
  contactRules?: ContactPolicyRules;
  /** How often the bridge ticks (the per-minute rate is spread over the ticks). */
  tickMs?: number;
}

export interface TickResult {
  queued: number;
  blocked: number;
  waiting: number;
}

export const dedupKeyOf = (targetId: number): string => `smscamp:${targetId}`;
/** Ties the recruitment attempt to its message (a reply turns the attempt into 'sms-replied'). */
export const attemptRefOf = (smsId: number): string => `sms:${smsId}`;

export class InvitationSender {
  constructor(private readonly ds: DataSource, private readonly o: InvitationSenderOptions = {}) {}

  private now(): Date {
    return this.o.clock?.() ?? new Date();
  }

  /** Invitations written in the last minute by a campaign (the throttle's sliding window). */
  async lastMinute(campaignId: number, now = this.now()): Promise<number> {
    const [r] = await rows(this.ds, 'SELECT COUNT(*) AS n FROM campaign_target t JOIN sms_outbox s ON s.id = t.sms_id WHERE t.campaign_id = ? AND s.created_at > ?', [campaignId, sqlTime(now.getTime() - 60_000)]);
    return Number(r?.n ?? 0);
  }

  async tick(): Promise<TickResult> {
    const now = this.now();
    const out: TickResult = { queued: 0, blocked: 0, waiting: 0 };
    const running = await rows(this.ds, `SELECT c.id, c.status, c.starts_on, c.ends_on, c.hours_start, c.hours_end, s.site, s.invite_date, s.product, s.rate_per_minute, s.frequency_cap_days
      FROM campaign c JOIN sms_campaign s ON s.campaign_id = c.id WHERE c.channel = 'sms' AND c.status = 'running' ORDER BY c.id`);
    for (const c of running) {
      const open = campaignOpenAt({ status: c.status as DialCampaignStatus, startsOn: String(c.starts_on).slice(0, 10), endsOn: c.ends_on ? String(c.ends_on).slice(0, 10) : null, hoursStart: String(c.hours_start), hoursEnd: String(c.hours_end) }, now);
      if (!open.open) continue;
      const budget = sendBudget(Number(c.rate_per_minute), await this.lastMinute(Number(c.id), now), this.o.tickMs ?? 2000);
      if (!budget) continue;
      const r = await this.campaignTick(Number(c.id), budget, {
        site: String(c.site), inviteDate: String(c.invite_date), product: c.product as InvitationProduct, frequencyCapDays: Number(c.frequency_cap_days),
      }, now);
      out.queued += r.queued;
      out.blocked += r.blocked;
      out.waiting += r.waiting;
    }
    return out;
  }

  private async campaignTick(campaignId: number, budget: number, s: { site: string; inviteDate: string; product: InvitationProduct; frequencyCapDays: number }, now: Date): Promise<TickResult> {
    // blocked recipients do not use the budget: a slow campaign still decides its blocked recipients quickly
    const cands = await rows(this.ds, `SELECT id, donor_id FROM campaign_target WHERE campaign_id = ? AND status = 'pending' AND (next_at IS NULL OR next_at <= ?) ORDER BY position, id LIMIT ?`,
      [campaignId, sqlTime(now), Math.min(500, Math.max(200, budget * 3))]);
    if (!cands.length) return { queued: 0, blocked: 0, waiting: 0 };
    const facts = await loadInvitationFacts(this.ds, cands.map((t) => Number(t.donor_id)), now);
    const rules = { frequencyCapDays: s.frequencyCapDays, contact: this.o.contactRules ?? DEFAULT_CONTACT_RULES };
    const send: { targetId: number; donorId: number; name: string; mobile: string }[] = [];
    const blocked: { targetId: number; donorId: number; reasons: InvitationBlockReason[] }[] = [];
    const waiting: { targetId: number; at: number }[] = [];
    for (const t of cands) {
      if (send.length >= budget) break;
      const targetId = Number(t.id);
      const donorId = Number(t.donor_id);
      const f = facts.get(donorId);
      if (!f) continue;
      const d = decideInvitation(f, now, rules);
      if (d.kind === 'blocked') blocked.push({ targetId, donorId, reasons: d.reasons });
      else if (d.kind === 'wait') waiting.push({ targetId, at: d.at });
      else send.push({ targetId, donorId, name: f.name, mobile: f.mobile! });
    }
    const sign = this.o.signName?.() ?? '青岛市中心血站';
    const queued = await withTx(this.ds, async (m) => {
      const refused: typeof blocked = [];
      for (const b of blocked) {
        const r = await exec(m, "UPDATE campaign_target SET status = 'blocked', block_reason = ?, last_outcome = 'policy' WHERE id = ? AND status = 'pending'", [b.reasons.join(',').slice(0, 64), b.targetId]);
        if (r.affected === 1) refused.push(b);
      }
      if (refused.length) {
        // the refusals of this tick, audited together (a campaign of 50,000 must not write 50,000 audit rows a minute)
        await writeAudit(m, { actorId: null, action: 'contact.blocked', subjectType: 'campaign', subjectId: campaignId, at: now,
          detail: { purpose: 'recruitment', medium: 'sms', via: 'sms-campaign', donors: refused.slice(0, 200).map((b) => ({ donorId: b.donorId, reasons: b.reasons })), total: refused.length } });
      }
      for (const w of waiting) await exec(m, "UPDATE campaign_target SET next_at = ? WHERE id = ? AND status = 'pending'", [sqlTime(w.at), w.targetId]);
      const claimed: typeof send = [];
      for (const x of send) {
        const r = await exec(m, "UPDATE campaign_target SET status = 'queued', attempts = attempts + 1, last_outcome = 'sms-sent', next_at = NULL WHERE id = ? AND status = 'pending'", [x.targetId]);
        if (r.affected === 1) claimed.push(x);
      }
      if (!claimed.length) return 0;
      const msgs: SmsEnqueue[] = claimed.map((x) => {
        const payload = invitationPayload(s, x.name);
        return { to: x.mobile, template: 'recruitment-invitation', payload, body: renderTemplate('recruitment-invitation', payload, sign), donorId: x.donorId, ref: `campaign:${campaignId}`, dedupKey: dedupKeyOf(x.targetId) };
      });
      await enqueueSms(m, msgs, now, this.o.quiet?.() ?? null);
      const keys = claimed.map((x) => dedupKeyOf(x.targetId));
      const ids = new Map((await rows(m, `SELECT id, dedup_key FROM sms_outbox WHERE dedup_key IN (${placeholders(keys.length)})`, keys)).map((r) => [String(r.dedup_key), Number(r.id)]));
      for (const x of claimed) {
        const smsId = ids.get(dedupKeyOf(x.targetId))!;
        await exec(m, 'UPDATE campaign_target SET sms_id = ? WHERE id = ?', [smsId, x.targetId]);
        await exec(m, "INSERT INTO contact_attempt (donor_id, campaign_id, channel, outcome, agent_id, call_id, at, purpose) VALUES (?, ?, 'sms', 'sms-sent', NULL, ?, ?, 'recruitment')",
          [x.donorId, campaignId, attemptRefOf(smsId), sqlTime(now)]);
      }
      return claimed.length;
    });
    return { queued, blocked: blocked.length, waiting: waiting.length };
  }
}
