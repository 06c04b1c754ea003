/** The agent state log as the bridge writes it: seat states in, stretches (and wrap-up seconds) out, on SQLite. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDomainServices, DEMO_PII_KEYS, type AgentStatusDto, type DomainServices } from '@donorline/domain/node';
import { buildUser, describeEachDb } from '@donorline/domain/testing';
import { AgentStateRecorder } from './agent-state-recorder.js';
import { reportConfig } from './report-config.js';
import { TodayFigures } from './today-figures.js';

describeEachDb('agent state recorder → agent state log', (ctx) => {
  let svc: DomainServices;
  let userId: number;
  let clock = Date.parse('2026-12-01T02:00:00Z');
  let shown: AgentStatusDto[] = [];
  let wrapUpCall: string | null = null;
  let rec: AgentStateRecorder;
  const show = (state: AgentStatusDto['state'], pauseReason: string | null = null): void => {
    shown = [{ agent: { id: userId, displayName: '坐席甲', extension: '8101' }, state, pauseReason, since: new Date(clock).toISOString(), currentCallId: null }];
  };

  beforeAll(async () => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS });
    userId = (await buildUser(ctx.ds, { extension: '8101' })).id;
    await svc.calls.upsert('r-1', { queue: 'hotline', caller: '13800138000', startedAt: new Date(clock), answeredAt: new Date(clock + 5000), agentExtension: '8101', endedAt: new Date(clock + 65_000), talkSeconds: 60, outcome: 'answered' });
    await svc.calls.upsertSegment('r-1', { ext: '8101', agentId: userId, answeredAt: new Date(clock + 5000), endedAt: new Date(clock + 65_000) });
    rec = new AgentStateRecorder({ statuses: () => shown, wrapUpCallOf: () => wrapUpCall, write: (c) => svc.reports.recordAgentState(c), now: () => clock });
  });
  afterAll(() => undefined);

  it('each change is one stretch; repeats are ignored; a wrap-up adds its seconds to the call; leaving closes the last', async () => {
    show('ready');
    rec.observe();
    clock += 5000;
    show('on-call');
    rec.observe();
    rec.observe(); // nothing changed
    clock += 60_000;
    wrapUpCall = 'r-1';
    show('wrap-up');
    rec.observe();
    expect(rec.sinceOf(userId)).toBe(new Date(clock).toISOString());
    clock += 25_000;
    wrapUpCall = null;
    show('paused', 'meal');
    rec.observe();
    clock += 600_000;
    shown = []; // logged out
    rec.observe();
    await rec.flush();
    const rows = (await ctx.ds.query('SELECT state, reason, seconds, ended_at FROM agent_state_log WHERE user_id = ? ORDER BY id', [userId])) as Array<{ state: string; reason: string | null; seconds: number; ended_at: unknown }>;
    expect(rows.map((r) => [r.state, r.reason, Number(r.seconds), r.ended_at !== null])).toEqual([
      ['ready', null, 5, true], ['on-call', null, 60, true], ['wrap-up', null, 25, true], ['paused', 'meal', 600, true],
    ]);
    const [call] = (await ctx.ds.query("SELECT wrap_up_seconds AS w FROM call_record WHERE linkedid = 'r-1'")) as [{ w: number }];
    expect(Number(call.w)).toBe(25);
  });

  it('today figures: read from the reports\' SQL, refreshed when stale', async () => {
    let reads = 0;
    let now = 0;
    const today = new TodayFigures({
      figuresOfDay: async (day, sl) => {
        reads++;
        return svc.reports.queueFiguresOfDay(day, sl);
      },
      overdueTasks: async () => (await svc.work.counts(0)).overdue,
      slSeconds: 20,
      maxAgeMs: 1000,
      now: () => Date.parse('2026-12-01T04:00:00Z') + now,
    });
    expect(today.of('hotline')).toBeNull(); // the first read starts in the background
    await today.refresh();
    expect(today.of('hotline')).toMatchObject({ offered: 1, answered: 1, ahtSeconds: 85 });
    const before = reads;
    today.of('hotline');
    expect(reads).toBe(before); // fresh: no read
    now += 1000;
    today.of('hotline');
    await today.refresh();
    expect(reads).toBeGreaterThan(before);
  });
}, ['sqlite']);

it('report config: SL threshold/target and thresholds from env; bad values refused', () => {
  const fail = (m: string) => new Error(m);
  expect(reportConfig({}, fail)).toMatchObject({ slThresholdSeconds: 20, slTarget: 0.8, thresholds: { longWaitWarnSeconds: 60 } });
  expect(reportConfig({ SL_THRESHOLD_SECONDS: '15', SL_TARGET: '90', WALLBOARD_THRESHOLDS: 'waitingAlert=8, pauseAlertSeconds=1200' }, fail))
    .toMatchObject({ slThresholdSeconds: 15, slTarget: 0.9, thresholds: { waitingAlert: 8, pauseAlertSeconds: 1200 } });
  expect(() => reportConfig({ SL_TARGET: '180' }, fail)).toThrow(/SL_TARGET/);
  expect(() => reportConfig({ WALLBOARD_THRESHOLDS: 'salary=1' }, fail)).toThrow(/WALLBOARD_THRESHOLDS/);
});
