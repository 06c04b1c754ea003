/**
 * SMS campaigns on a real database (SQLite and MariaDB): the contact policy decides every recipient (reasons kept per
 * recipient and counted), the per-minute rate holds over a sliding minute, pause stops the sending, two senders at once
 * (a restart, a second bridge) never write one invitation twice, and the results follow the outbox, the replies and
 * the bookings; a reply turns the attempt into 'sms-replied', TD opts the number out.
 */
import { beforeAll, expect, it } from 'vitest';
import { createDomainServices, DEMO_PII_KEYS, InvitationSender, SmsCampaignService, withTx, type DomainServices } from '../src/node.js';
import { exec, rows, sqlTime } from '../src/db/sql.js';
import { buildDonor, buildSite, buildSlot, buildUser, describeEachDb } from '../src/testing/index.js';

describeEachDb('SMS campaigns (policy per recipient, throttle, idempotent send, results)', (ctx) => {
  let svc: DomainServices;
  let now = new Date('2026-12-07T03:00:00Z'); // 11:00 Shanghai
  const clock = (): Date => now;
  let sender: InvitationSender;
  let campaigns: SmsCampaignService;
  let boss: number;
  beforeAll(async () => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock });
    sender = new InvitationSender(ctx.ds, { clock, tickMs: 60_000, signName: () => '测试血站' });
    campaigns = new SmsCampaignService(ctx.ds, { dialer: svc.dialer, sender, clock, signName: () => '测试血站' });
    boss = (await buildUser(ctx.ds, { role: 'supervisor' })).id;
  });
  const base = { name: '血小板短信邀约', startsOn: '2026-12-01', site: '五四广场献血屋', inviteDate: '12月9日', product: 'platelets' };
  const outboxOf = async (cid: number) => rows(ctx.ds, 'SELECT id, to_e164, template, payload, body, status, donor_id FROM sms_outbox WHERE ref = ? ORDER BY id', [`campaign:${cid}`]);

  it('refuses a template variable over the gateway limit and a campaign without donors: nothing written', async () => {
    const d = await buildDonor(ctx.ds);
    const before = (await svc.dialer.list()).length;
    await expect(campaigns.create({ ...base, site: '站'.repeat(36), donorIds: [d.id] }, boss)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: /最多 35 个字/ });
    await expect(campaigns.create({ ...base, donorIds: [] }, boss)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: /没有目标献血者/ });
    // an SMS campaign cannot be made without its invitation (the call campaigns' route)
    await expect(svc.dialer.create({ ...base, mode: 'preview', channel: 'sms', donorIds: [d.id] }, boss)).rejects.toMatchObject({ message: /短信邀约/ });
    expect((await svc.dialer.list()).length).toBe(before);
    expect(await rows(ctx.ds, 'SELECT campaign_id FROM sms_campaign')).toEqual([]);
  });

  it('the policy decides every recipient; the rate holds per minute; pause stops; two senders never send twice', async () => {
    const dnc = await buildDonor(ctx.ds, { doNotCall: true });
    const complaint = await buildDonor(ctx.ds);
    await svc.tickets.create({ kind: 'complaint', donorId: complaint.id, subject: '排队太久' }, boss);
    const noConsent = await buildDonor(ctx.ds, { consentRecruitment: false });
    const td = await buildDonor(ctx.ds, { phones: ['13900001111'] });
    await exec(ctx.ds, "INSERT INTO sms_opt_out (e164, at, source, inbound_id) VALUES ('+8613900001111', ?, 'reply', NULL)", [sqlTime(now)]);
    const calledYesterday = await buildDonor(ctx.ds);
    await svc.contactPolicy.recordAttempt({ donorId: calledYesterday.id, purpose: 'recruitment', channel: 'voice', outcome: 'reached-later', agentId: boss, at: new Date(now.getTime() - 86_400_000) });
    const ok = [await buildDonor(ctx.ds), await buildDonor(ctx.ds), await buildDonor(ctx.ds), await buildDonor(ctx.ds)];
    const blockedIds = [dnc.id, complaint.id, noConsent.id, td.id, calledYesterday.id];
    const c = await campaigns.create({ ...base, ratePerMinute: 3, donorIds: [...blockedIds, ...ok.map((d) => d.id)] }, boss);
    expect(c.campaign).toMatchObject({ channel: 'sms', status: 'draft', agentIds: [] });
    expect(c.sample).toBe('【测试血站】张三您好，五四广场献血屋12月9日急需机采血小板，诚邀您预约献血，请致电96606或回复本短信预约。回复TD退订');
    const id = c.campaign.id;

    expect(await sender.tick()).toMatchObject({ queued: 0 }); // a draft sends nothing
    await svc.dialer.transition(id, 'start', boss);
    // a restart while the first sender works: both tick at once, each invitation is written once
    const second = new InvitationSender(ctx.ds, { clock, tickMs: 60_000 });
    const [a, b] = await Promise.all([sender.tick(), second.tick()]);
    expect(a.queued + b.queued).toBeLessThanOrEqual(3 + 3); // each sender saw the budget before the other wrote
    let msgs = await outboxOf(id);
    expect(new Set(msgs.map((m) => m.donor_id)).size).toBe(msgs.length);
    expect(msgs.length).toBeGreaterThanOrEqual(3);
    expect(await sender.tick()).toMatchObject({ queued: 0 }); // the minute's budget is used
    const r1 = await campaigns.results(id);
    expect(r1.byState.blocked).toBe(5);
    expect(r1.blockedByReason).toEqual({ 'do-not-call': 1, 'open-complaint': 1, 'no-consent': 1, 'opted-out': 1, 'frequency-cap': 1 });
    expect(r1.lastMinute).toBe(msgs.length);

    await svc.dialer.transition(id, 'pause', boss);
    now = new Date(now.getTime() + 61_000);
    expect(await sender.tick()).toMatchObject({ queued: 0 });
    await svc.dialer.transition(id, 'start', boss); // resume
    await sender.tick();
    msgs = await outboxOf(id);
    expect(msgs.map((m) => Number(m.donor_id)).sort()).toEqual(ok.map((d) => d.id).sort());
    expect(msgs[0]).toMatchObject({ template: 'recruitment-invitation', status: 'pending' });
    expect(String(msgs[0]!.body)).toContain('五四广场献血屋12月9日急需机采血小板');
    // every invitation is one recruitment attempt of the campaign (the policy counts it across campaigns and channels)
    const attempts = await rows(ctx.ds, "SELECT donor_id, outcome, channel FROM contact_attempt WHERE campaign_id = ? ORDER BY id", [id]);
    expect(attempts).toHaveLength(4);
    expect(attempts.every((x) => x.outcome === 'sms-sent' && x.channel === 'sms')).toBe(true);
    now = new Date(now.getTime() + 120_000);
    expect(await sender.tick()).toMatchObject({ queued: 0 });
    expect(await outboxOf(id)).toHaveLength(4);

    // a second campaign a day later reaches nobody of the first: the frequency cap holds across campaigns
    now = new Date(now.getTime() + 86_400_000);
    const c2 = await campaigns.create({ ...base, name: '第二轮', donorIds: ok.map((d) => d.id) }, boss);
    await svc.dialer.transition(c2.campaign.id, 'start', boss);
    await sender.tick();
    expect((await campaigns.results(c2.campaign.id)).blockedByReason).toEqual({ 'frequency-cap': 4 });
    // a slow campaign (1 a minute) still decides all its blocked recipients in one tick: they use no budget
    const c3 = await campaigns.create({ ...base, name: '慢速', ratePerMinute: 1, donorIds: [...ok.map((d) => d.id), ...blockedIds] }, boss);
    await svc.dialer.transition(c3.campaign.id, 'start', boss);
    expect(await sender.tick()).toMatchObject({ queued: 0, blocked: 9 });
    const audit = await rows(ctx.ds, "SELECT action, actor_id FROM audit_log WHERE subject_type = 'campaign' AND subject_id = ? ORDER BY id", [String(id)]);
    expect(audit.map((x) => x.action)).toEqual(['campaign.create', 'campaign.start', 'contact.blocked', 'campaign.pause', 'campaign.start']);
    expect(Number(audit[1]!.actor_id)).toBe(boss);
  });

  it('results follow the outbox, the replies and the bookings; a reply is not a failed attempt; TD opts out', async () => {
    const [d1, d2, d3] = [await buildDonor(ctx.ds, { phones: ['13700002221'] }), await buildDonor(ctx.ds, { phones: ['13700002222'] }), await buildDonor(ctx.ds, { phones: ['13700002223'] })];
    const c = await campaigns.create({ ...base, name: '结果', ratePerMinute: 100, conversionDays: 3, donorIds: [d1.id, d2.id, d3.id] }, boss);
    const id = c.campaign.id;
    await svc.dialer.transition(id, 'start', boss);
    expect((await sender.tick()).queued).toBe(3);
    expect((await campaigns.results(id)).byState).toMatchObject({ queued: 3, sent: 0 });
    // the worker sends them; the gateway reports one delivered, one undelivered
    const claimed = await svc.messaging.store.claim({ limit: 50, leaseMs: 60_000, quiet: null });
    const mine = claimed.filter((m) => m.template === 'recruitment-invitation');
    await svc.messaging.store.settleMany(mine.map((m) => ({ c: m, outcome: { kind: 'sent' as const, providerId: `p-${m.id}` } })), { provider: 'sim', maxAttempts: 3, backoffMs: () => 1000 });
    const byTo = new Map(mine.map((m) => [m.to, m.id]));
    await svc.messaging.store.applyReports([
      { providerId: `p-${byTo.get('+8613700002221')}`, outId: null, delivered: true, code: 'DELIVERED', at: now },
      { providerId: `p-${byTo.get('+8613700002222')}`, outId: null, delivered: false, code: 'MK:0001', at: now },
    ]);
    // d1 replies and books two days later; d3 replies TD
    await svc.messaging.inbound.receive({ from: '+8613700002221', content: '好的，周三上午来', provider: 'sim', seq: 'r-1', at: now });
    await svc.messaging.inbound.receive({ from: '+8613700002223', content: '退订', provider: 'sim', seq: 'r-2', at: now });
    const site = await buildSite(ctx.ds);
    const slot = await buildSlot(ctx.ds, site.id);
    const booked = new Date(now.getTime() + 2 * 86_400_000);
    await withTx(ctx.ds, (m) => exec(m, "INSERT INTO appointment (donor_id, slot_id, site_id, type, starts_at, status, channel, created_at, updated_at) VALUES (?, ?, ?, 'platelets', ?, 'booked', 'agent', ?, ?)",
      [d1.id, slot.id, site.id, sqlTime(slot.startsAt), sqlTime(booked), sqlTime(booked)]));
    const r = await campaigns.results(id);
    expect(r).toMatchObject({ targets: 3, replied: 1, optedOut: 1, booked: 1 });
    expect(r.byState).toMatchObject({ delivered: 1, failed: 1, sent: 1, queued: 0 });
    expect(r.conversion).toBe(0.5); // 1 booked of 2 that went out (sent or delivered)
    const list = await campaigns.recipients(id);
    expect(list.map((x) => [x.state, x.replyIntent, x.bookedAt !== null])).toEqual([['delivered', 'other', true], ['failed', null, false], ['sent', 'opt-out', false]]);
    expect(list[0]!.phoneMasked).toBe('137****2221');
    expect(list[0]!.nameMasked).not.toBe(d1.name);
    expect((await campaigns.recipients(id, { state: 'failed' })).map((x) => x.donorId)).toEqual([d2.id]);
    expect(await rows(ctx.ds, 'SELECT outcome FROM contact_attempt WHERE donor_id = ?', [d1.id])).toEqual([{ outcome: 'sms-replied' }]);
    expect(await rows(ctx.ds, 'SELECT outcome FROM contact_attempt WHERE donor_id = ?', [d3.id])).toEqual([{ outcome: 'sms-sent' }]);
    expect(await svc.messaging.service.isOptedOut('+8613700002223')).toBe(true);
    // the donor's contact history shows the invitation
    expect((await svc.messaging.service.history(d1.id)).map((h) => [h.direction, h.template])).toEqual(expect.arrayContaining([['out', 'recruitment-invitation'], ['in', null]]));
  });
});
