/**
 * Seed 002 (behavioural design of service calls): give the donor two or three choices, not one — and let them keep
 * their habits. From the open slots this picks up to three that differ in a useful way: the soonest at the donor's
 * usual site, another day, and another site or a weekend.
 */
import { localClockOf, localDateOf, type LocalDate, type SlotDto } from '@donorline/domain';

export type ChoiceReason = 'habit' | 'earliest' | 'otherDay' | 'otherSite' | 'weekend';

export interface SlotChoice {
  slot: SlotDto;
  reasons: ChoiceReason[];
}

export interface ChoiceOptions {
  /** Sites the donor used before (appointments carry ids, donations carry names). */
  habitSiteIds?: Iterable<number>;
  habitSiteNames?: Iterable<string>;
  /** No slot before this local date (the donor's next eligible date for the type). */
  minDate?: LocalDate | null;
  max?: number;
}

const dayOf = (s: SlotDto): LocalDate => localDateOf(new Date(s.startsAt));
const isWeekend = (s: SlotDto): boolean => localClockOf(new Date(s.startsAt)).weekday >= 6;

export function pickSlotChoices(slots: readonly SlotDto[], opts: ChoiceOptions = {}): SlotChoice[] {
  const max = Math.max(1, Math.min(opts.max ?? 3, 3));
  const habitIds = new Set(opts.habitSiteIds ?? []);
  const habitNames = new Set(opts.habitSiteNames ?? []);
  const isHabit = (s: SlotDto): boolean => habitIds.has(s.siteId) || habitNames.has(s.siteName);
  const open = slots
    .filter((s) => s.available > 0 && (!opts.minDate || dayOf(s) >= opts.minDate))
    .slice()
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.siteId - b.siteId);
  if (open.length === 0) return [];

  const earliest = open[0]!;
  const picked: SlotChoice[] = [];
  const first = open.find(isHabit) ?? earliest;
  picked.push({ slot: first, reasons: [...(isHabit(first) ? (['habit'] as const) : []), ...(first === earliest ? (['earliest'] as const) : [])] });

  const usedDays = (): Set<LocalDate> => new Set(picked.map((c) => dayOf(c.slot)));
  const usedSites = (): Set<number> => new Set(picked.map((c) => c.slot.siteId));
  const taken = (s: SlotDto): boolean => picked.some((c) => c.slot.id === s.id);

  // Another day — preferably at the same site, so a donor who likes that site still has a real alternative.
  if (picked.length < max) {
    const days = usedDays();
    const other = open.filter((s) => !taken(s) && !days.has(dayOf(s)));
    const sameSite = other.find((s) => s.siteId === first.siteId);
    const second = sameSite ?? other[0];
    if (second) picked.push({ slot: second, reasons: ['otherDay', ...(isWeekend(second) ? (['weekend'] as const) : [])] });
  }

  // Another site, or a weekend when none of the choices so far is on one.
  if (picked.length < max) {
    const sites = usedSites();
    const days = usedDays();
    const hasWeekend = picked.some((c) => isWeekend(c.slot));
    const otherSite = open.find((s) => !taken(s) && !sites.has(s.siteId));
    const weekend = hasWeekend ? undefined : open.find((s) => !taken(s) && isWeekend(s));
    const third = otherSite ?? weekend ?? open.find((s) => !taken(s) && !days.has(dayOf(s))) ?? open.find((s) => !taken(s));
    if (third) {
      const reasons: ChoiceReason[] = [];
      if (!sites.has(third.siteId)) reasons.push('otherSite');
      if (isWeekend(third) && !hasWeekend) reasons.push('weekend');
      if (!days.has(dayOf(third)) && reasons.length === 0) reasons.push('otherDay');
      picked.push({ slot: third, reasons });
    }
  }

  return picked.sort((a, b) => a.slot.startsAt.localeCompare(b.slot.startsAt));
}
