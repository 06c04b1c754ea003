/** Booking offers the donor two or three real choices from the open slots, and books the one they pick. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDateOf } from '@donorline/domain';
import { openDesk, waitFor, type Desk } from '../../test/helpers.js';
import { startPeer, type ContractPeer } from '../../test/peer/contract-peer.js';
import { today } from '../../test/peer/fixtures.js';
import AppointmentBooker from './AppointmentBooker.vue';

let peer: ContractPeer;
let desk: Desk;
beforeEach(async () => {
  peer = await startPeer();
  desk = await openDesk({ peer, connect: false });
});
afterEach(async () => {
  await desk.close();
  await peer.close();
  document.body.innerHTML = '';
});

function choiceButtons(w: ReturnType<Desk['mount']>) {
  return w.findAll('[data-test=slot-choices] button');
}

describe('AppointmentBooker', () => {
  it('offers 2–3 distinct open slots from the donor’s eligible date, then books the picked one and asks for the commitment', async () => {
    const donor = peer.donors.get(1003)!; // first-time donor: eligible now
    const w = desk.mount(AppointmentBooker, { donor, callId: '1700000000.42' });
    await waitFor(() => choiceButtons(w).length > 0, 5000, 'choices');

    const buttons = choiceButtons(w);
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    expect(buttons.length).toBeLessThanOrEqual(3);
    const ids = buttons.map((b) => Number(b.attributes('data-test')!.replace('choice-', '')));
    expect(new Set(ids).size).toBe(ids.length);
    const chosen = ids.map((id) => peer.slots.find((s) => s.id === id)!);
    for (const s of chosen) {
      expect(s.available).toBeGreaterThan(0);
      expect(s.type).toBe('whole-blood');
      expect(localDateOf(new Date(s.startsAt)) >= today()).toBe(true);
    }
    // Real alternatives: not all on the same day.
    expect(new Set(chosen.map((s) => localDateOf(new Date(s.startsAt)))).size).toBeGreaterThan(1);
    const slotQuery = peer.requests.find((r) => r.path === '/api/slots')!;
    expect(slotQuery.query).toMatchObject({ type: 'whole-blood', from: today() });

    await buttons[1]!.trigger('click');
    await waitFor(() => w.find('[data-test=booking-commitment]').exists(), 5000, 'booked');
    const post = peer.requests.find((r) => r.method === 'POST' && r.path === '/api/appointments')!;
    expect(post.body).toEqual({ donorId: 1003, slotId: ids[1], type: 'whole-blood', channel: 'agent', callId: '1700000000.42' });
    expect(w.get('[data-test=booking-commitment]').text()).toContain(chosen[1]!.siteName);
    expect(w.get('[data-test=booking-commitment]').text()).toMatch(/请和献血者确认/);
  });

  it('starts at the next eligible date of the type the donor can give soonest', async () => {
    const donor = peer.donors.get(1001)!; // whole blood 50 days ago: platelets come first
    const w = desk.mount(AppointmentBooker, { donor, callId: null });
    await waitFor(() => choiceButtons(w).length > 0, 5000, 'choices');
    const q = peer.requests.find((r) => r.path === '/api/slots')!.query;
    expect(q.type).toBe('platelets');
    expect(q.from).toBe(donor.eligibility.platelets.eligibleFrom);
    expect(w.text()).toContain('起可献，已从该日起查找时段');
  });

  it('explains a full slot instead of failing silently', async () => {
    const donor = peer.donors.get(1003)!;
    const w = desk.mount(AppointmentBooker, { donor, callId: null });
    await waitFor(() => choiceButtons(w).length > 0, 5000, 'choices');
    const first = choiceButtons(w)[0]!;
    const slot = peer.slots.find((s) => `choice-${s.id}` === first.attributes('data-test'))!;
    slot.available = 0; // somebody else took the last place meanwhile
    await first.trigger('click');
    await waitFor(() => w.find('[data-test=booking-error]').exists(), 5000, 'error');
    expect(w.get('[data-test=booking-error]').text()).toContain('该时段已约满');
  });

  it('never offers the slot the donor already holds — not even when moving the booking', async () => {
    const donor = peer.donors.get(1003)!;
    const w = desk.mount(AppointmentBooker, { donor, callId: null });
    await waitFor(() => choiceButtons(w).length > 0, 5000, 'choices');
    // a choice on a later day (the peer's earliest slots may already be over today)
    const pick = choiceButtons(w).at(-1)!;
    const firstId = Number(pick.attributes('data-test')!.replace('choice-', ''));
    await pick.trigger('click');
    await waitFor(() => w.find('[data-test=booking-commitment]').exists(), 5000, 'booked');
    // the 360° view comes back with the booking; moving it offers other slots only
    await w.setProps({ donor: { ...peer.donors.get(1003)! } });
    await waitFor(() => w.findAll('[data-test=upcoming-appointment]').length === 1, 5000, 'the upcoming booking');
    await w.get('[data-test^=reschedule-]').trigger('click');
    await waitFor(() => w.find('[data-test=rescheduling]').exists() && choiceButtons(w).length > 0, 5000, 'choices to move to');
    const offered = choiceButtons(w).map((b) => Number(b.attributes('data-test')!.replace('choice-', '')));
    expect(offered).not.toContain(firstId);
    const all = w.find('[data-test=all-slots]');
    if (all.exists()) expect(all.html()).not.toContain(`choice-${firstId}"`);

    // cancelling without a reason is not a silent no-op: it says what is missing and sends nothing
    await w.get('[data-test^=cancel-]').trigger('click');
    await w.get('[data-test=cancel-reason]').setValue('   ');
    await w.get('[data-test=upcoming-appointment] form').trigger('submit');
    await waitFor(() => w.text().includes('请填写取消原因'), 5000, 'the missing reason said');
    expect(peer.requests.filter((r) => r.path.endsWith('/cancel'))).toHaveLength(0);
  }, 15_000);

  it('shows the confirmation SMS of a booking, and follows it from sent to delivered', async () => {
    const donor = peer.donors.get(1003)!;
    const w = desk.mount(AppointmentBooker, { donor, callId: null });
    await waitFor(() => choiceButtons(w).length > 0, 5000, 'choices');
    await choiceButtons(w).at(-1)!.trigger('click');
    await waitFor(() => w.find('[data-test=booking-commitment]').exists(), 5000, 'booked');
    const appt = peer.donors.get(1003)!.appointments.filter((a) => a.status === 'booked').at(-1)!;
    const ref = `appointment:${appt.id}`;
    peer.smsRefs.set(ref, { ref, id: 1, status: 'sent', at: new Date().toISOString(), failureReason: null });
    await w.setProps({ donor: { ...peer.donors.get(1003)! } });
    await waitFor(() => w.find('[data-test=sms-status-sent]').exists(), 5000, 'the SMS on its way');
    expect(w.get('[data-test=booking-sms]').text()).toContain('确认短信');
    peer.smsRefs.set(ref, { ref, id: 1, status: 'delivered', at: new Date().toISOString(), failureReason: null });
    await waitFor(() => w.find('[data-test=sms-status-delivered]').exists(), 8000, 'the SMS delivered (asked again while on its way)');
  }, 15_000);
});
