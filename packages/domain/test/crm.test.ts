/**
 * Recruitment CRM over a real database (SQLite and MariaDB give the same answers): segment counts from the compiled
 * rule, saved segments audited, the contact policy's one gate (refusals audited, service declared), attempts and
 * the suppression they feed, account managers (compare-and-set, balanced bulk assignment, portfolio, workload).
 */
import { beforeAll, expect, it } from 'vitest';
import { createDomainServices, DEMO_PII_KEYS, type DomainServices } from '../src/node.js';
import { exec, rows } from '../src/db/sql.js';
import { buildDeferral, buildDonation, buildDonor, buildSite, buildUser, describeEachDb } from '../src/testing/index.js';

// 10:00 in Beijing on 2026-12-07: inside the default calling hours
const clockNow = new Date('2026-12-07T02:00:00Z');

describeEachDb('recruitment CRM', (ctx) => {
  let svc: DomainServices;
  const ids = { lapsed: 0, platelet: 0, young: 0, deferred: 0 };
  let actor: number;
  beforeAll(async () => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => clockNow });
    actor = (await buildUser(ctx.ds, { role: 'supervisor' })).id;
    const site = await buildSite(ctx.ds, { district: '市南区' });
    // a lapsed O+ woman of 30 who gave whole blood twice, the last 14 months ago, at the 市南区 site
    ids.lapsed = (await buildDonor(ctx.ds, { gender: 'female', birthDate: '1996-05-01', bloodAbo: 'O', bloodRh: '+', tags: ['学生', '熊猫血候选'] })).id;
    await buildDonation(ctx.ds, ids.lapsed, { type: 'whole-blood', date: '2025-01-10', siteId: site.id });
    await buildDonation(ctx.ds, ids.lapsed, { type: 'whole-blood', date: '2025-10-01', siteId: site.id });
    // a regular platelet donor, O− (RhD negative), 45, last gave 3 weeks ago
    ids.platelet = (await buildDonor(ctx.ds, { gender: 'male', birthDate: '1981-03-03', bloodAbo: 'O', bloodRh: '-' })).id;
    for (const d of ['2026-09-01', '2026-10-20', '2026-11-16']) await buildDonation(ctx.ds, ids.platelet, { type: 'platelets', date: d });
    // never donated, 17 years old, A+
    ids.young = (await buildDonor(ctx.ds, { gender: 'male', birthDate: '2009-06-01', bloodAbo: 'A', bloodRh: '+', consentRecruitment: false })).id;
    // deferred until next year, B+, gave whole blood long ago
    ids.deferred = (await buildDonor(ctx.ds, { gender: 'female', birthDate: '1990-01-01', bloodAbo: 'B', bloodRh: '+' })).id;
    await buildDonation(ctx.ds, ids.deferred, { type: 'whole-blood', date: '2023-04-04' });
    await buildDeferral(ctx.ds, ids.deferred, { fromDate: '2026-11-01', until: '2027-01-31' });
    await exec(ctx.ds, "UPDATE donor SET media_source = 'campus', occupation = '学生' WHERE id = ?", [ids.lapsed]);
  });

  const count = (rule: unknown) => svc.segments.count(rule, '2026-12-07');

  it('counts by blood group incl. RhD, lapse, donation counts and types, age, tags, district, consent, eligibility', async () => {
    const mine = async (rule: unknown) => (await svc.segments.donorIds(rule, 1000, '2026-12-07')).filter((i) => Object.values(ids).includes(i)).sort((a, b) => a - b);
    expect(await mine({ op: 'and', rules: [{ field: 'bloodAbo', op: 'in', value: ['O'] }, { field: 'bloodRh', op: 'in', value: ['-'] }] })).toEqual([ids.platelet]);
    expect(await mine({ field: 'monthsSinceLastDonation', op: 'gte', value: 12 })).toEqual([ids.lapsed, ids.deferred].sort((a, b) => a - b));
    expect(await mine({ field: 'monthsSinceLastDonation', op: 'gte', value: 15 })).toEqual([ids.deferred]);
    expect(await mine({ field: 'monthsSinceLastDonation', op: 'between', value: [1, 14] })).toEqual([ids.lapsed]);
    expect(await mine({ field: 'donationCount', op: 'gte', value: 3, donationType: 'platelets' })).toEqual([ids.platelet]);
    expect(await mine({ field: 'donationCount', op: 'eq', value: 0 })).toEqual([ids.young]);
    expect(await mine({ field: 'donatedType', op: 'in', value: ['whole-blood'] })).toEqual([ids.lapsed, ids.deferred].sort((a, b) => a - b));
    expect(await mine({ field: 'firstDonation', op: 'before', value: '2024-01-01' })).toEqual([ids.deferred]);
    expect(await mine({ field: 'age', op: 'lte', value: 17 })).toEqual([ids.young]);
    expect(await mine({ field: 'tags', op: 'in', value: ['熊猫血候选'] })).toEqual([ids.lapsed]);
    expect(await mine({ field: 'district', op: 'in', value: ['市南区'] })).toEqual([ids.lapsed]);
    expect(await mine({ op: 'and', rules: [{ field: 'mediaSource', op: 'in', value: ['campus'] }, { field: 'occupation', op: 'in', value: ['学生'] }] })).toEqual([ids.lapsed]);
    expect(await mine({ field: 'consentRecruitment', op: 'eq', value: false })).toEqual([ids.young]);
    // whole blood on 2026-12-07: the young one is under 18, the platelet donor gave 3 weeks ago (28 days), the deferred one is deferred
    expect(await mine({ field: 'eligibleOn', op: 'eq', value: { type: 'whole-blood', date: '2026-12-07' } })).toEqual([ids.lapsed]);
    // platelets two weeks later: the platelet donor's 14 days have passed
    expect(await mine({ field: 'eligibleOn', op: 'eq', value: { type: 'platelets', date: '2026-12-21' } })).toEqual([ids.lapsed, ids.platelet].sort((a, b) => a - b));
    const total = await count({ op: 'and', rules: [] });
    expect(await count({ op: 'or', rules: [{ field: 'gender', op: 'in', value: ['female'] }, { field: 'gender', op: 'in', value: ['male', 'unknown'] }] })).toBe(total);
  });

  it('a bad rule is refused before any SQL runs', async () => {
    await expect(count({ op: 'and', rules: [{ field: 'bloodAbo', op: 'in', value: ["O') OR 1=1 --"] }] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('saved segments: create, rename, change the rule, names unique — each change audited old → new', async () => {
    const s = await svc.segments.create('  流失O型  ', { field: 'bloodAbo', op: 'in', value: ['O'] }, actor);
    expect(s).toMatchObject({ name: '流失O型', rule: { op: 'and', rules: [{ field: 'bloodAbo' }] } });
    await expect(svc.segments.create('流失O型', { op: 'and', rules: [] }, actor)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(svc.segments.create('坏规则', { field: 'nope' }, actor)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const r = await svc.segments.update(s.id, { name: '流失 O 型献血者' }, actor);
    expect(r.name).toBe('流失 O 型献血者');
    const audit = await rows(ctx.ds, "SELECT action, detail FROM audit_log WHERE subject_type = 'segment' AND subject_id = ? ORDER BY id", [String(s.id)]);
    expect(audit.map((a) => a.action)).toEqual(['segment.create', 'segment.update']);
    expect(JSON.parse(String(audit[1]!.detail))).toEqual({ old: { name: '流失O型' }, new: { name: '流失 O 型献血者' } });
    expect((await svc.segments.list()).some((x) => x.id === s.id)).toBe(true);
    expect(await svc.segments.count((await svc.segments.get(s.id)).rule, '2026-12-07')).toBeGreaterThanOrEqual(2);
  });

  it('contact policy: a do-not-call donor is refused in words and audited; a service call is declared and audited', async () => {
    const dnc = await buildDonor(ctx.ds, { doNotCall: true });
    await expect(svc.contactPolicy.enforce({ donorIds: [dnc.id], purpose: 'recruitment', medium: 'voice', actorId: actor, via: 'click-to-dial' }, clockNow))
      .rejects.toMatchObject({ code: 'CONTACT_BLOCKED', message: expect.stringMatching(/请勿来电.*do-not-call/), details: { reasons: ['do-not-call'] } });
    const [blocked] = await rows(ctx.ds, "SELECT detail FROM audit_log WHERE action = 'contact.blocked' AND subject_id = ?", [String(dnc.id)]);
    expect(JSON.parse(String(blocked!.detail))).toMatchObject({ purpose: 'recruitment', via: 'click-to-dial', reasons: ['do-not-call'] });
    // outside the hours (23:00 Beijing) a recruitment call is refused too, with the hours named
    await expect(svc.contactPolicy.enforce({ donorIds: [ids.lapsed], purpose: 'recruitment', medium: 'voice', actorId: actor, via: 'click-to-dial' }, new Date('2026-12-07T15:00:00Z')))
      .rejects.toMatchObject({ message: expect.stringContaining('calling hours') });
    const complaint = await buildDonor(ctx.ds);
    await svc.tickets.create({ kind: 'complaint', subject: '等候太久', donorId: complaint.id }, { id: actor, role: 'supervisor' });
    await expect(svc.contactPolicy.enforce({ donorIds: [complaint.id], purpose: 'care', medium: 'sms', actorId: actor, via: 'sms' }, clockNow)).rejects.toMatchObject({ details: { reasons: ['open-complaint'] } });
    await svc.contactPolicy.enforce({ donorIds: [complaint.id], purpose: 'service', medium: 'voice', actorId: actor, via: 'click-to-dial' }, clockNow);
    expect(await rows(ctx.ds, "SELECT id FROM audit_log WHERE action = 'contact.service' AND subject_id = ?", [String(complaint.id)])).toHaveLength(1);
  });

  it('attempts: 5 failed recruitment attempts in 12 months suppress the donor; service attempts do not count', async () => {
    const d = await buildDonor(ctx.ds);
    for (let i = 0; i < 4; i++) await svc.contactPolicy.recordAttempt({ donorId: d.id, purpose: 'recruitment', channel: i % 2 ? 'sms' : 'voice', outcome: 'no-answer', agentId: actor, at: new Date(clockNow.getTime() - (i + 1) * 86_400_000) });
    for (let i = 0; i < 3; i++) await svc.contactPolicy.recordAttempt({ donorId: d.id, purpose: 'service', channel: 'voice', outcome: 'no-answer', agentId: actor, at: clockNow });
    expect((await svc.contactPolicy.decide(d.id, 'recruitment', 'voice', clockNow)).allowed).toBe(true);
    await svc.contactPolicy.recordAttempt({ donorId: d.id, purpose: 'recruitment', channel: 'voice', outcome: 'reached', agentId: actor, at: clockNow });
    const after = await svc.contactPolicy.decide(d.id, 'recruitment', 'voice', new Date(clockNow.getTime() + 60_000));
    expect(after).toMatchObject({ allowed: false, reasons: ['suppressed'], suppressedUntil: '2027-06-07' });
  });

  it('account managers: compare-and-set — the second of two recruiters is told who won', async () => {
    const a = await buildUser(ctx.ds, { displayName: '招募员甲' });
    const b = await buildUser(ctx.ds, { displayName: '招募员乙' });
    const d = await buildDonor(ctx.ds);
    const [one, two] = await Promise.allSettled([svc.accountManagers.assign(d.id, a.id, null, a.id), svc.accountManagers.assign(d.id, b.id, null, b.id)]);
    const won = [one, two].filter((x) => x.status === 'fulfilled');
    const lost = [one, two].filter((x) => x.status === 'rejected') as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost[0]!.reason).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/招募员(甲|乙)/) });
    const [row] = await rows(ctx.ds, 'SELECT account_manager_id FROM donor WHERE id = ?', [d.id]);
    expect([a.id, b.id]).toContain(Number(row!.account_manager_id));
    await expect(svc.accountManagers.assign(d.id, (await buildUser(ctx.ds, { role: 'quality' })).id, Number(row!.account_manager_id), actor)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('bulk by segment, balanced across managers (counting what they hold); portfolio with due tasks; workload', async () => {
    const tag = `批量${ctx.kind}`;
    const m1 = await buildUser(ctx.ds);
    const m2 = await buildUser(ctx.ds);
    const m3 = await buildUser(ctx.ds);
    const held = await buildDonor(ctx.ds, { accountManagerId: m1.id });
    const donors = [];
    for (let i = 0; i < 8; i++) donors.push((await buildDonor(ctx.ds, { tags: [tag] })).id);
    const seg = await svc.segments.create(`批量分配 ${ctx.kind}`, { field: 'tags', op: 'in', value: [tag] }, actor);
    const r = await svc.accountManagers.bulkAssign({ segmentId: seg.id, managerIds: [m1.id, m2.id, m3.id] }, actor);
    expect(r.assigned).toBe(8);
    // m1 already held one: 9 donors in all → 3 each
    expect(r.perManager).toEqual({ [m1.id]: 2, [m2.id]: 3, [m3.id]: 3 });
    expect((await svc.accountManagers.bulkAssign({ segmentId: seg.id, managerIds: [m1.id] }, actor)).assigned).toBe(0);
    await svc.tickets.create({ kind: 'callback', subject: '回访', donorId: held.id, ownerId: m1.id, dueAt: new Date(clockNow.getTime() + 3_600_000).toISOString() }, { id: actor, role: 'supervisor' });
    const p = await svc.accountManagers.portfolio(m1.id);
    expect(p.total).toBe(3);
    expect(p.items[0]).toMatchObject({ donorId: held.id, dueTasks: 1, openTasks: 1 });
    expect(p.items[0]!.phoneMasked).toMatch(/\*\*\*\*/);
    expect((await svc.accountManagers.portfolio(m1.id, { dueOnly: true })).items.map((x) => x.donorId)).toEqual([held.id]);
    const w = (await svc.accountManagers.workload()).find((x) => x.managerId === m1.id);
    expect(w).toMatchObject({ donors: 3, openTasks: 1, dueTasks: 1 });
    const [audit] = await rows(ctx.ds, "SELECT detail FROM audit_log WHERE action = 'donor.account-manager.bulk' AND subject_id = ?", [String(seg.id)]);
    expect(JSON.parse(String(audit!.detail))).toMatchObject({ onlyUnassigned: true });
  });
});
