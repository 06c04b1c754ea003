import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useDeviceStore } from './device.store.js';

describe('device store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('says the phone is down only for a seat, and since when; the trunk separately', () => {
    const s = useDeviceStore();
    s.set({ extension: null, phone: 'unavailable', trunk: 'available' });
    expect(s.phoneDown).toBe(false);
    s.set({ extension: '8001', phone: 'unavailable', trunk: 'unavailable' });
    expect(s.phoneDown).toBe(true);
    expect(s.trunkDown).toBe(true);
    const since = s.phoneDownSince;
    expect(since).not.toBeNull();
    s.set({ extension: '8001', phone: 'available', trunk: 'available' });
    expect(s.phoneDown).toBe(false);
    expect(s.trunkDown).toBe(false);
    expect(s.phoneDownSince).toBeNull();
    s.reset();
    expect(s.status).toBeNull();
  });
});
