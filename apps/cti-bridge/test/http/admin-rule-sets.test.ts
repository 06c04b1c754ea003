/**
 * Eligibility rule sets over HTTP: everybody signed in reads the set in force (today or on a date); only admins list
 * versions, publish a new one with an effective date, or withdraw a scheduled one; a bad rule set is a 400 naming
 * the problem; the audit row has the values changed (old → new); the donor 360 names the version that decided.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GB18467_2011, localDateOf, addDays, type AuditEntryDto, type Donor360, type EligibilityRuleSet, type ErrorBody, type Page, type RuleSetVersionDto } from '@donorline/domain';
import { buildDonation, buildDonor, describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

describeEachDb('eligibility rule sets over HTTP', (ctx) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
  }, 120_000);
  afterAll(async () => t?.close());

  const today = localDateOf(new Date());

  it('agents read the set in force (today or on a date) but cannot list, publish or withdraw versions', async () => {
    const agent = t.users.agent1.token;
    expect((await t.call<EligibilityRuleSet>('GET', '/api/rule-sets/active', { token: agent })).body).toMatchObject({ id: 'GB18467', version: 2011 });
    expect((await t.call<EligibilityRuleSet>('GET', '/api/rule-sets/in-force?date=2020-01-01', { token: agent })).body.version).toBe(2011);
    expect((await t.call('GET', '/api/rule-sets/in-force?date=yesterday', { token: agent })).status).toBe(400);
    for (const [method, url, json] of [
      ['GET', '/api/admin/rule-sets', undefined],
      ['POST', '/api/admin/rule-sets', { ...GB18467_2011, version: 2031 }],
      ['POST', '/api/admin/rule-sets/GB18467/2011/withdraw', {}],
    ] as const) {
      expect((await t.call(method, url, { token: agent, json })).status, `${method} ${url}`).toBe(403);
      expect((await t.call(method, url, { json })).status, `${method} ${url} without a token`).toBe(401);
    }
  });

  it('bad rule sets are a 400 with the reason; an old version number a 409; nothing stored', async () => {
    const admin = t.users.admin.token;
    const young = await t.call<ErrorBody>('POST', '/api/admin/rule-sets', { token: admin, json: { ...GB18467_2011, version: 2031, age: { min: 10, maxFirstTime: 55, maxRepeat: 60 } } });
    expect(young.status).toBe(400);
    expect(young.body.message).toContain('ages must satisfy 16 ≤ min');
    const zero = await t.call<ErrorBody>('POST', '/api/admin/rule-sets', {
      token: admin, json: { ...GB18467_2011, version: 2031, intervals: { ...GB18467_2011.intervals, platelets: { ...GB18467_2011.intervals.platelets, platelets: { days: 0 } } } },
    });
    expect(zero.status).toBe(400);
    expect(zero.body.message).toContain('interval platelets → platelets must be positive');
    expect((await t.call('POST', '/api/admin/rule-sets', { token: admin, json: { ...GB18467_2011, version: 2031, effectiveFrom: '1.3.2027' } })).status).toBe(400);
    expect((await t.call('POST', '/api/admin/rule-sets', { token: admin, json: { ...GB18467_2011, version: 2031, colour: 'red' } })).status).toBe(400);
    const old = await t.call<ErrorBody>('POST', '/api/admin/rule-sets', { token: admin, json: { ...GB18467_2011, version: 2011 } });
    expect(old.status).toBe(409);
    expect(old.body.message).toContain('not newer than 2011');
    expect((await t.call<RuleSetVersionDto[]>('GET', '/api/admin/rule-sets', { token: admin })).body.map((v) => v.version)).toEqual([2011]);
  });

  it('a version from today decides at once (and the 360 names it); a future one is scheduled and can be withdrawn; audited old → new', async () => {
    const admin = t.users.admin.token;
    const strict = { ...GB18467_2011, version: 2030, standard: '示例：血小板间隔 28 天', effectiveFrom: today, intervals: { ...GB18467_2011.intervals, platelets: { 'whole-blood': { days: 28 }, platelets: { days: 28 }, plasma: { days: 28 } } } };
    const now = await t.call<RuleSetVersionDto>('POST', '/api/admin/rule-sets', { token: admin, json: strict });
    expect(now.body).toMatchObject({ version: 2030, standing: 'in-force', active: true });
    const audit = (await t.call<Page<AuditEntryDto>>('GET', '/api/audit?action=rule-set.publish', { token: admin })).body.items[0]!;
    expect(audit.subjectId).toBe('GB18467@2030');
    expect(audit.detail).toMatchObject({ old: { version: 2011 }, new: { version: 2030, effectiveFrom: today } });
    expect((audit.detail as { changes: unknown[] }).changes).toContainEqual({ path: 'intervals.platelets.platelets.days', old: 14, new: 28 });

    const future = { ...GB18467_2011, version: 2040, standard: '示例：未来版本', effectiveFrom: addDays(today, 30) };
    const scheduled = await t.call<RuleSetVersionDto>('POST', '/api/admin/rule-sets', { token: admin, json: future });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body).toMatchObject({ version: 2040, standing: 'scheduled', active: false, createdBy: { id: t.users.admin.user.id } });
    expect((await t.call<EligibilityRuleSet>('GET', `/api/rule-sets/in-force?date=${future.effectiveFrom}`, { token: t.users.agent1.token })).body.version).toBe(2040);

    const d = await buildDonor(t.services.ds, { name: '规则版本测试' });
    await buildDonation(t.services.ds, d.id, { type: 'platelets', date: addDays(today, -10) });
    const view = await t.call<Donor360>('GET', `/api/donors/${d.id}`, { token: t.users.agent1.token });
    expect(view.body.ruleSet).toEqual({ id: 'GB18467', version: 2030, standard: strict.standard, effectiveFrom: today });
    expect(view.body.eligibility.platelets.eligibleFrom).toBe(addDays(today, 18));

    const past = await t.call<ErrorBody>('POST', '/api/admin/rule-sets/GB18467/2030/withdraw', { token: admin, json: {} });
    expect(past.status).toBe(409);
    const withdrawn = await t.call<RuleSetVersionDto[]>('POST', '/api/admin/rule-sets/GB18467/2040/withdraw', { token: admin, json: {} });
    expect(withdrawn.body.map((v) => [v.version, v.standing])).toEqual([[2011, 'superseded'], [2030, 'in-force']]);
    expect((await t.call<Page<AuditEntryDto>>('GET', '/api/audit?action=rule-set.withdraw', { token: admin })).body.items[0]!.subjectId).toBe('GB18467@2040');
  });
});
