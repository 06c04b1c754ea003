/**
 * Administration → Sites on SQLite and MariaDB: slots generated from templates (idempotent), per-day overrides,
 * and every change that would orphan or overbook a booking refused with the bookings listed; audited old → new.
 */
import { beforeAll, expect, it } from 'vitest';
import { createDomainServices, DEMO_PII_KEYS, type DomainServices } from '../src/node.js';
import { buildDonor, describeEachDb } from '../src/testing/index.js';

const NOW = new Date('2027-01-03T02:00:00Z'); // Sunday 10:00 in Qingdao

describeEachDb('SiteAdminService and SlotGenerator', (ctx) => {
  let svc: DomainServices;
  const count = async (siteId: number): Promise<number> => Number(((await ctx.ds.query('SELECT COUNT(*) AS n FROM appointment_slot WHERE site_id = ? AND capacity > 0', [siteId])) as { n: number }[])[0]!.n);
  beforeAll(() => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => NOW, slotHorizonDays: 14 });
  });

  it('creates a site, a platelet template; generation is idempotent; refusals list the bookings; audit keeps old → new', async () => {
    const site = await svc.sites.create({ code: 'qd-test1', name: '测试献血屋', kind: 'fixed', district: '市南区', address: '青岛市市南区香港中路1号', phone: '0532-85717612', hours: '每天 08:30-17:30', transport: '公交1路', capabilities: ['whole-blood', 'platelets'] }, null);
    expect(site).toMatchObject({ code: 'QD-TEST1', active: true, closesOnHolidays: false, templateCount: 0 });
    const tpl = await svc.sites.createTemplate(site.id, { weekday: 1, type: 'platelets', start: '09:00', end: '10:00', capacity: 3 }, null);
    expect(await count(site.id)).toBe(2); // Mondays 4th and 11th
    const again = await svc.slotGenerator.generate(14, site.id);
    expect(again).toMatchObject({ created: 0, updated: 0, removed: 0, kept: [] });
    expect(await count(site.id)).toBe(2);

    const [slot] = await svc.sites.slots(site.id, '2027-01-04', 1);
    const d1 = await buildDonor(ctx.ds, { name: '王小明' });
    const d2 = await buildDonor(ctx.ds, { name: '李大宝' });
    await svc.appointments.book({ donorId: d1.id, slotId: slot!.id, type: 'platelets', channel: 'agent' });
    await svc.appointments.book({ donorId: d2.id, slotId: slot!.id, type: 'platelets', channel: 'agent' });

    await expect(svc.sites.updateTemplate(site.id, tpl.id, { capacity: 1 }, null)).rejects.toMatchObject({
      code: 'CONFLICT', message: expect.stringMatching(/名额减至1会影响2个已有预约.*王\*明.*2027-01-04 09:00.*\/ lowering the capacity to 1 would affect 2 booking/),
    });
    await expect(svc.sites.setDay(site.id, '2027-01-04', { closed: true, note: '检修' }, null)).rejects.toMatchObject({ code: 'CONFLICT', details: { bookings: expect.arrayContaining([expect.objectContaining({ donorName: '李*宝' })]) } });
    await expect(svc.sites.setDay(site.id, '2027-01-04', { closed: false, capacity: 1 }, null)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(svc.sites.updateTemplate(site.id, tpl.id, { start: '10:00', end: '11:00' }, null)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(svc.sites.deleteTemplate(site.id, tpl.id, null)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(svc.sites.update(site.id, { active: false }, null)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(svc.sites.update(site.id, { capabilities: ['whole-blood'] }, null)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await count(site.id)).toBe(2);

    // capacity up: both slots follow; a closed empty day loses its slot; clearing the override brings it back
    await svc.sites.updateTemplate(site.id, tpl.id, { capacity: 5 }, null);
    expect((await svc.sites.slots(site.id, '2027-01-04', 14)).map((s) => [s.capacity, s.booked])).toEqual([[5, 2], [5, 0]]);
    await svc.sites.setDay(site.id, '2027-01-11', { closed: true, note: '设备检修' }, null);
    expect(await count(site.id)).toBe(1);
    await svc.sites.clearDay(site.id, '2027-01-11', null);
    expect(await count(site.id)).toBe(2);

    const audit = (await ctx.ds.query("SELECT action, detail FROM audit_log WHERE subject_type = 'site' AND subject_id = ? ORDER BY id", [String(site.id)])) as { action: string; detail: string }[];
    expect(audit.map((a) => a.action)).toEqual(['site.create', 'slot-template.create', 'slot-template.update', 'site-day.set', 'site-day.clear']);
    expect(JSON.parse(audit[2]!.detail)).toEqual({ templateId: tpl.id, old: { capacity: 3 }, new: { capacity: 5 } });
  });

  it('bad input: clear 400s in both languages; a bus collects whole blood only; a site closing on holidays skips them', async () => {
    const base = { code: 'BUS-1', name: '流动献血车1号', kind: 'bus' as const, district: '', address: '台东步行街', phone: null, hours: '周六、周日 09:00-16:00', transport: '', capabilities: ['whole-blood' as const] };
    await expect(svc.sites.create({ ...base, capabilities: ['platelets'] }, null)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: '献血车只能采集全血 / a bus collects whole blood only' });
    await expect(svc.sites.create({ ...base, phone: '12' }, null)).rejects.toMatchObject({ message: expect.stringMatching(/电话号码无法识别/) });
    await expect(svc.sites.create({ ...base, name: ' ' }, null)).rejects.toMatchObject({ message: '请填写名称 / the name is required' });
    const bus = await svc.sites.create({ ...base, closesOnHolidays: true }, null);
    await expect(svc.sites.create(base, null)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(svc.sites.createTemplate(bus.id, { weekday: 6, type: 'platelets', start: '09:00', end: '16:00', capacity: 30 }, null)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await svc.calendar.setDay('2027-01-09', 'holiday', '测试假日', null);
    await svc.sites.createTemplate(bus.id, { weekday: 6, type: 'whole-blood', start: '09:00', end: '16:00', capacity: 30 }, null);
    expect((await svc.sites.slots(bus.id, undefined, 14)).map((s) => s.startsAt)).toEqual(['2027-01-16T01:00:00.000Z']);
    await svc.calendar.deleteDay('2027-01-09', null);
  });
});
