/**
 * Campaigns with a dialer, end to end (issues 13 + 14): the BECS posts a platelet stock snapshot through the ingest
 * API, the planner ranks the donors to call, a supervisor turns the list into a progressive campaign with one click
 * (POST /api/campaigns with the list), starts it, and the moment agent1 joins with a ready seat the dialer calls the
 * agent's phone and pops a listed donor — with the campaign and its script — on the agent's socket. A do-not-call
 * donor put on the list is refused by the contact policy right before the dial (blocked, with its reason, no call);
 * the call's outcome is one contact attempt of the campaign; a busy donor waits for the retry.
 * SQLite only (the dialer's claim/attempt rules run on both databases in packages/domain/test/campaign-dialer.test.ts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays, type CampaignCallEvent, type CampaignBoardDto } from '@donorline/domain';
import { buildDonation, buildDonor, buildSite, buildSlot, describeEachDb } from '@donorline/domain/testing';
import type { Desk } from './support/desk.js';
import { Harness, until } from './support/harness.js';

describeEachDb('campaign dialer from the planner\'s list', (ctx) => {
  let h: Harness;
  let agent: Desk;
  let sup: string;
  let today: string;
  let listed: number[] = [];
  let dncId: number;
  let campaignId: number;
  const events: CampaignCallEvent[] = [];

  beforeAll(async () => {
    h = await Harness.start(ctx.db, { timeScale: 0.1, wrapUpSeconds: 0 });
    const ds = h.services.ds;
    today = h.services.planning.today();
    const site = await buildSite(ds, { name: '中心血站' });
    for (let i = 0; i < 7; i++) await buildSlot(ds, site.id, { type: 'platelets', startsAt: new Date(`${addDays(today, i)}T01:00:00Z`), capacity: 8 });
    for (const [name, phone] of [['常客甲', '13812345678'], ['常客乙', '13812345679']] as const) {
      const d = await buildDonor(ds, { name, bloodAbo: 'O', bloodRh: '+', phones: [phone] });
      await buildDonation(ds, d.id, { type: 'platelets', date: addDays(today, -40), siteId: site.id });
    }
    dncId = (await buildDonor(ds, { name: '勿扰丙', bloodAbo: 'O', bloodRh: '+', phones: ['13812345670'], doNotCall: true })).id;
    sup = await h.token('supervisor');
    agent = await h.seatedDesk('agent1', '8001');
    agent.socket.on('campaign:call', (e) => events.push(e));
  }, 90_000);
  afterAll(async () => h?.close(), 30_000);

  it('stock snapshot (ingest API) → plan → ranked list → progressive campaign → the first call pops a listed donor with the script', async () => {
    const admin = await h.token('admin');
    const key = await h.api<{ key: string }>('POST', '/api/integration/api-keys', admin, { name: 'becs-planner', scopes: ['planning'] });
    const r = await fetch(`${h.baseUrl}/api/integration/planning/stock`, {
      method: 'POST', headers: { 'x-api-key': key.body.key, 'content-type': 'application/json' },
      body: JSON.stringify({ lots: [{ group: 'O+', expiresOn: addDays(today, 2), units: 1 }] }),
    });
    expect(r.status).toBe(200);
    expect((await h.api('GET', '/api/planning/plan', sup)).status).toBe(200);
    const list = await h.api<{ items: { donorId: number }[] }>('GET', `/api/planning/list?group=O%2B&targetDay=${addDays(today, 2)}`, sup);
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(2);
    listed = list.body.items.slice(0, 2).map((i) => i.donorId); // the two best-ranked

    const agentId = (await h.services.users.findByUsername('agent1'))!.id;
    // bad input: no agents → a clear 400, nothing created
    const none = await h.api<{ message: string }>('POST', '/api/campaigns', sup, { name: '血小板O+召回', mode: 'progressive', startsOn: today, agentIds: [], donorIds: listed });
    expect([none.status, none.body.message]).toEqual([400, expect.stringContaining('assign at least one agent')]);
    // the one click: the list (a do-not-call donor slipped in first) becomes a progressive campaign
    const created = await h.api<{ id: number; status: string }>('POST', '/api/campaigns', sup, {
      name: '血小板O+召回', mode: 'progressive', script: '您好，这里是青岛市中心血站，O型血小板库存紧张……', startsOn: today, hoursStart: '00:00', hoursEnd: '23:59',
      maxAttempts: 2, retryMinutes: [60], agentIds: [agentId], donorIds: [dncId, ...listed],
    });
    expect([created.status, created.body.status]).toEqual([200, 'draft']);
    campaignId = created.body.id;
    expect((await h.api('POST', `/api/campaigns/${campaignId}/join`, await h.token('agent1'))).status).toBe(409); // not running yet
    expect((await h.api('POST', `/api/campaigns/${campaignId}/start`, await h.token('agent1'))).status).toBe(403); // agents do not start campaigns
    expect((await h.api<{ status: string }>('POST', `/api/campaigns/${campaignId}/start`, sup)).body.status).toBe('running');

    h.sim.setDonorBehaviour({ behaviour: 'answer', answerAfterMs: 500, talkMs: 60_000 });
    const joined = await h.api<{ mode: string }>('POST', `/api/campaigns/${campaignId}/join`, await h.token('agent1'));
    expect([joined.status, joined.body.mode]).toEqual([200, 'progressive']);
    const pop = await agent.waitPop(() => true, 10_000);
    const call = await until(() => events.find((e) => e.state === 'dialing'), 5000, 'campaign:call');
    expect(listed).toContain(call.donorId);
    expect(pop.callId).toBe(call.callId);
    expect(pop.donors.map((d) => d.id)).toContain(call.donorId);
    expect(call).toMatchObject({ campaignId, campaignName: '血小板O+召回', script: expect.stringContaining('O型血小板') });
    expect(JSON.stringify(events)).not.toContain('1381234567');

    // the agent answers; the donor answers; the agent hangs up → one attempt 'reached' of this campaign
    await agent.command('call:answer', { callId: call.callId! });
    await agent.waitUpdate((u) => u.callId === call.callId && u.state === 'connected', 10_000);
    await agent.command('call:hangup', { callId: call.callId! });
    const ended = await until(() => events.find((e) => e.callId === call.callId && e.state === 'ended'), 8000, 'the call ended');
    expect(ended.outcome).toBe('reached');
    const board = await h.api<{ board: CampaignBoardDto }>('GET', `/api/campaigns/${campaignId}`, sup);
    expect(board.body.board).toMatchObject({ attempts: 1, reached: 1 });
    const attempts = (await h.services.ds.query('SELECT campaign_id, outcome, purpose FROM contact_attempt WHERE call_id = ?', [call.callId])) as unknown[];
    expect(attempts).toEqual([{ campaign_id: campaignId, outcome: 'reached', purpose: 'recruitment' }]);
    // the agent records the result: booked
    const o = await h.api<{ status: string }>('POST', `/api/campaigns/${campaignId}/targets/${call.targetId}/outcome`, await h.token('agent1'), { outcome: 'reached-booked' });
    expect([o.status, o.body.status]).toEqual([200, 'booked']);
  }, 60_000);

  it('the next ready moment dials the next listed donor; busy → an attempt and a retry later, never a second call now', async () => {
    const first = events.find((e) => e.state === 'dialing')!;
    const next = listed.find((d) => d !== first.donorId)!;
    h.sim.setDonorBehaviour({ behaviour: 'busy' });
    const call = await until(() => events.find((e) => e.state === 'dialing' && e.donorId === next), 10_000, 'the next dial').catch((e: Error) => {
      throw new Error(`${e.message}\n${JSON.stringify({ events, notices: agent.notices, session: agent.session })}`);
    });

    await agent.command('call:answer', { callId: call.callId! });
    const ended = await until(() => events.find((e) => e.callId === call.callId && e.state === 'ended'), 10_000, 'busy ended');
    expect(ended).toMatchObject({ outcome: 'busy', status: 'pending', attempts: 1 });
    await agent.waitSession((s) => s.state === 'ready' || s.state === 'idle' as never, 5000).catch(() => undefined);
    const n = (await h.services.ds.query('SELECT COUNT(*) AS n FROM contact_attempt WHERE campaign_id = ?', [campaignId])) as { n: number }[];
    expect(Number(n[0]!.n)).toBe(2);
    // nobody else is due: the list is done for now, the agent is told once, no further call is placed
    await until(() => agent.notices.find((x) => x.code === 'CAMPAIGN_EMPTY'), 8000, 'told the list is empty').catch((e: Error) => {
      throw new Error(`${e.message}\n${JSON.stringify({ events, notices: agent.notices, session: agent.session, member: h.bridge.dialer.memberOf(agent.session?.user.id ?? 0) })}`);
    });
    expect(events.filter((e) => e.state === 'dialing')).toHaveLength(2);
    // the do-not-call donor was refused right before its dial: blocked with its reason, never called
    expect(events.find((e) => e.donorId === dncId)).toMatchObject({ state: 'blocked', message: expect.stringContaining('do-not-call') });
    expect(events.filter((e) => e.donorId === dncId && e.state === 'dialing')).toHaveLength(0);
    const board = await h.api<{ board: CampaignBoardDto }>('GET', `/api/campaigns/${campaignId}`, sup);
    expect(board.body.board).toMatchObject({ targets: 3, attempts: 2, reached: 1, booked: 1, blocked: 1, blockedByReason: { 'do-not-call': 1 }, pending: 1 });
  }, 40_000);
}, ['sqlite']);
