import { describe, expect, it } from 'vitest';
import { addDays, localClockOf, localDateOf, type SlotDto } from '@donorline/domain';
import { pickSlotChoices } from './slot-choices.js';

const MONDAY = '2026-11-23';
let nextId = 1;
function slot(day: string, hour: string, siteId: number, available = 5): SlotDto {
  const startsAt = new Date(`${day}T${hour}:00+08:00`).toISOString();
  return { id: nextId++, siteId, siteName: `site-${siteId}`, type: 'whole-blood', startsAt, endsAt: startsAt, capacity: 10, booked: 10 - available, available };
}
const dayOf = (s: SlotDto) => localDateOf(new Date(s.startsAt));

describe('pickSlotChoices (seed 002: two or three choices, keep habits)', () => {
  it('puts the donor’s usual site first, then another day there, then another site', () => {
    const slots = [slot(MONDAY, '09:00', 2), slot(MONDAY, '10:00', 1), slot(MONDAY, '14:00', 1), slot(addDays(MONDAY, 1), '09:00', 1), slot(addDays(MONDAY, 1), '09:00', 3)];
    const c = pickSlotChoices(slots, { habitSiteIds: [1] });
    expect(c).toHaveLength(3);
    const habit = c.find((x) => x.reasons.includes('habit'))!;
    expect(habit.slot.siteId).toBe(1);
    expect(habit.slot.startsAt).toBe(slots[1]!.startsAt);
    const otherDay = c.find((x) => x.reasons.includes('otherDay'))!;
    expect(dayOf(otherDay.slot)).not.toBe(dayOf(habit.slot));
    expect(otherDay.slot.siteId).toBe(1);
    const otherSite = c.find((x) => x.reasons.includes('otherSite'))!;
    expect(otherSite.slot.siteId).not.toBe(1);
    // Shown in time order.
    expect(c.map((x) => x.slot.startsAt)).toEqual(c.map((x) => x.slot.startsAt).slice().sort());
  });

  it('skips full slots and anything before the eligible date; matches habits by site name too', () => {
    const slots = [slot(MONDAY, '09:00', 1, 0), slot(addDays(MONDAY, 2), '09:00', 1), slot(addDays(MONDAY, 3), '09:00', 2), slot(addDays(MONDAY, 9), '09:00', 2)];
    const c = pickSlotChoices(slots, { habitSiteNames: ['site-2'], minDate: addDays(MONDAY, 3) });
    expect(c.map((x) => x.slot.id)).toEqual([slots[2]!.id, slots[3]!.id]);
    expect(c[0]!.reasons).toEqual(['habit', 'earliest']);
  });

  it('offers a weekend when the other choices are weekdays and there is no other site', () => {
    const saturday = addDays(MONDAY, 5);
    expect(localClockOf(new Date(`${saturday}T12:00:00+08:00`)).weekday).toBe(6);
    const slots = [slot(MONDAY, '09:00', 1), slot(addDays(MONDAY, 1), '09:00', 1), slot(addDays(MONDAY, 2), '09:00', 1), slot(saturday, '09:00', 1)];
    const c = pickSlotChoices(slots);
    expect(c).toHaveLength(3);
    expect(c.some((x) => x.reasons.includes('weekend') && dayOf(x.slot) === saturday)).toBe(true);
  });

  it('never more than three, and empty when nothing is open', () => {
    const many = Array.from({ length: 30 }, (_, i) => slot(addDays(MONDAY, i % 10), i % 2 ? '09:00' : '14:00', (i % 3) + 1));
    expect(pickSlotChoices(many, { max: 5 })).toHaveLength(3);
    expect(pickSlotChoices(many, { max: 2 })).toHaveLength(2);
    expect(pickSlotChoices([slot(MONDAY, '09:00', 1, 0)])).toEqual([]);
  });
});
