/**
 * SMS over a real database (SQLite and MariaDB): the outbox's claim/settle rules (one worker per message, back-off,
 * parked with a reason, never resent after an unknown outcome), delivery reports, opt-out and quiet hours, the
 * post-donation survey enqueued once per donation, and replies turned into survey answers and tasks.
 */
import { beforeAll, expect, it } from 'vitest';
import { createDomainServices, DEMO_PII_KEYS, enqueueAppointmentReminders, enqueueSurveys, type DomainServices } from '../src/node.js';
import { rows } from '../src/db/sql.js';
import { buildDonor, buildSite, buildSlot, buildUser, describeEachDb } from '../src/testing/index.js';

// 10:00 in Qingdao
let clockNow = new Date('2026-12-07T02:00:00Z');
const settleOpts = { provider: 'sim', maxAttempts: 3, backoffMs: (n: number) => 1000 * 2 ** n };
const claimOpts = { limit: 50, leaseMs: 60_000, quiet: { start: '21:00', end: '08:00' } };

describeEachDb('SMS messaging', (ctx) => {
  let svc: DomainServices;
  const mobileOf = async (donorId: number): Promise<string> => String((await rows(ctx.ds, "SELECT e164 FROM donor_phone WHERE donor_id = ? AND kind = 'mobile'", [donorId]))[0]!.e164);
  beforeAll(() => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => clockNow, smsQuietHours: { start: '21:00', end: '08:00' } });
  });

  it('a message is claimed by one worker only, sent once, and its delivery report recorded', async () => {
    const d = await buildDonor(ctx.ds);
    const to = await mobileOf(d.id);
    await svc.notifier.notify({ to, donorId: d.id, template: 'appointment-booked', payload: { name: '张三', when: '12月8日', site: '献血屋', typeLabel: '献全血', appointmentId: 9001 } });
    const [a, b] = await Promise.all([svc.messaging.store.claim(claimOpts), svc.messaging.store.claim(claimOpts)]);
    const mine = [...a, ...b].filter((c) => c.to === to);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ template: 'appointment-booked', class: 'service', attempts: 1 });
    expect(await svc.messaging.store.claim(claimOpts)).toEqual([]);
    await svc.messaging.store.settle(mine[0]!, { kind: 'sent', providerId: 'biz-1' }, settleOpts);
    // a late second settle of the same claim changes nothing
    await svc.messaging.store.settle(mine[0]!, { kind: 'retry', reason: 'late' }, settleOpts);
    expect(await svc.messaging.service.refStates(['appointment:9001'])).toEqual([expect.objectContaining({ status: 'sent' })]);
    expect(await svc.messaging.store.applyReports([{ providerId: 'biz-1', outId: mine[0]!.id, delivered: true, code: 'DELIVERED', at: clockNow }, { providerId: 'nope', outId: null, delivered: true, code: 'DELIVERED', at: clockNow }])).toEqual({ matched: 1, unmatched: 1 });
    expect(await svc.messaging.service.refStates(['appointment:9001'])).toEqual([expect.objectContaining({ status: 'delivered' })]);
    expect((await svc.messaging.service.history(d.id))[0]).toMatchObject({ direction: 'out', status: 'delivered', text: expect.stringContaining('张三您好') });
  });

  it('failures back off and end as failed; refusals and unknown outcomes are parked with their reason; an unknown one is settled by its report', async () => {
    const d = await buildDonor(ctx.ds);
    const to = await mobileOf(d.id);
    await svc.notifier.notify({ to, donorId: d.id, template: 'voice-reply', payload: { name: '李四' }, ref: 'test:retry' });
    let [c] = await svc.messaging.store.claim(claimOpts);
    await svc.messaging.store.settle(c!, { kind: 'retry', reason: 'HTTP 503' }, settleOpts);
    expect(await svc.messaging.store.claim(claimOpts)).toEqual([]); // backing off
    for (let i = 2; i <= 3; i++) {
      clockNow = new Date(clockNow.getTime() + 60_000);
      [c] = await svc.messaging.store.claim(claimOpts);
      expect(c).toMatchObject({ attempts: i });
      await svc.messaging.store.settle(c!, { kind: 'retry', reason: 'HTTP 503' }, settleOpts);
    }
    const sup = { id: (await buildUser(ctx.ds, { role: 'supervisor' })).id, role: 'supervisor' as const };
    const failed = (await svc.messaging.service.list({ status: 'problems' }, sup)).items.find((m) => m.ref === 'test:retry');
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, failureReason: expect.stringContaining('HTTP 503'), toMasked: expect.stringMatching(/^1\d{2}\*{4}\d{4}$/) });
    await expect(svc.messaging.service.retry(failed!.id, { id: sup.id, role: 'agent' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await svc.messaging.service.retry(failed!.id, sup)).toMatchObject({ status: 'pending', attempts: 0, failureReason: null });
    [c] = await svc.messaging.store.claim(claimOpts);
    await svc.messaging.store.settle(c!, { kind: 'unknown', reason: 'no answer in 10 s' }, settleOpts);
    expect(await svc.messaging.store.claim(claimOpts)).toEqual([]);
    await svc.messaging.store.applyReports([{ providerId: 'biz-late', outId: c!.id, delivered: true, code: 'DELIVERED', at: clockNow }]);
    expect(await svc.messaging.service.refStates(['test:retry'])).toEqual([expect.objectContaining({ status: 'delivered', failureReason: null })]);
    const [audit] = await rows(ctx.ds, "SELECT detail FROM audit_log WHERE action = 'sms.retry' AND subject_id = ?", [String(failed!.id)]);
    expect(String(audit?.detail)).toContain('failed');
  });

  it('a delivery report that overtakes the worker’s record of the send: delivered, with a sending time; the late settle changes nothing', async () => {
    const d = await buildDonor(ctx.ds);
    await svc.notifier.notify({ to: await mobileOf(d.id), donorId: d.id, template: 'voice-reply', payload: { name: '赵六' }, ref: 'test:overtake' });
    const [c] = (await svc.messaging.store.claim(claimOpts)).filter((x) => x.payload.name === '赵六');
    expect(await svc.messaging.store.applyReports([{ providerId: 'biz-fast', outId: c!.id, delivered: true, code: 'DELIVERED', at: clockNow }])).toEqual({ matched: 1, unmatched: 0 });
    await svc.messaging.store.settle(c!, { kind: 'sent', providerId: 'biz-fast' }, settleOpts);
    const [row] = await rows(ctx.ds, 'SELECT status, sent_at, delivered_at, provider_id FROM sms_outbox WHERE id = ?', [c!.id]);
    expect(row).toMatchObject({ status: 'delivered', provider_id: 'biz-fast' });
    expect(row!.sent_at).not.toBeNull();
  });

  it('claims a stopping worker did not send are given back: due again, the attempt not counted', async () => {
    const d = await buildDonor(ctx.ds);
    await svc.notifier.notify({ to: await mobileOf(d.id), donorId: d.id, template: 'voice-reply', payload: { name: '钱七' }, ref: 'test:release' });
    const [c] = (await svc.messaging.store.claim(claimOpts)).filter((x) => x.payload.name === '钱七');
    expect(await svc.messaging.store.release([c!, { id: c!.id, token: 'someone-else' }])).toBe(1);
    const [again] = (await svc.messaging.store.claim(claimOpts)).filter((x) => x.payload.name === '钱七');
    expect(again).toMatchObject({ id: c!.id, attempts: 1 });
    await svc.messaging.store.settle(again!, { kind: 'sent', providerId: 'biz-release' }, settleOpts);
  });

  it('a lease that runs out is parked as unknown, never resent', async () => {
    const d = await buildDonor(ctx.ds);
    await svc.notifier.notify({ to: await mobileOf(d.id), donorId: d.id, template: 'voice-reply', payload: { name: '王五' }, ref: 'test:lease' });
    await svc.messaging.store.claim({ ...claimOpts, leaseMs: 1000 });
    clockNow = new Date(clockNow.getTime() + 5000);
    expect(await svc.messaging.store.expireLeases()).toBe(1);
    expect(await svc.messaging.store.claim(claimOpts)).toEqual([]);
    expect(await svc.messaging.service.refStates(['test:lease'])).toEqual([expect.objectContaining({ status: 'parked', failureReason: expect.stringContaining('outcome unknown') })]);
  });

  it('the post-donation survey: once per new donation of today, not for old or refused ones; no marketing consent needed (a notice); TD opts the number out of it', async () => {
    clockNow = new Date('2026-12-07T03:00:00Z');
    const d = await buildDonor(ctx.ds);
    const noConsent = await buildDonor(ctx.ds, { consentSms: false });
    const ev = {
      donations: [
        { donationId: 501, donorId: d.id, type: 'whole-blood' as const, date: '2026-12-07', outcome: 'completed' as const, created: true },
        { donationId: 502, donorId: d.id, type: 'whole-blood' as const, date: '2026-06-01', outcome: 'completed' as const, created: true },
        { donationId: 503, donorId: d.id, type: 'platelets' as const, date: '2026-12-07', outcome: 'rejected' as const, created: true },
        { donationId: 504, donorId: noConsent.id, type: 'whole-blood' as const, date: '2026-12-07', outcome: 'completed' as const, created: true },
      ],
    };
    expect(await enqueueSurveys(ctx.ds, ev, { clock: () => clockNow })).toBe(2);
    expect(await enqueueSurveys(ctx.ds, ev, { clock: () => clockNow })).toBe(0);
    const to = await mobileOf(d.id);
    // a reply TD from that number before the worker ran: the survey is suppressed, a booking confirmation still goes
    expect(await svc.messaging.inbound.receive({ from: to, content: 'ＴＤ', provider: 'sim', seq: 'td-1', at: clockNow })).toMatchObject({ intent: 'opt-out', optedOut: true, donorId: d.id, ticketId: null });
    await svc.notifier.notify({ to, donorId: d.id, template: 'appointment-cancelled', payload: { name: 'x', when: 'y', site: 'z', appointmentId: 9002 } });
    const claimed = await svc.messaging.store.claim(claimOpts);
    expect(claimed.map((c) => c.template).sort()).toEqual(['appointment-cancelled', 'survey']);
    expect(claimed.find((c) => c.template === 'survey')!.to).toBe(await mobileOf(noConsent.id));
    expect(await svc.messaging.service.refStates(['donation:501'])).toEqual([expect.objectContaining({ status: 'suppressed', failureReason: expect.stringContaining('TD') })]);
    expect(await svc.messaging.service.isOptedOut(to)).toBe(true);
  });

  it('quiet hours: a survey enqueued at 22:30 waits until 08:00; a service SMS goes at once', async () => {
    clockNow = new Date('2026-12-07T14:30:00Z');
    const d = await buildDonor(ctx.ds);
    await enqueueSurveys(ctx.ds, { donations: [{ donationId: 601, donorId: d.id, type: 'whole-blood', date: '2026-12-07', outcome: 'completed', created: true }] }, { clock: () => clockNow, quiet: () => ({ start: '21:00', end: '08:00' }) });
    const [r] = await rows(ctx.ds, "SELECT next_attempt_at FROM sms_outbox WHERE ref = 'donation:601'");
    expect(new Date(`${String(r!.next_attempt_at instanceof Date ? r!.next_attempt_at.toISOString() : String(r!.next_attempt_at).replace(' ', 'T') + 'Z')}`).toISOString()).toBe('2026-12-08T00:00:00.000Z');
    clockNow = new Date('2026-12-08T00:00:01Z');
    expect((await svc.messaging.store.claim(claimOpts)).map((c) => c.template)).toContain('survey');
  });

  it('replies: an unsatisfied score becomes a callback task for the account manager due in 24 h; a re-pushed reply is taken once; other text is a task; an unknown number too', async () => {
    clockNow = new Date('2026-12-07T04:00:00Z');
    const am = await buildUser(ctx.ds);
    const d = await buildDonor(ctx.ds, { accountManagerId: am.id });
    const to = await mobileOf(d.id);
    await enqueueSurveys(ctx.ds, { donations: [{ donationId: 701, donorId: d.id, type: 'whole-blood', date: '2026-12-07', outcome: 'completed', created: true }] }, { clock: () => clockNow });
    const r = await svc.messaging.inbound.receive({ from: to, content: '2', provider: 'sim', seq: 's-1', at: clockNow });
    expect(r).toMatchObject({ intent: 'score', donorId: d.id, duplicate: false });
    expect(await svc.work.detail(r.ticketId!)).toMatchObject({ kind: 'callback', source: 'sms', owner: { id: am.id }, status: 'assigned', priority: 'high', dueAt: '2026-12-08T04:00:00.000Z', subject: '短信满意度回访：评分2' });
    expect(await svc.messaging.inbound.receive({ from: to, content: '2', provider: 'sim', seq: 's-1', at: clockNow })).toMatchObject({ duplicate: true, ticketId: r.ticketId });
    const [n] = await rows(ctx.ds, "SELECT COUNT(*) AS n FROM ticket WHERE donor_id = ? AND source = 'sms'", [d.id]);
    expect(Number(n!.n)).toBe(1);
    const [s] = await rows(ctx.ds, 'SELECT channel, score, ticket_id FROM survey_response WHERE id = ?', [r.surveyId]);
    expect(s).toMatchObject({ channel: 'sms', score: 2 });
    expect(await svc.messaging.inbound.receive({ from: to, content: '不满意', provider: 'sim', seq: 's-2', at: clockNow })).toMatchObject({ intent: 'verdict', ticketId: expect.any(Number) });
    expect(await svc.messaging.inbound.receive({ from: to, content: '满意', provider: 'sim', seq: 's-3', at: clockNow })).toMatchObject({ intent: 'verdict', ticketId: null, surveyId: expect.any(Number) });
    const other = await svc.messaging.inbound.receive({ from: to, content: '下次能不能安排周六？', provider: 'sim', seq: 's-4', at: clockNow });
    expect(await svc.work.detail(other.ticketId!)).toMatchObject({ kind: 'consultation', source: 'sms', owner: { id: am.id } });
    const stranger = await svc.messaging.inbound.receive({ from: '+8613000000077', content: '你好', provider: 'sim', seq: 's-5', at: clockNow });
    expect(await svc.work.detail(stranger.ticketId!)).toMatchObject({ donor: null, callerMasked: '130****0077', priority: 'low' });
    const hist = await svc.messaging.service.history(d.id);
    expect(hist.filter((h) => h.direction === 'in').map((h) => h.text)).toEqual(expect.arrayContaining(['2', '不满意', '满意', '下次能不能安排周六？']));
  });

  it('the day-before reminder: open bookings of tomorrow get one each (a service SMS, even after TD), not cancelled or later ones', async () => {
    clockNow = new Date('2026-12-07T02:00:00Z'); // 10:00 in Qingdao
    const site = await buildSite(ctx.ds, { name: '提醒测试献血屋' });
    const tomorrow = await buildSlot(ctx.ds, site.id, { startsAt: new Date('2026-12-08T01:30:00Z') }); // 12-08 09:30 local
    const later = await buildSlot(ctx.ds, site.id, { startsAt: new Date('2026-12-09T01:30:00Z') });
    const [a, b, c] = [await buildDonor(ctx.ds), await buildDonor(ctx.ds), await buildDonor(ctx.ds)];
    const keep = await svc.appointments.book({ donorId: a.id, slotId: tomorrow.id, type: 'whole-blood', channel: 'agent' });
    const gone = await svc.appointments.book({ donorId: b.id, slotId: tomorrow.id, type: 'whole-blood', channel: 'agent' });
    await svc.appointments.cancel(gone.id, '有事', null);
    await svc.appointments.book({ donorId: c.id, slotId: later.id, type: 'whole-blood', channel: 'agent' });
    await svc.messaging.inbound.receive({ from: await mobileOf(a.id), content: 'TD', provider: 'sim', seq: 'td-rem', at: clockNow });

    expect(await enqueueAppointmentReminders(ctx.ds, { now: clockNow })).toBe(1);
    expect(await enqueueAppointmentReminders(ctx.ds, { now: clockNow })).toBe(0); // a second run or bridge adds nothing
    const [r] = await rows(ctx.ds, "SELECT to_e164, body, class, donor_id, ref FROM sms_outbox WHERE template = 'appointment-reminder'");
    expect(r).toMatchObject({ to_e164: await mobileOf(a.id), class: 'service', ref: `reminder:${keep.id}` });
    expect(Number(r!.donor_id)).toBe(a.id);
    expect(String(r!.body)).toContain('明天12月8日09:30在提醒测试献血屋献血');
    const claimed = await svc.messaging.store.claim(claimOpts);
    expect(claimed.map((x) => x.template)).toContain('appointment-reminder'); // TD does not stop a service SMS
  });
});
