/**
 * Slots from templates, as pure rules: which slots a site should have on each day of a rolling horizon (its weekly
 * templates, minus closed days, with per-day capacity overrides, optionally closed on public holidays), and how
 * to reconcile that plan with the slots that exist — idempotently (planning twice changes nothing) and never at a
 * booking's expense: a slot with bookings is never removed nor shrunk below what is booked; it is reported instead.
 */
import { DONATION_TYPES, type DonationType } from '../donations/donation.types.js';
import { addDays, type LocalDate } from '../time/local-date.js';
import { isClockTime, minutesOfDay } from './service-calendar.js';

export interface SlotTemplateFact {
  id: number;
  /** ISO weekday 1 = Monday … 7 = Sunday. */
  weekday: number;
  type: DonationType;
  start: string;
  end: string;
  capacity: number;
  active: boolean;
}

/** A per-day override of one site: closed, or another capacity for every slot that day. */
export interface SiteDayFact {
  date: LocalDate;
  closed: boolean;
  capacity: number | null;
  note: string | null;
}

export interface PlannedSlot {
  templateId: number;
  type: DonationType;
  date: LocalDate;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
}

export interface ExistingSlot {
  id: number;
  templateId: number | null;
  type: DonationType;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  booked: number;
}

export interface SlotPlanInput {
  templates: readonly SlotTemplateFact[];
  days: readonly SiteDayFact[];
  /** Public holidays of the service calendar; used when the site closes on them. */
  holidays: ReadonlySet<LocalDate>;
  closesOnHolidays: boolean;
  /** What the site collects: templates of other types plan nothing. */
  capabilities: readonly string[];
  from: LocalDate;
  horizonDays: number;
}

export const MAX_HORIZON_DAYS = 180;
export const MAX_SLOT_CAPACITY = 500;

const CN_OFFSET_MS = 8 * 3600_000; // Asia/Shanghai: no DST

/** The instant of a local wall-clock time in Asia/Shanghai. */
export function instantAt(date: LocalDate, hhmm: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + minutesOfDay(hhmm) * 60_000 - CN_OFFSET_MS);
}

/** ISO weekday of a local date. */
export function weekdayOf(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const w = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** The slots the site should have from `from` for `horizonDays` days. */
export function planSlots(p: SlotPlanInput): PlannedSlot[] {
  const byDate = new Map(p.days.map((d) => [d.date, d]));
  const out: PlannedSlot[] = [];
  for (let i = 0; i < p.horizonDays; i++) {
    const date = addDays(p.from, i);
    const day = byDate.get(date);
    if (day?.closed) continue;
    if (p.closesOnHolidays && p.holidays.has(date)) continue;
    const wd = weekdayOf(date);
    for (const t of p.templates) {
      if (!t.active || t.weekday !== wd || !p.capabilities.includes(t.type)) continue;
      out.push({ templateId: t.id, type: t.type, date, startsAt: instantAt(date, t.start), endsAt: instantAt(date, t.end), capacity: day?.capacity ?? t.capacity });
    }
  }
  return out;
}

export interface SlotReconciliation {
  create: PlannedSlot[];
  update: { id: number; capacity: number; templateId: number; endsAt: Date }[];
  remove: number[];
  /** Slots kept although the plan differs, because of their bookings. */
  kept: { slotId: number; startsAt: Date; type: DonationType; booked: number; wanted: number }[];
}

const keyOf = (type: string, at: Date): string => `${type}|${at.getTime()}`;

/**
 * Compares the plan with the slots that exist in the same window (future ones only). A slot matches by type and
 * start; a generated slot (templateId set) not in the plan goes if empty; manual slots (no template) are left alone.
 * A retired slot (capacity 0) that the plan wants again is reopened.
 */
export function reconcileSlots(planned: readonly PlannedSlot[], existing: readonly ExistingSlot[]): SlotReconciliation {
  const have = new Map<string, ExistingSlot>();
  for (const e of existing) if (!have.has(keyOf(e.type, e.startsAt))) have.set(keyOf(e.type, e.startsAt), e);
  const r: SlotReconciliation = { create: [], update: [], remove: [], kept: [] };
  const matched = new Set<number>();
  for (const p of planned) {
    const e = have.get(keyOf(p.type, p.startsAt));
    if (!e) {
      r.create.push(p);
      continue;
    }
    matched.add(e.id);
    if (e.capacity === p.capacity && e.templateId === p.templateId && e.endsAt.getTime() === p.endsAt.getTime()) continue;
    if (p.capacity < e.booked) {
      r.kept.push({ slotId: e.id, startsAt: e.startsAt, type: e.type, booked: e.booked, wanted: p.capacity });
      continue;
    }
    r.update.push({ id: e.id, capacity: p.capacity, templateId: p.templateId, endsAt: p.endsAt });
  }
  for (const e of existing) {
    if (matched.has(e.id) || e.templateId === null) continue;
    if (e.capacity === 0 && e.booked === 0) continue; // retired earlier (kept for its cancelled bookings' history)
    if (e.booked > 0) r.kept.push({ slotId: e.id, startsAt: e.startsAt, type: e.type, booked: e.booked, wanted: 0 });
    else r.remove.push(e.id);
  }
  return r;
}

/** Problems with a template (zh-CN / English), empty when fine. */
export function templateProblems(t: { weekday: unknown; type: unknown; start: unknown; end: unknown; capacity: unknown }): string[] {
  const out: string[] = [];
  if (!Number.isInteger(t.weekday) || (t.weekday as number) < 1 || (t.weekday as number) > 7) out.push('星期应为1（周一）到7（周日） / weekday is 1 (Monday) to 7 (Sunday)');
  if (!(DONATION_TYPES as readonly unknown[]).includes(t.type)) out.push(`未知的献血类型：${String(t.type)} / unknown donation type ${String(t.type)}`);
  if (!isClockTime(t.start)) out.push(`开始时间应为 HH:MM / start must be HH:MM (got ${String(t.start)})`);
  if (!isClockTime(t.end, true)) out.push(`结束时间应为 HH:MM / end must be HH:MM (got ${String(t.end)})`);
  else if (isClockTime(t.start) && minutesOfDay(t.end) <= minutesOfDay(t.start)) out.push('结束时间须晚于开始时间 / end must be after start');
  if (!Number.isInteger(t.capacity) || (t.capacity as number) < 1 || (t.capacity as number) > MAX_SLOT_CAPACITY) out.push(`名额应为1到${MAX_SLOT_CAPACITY} / capacity is 1 to ${MAX_SLOT_CAPACITY}`);
  return out;
}

export function isHorizon(n: unknown): n is number {
  return Number.isInteger(n) && (n as number) >= 1 && (n as number) <= MAX_HORIZON_DAYS;
}

