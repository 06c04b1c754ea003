import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING_RULES, routeCall } from './routing-policy.js';

describe('routing policy', () => {
  it('unknown caller: default queue and priority, no preferred agent', () => {
    expect(routeCall({ topic: null, donor: null })).toEqual({ queue: 'hotline', priority: 0, preferredAgent: null, preferredSecs: 0, greenChannel: false });
  });
  it('repeat donors (≥ 2 donations) get the green channel priority; one donation does not', () => {
    expect(routeCall({ topic: 'booking', donor: { donationCount: 1, accountManagerExtension: null } })).toMatchObject({ priority: 0, greenChannel: false });
    expect(routeCall({ topic: 'booking', donor: { donationCount: 2, accountManagerExtension: null } })).toMatchObject({ priority: 10, greenChannel: true });
  });
  it('the account manager is tried first for the configured seconds', () => {
    expect(routeCall({ topic: null, donor: { donationCount: 5, accountManagerExtension: '8001' } })).toMatchObject({ preferredAgent: '8001', preferredSecs: DEFAULT_ROUTING_RULES.preferAccountManagerSecs });
  });
  it('complaints go to the complaints queue', () => {
    expect(routeCall({ topic: 'complaint', donor: null }).queue).toBe('complaints');
  });
  it('rules are configurable', () => {
    const r = routeCall({ topic: null, donor: { donationCount: 3, accountManagerExtension: '8002' } }, { ...DEFAULT_ROUTING_RULES, repeatDonorMinDonations: 5, preferAccountManagerSecs: 8 });
    expect(r).toMatchObject({ greenChannel: false, priority: 0, preferredSecs: 8 });
  });
});
