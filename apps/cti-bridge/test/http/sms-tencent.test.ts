/**
 * SMS through Tencent Cloud's API (issue 12), bridge ↔ simulated gateway over real HTTP: the outbox worker sends
 * with the official SDK (TC3 verified by the simulator), the delivery status is pulled (PullSmsSendStatus) and the
 * agent sees 已送达; a donor's 不满意 is pulled (PullSmsReplyStatus) and becomes a callback task for the account
 * manager, TD opts the number out — the same domain outcomes as the Aliyun pushes (sms.test.ts). An undelivered
 * status is 未送达 with Tencent's description; a status pulled while the database refuses it is held and recorded on
 * the next round, never lost.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { Page, SmsHistoryItem, SmsRefState, WorkTaskDto } from '@donorline/domain';
import { enqueueSurveys } from '@donorline/domain/node';
import { describeEachDb } from '@donorline/domain/testing';
import type { SmsSim } from '@donorline/sms-sim';
import type { Messaging } from '../../src/messaging/index.js';
import { startSmsRig, type SmsRig } from './sms-rig.js';
import type { TestApp } from './test-app.js';

describeEachDb('SMS through Tencent Cloud SMS API 3.0 on the simulated gateway (HTTP, pull)', (ctx) => {
  let t: TestApp;
  let sim: SmsSim;
  let messaging: Messaging;
  let donorId: number;
  const mobile = '+8613955558831';
  let rig: SmsRig;

  beforeAll(async () => {
    rig = await startSmsRig(ctx.kind, { protocol: 'tencent', donor: { name: '韩秋', phone: '13955558831' } });
    ({ t, sim, messaging, donorId } = rig);
  }, 120_000);
  afterAll(() => rig?.close());

  it('a booking confirmation goes out through the SDK; the pulled delivery status makes it 已送达 for the agent', async () => {
    expect(messaging.puller).not.toBeNull();
    await t.services.notifier.notify({ to: mobile, donorId, template: 'appointment-booked', payload: { name: '韩秋', when: '12月9日 09:30', site: '五四广场献血屋', typeLabel: '捐献全血', appointmentId: 78001 } });
    await vi.waitFor(() => expect(sim.store.list('13955558831')[0]).toMatchObject({ api: 'tencent', templateCode: t.config.sms.tencent!.templateIds['appointment-booked'], params: { 1: '韩秋', 3: '五四广场献血屋' }, signName: t.config.sms.signName }), { timeout: 10_000 });
    await vi.waitFor(async () => {
      const r = await t.call<SmsRefState[]>('GET', '/api/sms/refs?ref=appointment:78001', { token: t.users.agent2.token });
      expect(r.body).toEqual([expect.objectContaining({ ref: 'appointment:78001', status: 'delivered' })]);
    }, { timeout: 10_000 });
    expect(sim.stats()).toMatchObject({ duplicates: 0, tencent: { reportsWaiting: 0 } });
    const hist = await t.call<SmsHistoryItem[]>('GET', `/api/donors/${donorId}/sms`, { token: t.users.agent1.token });
    expect(hist.body[0]).toMatchObject({ direction: 'out', template: 'appointment-booked', status: 'delivered', text: expect.stringContaining('五四广场献血屋') });
  });

  it('the survey, a 不满意 reply pulled from Tencent → a callback task for the account manager; TD → opted out', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await enqueueSurveys(t.services.ds, { donations: [{ donationId: 881001, donorId, type: 'whole-blood', date: today, outcome: 'completed', created: true }] });
    await vi.waitFor(() => expect(sim.store.list('13955558831').some((m) => m.templateCode === t.config.sms.tencent!.templateIds.survey)).toBe(true), { timeout: 10_000 });
    expect(await sim.reply('13955558831', '不满意')).toMatchObject({ via: 'pull' });
    await vi.waitFor(async () => {
      const mine = await t.call<Page<WorkTaskDto>>('GET', '/api/work?scope=mine&kind=callback', { token: t.users.agent1.token });
      expect(mine.body.items.find((x) => x.source === 'sms' && x.donor?.id === donorId)).toMatchObject({ subject: '短信满意度回访：不满意', priority: 'high', status: 'assigned' });
    }, { timeout: 10_000 });
    await sim.reply('13955558831', 'TD');
    await vi.waitFor(async () => expect(await t.services.messaging.service.isOptedOut(mobile)).toBe(true), { timeout: 10_000 });
    const hist = await t.call<SmsHistoryItem[]>('GET', `/api/donors/${donorId}/sms`, { token: t.users.agent1.token });
    expect(hist.body.filter((h) => h.direction === 'in').map((h) => [h.text, h.intent])).toEqual(expect.arrayContaining([['不满意', 'verdict'], ['TD', 'opt-out']]));
    expect(sim.stats()).toMatchObject({ tencent: { repliesPulled: 2, repliesWaiting: 0 } });
  }, 30_000);

  it('an undelivered status (ReportStatus FAIL) is 未送达 with Tencent\'s description', async () => {
    sim.setFaults({ undeliveredRate: 1 });
    try {
      await t.services.notifier.notify({ to: '+8613955550031', template: 'voice-reply', payload: { name: '周' }, ref: 'voice-message:931' });
      await vi.waitFor(async () => expect((await t.services.messaging.service.refStates(['voice-message:931']))[0]).toMatchObject({ status: 'undelivered' }), { timeout: 10_000 });
      const id = (await t.services.messaging.service.refStates(['voice-message:931']))[0]!.id;
      expect(await t.services.ds.query('SELECT report_code FROM sms_outbox WHERE id = ?', [id])).toEqual([{ report_code: '用户手机关机或停机' }]);
    } finally {
      sim.setFaults({ undeliveredRate: 0 });
    }
  });

  it('a status pulled while it cannot be recorded is held and recorded on the next round (Tencent hands it out once)', async () => {
    const puller = messaging.puller!;
    await puller.stop();
    await t.services.notifier.notify({ to: '+8613955550032', template: 'voice-reply', payload: { name: '吴' }, ref: 'voice-message:932' });
    await vi.waitFor(() => expect(sim.stats()).toMatchObject({ tencent: { reportsWaiting: 1 } }), { timeout: 10_000 });
    // the database refuses for real: the outbox table is away while the round runs
    await t.services.ds.query('ALTER TABLE sms_outbox RENAME TO sms_outbox_away');
    try {
      await puller.pollOnce();
      expect(sim.stats()).toMatchObject({ tencent: { reportsWaiting: 0 } });
    } finally {
      await t.services.ds.query('ALTER TABLE sms_outbox_away RENAME TO sms_outbox');
    }
    expect((await t.services.messaging.service.refStates(['voice-message:932']))[0]).toMatchObject({ status: 'sent' });
    await puller.pollOnce();
    expect((await t.services.messaging.service.refStates(['voice-message:932']))[0]).toMatchObject({ status: 'delivered' });
    puller.start();
  });
});
