/**
 * SMS campaigns over real HTTP against the simulated SMS gateway (issues 13 + 14): a supervisor creates an SMS
 * campaign from a saved segment (an agent may not: 403; a template variable over the gateway's limit: 400, nothing
 * written), launches it — the invitations really arrive at the gateway with the approved template code and
 * parameters, the do-not-call donor is blocked with the reason, the rate holds — the gateway's delivery reports make
 * them 已送达, a donor's reply and a TD arrive through the gateway and show on the campaign's results, a booking
 * counts as a conversion, and the donor's SMS history shows the invitation. Pause stops the sending, resume goes on.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { AppointmentBrief, DialCampaignDto, ErrorBody, SavedSegmentDto, SmsCampaignDetail, SmsHistoryItem, SmsRecipientRow } from '@donorline/domain';
import { describeEachDb, buildSite, buildSlot } from '@donorline/domain/testing';
import type { SmsSim } from '@donorline/sms-sim';
import type { Messaging } from '../../src/messaging/index.js';
import { createSmsCampaigns, startSmsCampaignJob, type SmsCampaignJob } from '../../src/sms-campaign/index.js';
import { silentLogger } from '../../src/logger.js';
import { startGateway } from './sms-gateway.js';
import { buildTestApp, type TestApp } from './test-app.js';

const TOKEN = 'sms-callback-token-0123456789';
const today = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describeEachDb('SMS campaigns through the simulated gateway (HTTP)', (ctx) => {
  let t: TestApp;
  let sim: SmsSim;
  let messaging: Messaging;
  let job: SmsCampaignJob;
  const donors: { id: number; mobile: string }[] = [];
  let segmentId: number;

  beforeAll(async () => {
    // open all day: the test must not depend on the hour it runs at (the policy's hours are tested in the domain)
    t = await buildTestApp(ctx.kind, { env: { SMS_PROVIDER: 'sim', SMS_CALLBACK_TOKEN: TOKEN, SMS_QUIET_HOURS: 'off', CONTACT_HOURS: '00:00-24:00', SMS_TIMEOUT_MS: '2000' } });
    ({ sim, messaging } = await startGateway(t, TOKEN));
    // the bridge's sending job, ticking fast here; rate 120/min = 4 per 2 s tick of the job's own budget
    job = startSmsCampaignJob(createSmsCampaigns(t.services, t.config, { tickMs: 200 }).sender, { tickMs: 200, kick: () => messaging.worker?.kick(), log: silentLogger });
    const sup = t.users.supervisor.token;
    for (const [i, name] of ['邀约甲', '邀约乙', '邀约丙', '邀约丁'].entries()) {
      const phone = `1396677${String(1000 + i)}`;
      const d = await t.call<{ id: number }>('POST', '/api/donors', { token: t.users.agent1.token, json: { name, phone, consentRecruitment: true, consentSms: true } });
      expect(d.status).toBe(200);
      donors.push({ id: d.body.id, mobile: phone });
      // the segment: the donors of one account manager
      expect((await t.call('PATCH', `/api/donors/${d.body.id}`, { token: sup, json: { accountManagerId: t.users.agent2.user.id, ...(i === 3 ? { doNotCall: true } : {}) } })).status).toBe(200);
    }
    const seg = await t.call<SavedSegmentDto>('POST', '/api/crm/segments', { token: sup, json: { name: '客户经理乙的献血者', rule: { op: 'and', rules: [{ field: 'accountManager', op: 'in', value: [t.users.agent2.user.id] }] } } });
    expect(seg.status).toBe(200);
    segmentId = seg.body.id;
  }, 120_000);
  afterAll(async () => {
    await job?.stop();
    await messaging?.stop();
    await sim?.stop();
    await t?.close();
  });

  const body = { name: '血小板邀约（分群）', startsOn: today(), hoursStart: '00:00', hoursEnd: '24:00', site: '五四广场献血屋', inviteDate: '12月9日', product: 'platelets', ratePerMinute: 600 };
  let id: number;

  it('only supervisors create; a variable over the gateway limit is a 400 naming it, nothing written', async () => {
    expect((await t.call('POST', '/api/sms-campaigns', { token: t.users.agent1.token, json: { ...body, segmentId } })).status).toBe(403);
    const before = (await t.call<DialCampaignDto[]>('GET', '/api/campaigns', { token: t.users.supervisor.token })).body.length;
    const bad = await t.call<ErrorBody>('POST', '/api/sms-campaigns', { token: t.users.supervisor.token, json: { ...body, segmentId, site: '青岛市市南区五四广场献血屋（东门进入，二楼机采室，周一至周日上午八点半至下午五点）' } });
    expect([bad.status, bad.body.code, bad.body.message]).toEqual([400, 'VALIDATION_FAILED', expect.stringMatching(/地点最多 35 个字.*site is at most 35/)]);
    expect((await t.call('POST', '/api/sms-campaigns', { token: t.users.supervisor.token, json: { ...body, segmentId, rogue: 1 } })).status).toBe(400);
    // the call campaigns' route does not make SMS campaigns without their invitation
    expect((await t.call('POST', '/api/campaigns', { token: t.users.supervisor.token, json: { name: 'x', mode: 'preview', channel: 'sms', startsOn: today(), agentIds: [t.users.agent1.user.id], segmentId } })).status).toBe(400);
    expect((await t.call<DialCampaignDto[]>('GET', '/api/campaigns', { token: t.users.supervisor.token })).body.length).toBe(before);
  });

  it('from a segment: launched, the invitations arrive at the gateway; do-not-call is blocked with its reason; delivery reports come back', async () => {
    const c = await t.call<SmsCampaignDetail>('POST', '/api/sms-campaigns', { token: t.users.supervisor.token, json: { ...body, segmentId } });
    expect(c.status).toBe(200);
    id = c.body.campaign.id;
    expect(c.body).toMatchObject({ campaign: { channel: 'sms', status: 'draft', segmentId }, results: { targets: 4, byState: { pending: 4 } } });
    expect(c.body.sample).toContain('五四广场献血屋12月9日急需机采血小板');
    await job.tick();
    expect(sim.store.list(donors[0]!.mobile)).toEqual([]); // a draft sends nothing
    expect((await t.call('POST', `/api/campaigns/${id}/start`, { token: t.users.agent1.token })).status).toBe(403);
    expect((await t.call('POST', `/api/campaigns/${id}/start`, { token: t.users.supervisor.token })).status).toBe(200);
    for (const d of donors.slice(0, 3)) {
      await vi.waitFor(() => expect(sim.store.list(d.mobile)[0]).toMatchObject({ templateCode: t.config.sms.templateCodes['recruitment-invitation'], params: { site: '五四广场献血屋', date: '12月9日', product: '机采血小板' } }), { timeout: 10_000 });
    }
    await vi.waitFor(async () => {
      const r = await t.call<SmsCampaignDetail>('GET', `/api/sms-campaigns/${id}`, { token: t.users.supervisor.token });
      expect(r.body.results).toMatchObject({ targets: 4, byState: { delivered: 3, blocked: 1 }, blockedByReason: { 'do-not-call': 1 } });
    }, { timeout: 10_000 });
    expect(sim.store.list(donors[3]!.mobile)).toEqual([]);
    expect(sim.stats()).toMatchObject({ duplicates: 0 });
    const recips = await t.call<SmsRecipientRow[]>('GET', `/api/sms-campaigns/${id}/recipients`, { token: t.users.supervisor.token });
    expect(recips.body.map((r) => r.state)).toEqual(['delivered', 'delivered', 'delivered', 'blocked']);
    expect(recips.body[3]).toMatchObject({ blockReasons: ['do-not-call'], phoneMasked: '139****1003' });
    expect(JSON.stringify(recips.body)).not.toContain('13966771000');
    expect((await t.call('GET', `/api/sms-campaigns/${id}/recipients`, { token: t.users.agent2.token })).status).toBe(403);
  }, 30_000);

  it('a reply and a TD through the gateway, a booking: replied, opted out, converted; the donor sees the invitation in the history', async () => {
    expect((await sim.reply(donors[0]!.mobile, '好的，我周三上午过去')).pushed).toBe(true);
    expect((await sim.reply(donors[1]!.mobile, 'TD')).pushed).toBe(true);
    const site = await buildSite(t.services.ds);
    const slot = await buildSlot(t.services.ds, site.id, { type: 'platelets', startsAt: new Date(Date.now() + 2 * 86_400_000) });
    const book = await t.call<AppointmentBrief>('POST', '/api/appointments', { token: t.users.agent1.token, json: { donorId: donors[0]!.id, slotId: slot.id, type: 'platelets', channel: 'agent' } });
    expect(book.status).toBe(200);
    const r = await t.call<SmsCampaignDetail>('GET', `/api/sms-campaigns/${id}`, { token: t.users.supervisor.token });
    expect(r.body.results).toMatchObject({ replied: 1, optedOut: 1, booked: 1, conversion: 0.333 });
    expect(await t.services.messaging.service.isOptedOut(`+86${donors[1]!.mobile}`)).toBe(true);
    const hist = await t.call<SmsHistoryItem[]>('GET', `/api/donors/${donors[0]!.id}/sms`, { token: t.users.agent1.token });
    expect(hist.body.find((h) => h.template === 'recruitment-invitation')).toMatchObject({ direction: 'out', status: 'delivered', text: expect.stringContaining('诚邀您预约献血') });
  }, 20_000);

  it('pause stops the sending, resume goes on; every launch, pause and resume is audited with the supervisor', async () => {
    const more: number[] = [];
    for (let i = 0; i < 3; i++) more.push((await t.call<{ id: number }>('POST', '/api/donors', { token: t.users.agent1.token, json: { name: `名单${i}`, phone: `1396688${1000 + i}`, consentRecruitment: true, consentSms: true } })).body.id);
    const c = await t.call<SmsCampaignDetail>('POST', '/api/sms-campaigns', { token: t.users.supervisor.token, json: { ...body, name: '名单邀约', donorIds: more } });
    const cid = c.body.campaign.id;
    await t.call('POST', `/api/campaigns/${cid}/start`, { token: t.users.supervisor.token });
    await t.call('POST', `/api/campaigns/${cid}/pause`, { token: t.users.supervisor.token });
    await job.tick(); // a tick in flight when paused may have written some; none after
    const atPause = (await t.call<SmsCampaignDetail>('GET', `/api/sms-campaigns/${cid}`, { token: t.users.supervisor.token })).body.results.byState.pending;
    await job.tick();
    expect((await t.call<SmsCampaignDetail>('GET', `/api/sms-campaigns/${cid}`, { token: t.users.supervisor.token })).body.results.byState.pending).toBe(atPause);
    await t.call('POST', `/api/campaigns/${cid}/start`, { token: t.users.supervisor.token });
    await vi.waitFor(() => expect(sim.store.list('13966881002')).toHaveLength(1), { timeout: 10_000 });
    const audit = (await t.services.audit.list({ subjectType: 'campaign', subjectId: String(cid) })).items.map((a) => [a.action, a.actor?.id ?? null]);
    expect(audit).toEqual(expect.arrayContaining([['campaign.create', t.users.supervisor.user.id], ['campaign.start', t.users.supervisor.user.id], ['campaign.pause', t.users.supervisor.user.id]]));
  }, 30_000);
});
