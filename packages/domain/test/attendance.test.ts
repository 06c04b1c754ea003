/**
 * No-show detection over a real database (SQLite and MariaDB): bookings settled against the BECS donations —
 * arrived when a donation of that day is in, no-show when the day passed without one, with one callback task (and,
 * when the center enables it, one kind SMS) per booking; idempotent; a do-not-call donor gets no follow-up; a donation
 * that arrives late reverses the no-show and closes its task; the planner's counts read the result.
 */
import { beforeAll, expect, it } from 'vitest';
import { attendanceCounts, createDomainServices, DEMO_PII_KEYS, type DomainServices } from '../src/node.js';
import { rows } from '../src/db/sql.js';
import { buildDonation, buildDonor, buildSite, buildSlot, buildUser, describeEachDb } from '../src/testing/index.js';

// booked on 12-05 10:00 local for 12-06 09:30 local; settled on 12-07 08:00 local
const BOOKED_AT = new Date('2026-12-05T02:00:00Z');
const SLOT_AT = new Date('2026-12-06T01:30:00Z');
const SETTLE_AT = new Date('2026-12-07T00:00:00Z');

describeEachDb('attendance (no-show detection)', (ctx) => {
  let clockNow = BOOKED_AT;
  let svc: DomainServices;
  beforeAll(() => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => clockNow });
  });

  const statusOf = async (id: number): Promise<string> => String((await rows(ctx.ds, 'SELECT status FROM appointment WHERE id = ?', [id]))[0]!.status);
  const tasksOf = (id: number) => rows(ctx.ds, 'SELECT id, kind, source, status, owner_id, due_at, outcome FROM ticket WHERE dedup_key = ?', [`no-show:appointment:${id}`]);
  const smsOf = (id: number) => rows(ctx.ds, 'SELECT template, class, body, status FROM sms_outbox WHERE dedup_key = ?', [`no-show:sms:${id}`]);

  it('arrived with a donation of that day, no-show without one (task for the account manager, SMS when enabled), nothing for a do-not-call donor; a second run adds nothing', async () => {
    clockNow = BOOKED_AT;
    const am = await buildUser(ctx.ds);
    const site = await buildSite(ctx.ds, { name: '爽约测试献血屋' });
    const slot = await buildSlot(ctx.ds, site.id, { startsAt: SLOT_AT });
    const missed = await buildDonor(ctx.ds, { accountManagerId: am.id, name: '王爽约' });
    const came = await buildDonor(ctx.ds);
    const dnc = await buildDonor(ctx.ds);
    const booked = [];
    for (const d of [missed, came, dnc]) booked.push(await svc.appointments.book({ donorId: d.id, slotId: slot.id, type: 'whole-blood', channel: 'agent' }));
    const [a, b, c] = booked;
    // do-not-call set after booking (the donor asked during the call)
    await ctx.ds.query('UPDATE donor SET do_not_call = 1 WHERE id = ?', [dnc.id]);
    await buildDonation(ctx.ds, came.id, { date: '2026-12-06', outcome: 'rejected' }); // turned away at the check: still came
    await svc.center.update({ noShowSms: true }, null);

    clockNow = new Date('2026-12-06T10:00:00Z'); // the same local evening: not a no-show yet
    expect(await svc.attendance.settle()).toMatchObject({ arrived: 1, noShow: 0 });
    expect(await statusOf(a!.id)).toBe('booked');

    clockNow = SETTLE_AT;
    expect(await svc.attendance.settle()).toEqual({ arrived: 0, reversed: 0, noShow: 2, tasks: 1, sms: 1, blocked: 1, tasksClosed: 0 });
    expect([await statusOf(a!.id), await statusOf(b!.id), await statusOf(c!.id)]).toEqual(['no-show', 'arrived', 'no-show']);
    const [task] = await tasksOf(a!.id);
    expect(task).toMatchObject({ kind: 'callback', source: 'no-show', status: 'assigned' });
    expect(Number(task!.owner_id)).toBe(am.id);
    expect(await svc.work.detail(Number(task!.id))).toMatchObject({ dueAt: '2026-12-09T00:00:00.000Z', donor: { id: missed.id }, subject: expect.stringContaining('爽约测试献血屋') });
    const [sms] = await smsOf(a!.id);
    expect(sms).toMatchObject({ template: 'no-show', class: 'notice', status: 'pending' });
    expect(String(sms!.body)).toBe('【青岛市中心血站】王爽约您好，我们错过了您12月6日09:30在爽约测试献血屋的献血预约，希望您一切都好。方便时欢迎致电96606重新预约，回复TD退订');
    expect(await tasksOf(c!.id)).toEqual([]);
    expect(await smsOf(c!.id)).toEqual([]);
    const blocked = await rows(ctx.ds, "SELECT detail FROM audit_log WHERE action = 'contact.blocked' AND subject_id = ?", [String(dnc.id)]);
    expect(String(blocked[0]?.detail)).toContain('do-not-call');
    const audits = await rows(ctx.ds, "SELECT subject_id, actor_id FROM audit_log WHERE action = 'appointment.no-show' AND subject_id IN (?, ?)", [String(a!.id), String(c!.id)]);
    expect(audits).toHaveLength(2);

    // idempotent: a second run (or a second bridge) changes nothing and opens nothing
    expect(await svc.attendance.settle()).toEqual({ arrived: 0, reversed: 0, noShow: 0, tasks: 0, sms: 0, blocked: 0, tasksClosed: 0 });
    expect(await tasksOf(a!.id)).toHaveLength(1);
    expect(await smsOf(a!.id)).toHaveLength(1);
    // two runs at once: still one task
    await Promise.all([svc.attendance.settle(), svc.attendance.settle()]);
    expect(await tasksOf(a!.id)).toHaveLength(1);

    // the 360's list and the planner's counts read it
    expect((await svc.appointments.forDonor(missed.id)).map((x) => x.status)).toEqual(['no-show']);
    const counts = await attendanceCounts(ctx.ds, { type: 'whole-blood', since: new Date('2026-12-06T00:00:00Z') });
    expect(counts.noShow).toBeGreaterThanOrEqual(2);
    expect(counts.arrived).toBeGreaterThanOrEqual(1);
  });

  it('a donation that arrives late (the BECS ingest API) turns the no-show arrived, closes its open task and withdraws the unsent SMS; audited', async () => {
    clockNow = BOOKED_AT;
    const site = await buildSite(ctx.ds);
    const slot = await buildSlot(ctx.ds, site.id, { startsAt: SLOT_AT });
    const d = await buildDonor(ctx.ds);
    const appt = await svc.appointments.book({ donorId: d.id, slotId: slot.id, type: 'whole-blood', channel: 'ivr' });
    await svc.center.update({ noShowSms: true }, null);
    clockNow = SETTLE_AT;
    await svc.attendance.settle();
    expect(await statusOf(appt.id)).toBe('no-show');
    const [task] = await tasksOf(appt.id);
    expect(task).toMatchObject({ status: 'new' }); // no account manager: the pool

    // the BECS posts yesterday's donation this afternoon, through the ingest API (its donation.recorded settles it)
    clockNow = new Date('2026-12-07T06:00:00Z');
    await ctx.ds.query('UPDATE donor SET becs_donor_no = ? WHERE id = ?', [`NS${ctx.kind}${d.id}`, d.id]);
    const res = await svc.integration.ingest.ingest('donations', [{ donationNo: `NSD${ctx.kind}${d.id}`, donorNo: `NS${ctx.kind}${d.id}`, date: '2026-12-06', product: '全血', volume: '400ml' }], { apiKeyId: null });
    expect(res.results.map((r) => r.outcome)).toEqual(['created']);
    const [g] = await rows(ctx.ds, 'SELECT id FROM donation WHERE donor_id = ?', [d.id]);
    expect(await statusOf(appt.id)).toBe('arrived');
    const [after] = await tasksOf(appt.id);
    expect(after).toMatchObject({ status: 'closed', outcome: expect.stringContaining('自动关闭') });
    expect((await smsOf(appt.id))[0]).toMatchObject({ status: 'suppressed' });
    const [audit] = await rows(ctx.ds, "SELECT detail FROM audit_log WHERE action = 'appointment.arrived' AND subject_id = ?", [String(appt.id)]);
    expect(JSON.parse(String(audit!.detail))).toMatchObject({ changes: { status: { from: 'no-show', to: 'arrived' } }, donationId: Number(g!.id) });
    // the job finds nothing more to do, and never marks it no-show again
    expect(await svc.attendance.settle()).toMatchObject({ arrived: 0, noShow: 0 });
    expect(await statusOf(appt.id)).toBe('arrived');
  });

  it('the job alone also reverses a no-show whose donation was imported without an event; old no-shows get no follow-up; SMS off by default', async () => {
    clockNow = new Date('2026-11-20T02:00:00Z');
    const site = await buildSite(ctx.ds);
    const old = await buildSlot(ctx.ds, site.id, { startsAt: new Date('2026-11-30T01:30:00Z') });
    const recent = await buildSlot(ctx.ds, site.id, { startsAt: SLOT_AT });
    const [x, y] = [await buildDonor(ctx.ds), await buildDonor(ctx.ds)];
    const oldAppt = await svc.appointments.book({ donorId: x.id, slotId: old.id, type: 'whole-blood', channel: 'agent' });
    const recentAppt = await svc.appointments.book({ donorId: y.id, slotId: recent.id, type: 'whole-blood', channel: 'agent' });
    await svc.center.update({ noShowSms: false }, null);
    clockNow = SETTLE_AT;
    await svc.attendance.settle();
    expect(await statusOf(oldAppt.id)).toBe('no-show');
    expect(await tasksOf(oldAppt.id)).toEqual([]); // a week ago: nobody calls about it now
    expect(await tasksOf(recentAppt.id)).toHaveLength(1);
    expect(await smsOf(recentAppt.id)).toEqual([]);
    await buildDonation(ctx.ds, y.id, { date: '2026-12-06', type: 'platelets' });
    expect(await svc.attendance.settle()).toMatchObject({ arrived: 1, reversed: 1, tasksClosed: 1 });
    expect(await statusOf(recentAppt.id)).toBe('arrived');
  });

  it('the planner\'s funnel reads the settled show-ups: invited → booked from the attempts, booked → showed from arrived ÷ (arrived + no-show)', async () => {
    clockNow = BOOKED_AT;
    const site = await buildSite(ctx.ds, { capabilities: ['whole-blood', 'platelets'] });
    const slot = await buildSlot(ctx.ds, site.id, { startsAt: SLOT_AT, type: 'platelets' });
    const [came, missed] = [await buildDonor(ctx.ds), await buildDonor(ctx.ds)];
    for (const d of [came, missed]) await svc.appointments.book({ donorId: d.id, slotId: slot.id, type: 'platelets', channel: 'agent' });
    expect((await svc.planning.funnel()).source).toBe('default'); // nothing measured yet
    for (let i = 0; i < 100; i++) {
      await svc.contactPolicy.recordAttempt({ donorId: came.id, channel: 'voice', outcome: i < 40 ? 'reached-booked' : 'no-answer', agentId: null, at: BOOKED_AT, purpose: 'recruitment' });
    }
    await buildDonation(ctx.ds, came.id, { date: '2026-12-06', type: 'platelets' });
    clockNow = SETTLE_AT;
    await svc.attendance.settle();
    expect(await svc.planning.funnel()).toEqual({ bookRate: 0.4, showRate: 0.5, source: 'measured', basis: 100 });
  });
});
