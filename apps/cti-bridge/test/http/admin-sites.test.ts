/**
 * Administration → Sites and the service calendar over real HTTP, on SQLite and MariaDB: admin only (agents 403),
 * bad input a clear 400, a site + platelet template → generated slots (idempotent button), a booked slot makes
 * lowering capacity / closing the day a 409 listing the booking, every change audited old → new.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildDonor, describeEachDb } from '@donorline/domain/testing';
import type { AuditEntryDto, ErrorBody, GenerateReport, Page, ServiceCalendarDto, SiteAdminDto, SiteDayDto, SlotDto, SlotTemplateDto } from '@donorline/domain';
import { buildTestApp, type TestApp } from './test-app.js';

describeEachDb('Administration → Sites and service calendar over HTTP', (ctx) => {
  let t: TestApp;
  let site: SiteAdminDto;
  let tpl: SlotTemplateDto;
  const n = Date.now() % 100_000;
  const admin = () => t.users.admin.token;
  const audit = async (action: string): Promise<AuditEntryDto[]> => (await t.call<Page<AuditEntryDto>>('GET', `/api/audit?action=${action}&pageSize=50`, { token: admin() })).body.items;
  const nextWeekday = (): number => ((new Date(Date.now() + 8 * 3600_000).getUTCDay() + 1) % 7) || 7; // tomorrow in Qingdao (ISO)

  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
  }, 120_000);
  afterAll(async () => t?.close());

  it('only admins: every route is 403 for agent, supervisor and quality, 401 without a token', async () => {
    const { agent1, supervisor, quality } = t.users;
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/admin/sites'], ['POST', '/api/admin/sites', { code: 'X', name: 'x', kind: 'fixed', district: '', address: 'a', phone: null, hours: 'h', transport: '', capabilities: ['whole-blood'] }],
      ['PATCH', '/api/admin/sites/1', { active: false }], ['GET', '/api/admin/sites/1/templates'], ['POST', '/api/admin/sites/1/templates', { weekday: 1, type: 'whole-blood', start: '09:00', end: '10:00', capacity: 1 }],
      ['PATCH', '/api/admin/sites/1/templates/1', { capacity: 1 }], ['DELETE', '/api/admin/sites/1/templates/1'], ['GET', '/api/admin/sites/1/days'],
      ['PUT', '/api/admin/sites/1/days/2030-01-01', { closed: true }], ['DELETE', '/api/admin/sites/1/days/2030-01-01'], ['GET', '/api/admin/sites/1/slots'],
      ['POST', '/api/admin/sites/generate', {}], ['GET', '/api/admin/service-calendar'], ['PUT', '/api/admin/service-calendar/hours', { open: '08:00', close: '20:00', weekdays: [1] }],
      ['PUT', '/api/admin/service-calendar/days/2030-01-01', { kind: 'holiday', name: '元旦' }], ['DELETE', '/api/admin/service-calendar/days/2027-01-01'],
    ];
    for (const [method, url, json] of routes) {
      for (const u of [agent1, supervisor, quality]) {
        const r = await t.call<ErrorBody>(method, url, { token: u.token, ...(json ? { json } : {}) });
        expect([method, url, u.user.role, r.status]).toEqual([method, url, u.user.role, 403]);
      }
      expect((await t.call(method, url, json ? { json } : {})).status).toBe(401);
    }
    expect((await t.call<ServiceCalendarDto>('GET', '/api/admin/service-calendar', { token: admin() })).body.days.find((d) => d.date === '2027-01-01')).toEqual({ date: '2027-01-01', kind: 'holiday', name: '元旦' });
  });

  it('creates a site and a platelet template: slots appear at once; the generate button is idempotent; audited', async () => {
    const r = await t.call<SiteAdminDto>('POST', '/api/admin/sites', {
      token: admin(), json: { code: `hz-${n}`, name: '湖岛献血屋', kind: 'fixed', district: '市北区', address: '青岛市市北区湖岛路1号', phone: '0532-85717612', hours: '每天 08:30-17:30', transport: '公交5路', capabilities: ['whole-blood', 'platelets'] },
    });
    expect(r.status).toBe(200);
    site = r.body;
    expect(site).toMatchObject({ code: `HZ-${n}`, active: true, templateCount: 0 });
    const tr = await t.call<SlotTemplateDto>('POST', `/api/admin/sites/${site.id}/templates`, { token: admin(), json: { weekday: nextWeekday(), type: 'platelets', start: '09:00', end: '10:00', capacity: 2 } });
    expect(tr.status).toBe(200);
    tpl = tr.body;
    const slots = (await t.call<SlotDto[]>('GET', `/api/admin/sites/${site.id}/slots`, { token: admin() })).body;
    expect(slots.length).toBe(4); // 28 days: four of that weekday
    expect(slots.every((s) => s.type === 'platelets' && s.capacity === 2 && s.booked === 0)).toBe(true);
    const g1 = await t.call<GenerateReport>('POST', '/api/admin/sites/generate', { token: admin(), json: {} });
    expect(g1.body).toMatchObject({ days: 28, created: 0, updated: 0, removed: 0 });
    expect((await t.call<SlotDto[]>('GET', `/api/admin/sites/${site.id}/slots`, { token: admin() })).body.map((s) => s.id)).toEqual(slots.map((s) => s.id));
    const created = (await audit('site.create')).find((a) => a.subjectId === String(site.id))!;
    expect(created.detail).toMatchObject({ new: { code: `HZ-${n}`, name: '湖岛献血屋', capabilities: ['whole-blood', 'platelets'] } });
    expect(created.actor?.id).toBe(t.users.admin.user.id);
    expect((await audit('slots.generate'))[0]!.detail).toMatchObject({ days: 28, created: 0 });
  });

  it('bad input is a clear 400 (zh-CN / English) and writes nothing', async () => {
    const bad = async (method: string, url: string, json: unknown): Promise<string> => {
      const r = await t.call<ErrorBody>(method, url, { token: admin(), json });
      expect([url, r.status]).toEqual([url, 400]);
      return r.body.message;
    };
    const base = { code: `bad-${n}`, name: '坏', kind: 'bus', district: '', address: 'a', phone: null, hours: 'h', transport: '', capabilities: ['whole-blood'] };
    expect(await bad('POST', '/api/admin/sites', { ...base, capabilities: ['platelets'] })).toBe('献血车只能采集全血 / a bus collects whole blood only');
    expect(await bad('POST', '/api/admin/sites', { ...base, kind: 'boat' })).toMatch(/kind：不是允许的取值 \/ kind: not one of the allowed values/);
    expect(await bad('POST', '/api/admin/sites', { ...base, phone: 'abc' })).toBe("电话号码无法识别：abc / the phone number is not valid: abc");
    expect(await bad('POST', `/api/admin/sites/${site.id}/templates`, { weekday: 1, type: 'platelets', start: '10:00', end: '09:00', capacity: 2 })).toBe('结束时间须晚于开始时间 / end must be after start');
    expect(await bad('POST', `/api/admin/sites/${site.id}/templates`, { weekday: 1, type: 'plasma', start: '09:00', end: '10:00', capacity: 2 })).toMatch(/^湖岛献血屋不采集单采血浆 \/ HZ-\d+ does not collect plasma$/);
    expect(await bad('POST', `/api/admin/sites/${site.id}/templates`, { weekday: 9, type: 'platelets', start: '09:00', end: '10:00', capacity: 2 })).toMatch(/weekday/);
    expect(await bad('PUT', `/api/admin/sites/${site.id}/days/2020-01-01`, { closed: true })).toMatch(/不能修改过去的日期 \/ a past day cannot be changed/);
    expect(await bad('PUT', '/api/admin/service-calendar/hours', { open: '20:00', close: '08:00', weekdays: [1, 2] })).toBe('结束时间须晚于开始时间 / the closing time must be after the opening time');
    expect(await bad('PUT', '/api/admin/service-calendar/days/2027-02-30', { kind: 'holiday', name: 'x' })).toMatch(/YYYY-MM-DD/);
    expect((await t.call<SiteAdminDto[]>('GET', '/api/admin/sites', { token: admin() })).body.some((s) => s.code === `BAD-${n}`)).toBe(false);
  });

  it('a booked slot: lowering the capacity or closing its day is a 409 listing the booking; raising works; audited old → new', async () => {
    const [slot] = (await t.call<SlotDto[]>('GET', `/api/admin/sites/${site.id}/slots`, { token: admin() })).body;
    const donor = await buildDonor(t.db.ds, { name: '欧阳预约' });
    const booked = await t.call<{ id: number }>('POST', '/api/appointments', { token: t.users.agent1.token, json: { donorId: donor.id, slotId: slot!.id, type: 'platelets', channel: 'agent' } });
    expect(booked.status).toBe(200);
    const day = new Date(new Date(slot!.startsAt).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const low = await t.call<ErrorBody>('PATCH', `/api/admin/sites/${site.id}/templates/${tpl.id}`, { token: admin(), json: { capacity: 1 } });
    expect(low.status).toBe(200); // 1 booked ≤ 1
    const zero = await t.call<ErrorBody>('PUT', `/api/admin/sites/${site.id}/days/${day}`, { token: admin(), json: { closed: false, capacity: 0 } });
    expect(zero.status).toBe(409);
    expect(zero.body.message).toMatch(new RegExp(`${day}名额减至0会影响1个已有预约.*#${booked.body.id}`));
    const close = await t.call<ErrorBody>('PUT', `/api/admin/sites/${site.id}/days/${day}`, { token: admin(), json: { closed: true, note: '停电' } });
    expect(close.status).toBe(409);
    expect(close.body.details?.bookings).toEqual([expect.objectContaining({ appointmentId: booked.body.id, slotId: slot!.id, type: 'platelets' })]);
    expect(JSON.stringify(close.body)).not.toContain(donor.name);
    expect((await t.call('DELETE', `/api/admin/sites/${site.id}/templates/${tpl.id}`, { token: admin() })).status).toBe(409);
    expect((await t.call('PATCH', `/api/admin/sites/${site.id}`, { token: admin(), json: { active: false } })).status).toBe(409);
    const up = await t.call<SlotTemplateDto>('PATCH', `/api/admin/sites/${site.id}/templates/${tpl.id}`, { token: admin(), json: { capacity: 6 } });
    expect(up.body.capacity).toBe(6);
    expect((await t.call<SlotDto[]>('GET', `/api/admin/sites/${site.id}/slots`, { token: admin() })).body.every((s) => s.capacity === 6)).toBe(true);
    const upd = (await audit('slot-template.update')).filter((a) => a.subjectId === String(site.id)).map((a) => a.detail);
    expect(upd).toEqual([{ templateId: tpl.id, old: { capacity: 1 }, new: { capacity: 6 } }, { templateId: tpl.id, old: { capacity: 2 }, new: { capacity: 1 } }]);
    // an empty later day closes; the override is listed and audited
    const later = new Date(new Date(slot!.startsAt).getTime() + 7 * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
    const ok = await t.call<SiteDayDto>('PUT', `/api/admin/sites/${site.id}/days/${later}`, { token: admin(), json: { closed: true, note: '设备检修' } });
    expect(ok.body).toEqual({ siteId: site.id, date: later, closed: true, capacity: null, note: '设备检修' });
    expect((await t.call<SlotDto[]>('GET', `/api/admin/sites/${site.id}/slots`, { token: admin() })).body.length).toBe(3);
    expect((await audit('site-day.set'))[0]!.detail).toMatchObject({ date: later, new: { closed: true, note: '设备检修' } });
  });

  it('service calendar: hours and days edited, audited old → new', async () => {
    const h = await t.call<ServiceCalendarDto>('PUT', '/api/admin/service-calendar/hours', { token: admin(), json: { open: '08:30', close: '17:30', weekdays: [5, 1, 2, 3, 4] } });
    expect(h.body).toMatchObject({ open: '08:30', close: '17:30', weekdays: [1, 2, 3, 4, 5] });
    expect((await audit('service-calendar.hours'))[0]!.detail).toEqual({ old: { open: '08:00', close: '20:00', weekdays: [1, 2, 3, 4, 5, 6, 7] }, new: { open: '08:30', close: '17:30', weekdays: [1, 2, 3, 4, 5] } });
    const d = await t.call<ServiceCalendarDto>('PUT', '/api/admin/service-calendar/days/2027-06-10', { token: admin(), json: { kind: 'holiday', name: '端午节' } });
    expect(d.body.days.filter((x) => x.name === '端午节').map((x) => x.date)).toEqual(['2027-06-09', '2027-06-10']);
    const del = await t.call<ServiceCalendarDto>('DELETE', '/api/admin/service-calendar/days/2027-06-10', { token: admin() });
    expect(del.body.days.some((x) => x.date === '2027-06-10')).toBe(false);
    expect((await t.call<ErrorBody>('DELETE', '/api/admin/service-calendar/days/2027-06-10', { token: admin() })).status).toBe(404);
    expect((await audit('service-calendar.day-delete'))[0]!).toMatchObject({ subjectId: '2027-06-10', detail: { old: { kind: 'holiday', name: '端午节' }, new: null } });
  });
});
