import { describe, expect, it } from 'vitest';
import { DEFAULT_WALLBOARD_THRESHOLDS as TH, levelAbove, serviceLevelLevel, wallboardAlerts } from './alerts.js';

describe('wallboard thresholds and alerts', () => {
  it('levels', () => {
    expect([levelAbove(59, 60, 120), levelAbove(60, 60, 120), levelAbove(120, 60, 120)]).toEqual(['ok', 'warn', 'alert']);
    expect([serviceLevelLevel(0.85, 0.8, 0.1), serviceLevelLevel(0.75, 0.8, 0.1), serviceLevelLevel(0.6, 0.8, 0.1), serviceLevelLevel(null, 0.8, 0.1)]).toEqual(['ok', 'warn', 'alert', 'ok']);
  });

  it('long wait, many waiting, agents too long in wrap-up or pause, overdue tasks; red first', () => {
    const a = wallboardAlerts({
      queues: [
        { queue: 'hotline', waiting: 7, longestWaitSeconds: 75, serviceLevel: 0.9, abandonRate: 0.02 },
        { queue: 'complaints', waiting: 0, longestWaitSeconds: 500, serviceLevel: null, abandonRate: null },
      ],
      agents: [
        { extension: '8001', state: 'wrap-up', secondsInState: TH.wrapUpAlertSeconds },
        { extension: '8002', state: 'paused', secondsInState: TH.pauseAlertSeconds - 1 },
        { extension: '8003', state: 'on-call', secondsInState: 9999 },
      ],
      overdueTasks: 2,
      slTarget: 0.8,
    });
    expect(a.map((x) => `${x.level}:${x.kind}:${x.subject}`)).toEqual([
      'alert:many-waiting:hotline', 'alert:wrap-up-long:8001', 'warn:long-wait:hotline', 'warn:tasks-overdue:work',
    ]);
  });
});
