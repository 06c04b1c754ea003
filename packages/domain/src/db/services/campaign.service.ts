import type { DataSource } from 'typeorm';
import type { AttemptDto } from '../../contracts/dto.js';
import type { DonationType } from '../../donations/donation.types.js';
import { DomainError } from '../../errors.js';
import { ATTEMPT_OUTCOMES, type AttemptOutcome } from '../../tickets/ticket.types.js';
import type { CampaignPurpose } from '../entities/campaign.entity.js';
import type { CampaignTargetStatus } from '../entities/campaign-target.entity.js';
import { exec, iso, placeholders, rows, sqlTime, withTx } from '../sql.js';
import type { ContactPolicyService } from './contact-policy.service.js';
import type { ActorId } from './mappers.js';

export interface CampaignCreate {
  name: string;
  purpose: CampaignPurpose;
  segment?: string | null;
  donationType?: DonationType | null;
  description?: string | null;
  startsOn: string;
  endsOn?: string | null;
}

export interface CampaignTargetDto {
  id: number;
  donorId: number;
  donorName: string;
  status: CampaignTargetStatus;
  assignedToId: number | null;
}

/**
 * Minimal campaigns (精准化招募): a campaign, its targets and the contact attempts. Attempts are counted per donor across
 * campaigns; recording an attempt is refused when the contact policy blocks the donor (do-not-call, open complaint,
 * suppression after 5 failures, no consent, outside hours).
 */
export class CampaignService {
  constructor(
    private readonly ds: DataSource,
    private readonly deps: { contactPolicy: ContactPolicyService; clock?: () => Date },
  ) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  async create(c: CampaignCreate, actorId: ActorId): Promise<number> {
    if (!c.name?.trim()) throw new DomainError('VALIDATION_FAILED', 'name is required');
    if (!['recruitment', 'care', 'survey'].includes(c.purpose)) throw new DomainError('VALIDATION_FAILED', `invalid purpose ${String(c.purpose)}`);
    return withTx(this.ds, async (m) => (await exec(m, `INSERT INTO campaign (name, purpose, segment, donation_type, status, description, starts_on, ends_on, created_by_id, created_at)
      VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)`, [c.name.trim(), c.purpose, c.segment ?? null, c.donationType ?? null, c.description ?? null, c.startsOn, c.endsOn ?? null, actorId, sqlTime(this.now())])).insertId);
  }

  async list(): Promise<{ id: number; name: string; purpose: CampaignPurpose; status: string; targets: number; attempts: number }[]> {
    const list = await rows(this.ds, `SELECT c.id, c.name, c.purpose, c.status,
      (SELECT COUNT(*) FROM campaign_target t WHERE t.campaign_id = c.id) AS targets,
      (SELECT COUNT(*) FROM contact_attempt a WHERE a.campaign_id = c.id) AS attempts
      FROM campaign c ORDER BY c.id DESC`);
    return list.map((r) => ({ id: Number(r.id), name: String(r.name), purpose: r.purpose as CampaignPurpose, status: String(r.status), targets: Number(r.targets), attempts: Number(r.attempts) }));
  }

  /** Adds donors as targets (ignores ones already targeted). Returns how many were added. */
  async addTargets(campaignId: number, donorIds: readonly number[], assignedToId: number | null = null): Promise<number> {
    if (!donorIds.length) return 0;
    return withTx(this.ds, async (m) => {
      const existing = new Set((await rows(m, `SELECT donor_id FROM campaign_target WHERE campaign_id = ? AND donor_id IN (${placeholders(donorIds.length)})`, [campaignId, ...donorIds])).map((r) => Number(r.donor_id)));
      let added = 0;
      for (const d of new Set(donorIds)) {
        if (existing.has(d)) continue;
        await exec(m, "INSERT INTO campaign_target (campaign_id, donor_id, status, assigned_to_id) VALUES (?, ?, 'pending', ?)", [campaignId, d, assignedToId]);
        added++;
      }
      return added;
    });
  }

  async targets(campaignId: number, status?: CampaignTargetStatus): Promise<CampaignTargetDto[]> {
    const list = await rows(this.ds, `SELECT t.id, t.donor_id, d.name, t.status, t.assigned_to_id FROM campaign_target t JOIN donor d ON d.id = t.donor_id
      WHERE t.campaign_id = ? ${status ? 'AND t.status = ?' : ''} ORDER BY t.id`, status ? [campaignId, status] : [campaignId]);
    return list.map((r) => ({ id: Number(r.id), donorId: Number(r.donor_id), donorName: String(r.name), status: r.status as CampaignTargetStatus, assignedToId: r.assigned_to_id === null ? null : Number(r.assigned_to_id) }));
  }

  /** Records a recruitment attempt; CONTACT_BLOCKED when the policy forbids contacting this donor now. */
  async recordAttempt(a: { donorId: number; campaignId?: number | null; channel: 'voice' | 'sms'; outcome: AttemptOutcome; callId?: string | null }, actorId: ActorId): Promise<AttemptDto> {
    if (!ATTEMPT_OUTCOMES.includes(a.outcome)) throw new DomainError('VALIDATION_FAILED', `invalid outcome ${String(a.outcome)}`);
    const now = this.now();
    await this.deps.contactPolicy.assertAllowed(a.donorId, 'recruitment', a.channel, now);
    const id = await withTx(this.ds, async (m) => {
      const r = await exec(m, "INSERT INTO contact_attempt (donor_id, campaign_id, channel, outcome, agent_id, call_id, at, purpose) VALUES (?, ?, ?, ?, ?, ?, ?, 'recruitment')", [
        a.donorId, a.campaignId ?? null, a.channel, a.outcome, actorId, a.callId ?? null, sqlTime(now),
      ]);
      if (a.campaignId) {
        const status: CampaignTargetStatus = a.outcome === 'reached-booked' ? 'booked' : a.outcome === 'reached-declined' ? 'declined' : 'contacted';
        await exec(m, 'UPDATE campaign_target SET status = ? WHERE campaign_id = ? AND donor_id = ?', [status, a.campaignId, a.donorId]);
      }
      return r.insertId;
    });
    return (await this.attempts(a.donorId)).find((x) => x.id === id)!;
  }

  async attempts(donorId: number): Promise<AttemptDto[]> {
    const list = await rows(this.ds, 'SELECT a.id, a.at, a.outcome, a.channel, c.name FROM contact_attempt a LEFT JOIN campaign c ON c.id = a.campaign_id WHERE a.donor_id = ? ORDER BY a.at DESC, a.id DESC', [donorId]);
    return list.map((r) => ({ id: Number(r.id), at: iso(r.at)!, outcome: r.outcome as AttemptOutcome, channel: r.channel as 'voice' | 'sms', campaignName: (r.name as string | null) ?? null }));
  }
}
