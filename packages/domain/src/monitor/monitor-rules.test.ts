import { describe, expect, it } from 'vitest';
import { closeSpans, mayMonitor, monitorCallerName, monitorModesFor, secondsByMode, shouldAutoAnswerSpyLeg, switchSpan } from './monitor-rules.js';

describe('monitor rules', () => {
  it('supervisors use every mode, quality only listens, agents and admins none', () => {
    expect(monitorModesFor('supervisor')).toEqual(['listen', 'whisper', 'barge']);
    expect(mayMonitor('quality', 'listen')).toBe(true);
    expect(mayMonitor('quality', 'whisper')).toBe(false);
    expect(mayMonitor('quality', 'barge')).toBe(false);
    expect(mayMonitor('agent')).toBe(false);
    expect(mayMonitor('admin', 'listen')).toBe(false);
  });

  it('keeps from–to per mode and sums the seconds', () => {
    let spans = switchSpan([], 'listen', '2026-12-07T08:00:00.000Z');
    spans = switchSpan(spans, 'whisper', '2026-12-07T08:00:30.000Z');
    spans = switchSpan(spans, 'barge', '2026-12-07T08:00:40.000Z');
    spans = closeSpans(spans, '2026-12-07T08:01:40.000Z');
    expect(spans).toEqual([
      { mode: 'listen', from: '2026-12-07T08:00:00.000Z', to: '2026-12-07T08:00:30.000Z' },
      { mode: 'whisper', from: '2026-12-07T08:00:30.000Z', to: '2026-12-07T08:00:40.000Z' },
      { mode: 'barge', from: '2026-12-07T08:00:40.000Z', to: '2026-12-07T08:01:40.000Z' },
    ]);
    expect(secondsByMode(spans)).toEqual({ listen: 30, whisper: 10, barge: 60 });
  });

  it('the softphone answers only its own pending spy leg', () => {
    expect(monitorCallerName('8001')).toBe('监听 8001');
    expect(shouldAutoAnswerSpyLeg('监听 8001', true)).toBe(true);
    expect(shouldAutoAnswerSpyLeg('监听 8001', false)).toBe(false);
    expect(shouldAutoAnswerSpyLeg('张三', true)).toBe(false);
  });
});
