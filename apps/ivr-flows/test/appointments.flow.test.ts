import { describe, expect, it } from 'vitest';
import { DomainError } from '@donorline/domain';
import { MemoryBackend } from '../src/backend/memory-backend.js';
import { AFTER_HOURS, call, centerState, PHONE_DEFERRED, PHONE_FAMILY, PHONE_ONE } from './ivr-harness.js';

// donor 3 (family phone, last four 4321) has never donated: eligible for everything.
const AS_DONOR_3 = ['silence', '2', '4321'];

describe('appointments', () => {
  it('books whole blood: type → site → day (three offered) → time → confirm, and queues the SMS', async () => {
    const { channel, backend, path } = await call([...AS_DONOR_3, '1', '1', '1', '1', '1', 'hangup'], { caller: PHONE_FAMILY });
    const [a] = backend.state.appointments;
    expect(a).toMatchObject({ donorId: 3, type: 'whole-blood', siteCode: 'QD01', date: '2026-11-24', time: '09:00', status: 'booked' });
    expect(backend.state.slots.find((s) => s.id === a!.slotId)!.booked).toBe(1);
    expect(backend.state.sms).toHaveLength(1);
    expect(channel.prompts).toEqual(expect.arrayContaining(['choose-type', 'choose-site', 'choose-day', 'choose-slot', 'you-chose', 'booking-done', 'preparation-short', 'see-you']));
    // real choices: three days at a time, "9" for more
    const dayPrompt = channel.events.find((e) => e.kind === 'play' && e.media.includes('sound:donorline/choose-day'));
    expect(dayPrompt && dayPrompt.kind === 'play' && dayPrompt.media.filter((m) => m.endsWith('/press'))).toHaveLength(3);
    expect(path).toContain('booked');
  });

  it('9 offers the next days; the second day of the second page is booked', async () => {
    const { backend } = await call([...AS_DONOR_3, '1', '1', '9', '2', '2', '1', 'hangup'], { caller: PHONE_FAMILY });
    expect(backend.state.appointments[0]).toMatchObject({ date: '2026-11-28', time: '14:00' });
  });

  it('2 at the confirmation goes back to choosing, nothing is booked until 1', async () => {
    const { backend } = await call([...AS_DONOR_3, '1', '1', '1', '1', '2', '3', '2', '1', 'hangup'], { caller: PHONE_FAMILY });
    expect(backend.state.appointments).toHaveLength(1);
    expect(backend.state.appointments[0]).toMatchObject({ date: '2026-11-26', time: '14:00' });
  });

  it('checks eligibility before offering days: platelets not before 11-30 — said first, and only that day offered', async () => {
    const { channel, backend } = await call(['silence', '2', '123*', '2', '1', '1', '1', '1', 'hangup'], { caller: PHONE_ONE });
    const p = channel.prompts;
    expect(p.indexOf('not-yet-platelets')).toBeGreaterThan(-1);
    expect(p.indexOf('not-yet-platelets')).toBeLessThan(p.indexOf('choose-site'));
    expect(backend.state.appointments[0]).toMatchObject({ donorId: 1, type: 'platelets', date: '2026-11-30' });
  });

  it('when a type is out of reach for the week, says so briefly and offers the type the donor can give', async () => {
    // platelets on 11-10: platelets again from 11-24 (in the week), whole blood only from 12-08 (out of it)
    const state = centerState();
    state.donors.find((d) => d.id === 1)!.donations = [{ type: 'platelets', date: '2026-11-10', outcome: 'completed', units: 1 }];
    const backend = new MemoryBackend(state);
    const { channel } = await call(['silence', '2', '123*', '1', 'hangup'], { caller: PHONE_ONE, backend });
    const p = channel.prompts;
    expect(p.slice(p.indexOf('choose-type') + 1)).toEqual(['not-yet-whole-blood', 'welcome-back-later', 'offer-other-type-platelets']);
  });

  it('a deferred donor is told the deferral date and no days are offered', async () => {
    const { channel, backend } = await call(['silence', '2', '9999', '1', 'hangup'], { caller: PHONE_DEFERRED });
    expect(channel.prompts).not.toContain('choose-day');
    expect(channel.prompts).toContain('not-yet-whole-blood');
    expect(backend.state.appointments).toHaveLength(0);
  });

  it('a fully booked day is not offered', async () => {
    // platelets at the central site are full on 11-24: the first day offered (and booked with 1) is 11-25
    const { backend } = await call([...AS_DONOR_3, '2', '1', '1', '1', '1', 'hangup'], { caller: PHONE_FAMILY });
    expect(backend.state.appointments[0]).toMatchObject({ type: 'platelets', siteCode: 'QD01', date: '2026-11-25' });
  });

  it('a slot taken by someone else between offer and confirm: apology, then choose again', async () => {
    const backend = new MemoryBackend(centerState());
    const book = backend.book.bind(backend);
    let raced = false;
    backend.book = async (input) => {
      if (!raced) {
        raced = true;
        const slot = backend.state.slots.find((s) => s.id === input.slotId)!;
        slot.booked = slot.capacity; // another caller got there first
        throw new DomainError('SLOT_FULL', 'slot full');
      }
      return book(input);
    };
    const { channel } = await call([...AS_DONOR_3, '1', '1', '1', '1', '1', /* again */ '1', '1', '1', '1', 'hangup'], { caller: PHONE_FAMILY, backend });
    expect(channel.prompts).toContain('slot-just-taken');
    expect(backend.state.appointments).toHaveLength(1);
    expect(backend.state.appointments[0]).toMatchObject({ date: '2026-11-24', time: '14:00' });
  });

  describe('an existing booking', () => {
    const withBooking = async (): Promise<MemoryBackend> => {
      const backend = new MemoryBackend(centerState());
      const slot = backend.state.slots.find((s) => s.siteId === 2 && s.type === 'whole-blood' && s.date === '2026-11-25' && s.time === '09:00')!;
      await backend.book({ donorId: 3, slotId: slot.id, type: 'whole-blood', callId: 'earlier' });
      backend.state.sms.length = 0;
      return backend;
    };

    it('is told first, then can be cancelled after a confirmation', async () => {
      const backend = await withBooking();
      const { channel } = await call([...AS_DONOR_3, '2', '1', 'hangup'], { caller: PHONE_FAMILY, backend });
      expect(channel.prompts).toEqual(expect.arrayContaining(['existing-booking-pre', 'cancel-confirm', 'cancel-done']));
      expect(backend.state.appointments[0]!.status).toBe('cancelled');
      expect(backend.state.sms).toHaveLength(1);
    });

    it('is kept when the caller does not confirm the cancellation', async () => {
      const backend = await withBooking();
      const { channel } = await call([...AS_DONOR_3, '2', '2', 'hangup'], { caller: PHONE_FAMILY, backend });
      expect(channel.prompts).toContain('kept-booking');
      expect(backend.state.appointments[0]!.status).toBe('booked');
    });

    it('can be moved to another slot', async () => {
      const backend = await withBooking();
      const { channel, path } = await call([...AS_DONOR_3, '1', '2', '1', '2', '1', 'hangup'], { caller: PHONE_FAMILY, backend });
      expect(channel.prompts).toContain('move-done');
      expect(backend.state.appointments).toHaveLength(1);
      expect(backend.state.appointments[0]).toMatchObject({ siteCode: 'QD02', date: '2026-11-24', time: '14:00', status: 'booked' });
      expect(path).toContain('moved');
    });
  });

  it('the booking backend failing: apology and an agent, topic booking', async () => {
    const backend = new MemoryBackend(centerState());
    backend.failing.add('availableDays');
    const { channel, outcome } = await call([...AS_DONOR_3, '1', '1'], { caller: PHONE_FAMILY, backend });
    expect(outcome).toBe('recovered');
    expect(channel.prompts).toContain('technical-problem');
    expect(channel.vars.get('DL_TOPIC')).toBe('booking');
    expect(channel.vars.get('DL_DONOR_ID')).toBe('3');
  });

  it('the backend failing after hours: apology and a polite end, never a dead line', async () => {
    const backend = new MemoryBackend(centerState());
    backend.failing.add('availableDays');
    const { channel, outcome } = await call([...AS_DONOR_3, '1', '1'], { caller: PHONE_FAMILY, backend, now: AFTER_HOURS });
    expect(outcome).toBe('recovered');
    expect(channel.prompts.at(-1)).toBe('technical-problem-after-hours');
    expect(channel.events.at(-1)).toEqual({ kind: 'hangup', by: 'ivr' });
  });

  it('a hang-up in the middle books nothing', async () => {
    const { backend, outcome } = await call([...AS_DONOR_3, '1', '1', '1', 'hangup'], { caller: PHONE_FAMILY });
    expect(outcome).toBe('caller-hangup');
    expect(backend.state.appointments).toHaveLength(0);
  });
});
