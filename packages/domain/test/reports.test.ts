/**
 * The figures against hand-computed values on a small scripted day (local 2026-12-01, Asia/Shanghai), written through
 * the domain services as the bridge writes them: abandons at 10 s and 30 s; answers at 5 s and 25 s; a transfer
 * (agent A → agent B); an IVR-only call. Same suite on SQLite and MariaDB.
 */
import { beforeAll, expect, it } from 'vitest';
import { createDomainServices, DEMO_PII_KEYS, type DomainServices } from '../src/node.js';
import { buildDonation, buildDonor, buildSite, buildSlot, buildUser, describeEachDb } from '../src/testing/index.js';

// local 09:00 = 01:00 UTC
const t = (hms: string): Date => new Date(`2026-12-01T${hms}Z`);
const DAY = { from: '2026-12-01', to: '2026-12-01' };

describeEachDb('reports: the scripted day', (ctx) => {
  let svc: DomainServices;
  let a: number;
  let b: number;

  beforeAll(async () => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => t('12:00:00') });
    a = (await buildUser(ctx.ds, { extension: '8101', displayName: '坐席甲' })).id;
    b = (await buildUser(ctx.ds, { extension: '8102', displayName: '坐席乙' })).id;
    const donor = await buildDonor(ctx.ds, { name: '王秀英' });
    await ctx.ds.query("UPDATE donor SET media_source = 'wechat' WHERE id = ?", [donor.id]);
    const c = svc.calls;
    const q = { queue: 'hotline', dialed: '96606' };
    // abandoned after 10 s and after 30 s in the queue (local 09:00, 09:10)
    await c.upsert('d-ab10', { ...q, caller: '13800138001', startedAt: t('01:00:00'), queuedAt: t('01:00:00'), endedAt: t('01:00:10'), waitSeconds: 10, outcome: 'abandoned', ivrPath: 'welcome>menu:0>agent' });
    await c.upsert('d-ab30', { ...q, caller: '13800138002', startedAt: t('01:10:00'), queuedAt: t('01:10:00'), endedAt: t('01:10:30'), waitSeconds: 30, outcome: 'abandoned' });
    // answered after 5 s by A (talk 120, no hold), after 25 s by B (talk 60, hold 10) (local 10:00, 10:10)
    await c.upsert('d-an5', { ...q, caller: '13800138003', donorId: donor.id, startedAt: t('02:00:00'), queuedAt: t('02:00:00'), answeredAt: t('02:00:05'), agentExtension: '8101', endedAt: t('02:02:05'), waitSeconds: 5, talkSeconds: 120, outcome: 'answered', ivrPath: 'welcome>menu:0>agent' });
    await c.upsertSegment('d-an5', { ext: '8101', agentId: a, queue: 'hotline', startedAt: t('02:00:00'), answeredAt: t('02:00:05'), endedAt: t('02:02:05'), talkSeconds: 120, endReason: 'caller-hangup' });
    await c.upsert('d-an25', { ...q, caller: '13800138004', startedAt: t('02:10:00'), queuedAt: t('02:10:00'), answeredAt: t('02:10:25'), agentExtension: '8102', endedAt: t('02:11:35'), waitSeconds: 25, talkSeconds: 60, holdSeconds: 10, outcome: 'answered' });
    await c.upsertSegment('d-an25', { ext: '8102', agentId: b, queue: 'hotline', startedAt: t('02:10:20'), answeredAt: t('02:10:25'), endedAt: t('02:11:35'), talkSeconds: 60, holdSeconds: 10, endReason: 'agent-hangup' });
    // a transfer: A answers after 8 s, hands over to B after 40 s; B talks 90 s (local 11:00); call talk = 132 s
    await c.upsert('d-xfer', { ...q, caller: '13800138005', startedAt: t('03:00:00'), queuedAt: t('03:00:00'), answeredAt: t('03:00:08'), agentExtension: '8101', endedAt: t('03:02:20'), waitSeconds: 8, talkSeconds: 132, outcome: 'transferred' });
    await c.upsertSegment('d-xfer', { ext: '8101', agentId: a, queue: 'hotline', startedAt: t('03:00:02'), answeredAt: t('03:00:08'), endedAt: t('03:00:48'), talkSeconds: 40, endReason: 'transferred-blind' });
    await c.upsertSegment('d-xfer', { ext: '8102', agentId: b, startedAt: t('03:00:48'), answeredAt: t('03:00:50'), endedAt: t('03:02:20'), talkSeconds: 90, endReason: 'caller-hangup' });
    // IVR only: booked in the IVR and hung up (local 12:00)
    await c.upsert('d-ivr', { caller: '13800138006', dialed: '96606', startedAt: t('04:00:00'), endedAt: t('04:01:00'), outcome: 'ivr-only', ivrPath: 'welcome>menu:2>appointments>booked' });
    // an outbound call of the same day is never "offered"
    await c.upsert('d-out', { direction: 'outbound', caller: '13800138007', agentExtension: '8101', startedAt: t('05:00:00'), endedAt: t('05:00:30'), outcome: 'no-answer' });

    // the agents' states as the bridge logs them; wrap-ups A 30 s + 10 s, B 20 s + 15 s
    const log = (userId: number, ext: string, state: string, at: string, callId: string | null = null, reason: string | null = null) =>
      svc.reports.recordAgentState({ userId, ext, state, reason, callId, at: t(at) });
    await log(a, '8101', 'ready', '01:50:00');
    await log(a, '8101', 'on-call', '02:00:05');
    await log(a, '8101', 'wrap-up', '02:02:05', 'd-an5');
    await log(a, '8101', 'wrap-up', '02:02:10', 'd-an5'); // a repeat: nothing changes
    await log(a, '8101', 'paused', '02:02:35', null, 'meal');
    await log(a, '8101', 'ready', '02:12:35');
    await log(a, '8101', 'on-call', '03:00:08');
    await log(a, '8101', 'wrap-up', '03:00:48', 'd-xfer');
    await log(a, '8101', 'logged-out', '03:00:58');
    await log(b, '8102', 'ready', '02:00:00');
    await log(b, '8102', 'on-call', '02:10:25');
    await log(b, '8102', 'wrap-up', '02:11:35', 'd-an25');
    await log(b, '8102', 'ready', '02:11:55');
    await log(b, '8102', 'on-call', '03:00:50');
    await log(b, '8102', 'wrap-up', '03:02:20', 'd-xfer');
    await log(b, '8102', 'paused', '03:02:35', null, 'training');
    await log(b, '8102', 'logged-out', '03:12:35');

    // attribution: the wechat donor who called books during the call, and donates two days later
    const site = await buildSite(ctx.ds);
    const slot = await buildSlot(ctx.ds, site.id, { startsAt: t('01:00:00') });
    await ctx.ds.query(`INSERT INTO appointment (donor_id, slot_id, site_id, type, starts_at, status, channel, call_id, created_by_id, cancelled_reason, created_at, updated_at)
      VALUES (?, ?, ?, 'whole-blood', ?, 'arrived', 'phone', 'd-an5', ?, NULL, ?, ?)`, [donor.id, slot.id, site.id, '2026-12-03 01:00:00.000', a, '2026-12-01 02:01:00.000', '2026-12-01 02:01:00.000']);
    await buildDonation(ctx.ds, donor.id, { date: '2026-12-03' });
    await buildDonation(ctx.ds, donor.id, { date: '2026-11-20' }); // before the appointment: not brought by it
  });

  it('wrap-up seconds land on the agent segments and the call records', async () => {
    const [x] = (await ctx.ds.query("SELECT wrap_up_seconds AS w FROM call_record WHERE linkedid = 'd-xfer'")) as [{ w: number }];
    expect(Number(x.w)).toBe(25);
    const segs = (await ctx.ds.query("SELECT ext, wrap_up_seconds AS w FROM call_segment WHERE linkedid = 'd-xfer' ORDER BY ext")) as Array<{ ext: string; w: number }>;
    expect(segs.map((s) => [s.ext, Number(s.w)])).toEqual([['8101', 10], ['8102', 15]]);
  });

  it('volume of the day: offered 5, answered 3, abandoned 2, SL 2/5, abandon 2/5, ASA 12.7 s, AHT 132.3 s', async () => {
    const r = await svc.reports.run('volume', { ...DAY, group: 'day' });
    // AHT = talk (120 + 60 + 132) + hold 10 + wrap-up (30 + 20 + 25) = 397 over 3 answered
    expect(r.total).toMatchObject({ offered: 5, answered: 3, abandoned: 2, answeredWithinSl: 2, serviceLevel: 0.4, abandonRate: 0.4, asaSeconds: 12.7, ahtSeconds: 132.3 });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ bucket: '2026-12-01', offered: 5 });
    const at30 = await svc.reports.run('volume', { ...DAY, slSeconds: 30 });
    expect(at30.total).toMatchObject({ answeredWithinSl: 3, serviceLevel: 0.6 });
  });

  it('by hour (local time), by hour of day, by week, by queue; a queue filter', async () => {
    const byHour = await svc.reports.run('volume', { ...DAY, group: 'hour' });
    expect(byHour.rows.map((x) => [x.bucket, x.offered, x.answered, x.abandoned])).toEqual([
      ['2026-12-01 09', 2, 0, 2], ['2026-12-01 10', 2, 2, 0], ['2026-12-01 11', 1, 1, 0],
    ]);
    const hod = await svc.reports.run('volume', { ...DAY, group: 'hour-of-day' });
    expect(hod.rows.map((x) => x.bucket)).toEqual(['09', '10', '11']);
    const week = await svc.reports.run('volume', { ...DAY, group: 'week' });
    expect(week.rows.map((x) => x.bucket)).toEqual(['2026-W49']);
    const byQueue = await svc.reports.run('volume', { ...DAY, group: 'queue' });
    expect(byQueue.rows.map((x) => [x.bucket, x.offered])).toEqual([['hotline', 5]]);
    const other = await svc.reports.run('volume', { ...DAY, queue: 'complaints' });
    expect(other.total).toMatchObject({ offered: 0, serviceLevel: null });
    const nextDay = await svc.reports.run('volume', { from: '2026-12-02', to: '2026-12-02' });
    expect(nextDay.rows).toEqual([]);
  });

  it('the wallboard figures of the day are the volume report by queue', async () => {
    const m = await svc.reports.queueFiguresOfDay('2026-12-01');
    expect(m.get('hotline')).toMatchObject({ offered: 5, answered: 3, abandoned: 2, serviceLevel: 0.4, asaSeconds: 12.7, ahtSeconds: 132.3 });
  });

  it('per agent: handled, talk, hold, wrap-up, AHT, pause by reason, occupancy', async () => {
    const r = await svc.reports.run('agents', DAY);
    const rowA = r.rows.find((x) => x.agentId === a)!;
    const rowB = r.rows.find((x) => x.agentId === b)!;
    expect(rowA).toMatchObject({ name: '坐席甲', handled: 2, talkSeconds: 160, holdSeconds: 0, wrapUpSeconds: 40, ahtSeconds: 100, pausedSeconds: 600, pauseByReason: { meal: 600 } });
    // A: ready 605 + 2853, on a call 120 + 40, wrap-up 30 + 10 → 200 / 3658
    expect(rowA.occupancy).toBeCloseTo(200 / 3658, 6);
    expect(rowB).toMatchObject({ handled: 2, talkSeconds: 150, holdSeconds: 10, wrapUpSeconds: 35, ahtSeconds: 97.5, pausedSeconds: 600, pauseByReason: { training: 600 } });
  });

  it('IVR containment and drop-off per node', async () => {
    const r = await svc.reports.run('ivr', DAY);
    expect(r.total).toMatchObject({ entered: 3, contained: 1, toAgent: 2 });
    expect(r.rows.find((n) => n.node === 'booked')).toMatchObject({ reached: 1, endedHere: 1, completes: true, dropRate: 1 });
    expect(r.rows.find((n) => n.node === 'agent')).toMatchObject({ reached: 2, endedHere: 0 });
  });

  it('media source → call → appointment → donation', async () => {
    const r = await svc.reports.run('attribution', { from: '2026-12-01', to: '2026-12-05' });
    expect(r.rows.find((x) => x.mediaSource === 'wechat')).toEqual({
      mediaSource: 'wechat', calls: 1, callers: 1, appointments: 1, appointmentsByCall: 1, donations: 1, donors: 1, conversion: 1,
    });
  });

  it('work-queue SLA: created, resolved in time, open past due', async () => {
    const ins = (src: string, created: string, due: string, resolved: string | null, status: string) => ctx.ds.query(
      `INSERT INTO ticket (kind, status, subject, source, created_at, updated_at, due_at, resolved_at) VALUES ('callback', ?, 's', ?, ?, ?, ?, ?)`,
      [status, src, created, created, due, resolved],
    );
    await ins('abandoned', '2026-12-01 01:00:10.000', '2026-12-01 05:00:10.000', '2026-12-01 02:00:00.000', 'resolved');
    await ins('abandoned', '2026-12-01 01:10:30.000', '2026-12-01 05:10:30.000', '2026-12-01 07:10:30.000', 'resolved');
    await ins('abandoned', '2026-12-01 03:00:00.000', '2026-12-01 07:00:00.000', null, 'new');
    const r = await svc.reports.run('work-sla', DAY);
    expect(r.rows).toEqual([{ source: 'abandoned', created: 3, resolved: 2, resolvedInTime: 1, openOverdue: 1, slaRate: 0.5, avgResolveHours: 3.5 }]);
  });

  it('a rolled-up day gives the very same figures as the raw rows; later days are still read raw', async () => {
    const raw = await svc.reports.run('volume', { from: '2026-12-01', to: '2026-12-02', group: 'hour' });
    const rawIvr = await svc.reports.run('ivr', DAY);
    const rawAgents = await svc.reports.run('agents', DAY);
    expect(await svc.reports.rollupMissing('2026-11-30', '2026-12-02')).toEqual(['2026-11-30', '2026-12-01']);
    expect(await svc.reports.rollupMissing('2026-11-30', '2026-12-02')).toEqual([]); // idempotent: nothing left
    // the rollup holds the day: a call deleted from call_record now would not change the day's figures
    const [{ n }] = (await ctx.ds.query('SELECT COUNT(*) AS n FROM report_call_hour')) as [{ n: number }];
    expect(Number(n)).toBe(3);
    // a call on the next day (not rolled up) is read raw and merged
    await svc.calls.upsert('d-next', { queue: 'hotline', caller: '13800138009', startedAt: new Date('2026-12-02T01:00:00Z'), queuedAt: new Date('2026-12-02T01:00:00Z'), endedAt: new Date('2026-12-02T01:00:40Z'), waitSeconds: 40, outcome: 'abandoned' });
    const mixed = await svc.reports.run('volume', { from: '2026-12-01', to: '2026-12-02', group: 'hour' });
    expect(mixed.rows.slice(0, 3)).toEqual(raw.rows);
    expect(mixed.rows[3]).toMatchObject({ bucket: '2026-12-02 09', offered: 1, abandoned: 1 });
    expect(mixed.total).toMatchObject({ offered: 6, answered: 3, abandoned: 3, asaSeconds: 12.7, ahtSeconds: 132.3 });
    for (const group of ['day', 'week', 'queue', 'hour-of-day'] as const) {
      const a = await svc.reports.run('volume', { ...DAY, group });
      await ctx.ds.query('DELETE FROM report_rollup_day');
      const b = await svc.reports.run('volume', { ...DAY, group });
      await svc.reports.rollupDay('2026-12-01');
      expect([group, a.rows]).toEqual([group, b.rows]);
    }
    expect((await svc.reports.run('ivr', DAY)).rows).toEqual(rawIvr.rows);
    expect((await svc.reports.run('agents', DAY)).rows).toEqual(rawAgents.rows);
    const [{ a }] = (await ctx.ds.query('SELECT COUNT(*) AS a FROM report_agent_day')) as [{ a: number }];
    expect(Number(a)).toBe(2);
    // another threshold than the rolled-up one reads raw (and still counts right)
    expect((await svc.reports.run('volume', { ...DAY, slSeconds: 30 })).total).toMatchObject({ answeredWithinSl: 3 });
  });

  it('bad filters are refused before anything is read', async () => {
    await expect(svc.reports.run('volume', { from: '2026-12-05', to: '2026-12-01' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(svc.reports.run('volume', { from: '2026-1-1', to: '2026-12-01' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(svc.reports.run('volume', { from: '2024-01-01', to: '2026-12-01' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(svc.reports.run('volume', { ...DAY, queue: "x' OR 1=1" })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
