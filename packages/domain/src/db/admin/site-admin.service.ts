/**
 * Administration → Sites: sites, their weekly slot templates and per-day overrides, each change one transaction
 * with its audit row (old → new). A change that would orphan or overbook a booking (close a day, lower a capacity,
 * move or drop a template, stop a site or a product) is refused with the bookings listed, so the admin can move
 * them first; after a change the site's slots are regenerated at once.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { templateProblems } from '../../admin/slot-plan.js';
import type { SiteCapability } from '../../appointments/appointment.types.js';
import type { SlotDto } from '../../contracts/dto.js';
import type { BlockingBooking, GenerateReport, SiteAdminDto, SiteDayDto, SiteDayInput, SiteInput, SiteUpdate, SlotTemplateDto, SlotTemplateInput } from '../../contracts/sites.js';
import { DONATION_TYPE_LABELS, type DonationType } from '../../donations/donation.types.js';
import { maskName } from '../../donors/masking.js';
import { DomainError } from '../../errors.js';
import { addDays, isLocalDate, localClockOf, localDateOf } from '../../time/local-date.js';
import { instantAt, MAX_SLOT_CAPACITY } from '../../admin/slot-plan.js';
import { asBool, exec, iso, parseJson, rows, sqlTime, withTx } from '../sql.js';
import { writeAudit } from '../services/audit.service.js';
import type { ActorId } from '../services/mappers.js';
import { auditDiff } from './audit-diff.js';
import { SITE_FIELDS, siteFields, type SiteFields } from './site-rules.js';
import { dayString, type SlotGenerator } from './slot-generator.js';

const bad = (zh: string, en: string): DomainError => new DomainError('VALIDATION_FAILED', `${zh} / ${en}`);
const TEMPLATE_KEYS: readonly (keyof SlotTemplateInput & keyof SlotTemplateDto)[] = ['weekday', 'type', 'start', 'end', 'capacity', 'active'];

function hhmm(d: Date): string {
  const m = localClockOf(d).minutes;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** The refusal that lists the bookings in the way (zh-CN / English; details.bookings for the desk). */
export function blockedBy(list: BlockingBooking[], zhWhat: string, enWhat: string): DomainError {
  const shown = list.slice(0, 10).map((b) => `#${b.appointmentId} ${b.donorName} ${localDateOf(new Date(b.startsAt))} ${hhmm(new Date(b.startsAt))} ${DONATION_TYPE_LABELS[b.type].zh}`);
  const more = list.length > 10 ? ` 等${list.length}个` : '';
  return new DomainError('CONFLICT',
    `${zhWhat}会影响${list.length}个已有预约，请先改约或取消：${shown.join('；')}${more} / ${enWhat} would affect ${list.length} booking(s); move or cancel them first`,
    { bookings: list });
}

export class SiteAdminService {
  constructor(
    private readonly ds: DataSource,
    private readonly generator: SlotGenerator,
    private readonly opts: { clock: () => Date; horizonDays: () => number; areaCode?: string },
  ) {}

  private now(): Date {
    return this.opts.clock();
  }

  async list(): Promise<SiteAdminDto[]> {
    const list = await rows(this.ds, `SELECT s.*, (SELECT COUNT(*) FROM slot_template t WHERE t.site_id = s.id AND t.active = 1) AS template_count FROM donation_site s ORDER BY s.active DESC, s.kind, s.id`);
    return list.map(siteDto);
  }

  async get(m: EntityManager | DataSource, id: number): Promise<SiteAdminDto> {
    const [s] = await rows(m, 'SELECT s.*, (SELECT COUNT(*) FROM slot_template t WHERE t.site_id = s.id AND t.active = 1) AS template_count FROM donation_site s WHERE s.id = ?', [id]);
    if (!s) throw new DomainError('NOT_FOUND', `献血点不存在 / site ${id} not found`);
    return siteDto(s);
  }

  async create(input: SiteInput, actorId: ActorId): Promise<SiteAdminDto> {
    const f = siteFields(input, null, this.opts.areaCode);
    const id = await withTx(this.ds, async (m) => {
      await this.uniqueCode(m, f.code, null);
      const r = await exec(m, `INSERT INTO donation_site (code, name, kind, district, address, hours, transport, what_to_bring, capabilities, phone, latitude, longitude, active, closes_on_holidays)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)`, [f.code, f.name, f.kind, f.district, f.address, f.hours, f.transport, f.whatToBring, JSON.stringify(f.capabilities), f.phone, f.active ? 1 : 0, f.closesOnHolidays ? 1 : 0]);
      await writeAudit(m, { actorId, action: 'site.create', subjectType: 'site', subjectId: r.insertId, detail: auditDiff(null, f, SITE_FIELDS) });
      return r.insertId;
    });
    return this.get(this.ds, id);
  }

  async update(id: number, input: SiteUpdate, actorId: ActorId): Promise<SiteAdminDto> {
    await withTx(this.ds, async (m) => {
      const before = fieldsOf(await this.get(m, id));
      const after = siteFields(input, before, this.opts.areaCode);
      if (after.code !== before.code) await this.uniqueCode(m, after.code, id);
      const dropped = before.capabilities.filter((c) => !after.capabilities.includes(c));
      if (!after.active && before.active) {
        const list = await this.bookings(m, 'a.site_id = ?', [id]);
        if (list.length) throw blockedBy(list, '停用该献血点', 'disabling the site');
      }
      if (dropped.length) {
        const list = await this.bookings(m, `a.site_id = ? AND a.type IN (${dropped.map(() => '?').join(',')})`, [id, ...dropped]);
        if (list.length) throw blockedBy(list, '取消采集该献血类型', 'no longer collecting that product');
      }
      const d = auditDiff(before, after, SITE_FIELDS);
      if (!Object.keys(d.new).length) return;
      await exec(m, `UPDATE donation_site SET code = ?, name = ?, kind = ?, district = ?, address = ?, hours = ?, transport = ?, what_to_bring = ?, capabilities = ?, phone = ?, active = ?, closes_on_holidays = ? WHERE id = ?`,
        [after.code, after.name, after.kind, after.district, after.address, after.hours, after.transport, after.whatToBring, JSON.stringify(after.capabilities), after.phone, after.active ? 1 : 0, after.closesOnHolidays ? 1 : 0, id]);
      await writeAudit(m, { actorId, action: 'site.update', subjectType: 'site', subjectId: id, detail: d });
    });
    await this.generator.generate(this.opts.horizonDays(), id);
    return this.get(this.ds, id);
  }

  private async uniqueCode(m: EntityManager, code: string, id: number | null): Promise<void> {
    const [dup] = await rows(m, 'SELECT id FROM donation_site WHERE code = ?', [code]);
    if (dup && Number(dup.id) !== id) throw new DomainError('CONFLICT', `编码 ${code} 已被使用 / the code ${code} is taken`);
  }

  /** Future bookings matching a condition on appointment `a` (with the slot `sl` joined). */
  private async bookings(m: EntityManager | DataSource, where: string, params: unknown[]): Promise<BlockingBooking[]> {
    const list = await rows(m, `SELECT a.id, a.slot_id, a.starts_at, a.type, d.name FROM appointment a JOIN appointment_slot sl ON sl.id = a.slot_id JOIN donor d ON d.id = a.donor_id
      WHERE a.status = 'booked' AND a.starts_at > ? AND ${where} ORDER BY a.starts_at, a.id`, [sqlTime(this.now()), ...params]);
    return list.map((r) => ({ appointmentId: Number(r.id), slotId: Number(r.slot_id), startsAt: iso(r.starts_at)!, type: r.type as DonationType, donorName: maskName(String(r.name)) }));
  }

  // ---- templates ----

  async templates(siteId: number): Promise<SlotTemplateDto[]> {
    await this.get(this.ds, siteId);
    return (await rows(this.ds, 'SELECT * FROM slot_template WHERE site_id = ? ORDER BY weekday, start_time, type, id', [siteId])).map(templateDto);
  }

  private async template(m: EntityManager | DataSource, siteId: number, id: number): Promise<SlotTemplateDto> {
    const [t] = await rows(m, 'SELECT * FROM slot_template WHERE id = ? AND site_id = ?', [id, siteId]);
    if (!t) throw new DomainError('NOT_FOUND', `时段模板不存在 / slot template ${id} not found`);
    return templateDto(t);
  }

  private checkTemplate(site: SiteAdminDto, t: SlotTemplateInput): void {
    const p = templateProblems(t);
    if (p.length) throw new DomainError('VALIDATION_FAILED', p.join('；'));
    if (!site.capabilities.includes(t.type as SiteCapability)) throw bad(`${site.name}不采集${DONATION_TYPE_LABELS[t.type].zh}`, `${site.code} does not collect ${t.type}`);
  }

  async createTemplate(siteId: number, input: SlotTemplateInput, actorId: ActorId): Promise<SlotTemplateDto> {
    const t = { ...input, active: input.active ?? true };
    const id = await withTx(this.ds, async (m) => {
      this.checkTemplate(await this.get(m, siteId), t);
      const ts = sqlTime(this.now());
      const r = await exec(m, 'INSERT INTO slot_template (site_id, weekday, type, start_time, end_time, capacity, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [siteId, t.weekday, t.type, t.start, t.end, t.capacity, t.active ? 1 : 0, ts, ts]);
      await writeAudit(m, { actorId, action: 'slot-template.create', subjectType: 'site', subjectId: siteId, detail: { templateId: r.insertId, ...auditDiff(null, t, TEMPLATE_KEYS) } });
      return r.insertId;
    });
    await this.generator.generate(this.opts.horizonDays(), siteId);
    return this.template(this.ds, siteId, id);
  }

  async updateTemplate(siteId: number, id: number, input: Partial<SlotTemplateInput>, actorId: ActorId): Promise<SlotTemplateDto> {
    await withTx(this.ds, async (m) => {
      const before = await this.template(m, siteId, id);
      const after: SlotTemplateDto = { ...before, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) };
      this.checkTemplate(await this.get(m, siteId), after);
      const moved = after.weekday !== before.weekday || after.type !== before.type || after.start !== before.start || after.end !== before.end || (!after.active && before.active);
      if (moved) {
        const list = await this.bookings(m, 'sl.template_id = ?', [id]);
        if (list.length) throw blockedBy(list, '修改或停用该模板', 'changing or disabling this template');
      } else if (after.capacity < before.capacity) {
        const list = await this.bookings(m, 'sl.template_id = ? AND sl.booked > ?', [id, after.capacity]);
        if (list.length) throw blockedBy(list, `名额减至${after.capacity}`, `lowering the capacity to ${after.capacity}`);
      }
      const d = auditDiff(before, after, TEMPLATE_KEYS);
      if (!Object.keys(d.new).length) return;
      await exec(m, 'UPDATE slot_template SET weekday = ?, type = ?, start_time = ?, end_time = ?, capacity = ?, active = ?, updated_at = ? WHERE id = ?',
        [after.weekday, after.type, after.start, after.end, after.capacity, after.active ? 1 : 0, sqlTime(this.now()), id]);
      await writeAudit(m, { actorId, action: 'slot-template.update', subjectType: 'site', subjectId: siteId, detail: { templateId: id, ...d } });
    });
    await this.generator.generate(this.opts.horizonDays(), siteId);
    return this.template(this.ds, siteId, id);
  }

  async deleteTemplate(siteId: number, id: number, actorId: ActorId): Promise<void> {
    await withTx(this.ds, async (m) => {
      const before = await this.template(m, siteId, id);
      const list = await this.bookings(m, 'sl.template_id = ?', [id]);
      if (list.length) throw blockedBy(list, '删除该模板', 'deleting this template');
      await exec(m, 'DELETE FROM slot_template WHERE id = ?', [id]);
      await writeAudit(m, { actorId, action: 'slot-template.delete', subjectType: 'site', subjectId: siteId, detail: { templateId: id, ...auditDiff(before, null, TEMPLATE_KEYS) } });
    });
    await this.generator.generate(this.opts.horizonDays(), siteId);
  }

  // ---- per-day overrides ----

  async days(siteId: number): Promise<SiteDayDto[]> {
    await this.get(this.ds, siteId);
    return (await rows(this.ds, 'SELECT * FROM site_day WHERE site_id = ? AND date >= ? ORDER BY date', [siteId, addDays(localDateOf(this.now()), -30)])).map(dayDto);
  }

  async setDay(siteId: number, date: string, input: SiteDayInput, actorId: ActorId): Promise<SiteDayDto> {
    if (!isLocalDate(date)) throw bad('日期应为 YYYY-MM-DD', 'the date must be YYYY-MM-DD');
    if (date < localDateOf(this.now())) throw bad('不能修改过去的日期', 'a past day cannot be changed');
    const capacity = input.closed ? null : input.capacity ?? null;
    if (!input.closed && capacity === null) throw bad('请选择停诊或填写当天名额', 'choose closed or give the day\'s capacity');
    if (capacity !== null && (!Number.isInteger(capacity) || capacity < 0 || capacity > MAX_SLOT_CAPACITY)) throw bad(`名额应为0到${MAX_SLOT_CAPACITY}`, `capacity is 0 to ${MAX_SLOT_CAPACITY}`);
    const note = input.note?.trim().slice(0, 200) || null;
    await withTx(this.ds, async (m) => {
      await this.get(m, siteId);
      const dayFrom = sqlTime(instantAt(date, '00:00'));
      const dayTo = sqlTime(instantAt(addDays(date, 1), '00:00'));
      const list = input.closed
        ? await this.bookings(m, 'a.site_id = ? AND a.starts_at >= ? AND a.starts_at < ?', [siteId, dayFrom, dayTo])
        : await this.bookings(m, 'a.site_id = ? AND a.starts_at >= ? AND a.starts_at < ? AND sl.booked > ?', [siteId, dayFrom, dayTo, capacity]);
      if (list.length) throw blockedBy(list, input.closed ? `${date}停诊` : `${date}名额减至${capacity}`, input.closed ? `closing ${date}` : `lowering ${date} to ${capacity}`);
      const [old] = await rows(m, 'SELECT * FROM site_day WHERE site_id = ? AND date = ?', [siteId, date]);
      const before = old ? dayDto(old) : null;
      if (old) await exec(m, 'UPDATE site_day SET closed = ?, capacity = ?, note = ? WHERE id = ?', [input.closed ? 1 : 0, capacity, note, old.id]);
      else await exec(m, 'INSERT INTO site_day (site_id, date, closed, capacity, note, created_at) VALUES (?, ?, ?, ?, ?, ?)', [siteId, date, input.closed ? 1 : 0, capacity, note, sqlTime(this.now())]);
      await writeAudit(m, { actorId, action: 'site-day.set', subjectType: 'site', subjectId: siteId, detail: { date, ...auditDiff(before, { siteId, date, closed: input.closed, capacity, note }, ['closed', 'capacity', 'note']) } });
    });
    await this.generator.generate(this.opts.horizonDays(), siteId);
    return dayDto((await rows(this.ds, 'SELECT * FROM site_day WHERE site_id = ? AND date = ?', [siteId, date]))[0]!);
  }

  async clearDay(siteId: number, date: string, actorId: ActorId): Promise<void> {
    if (!isLocalDate(date)) throw bad('日期应为 YYYY-MM-DD', 'the date must be YYYY-MM-DD');
    await withTx(this.ds, async (m) => {
      const [old] = await rows(m, 'SELECT * FROM site_day WHERE site_id = ? AND date = ?', [siteId, date]);
      if (!old) throw new DomainError('NOT_FOUND', `${date}没有特殊安排 / no override on ${date}`);
      await exec(m, 'DELETE FROM site_day WHERE id = ?', [old.id]);
      await writeAudit(m, { actorId, action: 'site-day.clear', subjectType: 'site', subjectId: siteId, detail: { date, ...auditDiff(dayDto(old), null, ['closed', 'capacity', 'note']) } });
    });
    await this.generator.generate(this.opts.horizonDays(), siteId);
  }

  // ---- slots ----

  async slots(siteId: number, from: string | undefined, days: number): Promise<SlotDto[]> {
    const site = await this.get(this.ds, siteId);
    const start = from && isLocalDate(from) ? from : localDateOf(this.now());
    const list = await rows(this.ds, 'SELECT id, type, starts_at, ends_at, capacity, booked FROM appointment_slot WHERE site_id = ? AND starts_at >= ? AND starts_at < ? ORDER BY starts_at, type LIMIT 2000',
      [siteId, sqlTime(instantAt(start, '00:00')), sqlTime(instantAt(addDays(start, days), '00:00'))]);
    return list.map((r) => ({
      id: Number(r.id), siteId, siteName: site.name, type: r.type as DonationType, startsAt: iso(r.starts_at)!, endsAt: iso(r.ends_at)!,
      capacity: Number(r.capacity), booked: Number(r.booked), available: Math.max(0, Number(r.capacity) - Number(r.booked)),
    }));
  }

  async generate(days: number, actorId: ActorId): Promise<GenerateReport> {
    const report = await this.generator.generate(days);
    await withTx(this.ds, (m) => writeAudit(m, { actorId, action: 'slots.generate', subjectType: 'site', subjectId: '*', detail: { days, created: report.created, updated: report.updated, removed: report.removed, kept: report.kept.length } }));
    return report;
  }
}

function fieldsOf(s: SiteAdminDto): SiteFields {
  return { code: s.code, name: s.name, kind: s.kind, district: s.district, address: s.address, phone: s.phone, hours: s.hours, transport: s.transport, capabilities: s.capabilities, whatToBring: s.whatToBring, closesOnHolidays: s.closesOnHolidays, active: s.active };
}

function siteDto(s: Record<string, unknown>): SiteAdminDto {
  return {
    id: Number(s.id), code: String(s.code), name: String(s.name), kind: s.kind as SiteAdminDto['kind'], district: String(s.district), address: String(s.address),
    hours: String(s.hours), transport: String(s.transport), capabilities: parseJson<SiteCapability[]>(s.capabilities, []), phone: (s.phone as string | null) ?? null,
    active: asBool(s.active), closesOnHolidays: asBool(s.closes_on_holidays), whatToBring: (s.what_to_bring as string | null) ?? null, templateCount: Number(s.template_count ?? 0),
  };
}

function templateDto(t: Record<string, unknown>): SlotTemplateDto {
  return { id: Number(t.id), siteId: Number(t.site_id), weekday: Number(t.weekday), type: t.type as DonationType, start: String(t.start_time), end: String(t.end_time), capacity: Number(t.capacity), active: asBool(t.active) };
}

function dayDto(d: Record<string, unknown>): SiteDayDto {
  return { siteId: Number(d.site_id), date: dayString(d.date), closed: asBool(d.closed), capacity: d.capacity === null ? null : Number(d.capacity), note: (d.note as string | null) ?? null };
}
