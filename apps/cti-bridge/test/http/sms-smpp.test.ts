/**
 * SMS through SMPP (issue 12), bridge ↔ simulated gateway over real TCP: the outbox worker renders the approved text
 * with the center's signature and submits it in UCS2 parts over a bound transceiver link; the receipts (deliver_sm)
 * make it 已送达 for the agent; a donor's 不满意 (MO deliver_sm) becomes a callback task for the account manager and TD
 * opts the number out — the same domain outcomes as the Aliyun pushes and the Tencent pull. A throttled gateway is
 * retried (sent once, in the end); an undelivered receipt is 未送达 with its stat; a receipt the database refuses is
 * answered ESME_RX_T_APPN and written when the gateway resends it.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { renderTemplate, type Page, type SmsHistoryItem, type SmsRefState, type WorkTaskDto } from '@donorline/domain';
import { enqueueSurveys } from '@donorline/domain/node';
import { describeEachDb } from '@donorline/domain/testing';
import type { SmsSim } from '@donorline/sms-sim';
import type { Messaging } from '../../src/messaging/index.js';
import { startSmsRig, type SmsRig } from './sms-rig.js';
import type { TestApp } from './test-app.js';

describeEachDb('SMS through SMPP on the simulated gateway (TCP, deliver_sm)', (ctx) => {
  let t: TestApp;
  let sim: SmsSim;
  let messaging: Messaging;
  let donorId: number;
  const mobile = '+8613955558841';
  let rig: SmsRig;

  beforeAll(async () => {
    // room for a few throttled attempts before the test lifts the fault (back-off 300 ms, doubling)
    rig = await startSmsRig(ctx.kind, { protocol: 'smpp', donor: { name: '韩秋', phone: '13955558841' }, env: { SMS_MAX_ATTEMPTS: '6', SMS_RETRY_BASE_MS: '300' } });
    ({ t, sim, messaging, donorId } = rig);
  }, 120_000);
  afterAll(() => rig?.close());

  it('a booking confirmation is rendered with the signature and sent in UCS2 parts; the receipts make it 已送达 for the agent', async () => {
    expect(messaging.provider?.name).toBe('sim');
    const payload = { name: '韩秋', when: '12月9日 09:30', site: '五四广场献血屋', typeLabel: '捐献全血' };
    await t.services.notifier.notify({ to: mobile, donorId, template: 'appointment-booked', payload: { ...payload, appointmentId: 78101 } });
    await vi.waitFor(() => expect(sim.store.list('13955558841')[0]).toMatchObject({ api: 'smpp', text: renderTemplate('appointment-booked', payload, t.config.sms.signName), fee: 2 }), { timeout: 10_000 });
    await vi.waitFor(async () => {
      const r = await t.call<SmsRefState[]>('GET', '/api/sms/refs?ref=appointment:78101', { token: t.users.agent2.token });
      expect(r.body).toEqual([expect.objectContaining({ ref: 'appointment:78101', status: 'delivered' })]);
    }, { timeout: 10_000 });
    const hist = await t.call<SmsHistoryItem[]>('GET', `/api/donors/${donorId}/sms`, { token: t.users.agent1.token });
    expect(hist.body[0]).toMatchObject({ direction: 'out', template: 'appointment-booked', status: 'delivered', text: expect.stringContaining('五四广场献血屋') });
    const [row] = await t.services.ds.query('SELECT provider_id, report_code FROM sms_outbox WHERE ref = ?', ['appointment:78101']) as { provider_id: string; report_code: string }[];
    expect(row).toEqual({ provider_id: sim.store.list('13955558841')[0]!.bizId, report_code: 'DELIVRD' });
    expect(sim.stats()).toMatchObject({ smpp: { bound: true, receiptsWaiting: 0 } });
  }, 30_000);

  it('the survey, a 不满意 reply as MO deliver_sm → a callback task for the account manager; TD → opted out', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await enqueueSurveys(t.services.ds, { donations: [{ donationId: 881101, donorId, type: 'whole-blood', date: today, outcome: 'completed', created: true }] });
    await vi.waitFor(() => expect(sim.store.list('13955558841').some((m) => m.text?.includes('请回复1-5'))).toBe(true), { timeout: 10_000 });
    expect(await sim.reply('13955558841', '不满意')).toMatchObject({ via: 'smpp', pushed: true });
    await vi.waitFor(async () => {
      const mine = await t.call<Page<WorkTaskDto>>('GET', '/api/work?scope=mine&kind=callback', { token: t.users.agent1.token });
      expect(mine.body.items.find((x) => x.source === 'sms' && x.donor?.id === donorId)).toMatchObject({ subject: '短信满意度回访：不满意', priority: 'high', status: 'assigned' });
    }, { timeout: 10_000 });
    expect(await sim.reply('13955558841', 'TD')).toMatchObject({ via: 'smpp', pushed: true });
    expect(await t.services.messaging.service.isOptedOut(mobile)).toBe(true);
    const hist = await t.call<SmsHistoryItem[]>('GET', `/api/donors/${donorId}/sms`, { token: t.users.agent1.token });
    expect(hist.body.filter((h) => h.direction === 'in').map((h) => [h.text, h.intent])).toEqual(expect.arrayContaining([['不满意', 'verdict'], ['TD', 'opt-out']]));
  }, 30_000);

  it('a throttled gateway (ESME_RTHROTTLED) is retried with back-off and the message goes out once', async () => {
    sim.setFaults({ http5xxRate: 1 });
    try {
      await t.services.notifier.notify({ to: '+8613955550041', template: 'voice-reply', payload: { name: '周' }, ref: 'voice-message:941' });
      await vi.waitFor(async () => {
        const [r] = await t.services.ds.query('SELECT attempts, last_error FROM sms_outbox WHERE ref = ?', ['voice-message:941']) as { attempts: number; last_error: string }[];
        expect(r).toMatchObject({ last_error: 'ESME_RTHROTTLED' });
      }, { timeout: 10_000 });
    } finally {
      sim.setFaults({ http5xxRate: 0 });
    }
    await vi.waitFor(async () => expect((await t.services.messaging.service.refStates(['voice-message:941']))[0]).toMatchObject({ status: 'delivered' }), { timeout: 10_000 });
    expect(sim.store.list('13955550041')).toHaveLength(1);
  }, 30_000);

  it('an undelivered receipt is 未送达 with its stat; a receipt the database refuses is answered ESME_RX_T_APPN and written when resent', async () => {
    sim.setFaults({ undeliveredRate: 1 });
    try {
      await t.services.notifier.notify({ to: '+8613955550042', template: 'voice-reply', payload: { name: '吴' }, ref: 'voice-message:942' });
      await vi.waitFor(async () => expect((await t.services.messaging.service.refStates(['voice-message:942']))[0]).toMatchObject({ status: 'undelivered' }), { timeout: 10_000 });
      const id = (await t.services.messaging.service.refStates(['voice-message:942']))[0]!.id;
      expect(await t.services.ds.query('SELECT report_code FROM sms_outbox WHERE id = ?', [id])).toEqual([{ report_code: 'UNDELIV:001' }]);
    } finally {
      sim.setFaults({ undeliveredRate: 0 });
    }
    const smppAdapter = messaging.provider as unknown as { deliver: { stats: { errors: number } } };
    const errorsBefore = smppAdapter.deliver.stats.errors;
    sim.smpp!.holdReceipts(true);
    await t.services.notifier.notify({ to: '+8613955550043', template: 'voice-reply', payload: { name: '郑' }, ref: 'voice-message:943' });
    await vi.waitFor(async () => expect((await t.services.messaging.service.refStates(['voice-message:943']))[0]).toMatchObject({ status: 'sent' }), { timeout: 10_000 });
    await vi.waitFor(() => expect(sim.smpp!.waitingDeliveries).toBe(1), { timeout: 10_000 });
    // the database refuses for real while the receipt comes in: the outbox table is away
    await t.services.ds.query('ALTER TABLE sms_outbox RENAME TO sms_outbox_away');
    try {
      sim.smpp!.holdReceipts(false);
      await vi.waitFor(() => expect(smppAdapter.deliver.stats.errors).toBeGreaterThan(errorsBefore), { timeout: 10_000 });
    } finally {
      await t.services.ds.query('ALTER TABLE sms_outbox_away RENAME TO sms_outbox');
    }
    await vi.waitFor(async () => expect((await t.services.messaging.service.refStates(['voice-message:943']))[0]).toMatchObject({ status: 'delivered' }), { timeout: 10_000 });
  }, 30_000);
});
