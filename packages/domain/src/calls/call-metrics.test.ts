import { describe, expect, it } from 'vitest';
import { callOutcome, segmentTalkSeconds, talkSeconds, waitSeconds } from './call-metrics.js';

const s = (n: number): number => n * 1000;

describe('call figures, defined once', () => {
  it('wait = queue entry → answer; the IVR before the queue is not wait', () => {
    // 40 s in the IVR, queued at 40 s, answered at 52 s
    expect(waitSeconds({ queuedAt: s(40), answeredAt: s(52), endedAt: s(90) })).toBe(12);
  });

  it('wait of a caller who gave up: queue entry → end; never queued: no wait', () => {
    expect(waitSeconds({ queuedAt: s(10), answeredAt: null, endedAt: s(25) })).toBe(15);
    expect(waitSeconds({ queuedAt: null, answeredAt: s(5), endedAt: s(25) })).toBeNull();
  });

  it('talk = answer → the last agent left, minus hold: the post-call survey is not talk', () => {
    // answered at 10 s, the agent hung up at 12 s (a 2 s conversation), the caller rated in the survey until 69 s
    expect(talkSeconds({ startedAt: 0, queuedAt: s(5), answeredAt: s(10), agentsLeftAt: s(12), endedAt: s(69), holdMs: 0 })).toBe(2);
    expect(talkSeconds({ startedAt: 0, queuedAt: s(5), answeredAt: s(10), agentsLeftAt: null, endedAt: s(70), holdMs: s(15) })).toBe(45);
    expect(talkSeconds({ startedAt: 0, queuedAt: s(5), answeredAt: null, agentsLeftAt: null, endedAt: s(70), holdMs: 0 })).toBe(0);
  });

  it('segment talk: the agent\'s answer → their leaving, minus their holds', () => {
    expect(segmentTalkSeconds(s(10), s(40), s(5))).toBe(25);
    expect(segmentTalkSeconds(s(10), null, 0)).toBe(0);
  });

  it('outcome: a call that rang an agent (a rejected training call) is abandoned, not ivr-only', () => {
    const base = { direction: 'inbound' as const, answered: false, transferred: false, queued: false, rang: false, hangupCause: null };
    expect(callOutcome(base)).toBe('ivr-only');
    expect(callOutcome({ ...base, rang: true })).toBe('abandoned');
    expect(callOutcome({ ...base, queued: true })).toBe('abandoned');
    expect(callOutcome({ ...base, answered: true })).toBe('answered');
    expect(callOutcome({ ...base, answered: true, transferred: true })).toBe('transferred');
    expect(callOutcome({ ...base, direction: 'outbound', hangupCause: '17' })).toBe('busy');
    expect(callOutcome({ ...base, direction: 'outbound' })).toBe('no-answer');
  });
});
