/**
 * The ranked call list: donors of the group who are eligible for apheresis on the target day (GB 18467 intervals,
 * deferrals, the 24-per-year cap — eligibility/), contactable for recruitment (contact-policy/), ordered by how
 * likely they are to come, each with the reasons they are listed. Emergency mode widens the list to repeat donors
 * without platelet history and puts donors with an account manager first (a known voice gets a "yes" in a crisis).
 */
import { decideContact, DEFAULT_CONTACT_RULES, type ContactBlockReason, type ContactPolicyRules, type RecruitmentAttempt } from '../contact-policy/contact-policy.js';
import { counts, type DonationFact } from '../donations/donation.types.js';
import type { BloodType, Gender } from '../donors/donor.types.js';
import { isFailedRecruitment } from '../tickets/ticket.types.js';
import { computeEligibility, type DeferralFact } from '../eligibility/eligibility.js';
import { DEFAULT_RULE_SET, type EligibilityRuleSet } from '../eligibility/rule-set.js';
import { daysBetween, type LocalDate } from '../time/local-date.js';

export interface RankCandidate {
  donorId: number;
  name: string;
  phoneMasked: string | null;
  group: BloodType;
  gender: Gender;
  birthDate: LocalDate | null;
  weightKg: number | null;
  hadAdverseReaction: boolean;
  /** Donations that matter for eligibility (the last 13 months and the last of each type). */
  donations: readonly DonationFact[];
  deferrals: readonly DeferralFact[];
  /** Counted platelet donations over the whole history. */
  plateletCount: number;
  totalCount: number;
  lastDonationOn: LocalDate | null;
  showed: number;
  noShow: number;
  /** The site the donor gives at most. */
  preferredSiteId: number | null;
  /**
   * Districts (区/县) the donor is near: the one named in their address and the one of the site they give at most.
   * Distance without geocoding — a district is what a donor weighs ("is it on my side of town").
   */
  areas: readonly string[];
  accountManager: { id: number; name: string } | null;
  doNotCall: boolean;
  recruitmentConsent: boolean;
  openComplaints: number;
  attempts: readonly RecruitmentAttempt[];
}

export const RANK_REASONS = ['platelet-history', 'shows-up', 'site-preference', 'nearby', 'account-manager', 'recent', 'whole-blood-donor'] as const;
export type RankReasonCode = (typeof RANK_REASONS)[number];

export interface RankReason {
  code: RankReasonCode;
  points: number;
  detail: Readonly<Record<string, string | number>>;
}

export interface RankedDonor {
  donorId: number;
  name: string;
  phoneMasked: string | null;
  group: BloodType;
  score: number;
  reasons: RankReason[];
  accountManager: { id: number; name: string } | null;
  preferredSiteId: number | null;
  lastDonationOn: LocalDate | null;
  plateletCount: number;
}

export type ExclusionCode = 'not-eligible' | 'no-platelet-history' | 'wrong-group' | ContactBlockReason;

export interface RankOptions {
  targetDay: LocalDate;
  group: BloodType;
  emergency?: boolean;
  /** Sites that need donors on the target day (site preference counts only for them). */
  siteIds?: readonly number[];
  /** The districts of those sites (a donor near one of them is more likely to come). */
  siteDistricts?: readonly string[];
  limit: number;
  now: Date | number;
  rules?: EligibilityRuleSet;
  contactRules?: ContactPolicyRules;
}

export interface RankResult {
  items: RankedDonor[];
  /** Candidates looked at and why the others are not on the list. */
  considered: number;
  excluded: Partial<Record<ExclusionCode, number>>;
}

/** Is the donor allowed to give apheresis platelets on `day`? Eligibility computed *for that day*, not today. */
export function eligibleForPlateletsOn(c: Pick<RankCandidate, 'birthDate' | 'gender' | 'weightKg' | 'hadAdverseReaction' | 'donations' | 'deferrals'>, day: LocalDate, rules: EligibilityRuleSet = DEFAULT_RULE_SET): boolean {
  const r = computeEligibility({ today: day, birthDate: c.birthDate, gender: c.gender, weightKg: c.weightKg, hadAdverseReaction: c.hadAdverseReaction, donations: c.donations, deferrals: c.deferrals }, rules);
  return r.byType.platelets.eligibleNow;
}

/** Points and reasons; the points are a transparent likelihood-to-come score, not a model. */
export function scoreCandidate(c: RankCandidate, o: Pick<RankOptions, 'targetDay' | 'siteIds' | 'siteDistricts'>): RankReason[] {
  const reasons: RankReason[] = [];
  if (c.plateletCount > 0) reasons.push({ code: 'platelet-history', points: Math.min(c.plateletCount, 10) * 4, detail: { count: c.plateletCount } });
  else if (c.totalCount > 0) reasons.push({ code: 'whole-blood-donor', points: 5, detail: { count: c.totalCount } });
  if (c.showed + c.noShow > 0) reasons.push({ code: 'shows-up', points: Math.round((20 * c.showed) / (c.showed + c.noShow)), detail: { showed: c.showed, noShow: c.noShow } });
  if (c.preferredSiteId !== null && (o.siteIds ?? []).includes(c.preferredSiteId)) reasons.push({ code: 'site-preference', points: 15, detail: { siteId: c.preferredSiteId } });
  else {
    const near = c.areas.find((a) => (o.siteDistricts ?? []).includes(a));
    if (near) reasons.push({ code: 'nearby', points: 8, detail: { district: near } });
  }
  if (c.accountManager) reasons.push({ code: 'account-manager', points: 10, detail: { name: c.accountManager.name } });
  if (c.lastDonationOn) {
    const ago = daysBetween(c.lastDonationOn, o.targetDay);
    if (ago <= 365) reasons.push({ code: 'recent', points: ago <= 180 ? 15 : 8, detail: { days: ago } });
  }
  return reasons;
}

export function rankDonors(cands: readonly RankCandidate[], o: RankOptions): RankResult {
  const excluded: Partial<Record<ExclusionCode, number>> = {};
  const out = (code: ExclusionCode): void => {
    excluded[code] = (excluded[code] ?? 0) + 1;
  };
  const items: RankedDonor[] = [];
  const push = (c: RankCandidate): void => {
    const reasons = scoreCandidate(c, o);
    items.push({
      donorId: c.donorId, name: c.name, phoneMasked: c.phoneMasked, group: c.group, score: reasons.reduce((a, r) => a + r.points, 0), reasons,
      accountManager: c.accountManager, preferredSiteId: c.preferredSiteId, lastDonationOn: c.lastDonationOn, plateletCount: c.plateletCount,
    });
  };
  for (const c of cands) {
    if (c.group !== o.group) { out('wrong-group'); continue; }
    if (c.plateletCount === 0 && !(o.emergency && c.donations.some(counts))) { out('no-platelet-history'); continue; }
    // hours are the dialer's concern (tasks are worked within them); everything else blocks listing. Suppression
    // needs at least `failedAttemptsLimit` failed attempts: below that the full replay cannot block (and is skipped)
    const rules = o.contactRules ?? DEFAULT_CONTACT_RULES;
    const mayBlock = c.doNotCall || !c.recruitmentConsent || c.openComplaints > 0 || c.attempts.filter((a) => isFailedRecruitment(a.outcome)).length >= rules.failedAttemptsLimit;
    if (!mayBlock) {
      if (!eligibleForPlateletsOn(c, o.targetDay, o.rules)) { out('not-eligible'); continue; }
      push(c);
      continue;
    }
    const d = decideContact({ now: o.now, purpose: 'recruitment', medium: 'voice', doNotCall: c.doNotCall, recruitmentConsent: c.recruitmentConsent, openComplaints: c.openComplaints, attempts: c.attempts }, rules);
    const block = d.reasons.find((r) => r !== 'outside-hours');
    if (block) { out(block); continue; }
    if (!eligibleForPlateletsOn(c, o.targetDay, o.rules)) { out('not-eligible'); continue; }
    push(c);
  }
  items.sort((a, b) => (o.emergency ? Number(!!b.accountManager) - Number(!!a.accountManager) : 0) || b.score - a.score || a.donorId - b.donorId);
  return { items: items.slice(0, o.limit), considered: cands.length, excluded };
}
