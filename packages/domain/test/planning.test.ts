/**
 * The planner over a real database (SQLite and MariaDB): stock snapshots (latest by count time wins, bad numbers
 * write nothing), issues upserted per day and group, known needs, capacity from the platelet slots, the plan from
 * stored inputs, the ranked list (group, eligibility on the target day, contact policy, reasons; no capacity → a
 * clear error) and the list turned into callback tasks routed to account managers, once per donor and day.
 */
import { beforeAll, expect, it } from 'vitest';
import { addDays, createDomainServices, DEMO_PII_KEYS, type DomainServices } from '../src/node.js';
import { buildDonation, buildDonor, buildSite, buildSlot, buildUser, describeEachDb } from '../src/testing/index.js';

const clockNow = new Date('2026-12-07T02:00:00Z'); // Monday 10:00 in Shanghai
const today = '2026-12-07';

describeEachDb('planning', (ctx) => {
  let svc: DomainServices;
  let siteId: number;
  beforeAll(async () => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => clockNow });
    await svc.ruleSets.ensureDefault();
    const site = await buildSite(ctx.ds, { name: '中心血站' });
    siteId = site.id;
    for (let i = 0; i < 7; i++) await buildSlot(ctx.ds, site.id, { type: 'platelets', startsAt: new Date(`${addDays(today, i)}T01:00:00Z`), capacity: 10, booked: i === 2 ? 10 : 1 });
    await buildSlot(ctx.ds, site.id, { type: 'whole-blood', startsAt: new Date('2026-12-08T01:00:00Z'), capacity: 50 });
  });

  it('stock snapshots: the latest count wins with its time; negative or impossible numbers write nothing', async () => {
    const admin = { id: (await buildUser(ctx.ds, { role: 'supervisor' })).id, role: 'supervisor' as const };
    await svc.planning.saveSnapshot({ lots: [{ group: 'O+', expiresOn: '2026-12-09', units: 6 }], takenAt: '2026-12-07T01:00:00Z' }, { actor: admin, source: 'desk' });
    // an older count posted later does not replace the newer one
    await svc.planning.saveSnapshot({ lots: [{ group: 'O+', expiresOn: '2026-12-09', units: 99 }], takenAt: '2026-12-06T23:00:00Z' }, { apiKeyId: null, source: 'becs' });
    const latest = await svc.planning.latestSnapshot();
    expect(latest).toMatchObject({ takenAt: '2026-12-07T01:00:00.000Z', source: 'desk', lots: [{ group: 'O+', expiresOn: '2026-12-09', units: 6 }] });
    const before = (await ctx.ds.query('SELECT COUNT(*) AS n FROM planning_stock_snapshot')) as { n: number }[];
    await expect(svc.planning.saveSnapshot({ lots: [{ group: 'O+', expiresOn: '2026-12-09', units: -2 }] }, { actor: admin, source: 'desk' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(svc.planning.saveSnapshot({ lots: [{ group: 'O+', expiresOn: '2027-03-01', units: 2 }] }, { actor: admin, source: 'desk' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { problem: 'impossible-expiry' } });
    await expect(svc.planning.saveSnapshot({ lots: [{ group: 'Z+' as never, expiresOn: '2026-12-09', units: 2 }] }, { actor: admin, source: 'desk' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { problem: 'unknown-group' } });
    const after = (await ctx.ds.query('SELECT COUNT(*) AS n FROM planning_stock_snapshot')) as { n: number }[];
    expect(Number(after[0]!.n)).toBe(Number(before[0]!.n));
  });

  it('issues are upserted per day and group; one bad record writes none', async () => {
    const records = Array.from({ length: 70 }, (_, i) => ({ day: addDays(today, -70 + i), group: 'O+' as const, units: 5 + (i % 7 < 5 ? 3 : 0) }));
    expect(await svc.planning.saveIssues(records, 'import', null)).toEqual({ written: 70 });
    await svc.planning.saveIssues([{ day: addDays(today, -1), group: 'O+', units: 11 }], 'becs', null);
    const got = await svc.planning.issues(addDays(today, -2), today);
    expect(got).toEqual([{ day: addDays(today, -2), group: 'O+', units: records[68]!.units }, { day: addDays(today, -1), group: 'O+', units: 11 }]);
    await expect(svc.planning.saveIssues([{ day: addDays(today, -3), group: 'O+', units: 1 }, { day: addDays(today, -3), group: 'Q-' as never, units: 1 }], 'becs', null)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await svc.planning.issues(addDays(today, -3), addDays(today, -2)))[0]!.units).toBe(records[67]!.units);
  });

  it('builds the plan from stored inputs: capacity from platelet slots only, known needs, safety levels', async () => {
    await svc.planning.setSafety({ 'O+': 5 }, null);
    const need = await svc.planning.addNeed({ day: addDays(today, 3), group: 'O+', units: 4, note: '心外科择期手术' }, null);
    const cap = await svc.planning.capacity(today, 7);
    expect(cap).toHaveLength(7);
    expect(cap[0]).toEqual({ siteId, siteName: '中心血站', day: today, capacity: 10, booked: 1 });
    const plan = await svc.planning.plan();
    const o = plan.projections.find((p) => p.group === 'O+')!;
    expect(o.safety).toBe(5);
    expect(plan.forecasts.find((f) => f.group === 'O+')!.known[3]).toBe(4);
    expect(o.plannedCollections[2]).toBe(0); // the full day (booked 10/10) takes no collection
    expect(plan.snapshot?.source).toBe('desk');
    expect(plan.funnel.source).toBe('default');
    await svc.planning.removeNeed(need.id, null);
    expect(await svc.planning.needs(today)).toEqual([]);
  });

  it('the ranked list: eligible on the target day, contactable, the right group — with reasons; no capacity → clear error', async () => {
    const am = await buildUser(ctx.ds, { displayName: '王经理' });
    const good = await buildDonor(ctx.ds, { name: '常客', bloodAbo: 'O', bloodRh: '+', accountManagerId: am.id });
    for (const d of ['2026-06-01', '2026-08-01', '2026-11-01']) await buildDonation(ctx.ds, good.id, { type: 'platelets', date: d, siteId });
    const tooSoon = await buildDonor(ctx.ds, { name: '刚捐过', bloodAbo: 'O', bloodRh: '+' });
    await buildDonation(ctx.ds, tooSoon.id, { type: 'platelets', date: '2026-12-01' }); // not even in the pool (index prefilter)
    const afterWholeBlood = await buildDonor(ctx.ds, { name: '全血后', bloodAbo: 'O', bloodRh: '+' });
    await buildDonation(ctx.ds, afterWholeBlood.id, { type: 'platelets', date: '2026-06-01' });
    await buildDonation(ctx.ds, afterWholeBlood.id, { type: 'whole-blood', date: '2026-10-15' }); // → apheresis from 2027-01-15
    const dnc = await buildDonor(ctx.ds, { name: '勿扰', bloodAbo: 'O', bloodRh: '+', doNotCall: true });
    await buildDonation(ctx.ds, dnc.id, { type: 'platelets', date: '2026-09-01' });
    const otherGroup = await buildDonor(ctx.ds, { name: 'A型', bloodAbo: 'A', bloodRh: '+' });
    await buildDonation(ctx.ds, otherGroup.id, { type: 'platelets', date: '2026-09-01' });
    const wholeBlood = await buildDonor(ctx.ds, { name: '全血', bloodAbo: 'O', bloodRh: '+' });
    await buildDonation(ctx.ds, wholeBlood.id, { type: 'whole-blood', date: '2026-01-01' });

    const list = await svc.planning.rankedList({ group: 'O+', targetDay: '2026-12-10' });
    expect(list.items.map((i) => i.name)).toEqual(['常客']);
    expect(list.items[0]).toMatchObject({ accountManager: { id: am.id, name: '王经理' }, plateletCount: 3, preferredSiteId: siteId });
    expect(list.items[0]!.phoneMasked).toMatch(/\*\*\*\*/);
    expect(list.items[0]!.reasons.map((r) => r.code)).toEqual(['platelet-history', 'site-preference', 'account-manager', 'recent']);
    expect(list.excluded['not-eligible']).toBe(1);
    const wide = await svc.planning.rankedList({ group: 'O+', targetDay: '2026-12-10', emergency: true });
    expect(wide.items.map((i) => i.name)).toEqual(['常客', '全血']);
    await expect(svc.planning.rankedList({ group: 'O+', targetDay: '2026-12-09' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { problem: 'no-capacity' } });
    await expect(svc.planning.rankedList({ group: 'O*' as never, targetDay: '2026-12-10' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'group' } });

    // one click: callback tasks, routed to the account manager; again adds nobody; do-not-call is refused
    const agent = { id: (await buildUser(ctx.ds)).id, role: 'agent' as const };
    const r = await svc.planning.createCallTasks({ donorIds: [good.id, dnc.id], targetDay: '2026-12-10', group: 'O+', reasons: { [good.id]: '3 次血小板' } }, agent);
    expect(r.skipped).toEqual([{ donorId: dnc.id, reason: 'do-not-call' }]);
    const task = await svc.work.detail(r.created[0]!.taskId);
    expect(task).toMatchObject({ kind: 'callback', source: 'planner', status: 'assigned', owner: { id: am.id }, donor: { id: good.id }, priority: 'high', body: '3 次血小板' });
    const again = await svc.planning.createCallTasks({ donorIds: [good.id], targetDay: '2026-12-10', group: 'O+' }, agent);
    expect(again).toEqual({ created: [], skipped: [{ donorId: good.id, reason: 'already-tasked' }] });
  });

  it('distance by district: a donor whose address is in the district of the site that needs donors is listed as nearby; the address never leaves', async () => {
    const other = await buildSite(ctx.ds, { name: '崂山献血屋', district: '崂山区' });
    const near = await buildDonor(ctx.ds, { name: '住得近', bloodAbo: 'B', bloodRh: '+', address: '青岛市市南区香港中路 8 号' });
    const far = await buildDonor(ctx.ds, { name: '住得远', bloodAbo: 'B', bloodRh: '+', address: '青岛市黄岛区长江路 1 号' });
    for (const d of [near, far]) await buildDonation(ctx.ds, d.id, { type: 'platelets', date: '2026-09-01', siteId: other.id });
    const list = await svc.planning.rankedList({ group: 'B+', targetDay: '2026-12-10' });
    expect(list.items.map((i) => i.name)).toEqual(['住得近', '住得远']);
    expect(list.items[0]!.reasons).toContainEqual({ code: 'nearby', points: 8, detail: { district: '市南区' } });
    expect(list.items[1]!.reasons.map((r) => r.code)).not.toContain('nearby');
    expect(JSON.stringify(list)).not.toContain('香港中路');
  });
});
