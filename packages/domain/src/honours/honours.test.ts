import { describe, expect, it } from 'vitest';
import type { DonationFact } from '../donations/donation.types.js';
import { donationUnits, honourLevel, unitsToNextHonour } from './honours.js';

const wb = (volumeMl: number | null, outcome: DonationFact['outcome'] = 'completed'): DonationFact => ({ type: 'whole-blood', date: '2026-01-01', outcome, volumeMl });
const plt = (units: number | null): DonationFact => ({ type: 'platelets', date: '2026-01-01', outcome: 'completed', units });

describe('honours (无偿献血奉献奖)', () => {
  it('counts units: 200 ml = 1, 400 ml = 2, 300 ml = 1, platelets per therapeutic unit, plasma 1; rejected counts 0', () => {
    expect(donationUnits([wb(200), wb(400), wb(300)])).toBe(4);
    expect(donationUnits([plt(2), plt(1), plt(null)])).toBe(4);
    expect(donationUnits([{ type: 'plasma', date: '2026-01-01', outcome: 'completed' }])).toBe(1);
    expect(donationUnits([wb(400, 'rejected'), wb(400, 'partial')])).toBe(2);
    expect(donationUnits([wb(null)])).toBe(1);
  });
  it('levels at the thresholds: bronze 20, silver 30, gold 40', () => {
    expect(honourLevel(19)).toBeNull();
    expect(honourLevel(20)).toBe('bronze');
    expect(honourLevel(29)).toBe('bronze');
    expect(honourLevel(30)).toBe('silver');
    expect(honourLevel(39)).toBe('silver');
    expect(honourLevel(40)).toBe('gold');
  });
  it('units to the next level; null at gold; configurable rules', () => {
    expect(unitsToNextHonour(0)).toEqual({ level: 'bronze', missing: 20 });
    expect(unitsToNextHonour(25)).toEqual({ level: 'silver', missing: 5 });
    expect(unitsToNextHonour(40)).toBeNull();
    expect(honourLevel(10, { bronze: 10, silver: 15, gold: 20, mlPerUnit: 200 })).toBe('bronze');
  });
});
