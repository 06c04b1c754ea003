import { describe, expect, it } from 'vitest';
import { donationPoints, honourProgress, redeemRefusal } from './points-rules.js';

describe('points rules', () => {
  it('earn per donation unit: 400 ml whole blood = 2 units, 2 platelet units = 2, a refused donation nothing', () => {
    expect(donationPoints({ type: 'whole-blood', date: '2026-01-01', outcome: 'completed', volumeMl: 400, units: null })).toBe(20);
    expect(donationPoints({ type: 'whole-blood', date: '2026-01-01', outcome: 'completed', volumeMl: 200, units: null })).toBe(10);
    expect(donationPoints({ type: 'platelets', date: '2026-01-01', outcome: 'completed', volumeMl: null, units: 2 })).toBe(20);
    expect(donationPoints({ type: 'platelets', date: '2026-01-01', outcome: 'rejected', volumeMl: null, units: 2 })).toBe(0);
    expect(donationPoints({ type: 'whole-blood', date: '2026-01-01', outcome: 'completed', volumeMl: 400, units: null }, { perDonationUnit: 3, perReferralDonated: 50 })).toBe(6);
  });

  it('redemption needs an active item in stock and enough points', () => {
    const item = { cost: 100, stock: 2, active: true };
    expect(redeemRefusal(100, item)).toBeNull();
    expect(redeemRefusal(99, item)).toBe('insufficient-points');
    expect(redeemRefusal(1000, { ...item, stock: 0 })).toBe('out-of-stock');
    expect(redeemRefusal(1000, item, 3)).toBe('out-of-stock');
    expect(redeemRefusal(1000, { ...item, active: false })).toBe('inactive');
    expect(redeemRefusal(1000, item, 0)).toBe('bad-quantity');
    expect(redeemRefusal(1000, item, 1.5)).toBe('bad-quantity');
  });

  it('progress to the next honour (bronze 20, silver 30, gold 40)', () => {
    expect(honourProgress(0)).toEqual({ units: 0, level: null, next: { level: 'bronze', at: 20, missing: 20 }, percent: 0 });
    expect(honourProgress(15)).toMatchObject({ level: null, next: { level: 'bronze', missing: 5 }, percent: 75 });
    expect(honourProgress(25)).toMatchObject({ level: 'bronze', next: { level: 'silver', at: 30, missing: 5 }, percent: 50 });
    expect(honourProgress(40)).toEqual({ units: 40, level: 'gold', next: null, percent: 100 });
  });
});
