import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_DONORS } from '@donorline/domain/node';
import { ageOn, completeNationalId, localDateOf, maskPhone, type AuditEntryDto, type Donor360, type DonorSummary, type ErrorBody, type Page, type PhoneDto } from '@donorline/domain';
import { describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

const wang = DEMO_DONORS.find((d) => d.key === 'repeat-platelet')!;
const digits = (e164: string): string => e164.replace(/^\+86/, '');

describeEachDb('donors over HTTP', (ctx) => {
  let t: TestApp;
  let wangId: number;
  const donorCount = async (): Promise<number> => Number(((await t.services.ds.query('SELECT COUNT(*) AS n FROM donor')) as { n: number }[])[0]!.n);
  const phoneCount = async (): Promise<number> => Number(((await t.services.ds.query('SELECT COUNT(*) AS n FROM donor_phone')) as { n: number }[])[0]!.n);

  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
    wangId = (await t.services.lookup.findDonorIdsByPhone(wang.e164))[0]!;
  }, 120_000);
  afterAll(async () => t?.close());

  it('finds a donor by the full number in any spelling, shows it masked only', async () => {
    for (const spelling of [wang.phone, wang.e164, `0086 ${digits(wang.e164)}`]) {
      const r = await t.call<Page<DonorSummary>>('GET', `/api/donors?phone=${encodeURIComponent(spelling)}`, { token: t.users.agent1.token });
      expect(r.status).toBe(200);
      expect(r.body.items.map((d) => d.id)).toEqual([wangId]);
      expect(r.body.items[0]!.phoneMasked).toBe(maskPhone(wang.e164));
      expect(JSON.stringify(r.body)).not.toContain(digits(wang.e164));
    }
    const q = await t.call<Page<DonorSummary>>('GET', `/api/donors?q=${digits(wang.e164)}`, { token: t.users.agent1.token });
    expect(q.body.items.map((d) => d.id)).toEqual([wangId]);
  });

  it('finds donors by name prefix and by the last 4 of the national ID', async () => {
    const byName = await t.call<Page<DonorSummary>>('GET', `/api/donors?name=${encodeURIComponent('王建')}`, { token: t.users.agent1.token });
    expect(byName.body.items.map((d) => d.id)).toContain(wangId);
    expect(byName.body.items.every((d) => d.name.startsWith('王建'))).toBe(true);
    const [row] = (await t.services.ds.query('SELECT national_id_last4 FROM donor WHERE id = ?', [wangId])) as { national_id_last4: string }[];
    const byId = await t.call<Page<DonorSummary>>('GET', `/api/donors?idLast4=${row!.national_id_last4}`, { token: t.users.agent1.token });
    expect(byId.status).toBe(200);
    expect(byId.body.items.map((d) => d.id)).toContain(wangId);
    expect(byId.body.items.every((d) => d.nationalIdMasked.endsWith(row!.national_id_last4))).toBe(true);
  });

  it('search without a criterion or with a malformed one is 400', async () => {
    const none = await t.call<ErrorBody>('GET', '/api/donors', { token: t.users.agent1.token });
    expect(none.status).toBe(400);
    expect(none.body.code).toBe('VALIDATION_FAILED');
    expect((await t.call('GET', '/api/donors?idLast4=12', { token: t.users.agent1.token })).status).toBe(400);
    expect((await t.call('GET', '/api/donors?q=x&pageSize=100000', { token: t.users.agent1.token })).status).toBe(400);
  });

  it('the 360° view carries masked numbers only; unmasking gives the value to oversight roles and audits it', async () => {
    const v = await t.call<Donor360>('GET', `/api/donors/${wangId}`, { token: t.users.agent1.token });
    expect(v.status).toBe(200);
    expect(v.body.name).toBe(wang.name);
    expect(v.body.phones.length).toBeGreaterThan(0);
    expect(v.body.phones.every((p) => /\*{4}/.test(p.masked))).toBe(true);

    const agentTry = await t.call<ErrorBody>('POST', `/api/donors/${wangId}/unmask`, { token: t.users.agent1.token, json: { field: 'phone', reason: '回拨确认' } });
    expect(agentTry.status).toBe(403);
    const noReason = await t.call<ErrorBody>('POST', `/api/donors/${wangId}/unmask`, { token: t.users.quality.token, json: { field: 'phone' } });
    expect(noReason.status).toBe(400);

    const before = (await t.services.audit.list({ action: 'donor.unmask', subjectId: String(wangId) })).total;
    expect(before).toBe(0);
    const phone = await t.call<{ value: string }>('POST', `/api/donors/${wangId}/unmask`, { token: t.users.quality.token, json: { field: 'phone', reason: '核对来电号码' } });
    expect(phone.status).toBe(200);
    expect(phone.body.value).toBe(wang.e164);
    const nid = await t.call<{ value: string }>('POST', `/api/donors/${wangId}/unmask`, { token: t.users.supervisor.token, json: { field: 'nationalId', reason: '核对身份' } });
    expect(nid.status).toBe(200);
    expect(nid.body.value).toMatch(/^\d{17}[\dX]$/);
    expect(nid.body.value.slice(-4)).toBe(v.body.nationalIdMasked.slice(-4));
    // neither full value ever appears in the 360° view
    const json = JSON.stringify(v.body);
    expect(json).not.toContain(digits(wang.e164));
    expect(json).not.toContain(nid.body.value);

    const audit = await t.call<Page<AuditEntryDto>>('GET', `/api/audit?action=donor.unmask`, { token: t.users.admin.token });
    const mine = audit.body.items.filter((e) => e.subjectId === String(wangId));
    expect(mine).toHaveLength(2);
    const byQuality = mine.find((e) => e.actor?.id === t.users.quality.user.id)!;
    expect(byQuality.detail).toMatchObject({ field: 'phone', reason: '核对来电号码' });
    expect(byQuality.ip).toBe('127.0.0.1');
    expect(Date.now() - Date.parse(byQuality.at)).toBeLessThan(60_000);
    expect(mine.find((e) => e.actor?.id === t.users.supervisor.user.id)!.detail).toMatchObject({ field: 'nationalId' });
  });

  it('create: an invalid phone or national ID is 400 and nothing is written', async () => {
    const [donors, phones] = [await donorCount(), await phoneCount()];
    const badPhone = await t.call<ErrorBody>('POST', '/api/donors', { token: t.users.agent1.token, json: { name: '赵敏', phone: '12345' } });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.code).toBe('INVALID_PHONE');
    const badId = await t.call<ErrorBody>('POST', '/api/donors', { token: t.users.agent1.token, json: { name: '赵敏', phone: '13955550101', nationalId: '370202199001011230' } });
    expect(badId.status).toBe(400);
    expect(badId.body.code).toBe('INVALID_NATIONAL_ID');
    const badType = await t.call<ErrorBody>('POST', '/api/donors', { token: t.users.agent1.token, json: { name: '赵敏', phone: '13955550101', bloodType: 'C+' } });
    expect(badType.status).toBe(400);
    expect(badType.body.code).toBe('VALIDATION_FAILED');
    const noPhone = await t.call<ErrorBody>('POST', '/api/donors', { token: t.users.agent1.token, json: { name: '赵敏' } });
    expect(noPhone.status).toBe(400);
    expect([await donorCount(), await phoneCount()]).toEqual([donors, phones]);
  });

  it('create with a valid ID derives birth date and gender; the same ID again is 409', async () => {
    const nationalId = completeNationalId('37020219950315002');
    const r = await t.call<Donor360>('POST', '/api/donors', {
      token: t.users.agent1.token,
      json: { name: '赵敏', phone: '139 5555 0102', nationalId, bloodType: 'A+', consentSms: true, tags: ['student'] },
    });
    expect(r.status).toBe(200);
    // an agent's view: the age, no birth date, the ID's last 4 only; a supervisor's view has the birth date
    expect(r.body).toMatchObject({ name: '赵敏', birthDate: null, age: ageOn('1995-03-15', localDateOf(new Date())), bloodType: 'A+', phoneMasked: '139****0102' });
    expect(r.body.nationalIdMasked).toBe(`**************${nationalId.slice(-4)}`);
    expect((await t.call<Donor360>('GET', `/api/donors/${r.body.id}`, { token: t.users.supervisor.token })).body.birthDate).toBe('1995-03-15');
    expect(JSON.stringify(r.body)).not.toContain(nationalId);
    const dup = await t.call<ErrorBody>('POST', '/api/donors', { token: t.users.agent1.token, json: { name: '赵敏2', phone: '13955550103', nationalId } });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('CONFLICT');
    const patched = await t.call<Donor360>('PATCH', `/api/donors/${r.body.id}`, { token: t.users.agent1.token, json: { occupation: '大学生', doNotCall: true } });
    expect(patched.body).toMatchObject({ occupation: '大学生', doNotCall: true });
    expect((await t.call('PATCH', `/api/donors/${r.body.id}`, { token: t.users.agent1.token, json: { birthDate: '15/03/1995' } })).status).toBe(400);
    expect((await t.call('GET', '/api/donors/99999999', { token: t.users.agent1.token })).status).toBe(404);
  });

  it('create from a call uses the caller number of that call — the agent\'s own call only', async () => {
    await t.services.calls.upsert('call-create-1', { caller: '13955550200', agentId: t.users.agent1.user.id, queue: 'hotline', startedAt: new Date() });
    const other = await t.call<ErrorBody>('POST', '/api/donors', { token: t.users.agent2.token, json: { name: '钱进', callId: 'call-create-1' } });
    expect(other.status).toBe(403);
    const r = await t.call<Donor360>('POST', '/api/donors', { token: t.users.agent1.token, json: { name: '钱进', callId: 'call-create-1' } });
    expect(r.status).toBe(200);
    expect(r.body.phoneMasked).toBe('139****0200');
    expect((await t.services.lookup.findDonorIdsByPhone('+8613955550200'))).toEqual([r.body.id]);
    expect((await t.services.calls.getByLinkedid('call-create-1')).donor?.id).toBe(r.body.id);
    const missing = await t.call<ErrorBody>('POST', '/api/donors', { token: t.users.supervisor.token, json: { name: '钱进', callId: 'no-such-call' } });
    expect(missing.status).toBe(404);
  });

  it('links a number, or the caller number of a live call the agent is on (record not yet naming the agent)', async () => {
    const id = (await t.call<Donor360>('POST', '/api/donors', { token: t.users.agent2.token, json: { name: '孙丽', phone: '13955550300' } })).body.id;
    const byNumber = await t.call<PhoneDto>('POST', `/api/donors/${id}/phones`, { token: t.users.agent2.token, json: { number: '0532-80001234', label: '单位' } });
    expect(byNumber.status).toBe(200);
    expect(byNumber.body).toMatchObject({ kind: 'fixed-line', label: '单位', isPrimary: false, masked: maskPhone('+8653280001234') });

    await t.services.calls.upsert('call-live-1', { caller: '13955550301', queue: 'hotline', startedAt: new Date() });
    expect((await t.call('POST', `/api/donors/${id}/phones`, { token: t.users.agent2.token, json: { callId: 'call-live-1' } })).status).toBe(403);
    t.live.liveCalls.set('call-live-1', t.users.agent2.user.id);
    const byCall = await t.call<PhoneDto>('POST', `/api/donors/${id}/phones`, { token: t.users.agent2.token, json: { callId: 'call-live-1' } });
    expect(byCall.status).toBe(200);
    expect(byCall.body.masked).toBe('139****0301');
    const neither = await t.call<ErrorBody>('POST', `/api/donors/${id}/phones`, { token: t.users.agent2.token, json: { label: 'x' } });
    expect(neither.status).toBe(400);
    const v = await t.call<Donor360>('GET', `/api/donors/${id}`, { token: t.users.agent2.token });
    expect(v.body.phones.map((p) => p.masked).sort()).toEqual(['139****0300', '139****0301', maskPhone('+8653280001234')].sort());
  });
});
