import type { DataSource, EntityManager } from 'typeorm';
import {
  decideContact, DEFAULT_CONTACT_RULES, type ContactDecision, type ContactMedium, type ContactPolicyRules, type ContactPurpose, type RecruitmentAttempt,
} from '../../contact-policy/contact-policy.js';
import { describeBlock } from '../../contact-policy/block-words.js';
import { DomainError } from '../../errors.js';
import type { AttemptOutcome } from '../../tickets/ticket.types.js';
import { asBool, exclusive, exec, rows, sqlTime, toDate } from '../sql.js';
import { writeAudit } from './audit.service.js';

export interface ContactPolicyFacts {
  doNotCall: boolean;
  recruitmentConsent: boolean;
  openComplaints: number;
  attempts: RecruitmentAttempt[];
}

/** Loads what the contact policy needs for a donor and applies decideContact (server-enforced). */
export class ContactPolicyService {
  constructor(
    private readonly ds: DataSource,
    readonly rules: ContactPolicyRules = DEFAULT_CONTACT_RULES,
  ) {}

  async facts(donorId: number, now: Date = new Date(), m: EntityManager | DataSource = this.ds): Promise<ContactPolicyFacts> {
    const [d] = await rows(m, 'SELECT do_not_call, consent_recruitment FROM donor WHERE id = ?', [donorId]);
    if (!d) throw new DomainError('NOT_FOUND', `donor ${donorId} not found`);
    const [{ n }] = (await rows<{ n: number }>(m, "SELECT COUNT(*) AS n FROM ticket WHERE donor_id = ? AND kind = 'complaint' AND status IN ('new', 'assigned', 'in-progress')", [donorId])) as [{ n: number }];
    // Replaying suppression needs the attempts of the last window + suppression period; take a generous 3 years.
    const since = new Date(now.getTime() - 3 * 366 * 86_400_000);
    const attempts = await rows(m, "SELECT at, outcome FROM contact_attempt WHERE donor_id = ? AND purpose = 'recruitment' AND at >= ? ORDER BY at", [donorId, sqlTime(since)]);
    return {
      doNotCall: asBool(d.do_not_call),
      recruitmentConsent: asBool(d.consent_recruitment),
      openComplaints: Number(n),
      attempts: attempts.map((a) => ({ at: toDate(a.at)!.getTime(), outcome: a.outcome as AttemptOutcome })),
    };
  }

  async decide(donorId: number, purpose: ContactPurpose, medium: ContactMedium, now: Date = new Date()): Promise<ContactDecision> {
    const f = await this.facts(donorId, now);
    return decideContact({ now, purpose, medium, ...f }, this.rules);
  }

  /** Throws CONTACT_BLOCKED with the reasons when proactive contact is not allowed now. */
  async assertAllowed(donorId: number, purpose: ContactPurpose, medium: ContactMedium, now: Date = new Date()): Promise<ContactDecision> {
    const d = await this.decide(donorId, purpose, medium, now);
    if (!d.allowed) throw new DomainError('CONTACT_BLOCKED', describeBlock(d.reasons, d), { reasons: d.reasons, suppressedUntil: d.suppressedUntil, nextAllowedAt: d.nextAllowedAt });
    return d;
  }

  /**
   * The one gate of every outbound action (click-to-dial, call-back, campaign, care, non-service SMS): decides for
   * each donor the action reaches (a number can belong to several), audits a refusal ('contact.blocked') and a
   * declared service call ('contact.service'), and throws CONTACT_BLOCKED with the reasons in words.
   */
  async enforce(a: OutboundAction, now: Date = new Date()): Promise<void> {
    for (const donorId of new Set(a.donorIds)) {
      const d = await this.decide(donorId, a.purpose, a.medium, now);
      const detail = { purpose: a.purpose, medium: a.medium, via: a.via, reasons: d.reasons, suppressedUntil: d.suppressedUntil };
      if (!d.allowed) {
        await exclusive(this.ds, () => writeAudit(this.ds, { actorId: a.actorId, action: 'contact.blocked', subjectType: 'donor', subjectId: donorId, detail, at: now }));
        throw new DomainError('CONTACT_BLOCKED', describeBlock(d.reasons, d), { donorId, reasons: d.reasons, suppressedUntil: d.suppressedUntil, nextAllowedAt: d.nextAllowedAt });
      }
      if (a.purpose === 'service') await exclusive(this.ds, () => writeAudit(this.ds, { actorId: a.actorId, action: 'contact.service', subjectType: 'donor', subjectId: donorId, detail, at: now }));
    }
  }

  /** Records one contact attempt and its outcome (only purpose 'recruitment' counts towards the suppression rule). */
  async recordAttempt(a: AttemptWrite): Promise<number> {
    return (await exclusive(this.ds, () => exec(this.ds, 'INSERT INTO contact_attempt (donor_id, campaign_id, channel, outcome, agent_id, call_id, at, purpose) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      a.donorId, a.campaignId ?? null, a.channel, a.outcome, a.agentId, a.callId ?? null, sqlTime(a.at ?? new Date()), a.purpose,
    ]))).insertId;
  }
}

export interface OutboundAction {
  donorIds: readonly number[];
  purpose: ContactPurpose;
  medium: ContactMedium;
  actorId: number | null;
  /** What is asking: 'click-to-dial', 'task-callback', 'missed-callback', 'sms', 'campaign' … (audited). */
  via: string;
}

export interface AttemptWrite {
  donorId: number;
  purpose: ContactPurpose;
  channel: ContactMedium;
  outcome: AttemptOutcome;
  agentId: number | null;
  callId?: string | null;
  campaignId?: number | null;
  at?: Date;
}
