import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING_RULES, managerIsFree, recogniseByCallerId, routeCall, type ManagerSeat, type RoutingInput } from './routing-policy.js';

const ready: ManagerSeat = { ext: '8001', state: 'ready' };
const donor = (over: Partial<NonNullable<RoutingInput['donor']>> = {}): RoutingInput['donor'] => ({ donationCount: 5, knownBy: 'caller-id', accountManager: ready, ...over });

describe('routing policy', () => {
  it('unknown caller: default queue and priority, no preferred agent, no reason', () => {
    expect(routeCall({ topic: null, donor: null })).toEqual({
      queue: 'hotline', priority: 0, preferredAgent: null, preferredSecs: 0, greenChannel: false, reason: null, accountManagerSkipped: null,
    });
  });

  it('repeat donors (≥ 2 donations) get the green channel priority; one donation does not — by caller ID as by verification', () => {
    for (const knownBy of ['caller-id', 'verified'] as const) {
      expect(routeCall({ topic: 'booking', donor: donor({ donationCount: 1, knownBy, accountManager: null }) })).toMatchObject({ priority: 0, greenChannel: false });
      expect(routeCall({ topic: 'booking', donor: donor({ donationCount: 2, knownBy, accountManager: null }) })).toMatchObject({ priority: 10, greenChannel: true });
    }
  });

  it('a caller recognised by number rings their free account manager first, with the caller-ID reason', () => {
    expect(routeCall({ topic: null, donor: donor() })).toMatchObject({
      preferredAgent: '8001', preferredSecs: DEFAULT_ROUTING_RULES.preferAccountManagerSecs, reason: 'account-manager-caller-id', accountManagerSkipped: null,
      queue: 'hotline', priority: 10,
    });
  });

  it('a verified caller gets the verified reason', () => {
    expect(routeCall({ topic: null, donor: donor({ knownBy: 'verified' }) })).toMatchObject({ preferredAgent: '8001', reason: 'account-manager-verified' });
  });

  it('the manager rings at the extension they are signed in at', () => {
    expect(routeCall({ topic: null, donor: donor({ accountManager: { ext: '8017', state: 'ready' } }) }).preferredAgent).toBe('8017');
  });

  it.each([
    ['paused', { ext: '8001', state: 'paused' }],
    ['on a call', { ext: '8001', state: 'on-call' }],
    ['ringing', { ext: '8001', state: 'ringing' }],
    ['in wrap-up', { ext: '8001', state: 'wrap-up' }],
    ['unreachable (PBX link down)', { ext: '8001', state: 'unavailable' }],
    ['signed out', { ext: null, state: 'logged-out' }],
  ] as const)('a manager who is %s is passed over: the queue at once, the priority kept', (_label, seat) => {
    const r = routeCall({ topic: null, donor: donor({ accountManager: seat }) });
    expect(r).toMatchObject({ preferredAgent: null, preferredSecs: 0, reason: null, accountManagerSkipped: seat.state, queue: 'hotline', priority: 10, greenChannel: true });
  });

  it('a donor without an account manager: the queue, nothing skipped', () => {
    expect(routeCall({ topic: null, donor: donor({ accountManager: null }) })).toMatchObject({ preferredAgent: null, reason: null, accountManagerSkipped: null });
  });

  it('complaints go to the complaints queue (the account manager still first)', () => {
    expect(routeCall({ topic: 'complaint', donor: null }).queue).toBe('complaints');
    expect(routeCall({ topic: 'complaint', donor: donor() })).toMatchObject({ queue: 'complaints', preferredAgent: '8001' });
  });

  it('rules are configurable; 0 seconds turns the account manager step off', () => {
    const r = routeCall({ topic: null, donor: donor({ donationCount: 3, accountManager: { ext: '8002', state: 'ready' } }) }, { ...DEFAULT_ROUTING_RULES, repeatDonorMinDonations: 5, preferAccountManagerSecs: 8 });
    expect(r).toMatchObject({ greenChannel: false, priority: 0, preferredAgent: '8002', preferredSecs: 8 });
    expect(routeCall({ topic: null, donor: donor() }, { ...DEFAULT_ROUTING_RULES, preferAccountManagerSecs: 0 })).toMatchObject({ preferredAgent: null, preferredSecs: 0, reason: null });
  });
});

describe('recognition by caller ID', () => {
  it('a number of exactly one donor recognises that donor', () => {
    expect(recogniseByCallerId([42])).toBe(42);
    expect(recogniseByCallerId([42, 42])).toBe(42); // the same donor listed under two phone kinds
  });
  it('a shared (family) number or an unknown one recognises nobody', () => {
    expect(recogniseByCallerId([42, 43])).toBeNull();
    expect(recogniseByCallerId([])).toBeNull();
  });
  it('free means ready with an extension', () => {
    expect(managerIsFree({ ext: '8001', state: 'ready' })).toBe(true);
    expect(managerIsFree({ ext: null, state: 'ready' })).toBe(false);
    expect(managerIsFree(null)).toBe(false);
  });
});
