import { describe, expect, it } from 'vitest';
import { monitorConfig } from './monitor-config.js';

const fail = (m: string): Error => new Error(m);

describe('monitor config', () => {
  it('defaults: the agent is told when the supervisor speaks; the phone rings 30 s', () => {
    expect(monitorConfig({}, fail)).toEqual({ announce: 'speak', ringSeconds: 30 });
    expect(monitorConfig({ MONITOR_ANNOUNCE: 'ALL', MONITOR_RING_SECONDS: '20' }, fail)).toEqual({ announce: 'all', ringSeconds: 20 });
  });

  it('refuses what it does not understand, naming the variable', () => {
    expect(() => monitorConfig({ MONITOR_ANNOUNCE: 'yes' }, fail)).toThrow(/MONITOR_ANNOUNCE/);
    expect(() => monitorConfig({ MONITOR_RING_SECONDS: '2' }, fail)).toThrow(/MONITOR_RING_SECONDS/);
  });
});
