/**
 * Care and loyalty over a real database (SQLite and MariaDB): care occasions become one action per donor, rule and
 * occasion (a second run adds nobody), excluded donors carry their reason, confirmation checks again and writes the
 * SMS into the outbox or the call task into the work queue exactly once, even when two people confirm at once.
 * Points: the ledger is idempotent per source event, a corrected donation is corrected by a new entry, a referrer is
 * rewarded once when the referee's first donation arrives, redemptions never take stock or a balance below zero.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { CareService, createDomainServices, managerPerformance, DEMO_PII_KEYS, LoyaltyService, type DomainServices } from '../src/node.js';
import type { DonationRecordedEvent } from '../src/integration/integration-events.js';
import { exec, rows } from '../src/db/sql.js';
import { buildDonation, buildDonor, buildUser, describeEachDb, uniqueMobile } from '../src/testing/index.js';

// 10:00 in Beijing on 2026-12-07
const clockNow = new Date('2026-12-07T02:00:00Z');

describeEachDb('care and loyalty', (ctx) => {
  let svc: DomainServices;
  let care: CareService;
  let loyalty: LoyaltyService;
  let boss: number;
  let manager: number;
  const id = { birthday: 0, noCall: 0, noSms: 0, lateComplaint: 0, leap: 0, lapsed: 0, anniversary: 0, honour: 0 };
  const recorded = (donations: { donationId: number; donorId: number }[]): DonationRecordedEvent => ({
    at: clockNow.toISOString(), source: 'api', jobId: null, apiKeyId: null,
    donations: donations.map((d) => ({ ...d, type: 'whole-blood', date: '2026-12-07', outcome: 'completed', created: true })),
  });
  const actions = async (donorId: number) => rows(ctx.ds, 'SELECT a.*, r.occasion FROM care_action a JOIN care_rule r ON r.id = a.rule_id WHERE a.donor_id = ? ORDER BY a.id', [donorId]);
  const balanceOk = async (donorId: number) => {
    const [d] = await rows(ctx.ds, 'SELECT points FROM donor WHERE id = ?', [donorId]);
    const [s] = await rows(ctx.ds, 'SELECT COALESCE(SUM(delta), 0) AS s FROM points_entry WHERE donor_id = ?', [donorId]);
    expect(Number(d!.points)).toBe(Number(s!.s));
    return Number(d!.points);
  };

  beforeAll(async () => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => clockNow });
    care = new CareService(ctx.ds, { clock: () => clockNow, signName: () => '测试血站' });
    loyalty = new LoyaltyService(ctx.ds, { clock: () => clockNow, phone: { defaultAreaCode: '0532' } });
    boss = (await buildUser(ctx.ds, { role: 'supervisor' })).id;
    manager = (await buildUser(ctx.ds, { role: 'agent' })).id;
    const active = async (over: Parameters<typeof buildDonor>[1]) => {
      const d = await buildDonor(ctx.ds, over);
      await buildDonation(ctx.ds, d.id, { date: '2026-06-01' });
      return d.id;
    };
    id.birthday = await active({ birthDate: '1990-12-07', accountManagerId: manager });
    id.noCall = await active({ birthDate: '1991-12-07', doNotCall: true });
    id.noSms = await active({ birthDate: '1992-12-07', consentSms: false });
    id.lateComplaint = await active({ birthDate: '1993-12-07' });
    id.leap = await active({ birthDate: '2000-02-29' });
    id.lapsed = (await buildDonor(ctx.ds, { birthDate: '1988-12-07' })).id; // no donation in 24 months: not in the 'active' audience
    id.anniversary = (await buildDonor(ctx.ds, { birthDate: '1980-01-01', accountManagerId: manager })).id;
    await buildDonation(ctx.ds, id.anniversary, { date: '2023-12-09' });
    await buildDonation(ctx.ds, id.anniversary, { date: '2025-12-01' });
    id.honour = (await buildDonor(ctx.ds, { birthDate: '1981-01-01', accountManagerId: manager })).id;
    for (let i = 0; i < 9; i++) await buildDonation(ctx.ds, id.honour, { type: 'platelets', units: 2, date: `2026-0${i + 1}-05` });
    await buildDonation(ctx.ds, id.honour, { type: 'platelets', units: 1, date: '2026-10-20' }); // 19 units
    await buildDonation(ctx.ds, id.honour, { type: 'platelets', units: 2, date: '2026-11-30' }); // 21: bronze
  }, 60_000);

  it('generates one action per donor, rule and occasion; exclusions carry their reason; a re-run adds nobody', async () => {
    const first = await care.generate('2026-12-07');
    expect(first.added).toBeGreaterThanOrEqual(6);
    expect((await actions(id.birthday)).map((a) => [a.occasion, a.occasion_key, a.status, a.action])).toEqual([['birthday', 'birthday:2026', 'pending', 'sms']]);
    expect((await actions(id.noCall)).map((a) => [a.status, a.reason])).toEqual([['excluded', 'do-not-call']]);
    expect((await actions(id.noSms)).map((a) => [a.status, a.reason])).toEqual([['excluded', 'no-sms-consent']]);
    expect(await actions(id.lapsed)).toEqual([]);
    // the anniversary rule prepares a call task two days ahead, for donors with a manager
    expect((await actions(id.anniversary)).map((a) => [a.occasion_key, String(a.occasion_date).slice(0, 10), a.action, a.status])).toEqual([['donation-anniversary:2026', '2026-12-09', 'call', 'pending']]);
    expect((await actions(id.honour)).map((a) => [a.occasion_key, a.action, a.status])).toEqual([['honour:bronze', 'call', 'pending']]);
    const again = await care.generate('2026-12-07');
    expect(again.added).toBe(0);
    expect(await actions(id.birthday)).toHaveLength(1);
    const list = await care.list({ from: '2026-12-07', to: '2026-12-09' });
    expect(list.summary.byReason['do-not-call']).toBeGreaterThanOrEqual(1);
    const row = list.items.find((r) => r.donorId === id.birthday)!;
    expect(row.nameMasked).toContain('*');
    expect(row.phoneMasked).toMatch(/\*{4}/);
  });

  it('a 29 February birthday is celebrated on 28 February of a common year', async () => {
    await care.generate('2027-02-28');
    expect((await actions(id.leap)).map((a) => a.occasion_key)).toEqual(['birthday:2027']);
  });

  it('confirmation checks again, sends the SMS and creates the call task once, even confirmed twice at once', async () => {
    await exec(ctx.ds, 'UPDATE donor SET do_not_call = 1 WHERE id = ?', [id.lateComplaint]);
    const pending = (await care.list({ from: '2026-12-07', to: '2026-12-09', status: 'pending', pageSize: 200 })).items.map((r) => r.id);
    const [a, b] = await Promise.all([care.confirm(pending, boss), care.confirm(pending, boss)]);
    expect(a.sent + b.sent).toBe(1); // the birthday SMS; the other birthday donor asked since not to be called
    expect(a.tasked + b.tasked).toBe(2); // anniversary + honour
    expect([...a.excluded, ...b.excluded].map((x) => x.reason)).toEqual(['do-not-call']);
    const [act] = await actions(id.birthday);
    expect(act!.status).toBe('sent');
    const sms = await rows(ctx.ds, 'SELECT * FROM sms_outbox WHERE donor_id = ?', [id.birthday]);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ template: 'care', class: 'marketing', dedup_key: `care:${act!.id}` });
    expect(String(sms[0]!.body)).toMatch(/^【测试血站】.*生日快乐/);
    const tasks = await rows(ctx.ds, "SELECT * FROM ticket WHERE source = 'care' AND donor_id IN (?, ?)", [id.anniversary, id.honour]);
    expect(tasks.map((t) => Number(t.owner_id))).toEqual([manager, manager]);
    expect(await rows(ctx.ds, "SELECT id FROM contact_attempt WHERE donor_id = ? AND purpose = 'care'", [id.birthday])).toHaveLength(1);
    const third = await care.confirm(pending, boss);
    expect(third).toMatchObject({ sent: 0, tasked: 0, skipped: pending.length });
    expect(await rows(ctx.ds, 'SELECT id FROM sms_outbox WHERE donor_id = ?', [id.birthday])).toHaveLength(1);
  });

  it('rules are validated: an SMS text over the template limit is refused', async () => {
    const [rule] = (await care.rules()).filter((r) => r.occasion === 'birthday');
    await expect(care.updateRule(rule!.id, { smsText: '长'.repeat(36) }, boss)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const off = await care.updateRule(rule!.id, { enabled: false, leadDays: 1 }, boss);
    expect(off).toMatchObject({ enabled: false, leadDays: 1 });
  });

  it('the points ledger is idempotent per donation; a corrected donation gets a correcting entry', async () => {
    const donor = (await buildDonor(ctx.ds)).id;
    const d1 = await buildDonation(ctx.ds, donor, { volumeMl: 400, date: '2026-12-07' });
    const d2 = await buildDonation(ctx.ds, donor, { volumeMl: 400, date: '2026-12-07' });
    const ev = recorded([{ donationId: d1.id, donorId: donor }, { donationId: d2.id, donorId: donor }]);
    await svc.integration.events.emit('donation.recorded', ev);
    await svc.integration.events.emit('donation.recorded', ev);
    expect(await balanceOk(donor)).toBe(40);
    expect(await rows(ctx.ds, 'SELECT id FROM points_entry WHERE donor_id = ?', [donor])).toHaveLength(2);
    await exec(ctx.ds, "UPDATE donation SET outcome = 'rejected' WHERE id = ?", [d2.id]);
    await svc.integration.events.emit('donation.recorded', ev);
    await svc.integration.events.emit('donation.recorded', ev);
    expect(await balanceOk(donor)).toBe(20);
    expect((await rows(ctx.ds, 'SELECT source_key FROM points_entry WHERE donor_id = ? ORDER BY id', [donor])).map((r) => r.source_key)).toEqual([`donation:${d1.id}`, `donation:${d2.id}`, `donation:${d2.id}:1`]);
    const view = await loyalty.donor(donor);
    expect(view).toMatchObject({ balance: 20, honour: { units: 2, next: { level: 'bronze', missing: 18 } } });
  });

  it('a referrer is rewarded once, when the referee registered later donates for the first time', async () => {
    const referrer = (await buildDonor(ctx.ds)).id;
    const phone = uniqueMobile();
    const ref = await loyalty.refer({ referrerId: referrer, referredName: '赵小明', referredPhone: phone }, { actorId: boss });
    expect(ref).toMatchObject({ converted: false, referredDonorId: null });
    expect(ref.referredNameMasked).not.toContain('小明');
    await expect(loyalty.refer({ referrerId: referrer, referredName: '赵小明', referredPhone: phone }, { actorId: boss })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(loyalty.refer({ referrerId: referrer, referredDonorId: referrer }, { actorId: boss })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(loyalty.refer({ referrerId: referrer, referredName: '某', referredPhone: '12' }, { actorId: boss })).rejects.toMatchObject({ code: 'INVALID_PHONE' });
    const referee = (await buildDonor(ctx.ds, { phones: [phone] })).id;
    const don = await buildDonation(ctx.ds, referee, { date: '2026-12-07' });
    const ev = recorded([{ donationId: don.id, donorId: referee }]);
    await svc.integration.events.emit('donation.recorded', ev);
    await svc.integration.events.emit('donation.recorded', ev);
    expect(await balanceOk(referrer)).toBe(50);
    const view = await loyalty.donor(referrer);
    expect(view.referrals).toMatchObject([{ converted: true, referredDonorId: referee, rewardPoints: 50 }]);
    expect((await loyalty.donor(referee)).referredBy?.referrerId).toBe(referrer);
    // someone who has donated already cannot be entered as a referral
    await expect(loyalty.refer({ referrerId: (await buildDonor(ctx.ds)).id, referredDonorId: referee }, { actorId: boss })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('redemptions under concurrency: never below zero stock or balance; one redemption per request id', async () => {
    const donor = (await buildDonor(ctx.ds)).id;
    await loyalty.adjust(donor, 40, '测试积分', randomUUID(), boss);
    const item = await loyalty.createReward({ name: `徽章${donor}`, cost: 10, stock: 3 }, boss);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => loyalty.redeem(donor, item.id, 1, randomUUID(), boss)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'CONFLICT')).toBe(true);
    expect((await loyalty.reward(item.id)).stock).toBe(0);
    expect(await balanceOk(donor)).toBe(10);
    const big = await loyalty.createReward({ name: `水杯${donor}`, cost: 20, stock: 10 }, boss);
    await expect(loyalty.redeem(donor, big.id, 1, randomUUID(), boss)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/积分不足/) });
    expect((await loyalty.reward(big.id)).stock).toBe(10);
    // many desks racing on one balance: 10 points, a 5-point item, 6 attempts → exactly 2
    const small = await loyalty.createReward({ name: `贴纸${donor}`, cost: 5, stock: 100 }, boss);
    const race = await Promise.allSettled(Array.from({ length: 6 }, () => loyalty.redeem(donor, small.id, 1, randomUUID(), boss)));
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(await balanceOk(donor)).toBe(0);
    expect((await loyalty.reward(small.id)).stock).toBe(98);
    // the same request twice: one entry
    await loyalty.adjust(donor, 30, '测试积分', randomUUID(), boss);
    const req = randomUUID();
    const [x, y] = await Promise.all([loyalty.redeem(donor, small.id, 2, req, boss), loyalty.redeem(donor, small.id, 2, req, boss)]);
    expect(x.entryId).toBe(y.entryId);
    expect(await balanceOk(donor)).toBe(20);
    await expect(loyalty.updateReward(small.id, { stockDelta: -1000 }, boss)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('performance per manager and period: contacts, reached, donated and complaints of their donors', async () => {
    const m = (await buildUser(ctx.ds, { role: 'agent' })).id;
    const donor = (await buildDonor(ctx.ds, { accountManagerId: m })).id;
    for (const [outcome, at] of [['no-answer', '2026-11-03T02:00:00Z'], ['reached-booked', '2026-11-04T02:00:00Z'], ['reached', '2026-11-30T16:30:00Z']] as const) {
      await svc.contactPolicy.recordAttempt({ donorId: donor, purpose: 'recruitment', channel: 'voice', outcome, agentId: m, at: new Date(at) });
    }
    await buildDonation(ctx.ds, donor, { date: '2026-11-20' });
    await buildDonation(ctx.ds, donor, { date: '2026-12-02' }); // outside November
    await svc.tickets.create({ kind: 'complaint', donorId: donor, subject: '排队太久' }, boss);
    const rows_ = await managerPerformance(ctx.ds, '2026-11-01', '2026-11-30');
    // the third attempt is 00:30 on 1 December in Beijing: not in November
    expect(rows_.find((r) => r.managerId === m)).toMatchObject({ donors: 1, contacts: 2, reached: 1, booked: 0, donated: 1, complaints: 0 });
    const dec = await managerPerformance(ctx.ds, '2026-12-01', '2026-12-31');
    expect(dec.find((r) => r.managerId === m)).toMatchObject({ contacts: 1, reached: 1, donated: 1, complaints: 1 });
    await expect(managerPerformance(ctx.ds, '2026-12-31', '2026-12-01')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
