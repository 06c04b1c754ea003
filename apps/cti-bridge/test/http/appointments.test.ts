import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_DONORS } from '@donorline/domain/node';
import { addDays, localDateOf, type AppointmentBrief, type ErrorBody, type SiteDto, type SlotDto } from '@donorline/domain';
import { buildDonor, buildSite, buildSlot, describeEachDb } from '@donorline/domain/testing';
import { buildTestApp, type TestApp } from './test-app.js';

describeEachDb('appointments over HTTP', (ctx) => {
  let t: TestApp;
  let siteId: number;
  const slots: number[] = [];
  let fullSlot: number;
  const day = (n: number): string => addDays(localDateOf(new Date()), n);
  const apptRows = async (donorId: number): Promise<number> => Number(((await t.services.ds.query('SELECT COUNT(*) AS n FROM appointment WHERE donor_id = ?', [donorId])) as { n: number }[])[0]!.n);
  const booked = async (slotId: number): Promise<number> => Number(((await t.services.ds.query('SELECT booked FROM appointment_slot WHERE id = ?', [slotId])) as { booked: number }[])[0]!.booked);

  beforeAll(async () => {
    t = await buildTestApp(ctx.kind);
    const site = await buildSite(t.services.ds, { name: '接口测试献血屋', kind: 'fixed' });
    siteId = site.id;
    for (const d of [2, 3, 4]) slots.push((await buildSlot(t.services.ds, siteId, { startsAt: new Date(Date.now() + d * 86_400_000), capacity: 3 })).id);
    fullSlot = (await buildSlot(t.services.ds, siteId, { startsAt: new Date(Date.now() + 5 * 86_400_000), capacity: 2, booked: 2 })).id;
  }, 120_000);
  afterAll(async () => t?.close());

  it('lists sites and free slots of a type in a date range', async () => {
    const sites = await t.call<SiteDto[]>('GET', '/api/sites', { token: t.users.agent1.token });
    expect(sites.status).toBe(200);
    expect(sites.body.map((s) => s.id)).toContain(siteId);
    const r = await t.call<SlotDto[]>('GET', `/api/slots?siteId=${siteId}&type=whole-blood&from=${day(0)}&to=${day(7)}`, { token: t.users.agent1.token });
    expect(r.status).toBe(200);
    expect(r.body.map((s) => s.id)).toEqual(slots); // earliest first; the full slot is not offered
    expect(r.body.every((s) => s.available === 3 && s.siteId === siteId && s.type === 'whole-blood')).toBe(true);
    const none = await t.call<SlotDto[]>('GET', `/api/slots?siteId=${siteId}&type=platelets&from=${day(0)}&to=${day(7)}`, { token: t.users.agent1.token });
    expect(none.body).toEqual([]);
  });

  it('rejects bad slot queries with 400', async () => {
    for (const q of [`type=blood&from=${day(0)}&to=${day(1)}`, `type=whole-blood&from=${day(3)}&to=${day(1)}`, `type=whole-blood&from=${day(0)}&to=${day(90)}`, 'type=whole-blood&from=x&to=y']) {
      const r = await t.call<ErrorBody>('GET', `/api/slots?${q}`, { token: t.users.agent1.token });
      expect(r.status, q).toBe(400);
      expect(r.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('books, refuses a second booking of the type, cancels and reschedules, keeping the counts right', async () => {
    const donor = await buildDonor(t.services.ds, { birthDate: '1990-05-01', gender: 'female', weightKg: 55 });
    const book = await t.call<AppointmentBrief>('POST', '/api/appointments', {
      token: t.users.agent1.token, json: { donorId: donor.id, slotId: slots[0], type: 'whole-blood', channel: 'agent' },
    });
    expect(book.status).toBe(200);
    expect(book.body).toMatchObject({ siteId, type: 'whole-blood', status: 'booked', channel: 'agent' });
    expect(await booked(slots[0]!)).toBe(1);

    const again = await t.call<ErrorBody>('POST', '/api/appointments', { token: t.users.agent1.token, json: { donorId: donor.id, slotId: slots[1], type: 'whole-blood', channel: 'agent' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');

    const moved = await t.call<AppointmentBrief>('POST', `/api/appointments/${book.body.id}/reschedule`, { token: t.users.agent1.token, json: { slotId: slots[1] } });
    expect(moved.status).toBe(200);
    expect(moved.body.id).not.toBe(book.body.id);
    expect([await booked(slots[0]!), await booked(slots[1]!)]).toEqual([0, 1]);

    const list = await t.call<AppointmentBrief[]>('GET', `/api/appointments?donorId=${donor.id}`, { token: t.users.agent1.token });
    expect(list.body.map((a) => [a.id, a.status]).sort()).toEqual([[book.body.id, 'cancelled'], [moved.body.id, 'booked']].sort());

    const noReason = await t.call<ErrorBody>('POST', `/api/appointments/${moved.body.id}/cancel`, { token: t.users.agent1.token, json: {} });
    expect(noReason.status).toBe(400);
    const cancelled = await t.call<AppointmentBrief>('POST', `/api/appointments/${moved.body.id}/cancel`, { token: t.users.agent1.token, json: { reason: '出差' } });
    expect(cancelled.body.status).toBe('cancelled');
    expect(await booked(slots[1]!)).toBe(0);
    const twice = await t.call<ErrorBody>('POST', `/api/appointments/${moved.body.id}/cancel`, { token: t.users.agent1.token, json: { reason: '出差' } });
    expect(twice.status).toBe(409);
  });

  it('a full slot is 409 SLOT_FULL and nothing is written', async () => {
    const donor = await buildDonor(t.services.ds, { birthDate: '1992-01-01', gender: 'male' });
    const r = await t.call<ErrorBody>('POST', '/api/appointments', { token: t.users.agent1.token, json: { donorId: donor.id, slotId: fullSlot, type: 'whole-blood', channel: 'agent' } });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('SLOT_FULL');
    expect(await apptRows(donor.id)).toBe(0);
    expect(await booked(fullSlot)).toBe(2);
  });

  it('a donor who is not eligible on that day gets 409 NOT_ELIGIBLE with the reason and the date', async () => {
    const deferred = DEMO_DONORS.find((d) => d.key === 'deferred')!;
    const [donorId] = await t.services.lookup.findDonorIdsByPhone(deferred.e164);
    const r = await t.call<ErrorBody>('POST', '/api/appointments', { token: t.users.agent1.token, json: { donorId, slotId: slots[2], type: 'whole-blood', channel: 'agent' } });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('NOT_ELIGIBLE');
    expect(r.body.message).toMatch(/暂缓献血|间隔不足/);
    expect(String(r.body.details?.eligibleFrom)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(String(r.body.details?.eligibleFrom) > day(4)).toBe(true);
    expect(await booked(slots[2]!)).toBe(0);
  });

  it('bad booking input is 400 (missing type, wrong channel, unknown slot is 404)', async () => {
    const donor = await buildDonor(t.services.ds, {});
    expect((await t.call('POST', '/api/appointments', { token: t.users.agent1.token, json: { donorId: donor.id, slotId: slots[2], channel: 'agent' } })).status).toBe(400);
    expect((await t.call('POST', '/api/appointments', { token: t.users.agent1.token, json: { donorId: donor.id, slotId: slots[2], type: 'whole-blood', channel: 'fax' } })).status).toBe(400);
    expect((await t.call('POST', '/api/appointments', { token: t.users.agent1.token, json: { donorId: donor.id, slotId: 99999999, type: 'whole-blood', channel: 'agent' } })).status).toBe(404);
    expect(await apptRows(donor.id)).toBe(0);
  });
});
