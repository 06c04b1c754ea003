/**
 * Who gets a recruitment invitation SMS (issue 13 + 14: SMS campaigns). The contact policy decides every recipient,
 * right before the message is written into the outbox: do-not-call and open complaints win, consent to recruitment is
 * required (and to SMS), the 5-failures suppression counts attempts across campaigns and channels, a number that
 * replied TD gets nothing, and the per-donor frequency cap keeps anyone from getting two recruitment contacts (an
 * invitation, a recall call) within a few days. Outside the allowed hours nobody is blocked: the recipient waits.
 */
import { decideContact, DEFAULT_CONTACT_RULES, type ContactBlockReason, type ContactPolicyRules, type RecruitmentAttempt } from '../contact-policy/contact-policy.js';

export const INVITATION_BLOCK_REASONS = [
  'do-not-call', 'open-complaint', 'no-consent', 'suppressed', 'no-sms-consent', 'no-mobile', 'opted-out', 'frequency-cap',
] as const;
export type InvitationBlockReason = (typeof INVITATION_BLOCK_REASONS)[number];

/** What the policy needs to know about one recipient (loaded in bulk by the database layer). */
export interface InvitationFacts {
  doNotCall: boolean;
  recruitmentConsent: boolean;
  smsConsent: boolean;
  openComplaints: number;
  /** The mobile the invitation would go to (E.164), or null. */
  mobile: string | null;
  /** The number replied TD/退订 (sms_opt_out). */
  optedOut: boolean;
  /** Recruitment attempts across campaigns and channels (voice and SMS), oldest first. */
  attempts: readonly RecruitmentAttempt[];
}

export interface InvitationRules {
  /** No second recruitment contact (any channel) within this many days. */
  frequencyCapDays: number;
  contact: ContactPolicyRules;
}

export const DEFAULT_FREQUENCY_CAP_DAYS = 7;

export type InvitationDecision =
  | { kind: 'send' }
  /** Only the hours stand in the way: try again at `at` (epoch ms). */
  | { kind: 'wait'; at: number }
  | { kind: 'blocked'; reasons: InvitationBlockReason[]; suppressedUntil: string | null };

export function decideInvitation(f: InvitationFacts, now: Date | number, rules: InvitationRules = { frequencyCapDays: DEFAULT_FREQUENCY_CAP_DAYS, contact: DEFAULT_CONTACT_RULES }): InvitationDecision {
  const d = decideContact({ now, purpose: 'recruitment', medium: 'sms', doNotCall: f.doNotCall, recruitmentConsent: f.recruitmentConsent, openComplaints: f.openComplaints, attempts: f.attempts }, rules.contact);
  const reasons: InvitationBlockReason[] = d.reasons.filter((r): r is Exclude<ContactBlockReason, 'outside-hours'> => r !== 'outside-hours');
  if (!f.smsConsent) reasons.push('no-sms-consent');
  if (!f.mobile) reasons.push('no-mobile');
  else if (f.optedOut) reasons.push('opted-out');
  const t = typeof now === 'number' ? now : now.getTime();
  const since = t - rules.frequencyCapDays * 86_400_000;
  if (rules.frequencyCapDays > 0 && f.attempts.some((a) => { const at = new Date(a.at).getTime(); return at > since && at <= t; })) reasons.push('frequency-cap');
  if (reasons.length) return { kind: 'blocked', reasons, suppressedUntil: d.suppressedUntil };
  if (d.reasons.includes('outside-hours')) return { kind: 'wait', at: d.nextAllowedAt ?? t + 60_000 };
  return { kind: 'send' };
}
