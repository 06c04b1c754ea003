import { describe, expect, it } from 'vitest';
import type { DonationFact } from '../donations/donation.types.js';
import { eligibleForPlateletsOn, rankDonors, type RankCandidate } from './ranking.js';

const plt = (date: string): DonationFact => ({ type: 'platelets', date, outcome: 'completed', units: 2 });
const wb = (date: string): DonationFact => ({ type: 'whole-blood', date, outcome: 'completed', volumeMl: 400 });
const now = new Date('2026-12-07T02:00:00Z'); // 10:00 in Shanghai

const cand = (over: Partial<RankCandidate> = {}): RankCandidate => ({
  donorId: 1, name: '张三', phoneMasked: '138****0001', group: 'O+', gender: 'male', birthDate: '1990-01-01', weightKg: 70, hadAdverseReaction: false,
  donations: [plt('2026-10-01')], deferrals: [], plateletCount: 1, totalCount: 1, lastDonationOn: '2026-10-01', showed: 0, noShow: 0,
  preferredSiteId: null, areas: [], accountManager: null, doNotCall: false, recruitmentConsent: true, openComplaints: 0, attempts: [], ...over,
});
const opts = { targetDay: '2026-12-10', group: 'O+' as const, limit: 50, now };

describe('planning — eligibility on the target day', () => {
  it('a platelet donor 14 days ago is eligible on the day the interval ends, not the day before (GB 18467-2011)', () => {
    const c = cand({ donations: [plt('2026-11-26')] });
    expect(eligibleForPlateletsOn(c, '2026-12-09')).toBe(false);
    expect(eligibleForPlateletsOn(c, '2026-12-10')).toBe(true);
  });

  it('whole blood blocks apheresis for 3 months; a deferral until the target day blocks until it ends', () => {
    expect(eligibleForPlateletsOn(cand({ donations: [wb('2026-10-01')] }), '2026-12-10')).toBe(false);
    expect(eligibleForPlateletsOn(cand({ deferrals: [{ until: '2026-12-11', reason: '感冒' }] }), '2026-12-10')).toBe(false);
    expect(eligibleForPlateletsOn(cand({ deferrals: [{ until: '2026-12-10', reason: '感冒' }] }), '2026-12-10')).toBe(true);
  });

  it('the 24-per-year platelet cap counts on the target day', () => {
    const dates = Array.from({ length: 24 }, (_, i) => plt(new Date(Date.UTC(2026, 0, 5 + i * 14)).toISOString().slice(0, 10)));
    expect(eligibleForPlateletsOn(cand({ donations: dates }), '2026-12-30')).toBe(false);
  });
});

describe('planning — the ranked list', () => {
  it('lists eligible, contactable donors of the group, best first, each with its reasons', () => {
    const r = rankDonors([
      cand({ donorId: 1 }),
      cand({ donorId: 2, plateletCount: 8, showed: 5, noShow: 0, preferredSiteId: 3, lastDonationOn: '2026-10-01' }),
      cand({ donorId: 3, group: 'A+' }),
      cand({ donorId: 4, donations: [plt('2026-12-01')] }), // interval not over on 12-10
      cand({ donorId: 5, doNotCall: true }),
      cand({ donorId: 6, recruitmentConsent: false }),
      cand({ donorId: 7, plateletCount: 0, totalCount: 3, donations: [wb('2025-01-01')] }),
    ], { ...opts, siteIds: [3] });
    expect(r.items.map((i) => i.donorId)).toEqual([2, 1]);
    expect(r.items[0]!.reasons.map((x) => x.code)).toEqual(['platelet-history', 'shows-up', 'site-preference', 'recent']);
    expect(r.excluded).toEqual({ 'wrong-group': 1, 'not-eligible': 1, 'do-not-call': 1, 'no-consent': 1, 'no-platelet-history': 1 });
  });

  it('a donor near a site that needs donors ranks above an equal one across town (district, not geocoding)', () => {
    const r = rankDonors([cand({ donorId: 1, areas: ['崂山区'] }), cand({ donorId: 2, areas: ['市南区'] }), cand({ donorId: 3, areas: ['市南区'], preferredSiteId: 3 })], { ...opts, siteIds: [3], siteDistricts: ['市南区'] });
    expect(r.items.map((i) => i.donorId)).toEqual([3, 2, 1]);
    expect(r.items[1]!.reasons.find((x) => x.code === 'nearby')).toEqual({ code: 'nearby', points: 8, detail: { district: '市南区' } });
    // who already gives at the site is counted once (site preference), not twice
    expect(r.items[0]!.reasons.map((x) => x.code)).not.toContain('nearby');
    expect(rankDonors([cand({ areas: ['市南区'] })], opts).items[0]!.reasons.map((x) => x.code)).not.toContain('nearby');
  });

  it('5 failed recruitment attempts suppress a donor (contact policy)', () => {
    const attempts = Array.from({ length: 5 }, (_, i) => ({ at: `2026-1${i < 2 ? 0 : 1}-0${i + 1}T03:00:00Z`, outcome: 'no-answer' as const }));
    expect(rankDonors([cand({ attempts })], opts).excluded).toEqual({ suppressed: 1 });
  });

  it('emergency mode widens to repeat whole-blood donors and puts account managers first', () => {
    const list = [
      cand({ donorId: 1, plateletCount: 9, showed: 4 }),
      cand({ donorId: 2, plateletCount: 0, totalCount: 2, donations: [wb('2025-06-01')], lastDonationOn: '2025-06-01', accountManager: { id: 9, name: '王经理' } }),
    ];
    expect(rankDonors(list, opts).items.map((i) => i.donorId)).toEqual([1]);
    const e = rankDonors(list, { ...opts, emergency: true });
    expect(e.items.map((i) => i.donorId)).toEqual([2, 1]);
    expect(e.items[0]!.reasons.map((x) => x.code)).toContain('account-manager');
  });
});
