import { describe, expect, it } from 'vitest';
import { DEFAULT_ATTENDANCE_RULES, noShowTaskKey, noShowWindow, showUpRate, wantsFollowUp } from './attendance.js';

// 2026-12-07 08:00 in Qingdao
const NOW = new Date('2026-12-07T00:00:00Z');

describe('attendance rules', () => {
  it('a booking can be a no-show from the day after its day; the window looks back two weeks', () => {
    expect(noShowWindow(NOW)).toEqual({ from: '2026-11-23', to: '2026-12-06' });
    // 2026-12-06 23:59 local is still "yesterday" at 00:01 local
    expect(noShowWindow(new Date('2026-12-06T16:01:00Z'))).toEqual({ from: '2026-11-23', to: '2026-12-06' });
    expect(noShowWindow(NOW, { ...DEFAULT_ATTENDANCE_RULES, graceDays: 1 }).to).toBe('2026-12-05');
  });
  it('follow-ups only for recent no-shows', () => {
    expect(wantsFollowUp('2026-12-04', NOW)).toBe(true);
    expect(wantsFollowUp('2026-12-03', NOW)).toBe(false);
  });
  it('show-up rate: arrived over settled; none settled → null', () => {
    expect(showUpRate({ arrived: 8, noShow: 2 })).toBe(0.8);
    expect(showUpRate({ arrived: 0, noShow: 0 })).toBeNull();
    expect(noShowTaskKey(12)).toBe('no-show:appointment:12');
  });
});
