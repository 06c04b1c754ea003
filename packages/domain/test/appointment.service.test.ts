import type { DataSource } from 'typeorm';
import { beforeAll, expect, it } from 'vitest';
import { createDomainServices, DEMO_PII_KEYS, type DomainServices } from '../src/node.js';
import { buildDeferral, buildDonation, buildDonor, buildSite, buildSlot, describeEachDb } from '../src/testing/index.js';

const NOW = new Date('2026-11-22T02:00:00Z');
const at = (day: string, hhmm = '09:00'): Date => new Date(`${day}T${hhmm}:00+08:00`);

async function slotBooked(ds: DataSource, id: number): Promise<number> {
  const [r] = (await ds.query('SELECT booked FROM appointment_slot WHERE id = ?', [id])) as { booked: number }[];
  return Number(r!.booked);
}

describeEachDb('AppointmentService', (ctx) => {
  let svc: DomainServices;
  beforeAll(() => {
    svc = createDomainServices(ctx.ds, { pii: DEMO_PII_KEYS, clock: () => NOW });
  });

  it('lists sites and available slots with remaining capacity; full and past slots are not offered', async () => {
    const site = await buildSite(ctx.ds, { name: '测试献血屋A' });
    const open = await buildSlot(ctx.ds, site.id, { type: 'platelets', startsAt: at('2026-11-24'), capacity: 3, booked: 1 });
    await buildSlot(ctx.ds, site.id, { type: 'platelets', startsAt: at('2026-11-24', '10:00'), capacity: 2, booked: 2 });
    await buildSlot(ctx.ds, site.id, { type: 'platelets', startsAt: at('2026-11-21'), capacity: 2 });
    const slots = await svc.appointments.availableSlots({ siteId: site.id, type: 'platelets', from: '2026-11-20', to: '2026-11-30' });
    expect(slots.map((s) => [s.id, s.available])).toEqual([[open.id, 2]]);
    expect((await svc.appointments.sites()).some((s) => s.id === site.id && s.capabilities.includes('platelets'))).toBe(true);
  });

  it('books, enqueues an SMS confirmation, and refuses a second booking of the same type (CONFLICT)', async () => {
    const site = await buildSite(ctx.ds);
    const s1 = await buildSlot(ctx.ds, site.id, { startsAt: at('2026-11-25') });
    const s2 = await buildSlot(ctx.ds, site.id, { startsAt: at('2026-11-26') });
    const d = await buildDonor(ctx.ds, { phones: ['13811112222'], name: '钱多多' });
    const a = await svc.appointments.book({ donorId: d.id, slotId: s1.id, type: 'whole-blood', channel: 'ivr', callId: 'lk-book-1' });
    expect(a).toMatchObject({ siteId: site.id, type: 'whole-blood', status: 'booked', channel: 'ivr', startsAt: at('2026-11-25').toISOString() });
    expect(await slotBooked(ctx.ds, s1.id)).toBe(1);
    const sms = (await ctx.ds.query("SELECT to_e164, template, body FROM sms_outbox WHERE to_e164 = '+8613811112222'")) as Record<string, string>[];
    expect(sms).toHaveLength(1);
    expect(sms[0]!.template).toBe('appointment-booked');
    expect(sms[0]!.body).toContain('钱多多');
    await expect(svc.appointments.book({ donorId: d.id, slotId: s2.id, type: 'whole-blood', channel: 'agent' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await slotBooked(ctx.ds, s2.id)).toBe(0);
  });

  it('refuses what a site cannot collect, a slot of another type, and an ineligible donor (with the reason)', async () => {
    const bus = await buildSite(ctx.ds, { kind: 'bus' });
    const busPlt = await buildSlot(ctx.ds, bus.id, { type: 'platelets', startsAt: at('2026-11-27') });
    const d = await buildDonor(ctx.ds);
    await expect(svc.appointments.book({ donorId: d.id, slotId: busPlt.id, type: 'platelets', channel: 'agent' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const site = await buildSite(ctx.ds);
    const wb = await buildSlot(ctx.ds, site.id, { type: 'whole-blood', startsAt: at('2026-11-27') });
    await expect(svc.appointments.book({ donorId: d.id, slotId: wb.id, type: 'platelets', channel: 'agent' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    // gave whole blood 2026-09-01: next whole blood 2027-03-01 → NOT_ELIGIBLE on 2026-11-27
    const recent = await buildDonor(ctx.ds);
    await buildDonation(ctx.ds, recent.id, { type: 'whole-blood', date: '2026-09-01' });
    const err = await svc.appointments.book({ donorId: recent.id, slotId: wb.id, type: 'whole-blood', channel: 'agent' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOT_ELIGIBLE', details: { eligibleFrom: '2027-03-01' } });
    expect((err as Error).message).toContain('2027-03-01');
    const deferred = await buildDonor(ctx.ds);
    await buildDeferral(ctx.ds, deferred.id, { fromDate: '2026-11-01', until: '2026-12-01', reason: '拔牙' });
    await expect(svc.appointments.book({ donorId: deferred.id, slotId: wb.id, type: 'whole-blood', channel: 'agent' })).rejects.toMatchObject({ code: 'NOT_ELIGIBLE' });
    expect(await slotBooked(ctx.ds, wb.id)).toBe(0);
  });

  it('eligibility is judged on the slot date: eligible then even if not today', async () => {
    const site = await buildSite(ctx.ds);
    const d = await buildDonor(ctx.ds);
    await buildDonation(ctx.ds, d.id, { type: 'platelets', date: '2026-11-15' }); // next platelets 2026-11-29
    const early = await buildSlot(ctx.ds, site.id, { type: 'platelets', startsAt: at('2026-11-28') });
    const onDay = await buildSlot(ctx.ds, site.id, { type: 'platelets', startsAt: at('2026-11-29') });
    await expect(svc.appointments.book({ donorId: d.id, slotId: early.id, type: 'platelets', channel: 'agent' })).rejects.toMatchObject({ code: 'NOT_ELIGIBLE' });
    expect((await svc.appointments.book({ donorId: d.id, slotId: onDay.id, type: 'platelets', channel: 'agent' })).status).toBe('booked');
  });

  it('parallel bookings on a slot of capacity N: exactly N succeed, the rest get SLOT_FULL', async () => {
    const site = await buildSite(ctx.ds);
    const N = 4;
    const slot = await buildSlot(ctx.ds, site.id, { startsAt: at('2026-11-28', '14:00'), capacity: N });
    const donors = [];
    for (let i = 0; i < 12; i++) donors.push(await buildDonor(ctx.ds));
    const results = await Promise.allSettled(donors.map((d) => svc.appointments.book({ donorId: d.id, slotId: slot.id, type: 'whole-blood', channel: 'ivr' })));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(N);
    expect(failed.map((r) => (r.reason as { code: string }).code)).toEqual(Array(12 - N).fill('SLOT_FULL'));
    expect(await slotBooked(ctx.ds, slot.id)).toBe(N);
    const [{ n }] = (await ctx.ds.query("SELECT COUNT(*) AS n FROM appointment WHERE slot_id = ? AND status = 'booked'", [slot.id])) as [{ n: number }];
    expect(Number(n)).toBe(N);
  }, 30_000);

  it('parallel bookings by one donor: only one survives (the per-donor rule holds under concurrency)', async () => {
    const site = await buildSite(ctx.ds);
    const slots = [];
    for (let i = 0; i < 5; i++) slots.push(await buildSlot(ctx.ds, site.id, { startsAt: at('2026-12-01', `${10 + i}:00`) }));
    const d = await buildDonor(ctx.ds);
    const results = await Promise.allSettled(slots.map((s) => svc.appointments.book({ donorId: d.id, slotId: s.id, type: 'whole-blood', channel: 'agent' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    let total = 0;
    for (const s of slots) total += await slotBooked(ctx.ds, s.id);
    expect(total).toBe(1);
  }, 30_000);

  it('cancel frees the place; reschedule moves atomically and fails whole when the new slot is full', async () => {
    const site = await buildSite(ctx.ds);
    const a1 = await buildSlot(ctx.ds, site.id, { startsAt: at('2026-12-02') });
    const a2 = await buildSlot(ctx.ds, site.id, { startsAt: at('2026-12-03') });
    const full = await buildSlot(ctx.ds, site.id, { startsAt: at('2026-12-04'), capacity: 1, booked: 1 });
    const d = await buildDonor(ctx.ds);
    const appt = await svc.appointments.book({ donorId: d.id, slotId: a1.id, type: 'whole-blood', channel: 'agent' });
    await expect(svc.appointments.reschedule(appt.id, full.id, null)).rejects.toMatchObject({ code: 'SLOT_FULL' });
    expect((await svc.appointments.get(appt.id)).status).toBe('booked');
    expect(await slotBooked(ctx.ds, a1.id)).toBe(1);
    const moved = await svc.appointments.reschedule(appt.id, a2.id, null);
    expect(moved).toMatchObject({ status: 'booked', startsAt: at('2026-12-03').toISOString() });
    expect((await svc.appointments.get(appt.id)).status).toBe('cancelled');
    expect([await slotBooked(ctx.ds, a1.id), await slotBooked(ctx.ds, a2.id)]).toEqual([0, 1]);
    await expect(svc.appointments.cancel(moved.id, '', null)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await svc.appointments.cancel(moved.id, '临时出差', null)).status).toBe('cancelled');
    expect(await slotBooked(ctx.ds, a2.id)).toBe(0);
    await expect(svc.appointments.cancel(moved.id, '再次取消', null)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
