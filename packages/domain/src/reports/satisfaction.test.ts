import { describe, expect, it } from 'vitest';
import { isoWeekOf, satisfactionLowRows, satisfactionReport, type SurveyFact } from './satisfaction.js';

const fact = (o: Partial<SurveyFact>): SurveyFact => ({
  channel: 'sms', at: '2026-12-07T02:00:00.000Z', siteId: 1, siteName: '献血屋', agentId: null, agentName: null, donorId: 1, donorName: '甲', donorKind: 'repeat', answers: [], ...o,
});
const task = (done: string | null, due = '2026-12-08T02:00:00.000Z') => ({ id: 9, status: done ? 'resolved' : 'assigned', outcome: !!done, doneAt: done, dueAt: due, owner: '客户经理' });

describe('satisfaction figures', () => {
  const facts: SurveyFact[] = [
    fact({ answers: [{ at: '2026-12-07T03:00:00.000Z', score: 5, task: null }] }),
    fact({ answers: [{ at: '2026-12-07T03:00:00.000Z', score: 2, task: task('2026-12-07T09:00:00.000Z') }] }),
    fact({ donorKind: 'first-time', answers: [{ at: '2026-12-07T03:00:00.000Z', score: null, task: task('2026-12-09T03:00:00.000Z') }] }), // 不满意, called back late
    fact({ donorKind: 'first-time', answers: [] }),
    fact({ channel: 'ivr', siteId: null, siteName: null, agentId: 7, agentName: '坐席甲', donorKind: 'unknown', at: '2026-12-08T17:00:00.000Z', answers: [{ at: '2026-12-08T17:01:00.000Z', score: 1, task: task(null) }] }),
  ];
  it('sent, answered, response rate, distribution and average over scored answers, low and their callbacks', () => {
    const { total } = satisfactionReport(facts, 'day');
    expect(total).toMatchObject({ sent: 5, answered: 4, responseRate: 0.8, score1: 1, score2: 1, score5: 1, average: 2.67, low: 3, callbacksDone: 2, callbacksInTime: 1, avgCallbackHours: 27 });
  });
  it('groups by local day (a call at 01:00 local is the next day), site, agent, donor kind', () => {
    expect(satisfactionReport(facts, 'day').rows.map((r) => [r.bucket, r.sent])).toEqual([['2026-12-07', 4], ['2026-12-09', 1]]);
    expect(satisfactionReport(facts, 'site').rows.map((r) => [r.bucket, r.sent])).toEqual([['献血屋', 4], ['', 1]]);
    expect(satisfactionReport(facts, 'agent').rows.find((r) => r.bucket === '坐席甲')).toMatchObject({ low: 1, callbacksDone: 0 });
    expect(satisfactionReport(facts, 'donor-kind').rows.map((r) => [r.bucket, r.responseRate])).toEqual([['first-time', 0.5], ['repeat', 1], ['unknown', 1]]);
    expect(isoWeekOf('2026-12-07')).toBe('2026-W50');
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
  });
  it('the low answers: newest first, with whether and how fast the callback was done', () => {
    const low = satisfactionLowRows(facts);
    expect(low.map((l) => [l.score, l.done, l.inTime, l.hoursToDone])).toEqual([[1, false, null, null], [2, true, true, 6], [null, true, false, 48]]);
  });
});
