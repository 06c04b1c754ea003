import { describe, expect, it } from 'vitest';
import { calibrationSpread } from './calibration.js';
import { qaTransition } from './qa-policy.js';
import { DEFAULT_QA_SAMPLING, qaWeekOf, selectForQa, type QaCallFacts } from './sampling.js';

const base = (id: number, over: Partial<QaCallFacts> = {}): QaCallFacts => ({
  segmentId: id, agentId: 7, startedAt: new Date('2026-12-08T02:00:00Z'), talkSeconds: 120,
  complaint: false, surveyMin: null, callbackTask: false, queued: false, ...over,
});
const noRandom = { ...DEFAULT_QA_SAMPLING, percentPerAgentWeek: 0 };

describe('selectForQa', () => {
  it('takes every complaint, low survey, long call and callback-task call, with all their reasons', () => {
    const s = selectForQa([
      base(1, { complaint: true }), base(2, { surveyMin: 2 }), base(3, { surveyMin: 3 }), base(4, { talkSeconds: 601 }),
      base(5, { talkSeconds: 600 }), base(6, { callbackTask: true, complaint: true }), base(7),
    ], noRandom);
    expect(s).toEqual([
      { segmentId: 1, reasons: ['complaint'] }, { segmentId: 2, reasons: ['low-survey'] }, { segmentId: 4, reasons: ['long-call'] },
      { segmentId: 6, reasons: ['complaint', 'callback-task'] },
    ]);
  });

  it('never queues a call twice, nor a call without an agent', () => {
    expect(selectForQa([base(1, { complaint: true, queued: true }), base(2, { complaint: true, agentId: null })], noRandom)).toEqual([]);
  });

  it('samples ceil(N %) of each agent\'s calls per week, reproducibly, minus those already sampled', () => {
    const week1 = Array.from({ length: 40 }, (_, i) => base(100 + i));
    const other = Array.from({ length: 10 }, (_, i) => base(200 + i, { agentId: 8 }));
    const nextWeek = Array.from({ length: 10 }, (_, i) => base(300 + i, { startedAt: new Date('2026-12-15T02:00:00Z') }));
    const rules = { ...DEFAULT_QA_SAMPLING, percentPerAgentWeek: 10 };
    const s = selectForQa([...week1, ...other, ...nextWeek], rules);
    expect(s.filter((x) => x.segmentId < 200)).toHaveLength(4);
    expect(s.filter((x) => x.segmentId >= 200 && x.segmentId < 300)).toHaveLength(1);
    expect(s.filter((x) => x.segmentId >= 300)).toHaveLength(1);
    expect(selectForQa([...week1, ...other, ...nextWeek], rules)).toEqual(s);
    // a second run after those were queued adds nothing
    const picked = new Set(s.map((x) => x.segmentId));
    const again = [...week1, ...other, ...nextWeek].map((f) => (picked.has(f.segmentId) ? { ...f, queued: true, queuedRandom: true } : f));
    expect(selectForQa(again, rules)).toEqual([]);
  });

  it('weeks start on Monday, Asia/Shanghai', () => {
    expect(qaWeekOf(new Date('2026-12-13T15:59:00Z'))).toBe('2026-12-07'); // Sunday 23:59 local
    expect(qaWeekOf(new Date('2026-12-13T16:00:00Z'))).toBe('2026-12-14'); // Monday 00:00 local
  });
});

describe('calibrationSpread', () => {
  it('mean, population standard deviation, range and the questions answered differently', () => {
    const s = calibrationSpread([
      { score: 80, answers: { a: 'yes', b: 4 } }, { score: 90, answers: { a: 'yes', b: 5 } }, { score: 100, answers: { a: 'yes', b: 5 } },
    ]);
    expect(s).toMatchObject({ count: 3, mean: 90, min: 80, max: 100, range: 20, variance: 66.67, stdDev: 8.16, disagreements: ['b'] });
    expect(calibrationSpread([]).mean).toBeNull();
  });
});

describe('qaTransition', () => {
  it('agents respond once to a submitted evaluation; only disputes are resolved', () => {
    expect(qaTransition('submitted', 'acknowledge')).toBe('acknowledged');
    expect(qaTransition('submitted', 'dispute')).toBe('disputed');
    expect(qaTransition('disputed', 'resolve')).toBe('resolved');
    expect(() => qaTransition('acknowledged', 'dispute')).toThrow(/CONFLICT|cannot/);
    expect(() => qaTransition('draft', 'acknowledge')).toThrow();
    expect(() => qaTransition('submitted', 'resolve')).toThrow();
  });
});
