import type { DataSource, EntityManager } from 'typeorm';
import {
  decideContact, DEFAULT_CONTACT_RULES, type ContactDecision, type ContactMedium, type ContactPolicyRules, type ContactPurpose, type RecruitmentAttempt,
} from '../../contact-policy/contact-policy.js';
import { DomainError } from '../../errors.js';
import type { AttemptOutcome } from '../../tickets/ticket.types.js';
import { asBool, rows, sqlTime, toDate } from '../sql.js';

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
    const attempts = await rows(m, 'SELECT at, outcome FROM contact_attempt WHERE donor_id = ? AND at >= ? ORDER BY at', [donorId, sqlTime(since)]);
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
    if (!d.allowed) throw new DomainError('CONTACT_BLOCKED', `不可联系 / contact blocked: ${d.reasons.join(', ')}`, { reasons: d.reasons, suppressedUntil: d.suppressedUntil, nextAllowedAt: d.nextAllowedAt });
    return d;
  }
}
