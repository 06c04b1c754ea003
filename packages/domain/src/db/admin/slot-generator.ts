/**
 * Generates slots from the templates on a rolling horizon (slot-plan.ts decides; this writes): per site, one
 * transaction creating missing slots, updating capacities, removing empty generated slots no longer planned, and
 * keeping (reporting) the ones whose bookings forbid a change. Running it twice changes nothing the second time.
 * Runs are serialized in-process (the daily job, the bridge start and the admin's button can overlap).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { planSlots, reconcileSlots, type ExistingSlot, type SiteDayFact, type SlotTemplateFact } from '../../admin/slot-plan.js';
import type { GenerateReport } from '../../contracts/sites.js';
import type { DonationType } from '../../donations/donation.types.js';
import { addDays, localDateOf, type LocalDate } from '../../time/local-date.js';
import { instantAt } from '../../admin/slot-plan.js';
import { asBool, exec, parseJson, rows, sqlTime, toDate, withTx } from '../sql.js';

export const DEFAULT_SLOT_HORIZON_DAYS = 28;

export const dayString = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export class SlotGenerator {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date,
  ) {}

  /** Regenerates every site (or one) from today for `days` days. */
  generate(days: number, siteId?: number): Promise<GenerateReport> {
    const run = this.chain.then(() => this.run(days, siteId));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async run(days: number, siteId?: number): Promise<GenerateReport> {
    const now = this.clock();
    const from = localDateOf(now);
    const sites = await rows(this.ds, `SELECT id, capabilities, active, closes_on_holidays FROM donation_site${siteId === undefined ? '' : ' WHERE id = ?'} ORDER BY id`, siteId === undefined ? [] : [siteId]);
    const holidays = new Set((await rows(this.ds, "SELECT date FROM service_calendar_day WHERE kind = 'holiday'")).map((r) => dayString(r.date)));
    const report: GenerateReport = { from, days, sites: sites.length, created: 0, updated: 0, removed: 0, kept: [] };
    for (const s of sites) {
      await withTx(this.ds, (m) => this.site(m, s, from, days, now, holidays, report));
    }
    return report;
  }

  private async site(m: EntityManager, s: Record<string, unknown>, from: LocalDate, days: number, now: Date, holidays: Set<string>, report: GenerateReport): Promise<void> {
    const siteId = Number(s.id);
    const templates: SlotTemplateFact[] = (await rows(m, 'SELECT id, weekday, type, start_time, end_time, capacity, active FROM slot_template WHERE site_id = ?', [siteId])).map((t) => ({
      id: Number(t.id), weekday: Number(t.weekday), type: t.type as DonationType, start: String(t.start_time), end: String(t.end_time), capacity: Number(t.capacity), active: asBool(t.active),
    }));
    const overrides: SiteDayFact[] = (await rows(m, 'SELECT date, closed, capacity, note FROM site_day WHERE site_id = ? AND date >= ?', [siteId, from])).map((d) => ({
      date: dayString(d.date), closed: asBool(d.closed), capacity: d.capacity === null ? null : Number(d.capacity), note: (d.note as string | null) ?? null,
    }));
    const active = asBool(s.active);
    const planned = (active ? planSlots({
      templates, days: overrides, holidays, closesOnHolidays: asBool(s.closes_on_holidays), capabilities: parseJson<string[]>(s.capabilities, []), from, horizonDays: days,
    }) : []).filter((p) => p.startsAt > now);
    const end = instantAt(addDays(from, days), '00:00');
    const existing: ExistingSlot[] = (await rows(m, 'SELECT id, template_id, type, starts_at, ends_at, capacity, booked FROM appointment_slot WHERE site_id = ? AND starts_at > ? AND starts_at < ?', [siteId, sqlTime(now), sqlTime(end)])).map((e) => ({
      id: Number(e.id), templateId: e.template_id === null ? null : Number(e.template_id), type: e.type as DonationType, startsAt: toDate(e.starts_at)!, endsAt: toDate(e.ends_at)!,
      capacity: Number(e.capacity), booked: Number(e.booked),
    }));
    const r = reconcileSlots(planned, existing);
    for (const c of r.create) {
      await exec(m, 'INSERT INTO appointment_slot (site_id, type, starts_at, ends_at, capacity, booked, template_id) VALUES (?, ?, ?, ?, ?, 0, ?)', [siteId, c.type, sqlTime(c.startsAt), sqlTime(c.endsAt), c.capacity, c.templateId]);
    }
    for (const u of r.update) {
      // conditional: never below what is booked, even if a booking landed since we read
      await exec(m, 'UPDATE appointment_slot SET capacity = ?, template_id = ?, ends_at = ? WHERE id = ? AND booked <= ?', [u.capacity, u.templateId, sqlTime(u.endsAt), u.id, u.capacity]);
    }
    for (const id of r.remove) {
      // a slot that cancelled bookings still point at is retired (capacity 0, never offered), not deleted with their history
      const del = await exec(m, 'DELETE FROM appointment_slot WHERE id = ? AND booked = 0 AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.slot_id = ?)', [id, id]);
      if (del.affected !== 1) await exec(m, 'UPDATE appointment_slot SET capacity = 0 WHERE id = ? AND booked = 0', [id]);
    }
    report.created += r.create.length;
    report.updated += r.update.length;
    report.removed += r.remove.length;
    for (const k of r.kept) report.kept.push({ slotId: k.slotId, siteId, startsAt: k.startsAt.toISOString(), type: k.type, booked: k.booked, wanted: k.wanted });
  }
}
