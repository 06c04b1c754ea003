import { describe, expect, it } from 'vitest';
import { instantAt, planSlots, reconcileSlots, templateProblems, weekdayOf, type ExistingSlot, type SlotTemplateFact } from './slot-plan.js';

const T = (over: Partial<SlotTemplateFact> = {}): SlotTemplateFact => ({ id: 1, weekday: 1, type: 'platelets', start: '09:00', end: '10:00', capacity: 4, active: true, ...over });
const base = { days: [], holidays: new Set<string>(), closesOnHolidays: false, capabilities: ['whole-blood', 'platelets'], from: '2027-01-04', horizonDays: 14 };

describe('slot plan', () => {
  it('local wall-clock times in Asia/Shanghai; ISO weekdays', () => {
    expect(instantAt('2027-01-04', '09:00').toISOString()).toBe('2027-01-04T01:00:00.000Z');
    expect(instantAt('2027-01-04', '24:00').toISOString()).toBe('2027-01-04T16:00:00.000Z');
    expect(weekdayOf('2027-01-04')).toBe(1);
    expect(weekdayOf('2027-01-10')).toBe(7);
  });

  it('one slot per template per matching weekday over the horizon; other products and inactive templates plan nothing', () => {
    const p = planSlots({ ...base, templates: [T(), T({ id: 2, weekday: 3, type: 'plasma' }), T({ id: 3, weekday: 5, active: false })] });
    expect(p.map((s) => [s.date, s.type, s.capacity])).toEqual([['2027-01-04', 'platelets', 4], ['2027-01-11', 'platelets', 4]]);
  });

  it('a closed day plans nothing; a capacity override changes every slot that day; holidays close only sites that follow them', () => {
    const templates = [T(), T({ id: 2, start: '10:00', end: '11:00' })];
    const days = [{ date: '2027-01-04', closed: true, capacity: null, note: '设备检修' }, { date: '2027-01-11', closed: false, capacity: 2, note: null }];
    expect(planSlots({ ...base, templates, days }).map((s) => [s.date, s.capacity])).toEqual([['2027-01-11', 2], ['2027-01-11', 2]]);
    const holidays = new Set(['2027-01-11']);
    expect(planSlots({ ...base, templates, holidays }).length).toBe(4);
    expect(planSlots({ ...base, templates, holidays, closesOnHolidays: true }).map((s) => s.date)).toEqual(['2027-01-04', '2027-01-04']);
  });

  it('reconcile is idempotent: the second pass over what the first created changes nothing', () => {
    const planned = planSlots({ ...base, templates: [T()] });
    const first = reconcileSlots(planned, []);
    expect(first.create).toHaveLength(2);
    const existing: ExistingSlot[] = first.create.map((c, i) => ({ id: i + 1, templateId: c.templateId, type: c.type, startsAt: c.startsAt, endsAt: c.endsAt, capacity: c.capacity, booked: 0 }));
    expect(reconcileSlots(planned, existing)).toEqual({ create: [], update: [], remove: [], kept: [] });
  });

  it('never shrinks a slot below its bookings nor removes a booked slot; empty generated slots go; manual slots stay', () => {
    const planned = planSlots({ ...base, templates: [T({ capacity: 2 })] });
    const [a, b] = planned as [typeof planned[0], typeof planned[0]];
    const existing: ExistingSlot[] = [
      { id: 1, templateId: 1, type: 'platelets', startsAt: a.startsAt, endsAt: a.endsAt, capacity: 4, booked: 3 },
      { id: 2, templateId: 1, type: 'platelets', startsAt: b.startsAt, endsAt: b.endsAt, capacity: 4, booked: 1 },
      { id: 3, templateId: 9, type: 'platelets', startsAt: instantAt('2027-01-05', '09:00'), endsAt: instantAt('2027-01-05', '10:00'), capacity: 4, booked: 0 },
      { id: 4, templateId: 9, type: 'platelets', startsAt: instantAt('2027-01-06', '09:00'), endsAt: instantAt('2027-01-06', '10:00'), capacity: 4, booked: 2 },
      { id: 5, templateId: null, type: 'platelets', startsAt: instantAt('2027-01-07', '09:00'), endsAt: instantAt('2027-01-07', '10:00'), capacity: 4, booked: 0 },
    ];
    const r = reconcileSlots(planned, existing);
    expect(r.update).toEqual([{ id: 2, capacity: 2, templateId: 1, endsAt: b.endsAt }]);
    expect(r.remove).toEqual([3]);
    expect(r.kept.map((k) => [k.slotId, k.booked, k.wanted])).toEqual([[1, 3, 2], [4, 2, 0]]);
    expect(r.create).toEqual([]);
  });

  it('template problems are named in both languages', () => {
    expect(templateProblems({ weekday: 8, type: 'x', start: '9:00', end: '08:00', capacity: 0 })).toHaveLength(4);
    expect(templateProblems({ weekday: 2, type: 'platelets', start: '10:00', end: '09:00', capacity: 3 })).toEqual(['结束时间须晚于开始时间 / end must be after start']);
    expect(templateProblems({ weekday: 2, type: 'platelets', start: '09:00', end: '10:00', capacity: 3 })).toEqual([]);
  });
});
