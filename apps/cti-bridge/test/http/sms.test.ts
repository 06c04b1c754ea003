/**
 * SMS through the bridge against the simulated gateway over real HTTP (issue 12): the outbox worker sends a booking
 * confirmation with the approved template code and parameters, the gateway's delivery report arrives at
 * /api/sms/reports and the agent sees 已送达; a donor's 不满意 reply to the survey arrives at /api/sms/inbound and
 * becomes a callback task for the account manager; TD opts the number out; a gateway answering 5xx ends as failed
 * with its reason on the supervisor's page and is sent after a retry; a parameter too long is parked; the callbacks
 * refuse a wrong token (401) and malformed bodies (400).
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { ErrorBody, Page, SmsHistoryItem, SmsMessageDto, SmsRefState, WorkTaskDto } from '@donorline/domain';
import { enqueueSurveys } from '@donorline/domain/node';
import { describeEachDb } from '@donorline/domain/testing';
import type { SmsSim } from '@donorline/sms-sim';
import type { Messaging } from '../../src/messaging/index.js';
import { startGateway } from './sms-gateway.js';
import { buildTestApp, type TestApp } from './test-app.js';

const TOKEN = 'sms-callback-token-0123456789';

describeEachDb('SMS through the simulated gateway (HTTP)', (ctx) => {
  let t: TestApp;
  let sim: SmsSim;
  let messaging: Messaging;
  let donorId: number;
  let mobile: string;

  beforeAll(async () => {
    t = await buildTestApp(ctx.kind, {
      env: { SMS_PROVIDER: 'sim', SMS_CALLBACK_TOKEN: TOKEN, SMS_QUIET_HOURS: 'off', SMS_MAX_ATTEMPTS: '2', SMS_RETRY_BASE_MS: '20', SMS_TIMEOUT_MS: '2000' },
    });
    ({ sim, messaging } = await startGateway(t, TOKEN));
    const created = await t.call<{ id: number }>('POST', '/api/donors', { token: t.users.agent1.token, json: { name: '韩冬', phone: '13955558821' } });
    donorId = created.body.id;
    mobile = '+8613955558821';
    expect((await t.call('PATCH', `/api/donors/${donorId}`, { token: t.users.supervisor.token, json: { accountManagerId: t.users.agent1.user.id } })).status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await messaging?.stop();
    await sim?.stop();
    await t?.close();
  });

  it('a booking confirmation goes out with its template code and parameters; the delivery report makes it 已送达 for the agent', async () => {
    await t.services.notifier.notify({ to: mobile, donorId, template: 'appointment-booked', payload: { name: '韩冬', when: '12月9日 09:30', site: '五四广场献血屋', typeLabel: '捐献全血', appointmentId: 77001 } });
    await vi.waitFor(() => expect(sim.store.list('13955558821')[0]).toMatchObject({ templateCode: t.config.sms.templateCodes['appointment-booked'], params: { name: '韩冬', site: '五四广场献血屋' }, signName: t.config.sms.signName }), { timeout: 10_000 });
    await vi.waitFor(async () => {
      const r = await t.call<SmsRefState[]>('GET', '/api/sms/refs?ref=appointment:77001', { token: t.users.agent2.token });
      expect(r.body).toEqual([expect.objectContaining({ ref: 'appointment:77001', status: 'delivered' })]);
    }, { timeout: 10_000 });
    expect(sim.stats()).toMatchObject({ duplicates: 0 });
    const hist = await t.call<SmsHistoryItem[]>('GET', `/api/donors/${donorId}/sms`, { token: t.users.agent1.token });
    expect(hist.body[0]).toMatchObject({ direction: 'out', template: 'appointment-booked', status: 'delivered', text: expect.stringContaining('五四广场献血屋') });
  });

  it('the survey, a 不满意 reply through the gateway → a callback task for the account manager; TD → opted out', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await enqueueSurveys(t.services.ds, { donations: [{ donationId: 880001, donorId, type: 'whole-blood', date: today, outcome: 'completed', created: true }] });
    await vi.waitFor(() => expect(sim.store.list('13955558821').some((m) => m.templateCode === t.config.sms.templateCodes.survey)).toBe(true), { timeout: 10_000 });
    expect((await sim.reply('13955558821', '不满意')).pushed).toBe(true);
    const mine = await t.call<Page<WorkTaskDto>>('GET', '/api/work?scope=mine&kind=callback', { token: t.users.agent1.token });
    expect(mine.body.items.find((x) => x.source === 'sms' && x.donor?.id === donorId)).toMatchObject({ subject: '短信满意度回访：不满意', priority: 'high', status: 'assigned' });
    expect((await sim.reply('13955558821', 'TD')).pushed).toBe(true);
    expect(await t.services.messaging.service.isOptedOut(mobile)).toBe(true);
    const hist = await t.call<SmsHistoryItem[]>('GET', `/api/donors/${donorId}/sms`, { token: t.users.agent1.token });
    expect(hist.body.filter((h) => h.direction === 'in').map((h) => [h.text, h.intent])).toEqual(expect.arrayContaining([['不满意', 'verdict'], ['TD', 'opt-out']]));
  }, 20_000);

  it('a gateway answering 503 → failed with its reason for the supervisor (not for agents); retried by the supervisor → sent once', async () => {
    sim.setFaults({ http5xxRate: 1 });
    await t.services.notifier.notify({ to: '+8613955550001', template: 'voice-reply', payload: { name: '周' }, ref: 'voice-message:91' });
    const problems = async () => (await t.call<Page<SmsMessageDto>>('GET', '/api/sms?status=problems', { token: t.users.supervisor.token })).body.items.find((m) => m.ref === 'voice-message:91');
    await vi.waitFor(async () => expect(await problems()).toMatchObject({ status: 'failed', attempts: 2, failureReason: expect.stringContaining('HTTP 503'), toMasked: '139****0001' }), { timeout: 10_000 });
    expect((await t.call<ErrorBody>('GET', '/api/sms', { token: t.users.agent1.token })).status).toBe(403);
    expect((await t.call('POST', `/api/sms/${(await problems())!.id}/retry`, { token: t.users.agent1.token })).status).toBe(403);
    sim.setFaults({ http5xxRate: 0 });
    const before = sim.store.accepted;
    // due again at once: the worker (polling every 20 ms) may already have claimed or sent it when the answer is read
    expect(['pending', 'sending', 'sent']).toContain((await t.call<SmsMessageDto>('POST', `/api/sms/${(await problems())!.id}/retry`, { token: t.users.supervisor.token })).body.status);
    await vi.waitFor(() => expect(sim.store.accepted).toBe(before + 1), { timeout: 10_000 });
    expect((await t.call<ErrorBody>('POST', `/api/sms/${(await t.services.messaging.service.refStates(['voice-message:91']))[0]!.id}/retry`, { token: t.users.supervisor.token })).status).toBe(409);
  }, 20_000);

  it('a parameter too long for the provider is parked with the reason, never cut or sent', async () => {
    await t.services.notifier.notify({ to: '+8613955550002', template: 'appointment-booked', payload: { name: '赵', when: '明天', site: '站'.repeat(40), typeLabel: '献血', appointmentId: 77002 } });
    await vi.waitFor(async () => expect((await t.services.messaging.service.refStates(['appointment:77002']))[0]).toMatchObject({ status: 'parked', failureReason: expect.stringContaining('site (40 > 35)') }), { timeout: 10_000 });
    expect(sim.store.list('13955550002')).toEqual([]);
  });

  it('callbacks: a wrong token is 401, a malformed body 400, an unknown message is accepted and ignored', async () => {
    const post = (path: string, body: string, token = TOKEN) => fetch(`${t.baseUrl}${path}?token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post('/api/sms/reports', '[]', 'nope')).status).toBe(401);
    expect((await post('/api/sms/inbound', '[{"phone_number":"13955558821","content":"1","sequence_id":1}]', 'x'.repeat(TOKEN.length))).status).toBe(401);
    expect((await post('/api/sms/reports', '{"biz_id":1}')).status).toBe(400);
    expect((await post('/api/sms/reports', '[{"success":"maybe"}]')).status).toBe(400);
    expect((await post('/api/sms/inbound', 'not json')).status).toBe(400);
    const ok = await post('/api/sms/reports', JSON.stringify([{ biz_id: '999^0', success: true, err_code: 'DELIVERED', report_time: '2026-12-07 10:00:00', out_id: '' }]));
    expect([ok.status, await ok.json()]).toEqual([200, { code: 0, msg: '成功' }]);
  });
});
