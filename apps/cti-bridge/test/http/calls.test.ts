import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CallDto, ContactBrief, ErrorBody, Page, TicketBrief } from '@donorline/domain';
import { buildDonor, describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

describeEachDb('calls, contacts and tickets over HTTP', (ctx) => {
  let t: TestApp;
  let donorId: number;
  const tag = `${Date.now() % 1e6}`;
  const id = (n: number): string => `t${tag}.${n}`;
  const H = 3_600_000;

  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
    donorId = (await buildDonor(t.services.ds, { name: '通话测试献血者', phones: ['13955551003'] })).id;
    const now = Date.now();
    const { agent1, agent2 } = t.users;
    await t.services.calls.upsert(id(1), {
      caller: '13955551001', queue: 'hotline', agentId: agent1.user.id, startedAt: new Date(now - 2 * H), queuedAt: new Date(now - 2 * H + 20_000),
      answeredAt: new Date(now - 2 * H + 40_000), endedAt: new Date(now - 2 * H + 160_000), talkSeconds: 120, waitSeconds: 20, outcome: 'answered', ivrPath: ['welcome', 'menu:2'],
    });
    await t.services.calls.upsert(id(2), {
      caller: '13955551002', queue: 'complaints', agentId: agent2.user.id, startedAt: new Date(now - H), answeredAt: new Date(now - H + 10_000),
      endedAt: new Date(now - H + 40_000), talkSeconds: 30, outcome: 'answered',
    });
    await t.services.calls.upsert(id(3), { caller: '13955551003', queue: 'hotline', startedAt: new Date(now - 3 * H), endedAt: new Date(now - 3 * H + 30_000), outcome: 'abandoned' });
  }, 120_000);
  afterAll(async () => t?.close());

  const mine = (p: Page<CallDto>): string[] => p.items.map((c) => c.callId).filter((c) => c.startsWith(`t${tag}.`)).sort();

  it('oversight roles list every call, with filters; numbers are masked', async () => {
    const tok = t.users.supervisor.token;
    const all = await t.call<Page<CallDto>>('GET', '/api/calls?pageSize=200', { token: tok });
    expect(all.status).toBe(200);
    expect(mine(all.body)).toEqual([id(1), id(2), id(3)]);
    expect(all.body.items.find((c) => c.callId === id(1))!.callerMasked).toBe('139****1001');
    expect(JSON.stringify(all.body)).not.toContain('13955551001');
    expect(mine((await t.call<Page<CallDto>>('GET', '/api/calls?queue=complaints', { token: tok })).body)).toEqual([id(2)]);
    expect(mine((await t.call<Page<CallDto>>('GET', '/api/calls?phone=139-5555-1001', { token: tok })).body)).toEqual([id(1)]);
    expect(mine((await t.call<Page<CallDto>>('GET', '/api/calls?minDuration=100', { token: tok })).body)).toEqual([id(1)]);
    expect(mine((await t.call<Page<CallDto>>('GET', '/api/calls?outcome=abandoned', { token: tok })).body)).toEqual([id(3)]);
    expect(mine((await t.call<Page<CallDto>>('GET', `/api/calls?agentId=${t.users.agent2.user.id}`, { token: tok })).body)).toEqual([id(2)]);
    const from = new Date(Date.now() - 1.5 * H).toISOString();
    expect(mine((await t.call<Page<CallDto>>('GET', `/api/calls?from=${from}`, { token: tok })).body)).toEqual([id(2)]);
    expect((await t.call('GET', '/api/calls?outcome=exploded', { token: tok })).status).toBe(400);
    expect((await t.call('GET', '/api/calls?minDuration=-1', { token: tok })).status).toBe(400);
  });

  it('agents see their own calls only', async () => {
    const { agent1, agent2 } = t.users;
    const r = await t.call<Page<CallDto>>('GET', '/api/calls?pageSize=200', { token: agent1.token });
    expect(r.status).toBe(200);
    expect(r.body.items.every((c) => c.agent?.id === agent1.user.id)).toBe(true);
    expect(mine(r.body)).toEqual([id(1)]);
    expect((await t.call<ErrorBody>('GET', `/api/calls?agentId=${agent2.user.id}`, { token: agent1.token })).status).toBe(403);
    const c2 = (await t.services.calls.getByLinkedid(id(2))).id;
    const forbidden = await t.call<ErrorBody>('GET', `/api/calls/${c2}`, { token: agent1.token });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
    const own = await t.call<CallDto>('GET', `/api/calls/${(await t.services.calls.getByLinkedid(id(1))).id}`, { token: agent1.token });
    expect(own.status).toBe(200);
    expect(own.body.ivrPath).toEqual(['welcome', 'menu:2']);
  });

  it('the disposition writes the call, one contact record and the follow-up ticket, and tells the live side', async () => {
    const { agent1, agent2 } = t.users;
    const body = { disposition: 'complaint', notes: '反映献血车排队时间长', donorId, followUp: { kind: 'complaint', subject: '回访：排队时间长' } };
    expect((await t.call('POST', `/api/calls/${id(1)}/disposition`, { token: agent2.token, json: body })).status).toBe(403);
    expect(t.live.dispositions).toEqual([]);

    const r = await t.call<CallDto>('POST', `/api/calls/${id(1)}/disposition`, { token: agent1.token, json: body });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ callId: id(1), disposition: 'complaint', notes: body.notes, donor: { id: donorId } });
    expect(t.live.dispositions).toEqual([{ userId: agent1.user.id, callId: id(1) }]);

    const contacts = await t.call<Page<ContactBrief>>('GET', `/api/contacts?donorId=${donorId}`, { token: agent1.token });
    expect(contacts.body.items).toHaveLength(1);
    expect(contacts.body.items[0]).toMatchObject({ channel: 'call', category: 'complaint', summary: body.notes, agent: { id: agent1.user.id } });
    const tickets = await t.call<Page<TicketBrief>>('GET', `/api/tickets?donorId=${donorId}`, { token: agent1.token });
    expect(tickets.body.items.map((x) => [x.kind, x.subject, x.status, x.owner?.id])).toEqual([['complaint', '回访：排队时间长', 'assigned', agent1.user.id]]);

    // a corrected re-submit updates the same contact record
    await t.call('POST', `/api/calls/${id(1)}/disposition`, { token: agent1.token, json: { disposition: 'suggestion', notes: '建议增加周末献血点', donorId } });
    const again = await t.call<Page<ContactBrief>>('GET', `/api/contacts?donorId=${donorId}`, { token: agent1.token });
    expect(again.body.items.map((c) => [c.category, c.summary])).toEqual([['suggestion', '建议增加周末献血点']]);
  });

  it('an agent may dispose a live call before its record names them; bad input writes nothing', async () => {
    const { agent2 } = t.users;
    const before = await t.services.calls.getByLinkedid(id(3));
    const bad = await t.call<ErrorBody>('POST', `/api/calls/${id(3)}/disposition`, { token: agent2.token, json: { disposition: 'gossip' } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect((await t.call('POST', `/api/calls/${id(3)}/disposition`, { token: agent2.token, json: { disposition: 'booking', followUp: { kind: 'callback', subject: '' } } })).status).toBe(400);
    expect((await t.call('POST', `/api/calls/${id(3)}/disposition`, { token: agent2.token, json: { disposition: 'consultation' } })).status).toBe(403);
    t.live.liveCalls.set(id(3), agent2.user.id);
    expect((await t.services.calls.getByLinkedid(id(3))).disposition).toBe(before.disposition);
    const ok = await t.call<CallDto>('POST', `/api/calls/${id(3)}/disposition`, { token: agent2.token, json: { disposition: 'consultation', notes: '咨询开放时间' } });
    expect(ok.status).toBe(200);
    expect(ok.body.disposition).toBe('consultation');
    const nf = await t.call<ErrorBody>('POST', '/api/calls/no-such-call/disposition', { token: t.users.supervisor.token, json: { disposition: 'other' } });
    expect(nf.status).toBe(404);
  });

  it('contacts and tickets by hand', async () => {
    const { agent1 } = t.users;
    const c = await t.call<ContactBrief>('POST', '/api/contacts', { token: agent1.token, json: { donorId, channel: 'manual', category: 'care', notes: '生日关怀电话' } });
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ channel: 'manual', category: 'care', summary: '生日关怀电话', agent: { id: agent1.user.id } });
    expect((await t.call('POST', '/api/contacts', { token: agent1.token, json: { donorId, channel: 'pigeon', category: 'care', notes: 'x' } })).status).toBe(400);
    expect((await t.call('POST', '/api/contacts', { token: agent1.token, json: { donorId: 99999999, channel: 'manual', category: 'care', notes: 'x' } })).status).toBe(404);

    const tk = await t.call<TicketBrief>('POST', '/api/tickets', { token: agent1.token, json: { donorId, kind: 'suggestion', subject: '建议短信提前一天提醒' } });
    expect(tk.status).toBe(200);
    expect(tk.body.status).toBe('new');
    const upd = await t.call<TicketBrief>('PATCH', `/api/tickets/${tk.body.id}`, { token: agent1.token, json: { status: 'resolved', note: '已转交' } });
    expect(upd.body.status).toBe('resolved');
    const open = await t.call<Page<TicketBrief>>('GET', `/api/tickets?donorId=${donorId}&status=new`, { token: agent1.token });
    expect(open.body.items.map((x) => x.id)).not.toContain(tk.body.id);
    expect((await t.call('PATCH', `/api/tickets/${tk.body.id}`, { token: agent1.token, json: { status: 'lost' } })).status).toBe(400);
    expect((await t.call('POST', '/api/tickets', { token: agent1.token, json: { kind: 'suggestion', subject: '' } })).status).toBe(400);
  });
});
