/**
 * Input a person hits, refused by the server too (not only by the desk's forms), with HTTP 400 and the reason in
 * both languages: a birth date in the future, a callback or ticket due in the past, a blank name or cancel reason,
 * a note over its limit (the message names the field and the limit, not a bare 输入有误); digits typed with a
 * Chinese IME are digits in a search. Nothing is written by a refused request. Also: a ticket opens with its notes.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_DONORS } from '@donorline/domain/node';
import type { CallDto, DonorSummary, ErrorBody, Page, TicketBrief, TicketDetailDto } from '@donorline/domain';
import { buildDonor, describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

describeEachDb('input validation over HTTP', (ctx) => {
  let t: TestApp;
  let donorId: number;
  const callId = `val${Date.now() % 1e6}.1`;
  const count = async (table: string): Promise<number> => Number(((await t.services.ds.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number }[])[0]!.n);
  const past = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const future = new Date(Date.now() + 86_400_000).toISOString();

  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
    donorId = (await buildDonor(t.services.ds, { name: '校验测试献血者', phones: ['13955552001'] })).id;
    await t.services.calls.upsert(callId, { caller: '13955552002', queue: 'hotline', agentId: t.users.agent1.user.id, startedAt: new Date(), answeredAt: new Date(), endedAt: new Date(), outcome: 'answered' });
  }, 120_000);
  afterAll(async () => t?.close());

  it('a birth date in the future is refused (created and edited), with the reason in both languages', async () => {
    const donors = await count('donor');
    const r = await t.call<ErrorBody>('POST', '/api/donors', { token: t.users.agent1.token, json: { name: '未来人', phone: '13955552003', birthDate: '2099-01-01' } });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'VALIDATION_FAILED', message: '出生日期不能晚于今天 / the birth date cannot be in the future', details: { field: 'birthDate' } });
    expect(await count('donor')).toBe(donors);
    const u = await t.call<ErrorBody>('PATCH', `/api/donors/${donorId}`, { token: t.users.agent1.token, json: { birthDate: '2099-01-01' } });
    expect(u.status).toBe(400);
    expect((await t.call('PATCH', `/api/donors/${donorId}`, { token: t.users.agent1.token, json: { birthDate: '1990-05-01' } })).status).toBe(200);
  });

  it('a callback or ticket due in the past is refused; a future one is fine', async () => {
    const tickets = await count('ticket');
    const body = { disposition: 'consultation', followUp: { kind: 'callback', subject: '回电说明结果', dueAt: past } };
    const r = await t.call<ErrorBody>('POST', `/api/calls/${callId}/disposition`, { token: t.users.agent1.token, json: body });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('期限不能早于现在 / the due time cannot be in the past');
    expect(await count('ticket')).toBe(tickets);
    expect((await t.services.calls.getByLinkedid(callId)).disposition).toBeNull();
    const tk = await t.call<ErrorBody>('POST', '/api/tickets', { token: t.users.agent1.token, json: { donorId, kind: 'callback', subject: '回电', dueAt: past } });
    expect(tk.status).toBe(400);
    const ok = await t.call<CallDto>('POST', `/api/calls/${callId}/disposition`, { token: t.users.agent1.token, json: { ...body, followUp: { ...body.followUp, dueAt: future } } });
    expect(ok.status).toBe(200);
  });

  it('a blank name or cancel reason and an over-long note say what is wrong', async () => {
    const name = await t.call<ErrorBody>('POST', '/api/donors', { token: t.users.agent1.token, json: { name: '   ', phone: '13955552004' } });
    expect(name.status).toBe(400);
    expect(name.body.message).toMatch(/姓名必填/);
    const notes = await t.call<ErrorBody>('POST', `/api/calls/${callId}/disposition`, { token: t.users.agent1.token, json: { disposition: 'consultation', notes: '长'.repeat(4001) } });
    expect(notes.status).toBe(400);
    expect(notes.body.message).toBe('notes：最多 4000 个字 / notes: at most 4000 characters');
    const empty = await t.call<ErrorBody>('POST', `/api/calls/${callId}/disposition`, { token: t.users.agent1.token, json: {} });
    expect(empty.body.message).toBe('缺少 disposition / disposition is missing');
    const cancel = await t.call<ErrorBody>('POST', '/api/appointments/1/cancel', { token: t.users.agent1.token, json: { reason: '  ' } });
    expect(cancel.status).toBe(400);
    expect(cancel.body.message).toMatch(/取消原因/);
  });

  it('digits typed full-width with a Chinese IME find the donor like half-width ones', async () => {
    const wang = DEMO_DONORS.find((d) => d.key === 'repeat-platelet')!;
    const fullWidth = wang.e164.slice(3).replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const r = await t.call<Page<DonorSummary>>('GET', `/api/donors?phone=${encodeURIComponent(fullWidth)}`, { token: t.users.agent1.token });
    expect(r.status).toBe(200);
    expect(r.body.items.map((d) => d.name)).toEqual([wang.name]);
  });

  it('a ticket opens with its body and its notes in order', async () => {
    const tk = await t.call<TicketBrief>('POST', '/api/tickets', { token: t.users.agent1.token, json: { donorId, kind: 'complaint', subject: '排队太久', body: '周六上午在台东献血屋等了一个小时' } });
    await t.call('PATCH', `/api/tickets/${tk.body.id}`, { token: t.users.agent1.token, json: { note: '已致电道歉' } });
    await t.call('PATCH', `/api/tickets/${tk.body.id}`, { token: t.users.agent2.token, json: { note: '站长将于周一回电' } });
    const d = await t.call<TicketDetailDto>('GET', `/api/tickets/${tk.body.id}`, { token: t.users.agent2.token });
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ id: tk.body.id, subject: '排队太久', body: '周六上午在台东献血屋等了一个小时', donorId });
    expect(d.body.notes.map((n) => n.body)).toEqual(['已致电道歉', '站长将于周一回电']);
    expect(d.body.notes[1]!.author?.id).toBe(t.users.agent2.user.id);
    expect((await t.call('GET', '/api/tickets/99999999', { token: t.users.agent1.token })).status).toBe(404);
  });
});
