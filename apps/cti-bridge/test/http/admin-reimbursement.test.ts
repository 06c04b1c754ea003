/**
 * Blood-use reimbursement policies over HTTP: agents search them and read a donor's answer (policy text and what
 * the donor and their family can claim); only admins add, edit and delete rows (403 for agents); bad rows are a 400
 * naming the field; a second row for the same province and day is a 409; every change audited old → new.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays, localDateOf, type AuditEntryDto, type DonorReimbursement, type ErrorBody, type Page, type ReimbursementPolicyDto, type ReimbursementPolicyInput } from '@donorline/domain';
import { buildDonation, buildDonor, describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

const SHANDONG: ReimbursementPolicyInput = {
  province: '测试省', title: '测试省献血者用血报销（测试数据）', effectiveFrom: '2021-01-01',
  rules: {
    donorMultiple: 5, donorYears: 5, lifetimeAboveMl: 800, familyMultiple: 1, familyMembers: ['配偶', '父母', '子女'], claimWithinMonths: 12,
    documents: ['无偿献血证', '用血发票'], whereToApply: '献血地血站', source: '测试数据', demo: true, notes: [],
  },
};

describeEachDb('reimbursement policies over HTTP', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
  }, 120_000);
  afterAll(async () => t?.close());

  it('admins add a policy (audited); agents cannot write but search it and read a donor\'s entitlement from it', async () => {
    const admin = t.users.admin.token;
    const agent = t.users.agent1.token;
    expect((await t.call('POST', '/api/admin/reimbursement-policies', { token: agent, json: SHANDONG })).status).toBe(403);
    expect((await t.call('PUT', '/api/admin/reimbursement-policies/1', { token: agent, json: SHANDONG })).status).toBe(403);
    expect((await t.call('DELETE', '/api/admin/reimbursement-policies/1', { token: agent })).status).toBe(403);
    expect((await t.call('POST', '/api/admin/reimbursement-policies', { json: SHANDONG })).status).toBe(401);

    const created = await t.call<ReimbursementPolicyDto>('POST', '/api/admin/reimbursement-policies', { token: admin, json: SHANDONG });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ province: '测试省', rules: { donorMultiple: 5, demo: true } });
    const audit = (await t.call<Page<AuditEntryDto>>('GET', '/api/audit?action=reimbursement.create', { token: admin })).body.items[0]!;
    expect(audit.detail).toMatchObject({ old: null, new: { province: '测试省' } });

    const found = await t.call<ReimbursementPolicyDto[]>('GET', `/api/reimbursement-policies?q=${encodeURIComponent('测试省')}`, { token: agent });
    expect(found.body.map((p) => p.id)).toEqual([created.body.id]);
    expect((await t.call<ReimbursementPolicyDto[]>('GET', `/api/reimbursement-policies?q=${encodeURIComponent('用血发票')}`, { token: agent })).body.map((p) => p.id)).toContain(created.body.id);

    const today = localDateOf(new Date());
    const d = await buildDonor(t.services.ds, { name: '报销测试' });
    await buildDonation(t.services.ds, d.id, { type: 'whole-blood', date: addDays(today, -400), volumeMl: 400 });
    await buildDonation(t.services.ds, d.id, { type: 'platelets', date: addDays(today, -100) });
    const answer = await t.call<DonorReimbursement>('GET', `/api/donors/${d.id}/reimbursement?province=${encodeURIComponent('测试省')}`, { token: agent });
    expect(answer.status).toBe(200);
    expect(answer.body.entitlement).toEqual({ windowMl: 400, totalMl: 400, donorMl: 2000, lifetime: false, familyMl: 400 });
    expect(answer.body.text).toContain('【示例数据，非官方政策】');
    expect(answer.body.text).toContain('亲属（配偶、父母、子女）');
    expect((await t.call('GET', '/api/donors/99999999/reimbursement', { token: agent })).status).toBe(404);
  });

  it('an edit is audited with the changed fields old → new; bad rows are a 400 naming the field; duplicates a 409', async () => {
    const admin = t.users.admin.token;
    const [p] = (await t.call<ReimbursementPolicyDto[]>('GET', `/api/reimbursement-policies?q=${encodeURIComponent('测试省')}`, { token: admin })).body;
    const edited = await t.call<ReimbursementPolicyDto>('PUT', `/api/admin/reimbursement-policies/${p!.id}`, {
      token: admin, json: { ...SHANDONG, rules: { ...SHANDONG.rules, donorMultiple: 3, whereToApply: '用血医院输血科' } },
    });
    expect(edited.body.rules).toMatchObject({ donorMultiple: 3, whereToApply: '用血医院输血科' });
    const audit = (await t.call<Page<AuditEntryDto>>('GET', '/api/audit?action=reimbursement.update', { token: admin })).body.items[0]!;
    expect(audit.detail).toMatchObject({ old: { rules: { donorMultiple: 5, whereToApply: '献血地血站' } }, new: { rules: { donorMultiple: 3, whereToApply: '用血医院输血科' } } });
    expect(Object.keys((audit.detail as { old: object }).old)).toEqual(['rules']);

    for (const [json, text] of [
      [{ ...SHANDONG, province: '' }, '省份必填'],
      [{ ...SHANDONG, rules: { ...SHANDONG.rules, donorMultiple: -1 } }, 'the donor multiple must be 0–20'],
      [{ ...SHANDONG, rules: { ...SHANDONG.rules, documents: [' '] } }, 'documents: 1–200 characters each'],
    ] as const) {
      const bad = await t.call<ErrorBody>('POST', '/api/admin/reimbursement-policies', { token: admin, json });
      expect(bad.status, JSON.stringify(json)).toBe(400);
      expect(bad.body.message).toContain(text);
    }
    expect((await t.call('POST', '/api/admin/reimbursement-policies', { token: admin, json: { ...SHANDONG, effectiveFrom: '2021/01/01' } })).status).toBe(400);
    const dup = await t.call<ErrorBody>('POST', '/api/admin/reimbursement-policies', { token: admin, json: SHANDONG });
    expect(dup.status).toBe(409);
    expect(dup.body.message).toContain('already has a policy from 2021-01-01');
    expect((await t.call('DELETE', `/api/admin/reimbursement-policies/${p!.id}`, { token: admin })).status).toBe(200);
    expect((await t.call<Page<AuditEntryDto>>('GET', '/api/audit?action=reimbursement.delete', { token: admin })).body.items[0]!.detail).toMatchObject({ old: { province: '测试省' }, new: null });
  });
});
