import type { DataSource, EntityManager } from 'typeorm';
import type { AppointmentStatus, BookingChannel, SiteCapability } from '../../appointments/appointment.types.js';
import type { AppointmentBrief, SiteDto, SlotDto } from '../../contracts/dto.js';
import { DONATION_TYPE_LABELS, DONATION_TYPES, type DonationFact, type DonationType } from '../../donations/donation.types.js';
import type { Gender } from '../../donors/donor.types.js';
import { computeEligibility, type DeferralFact, type EligibilityBlocker } from '../../eligibility/eligibility.js';
import type { EligibilityRuleSet } from '../../eligibility/rule-set.js';
import { DomainError } from '../../errors.js';
import { localDateOf, localWhenZh as whenZh } from '../../time/local-date.js';
import { kindOfManager } from '../sql.js';
import { asBool, exec, iso, parseJson, rows, sqlTime, toDate, withTx } from '../sql.js';
import { writeAudit } from './audit.service.js';
import type { ActorId } from './mappers.js';
import type { Notifier } from './notifier.js';
import type { RuleSetService } from './rule-set.service.js';

export interface BookRequest {
  donorId: number;
  slotId: number;
  type: DonationType;
  channel: BookingChannel;
  callId?: string | null;
  actorId?: ActorId;
}

export interface SlotQuery {
  siteId?: number;
  type: DonationType;
  /** ISO instant or local date 'YYYY-MM-DD' (start of that day, Asia/Shanghai). */
  from: string;
  /** ISO instant or local date (inclusive day). */
  to: string;
  /** Only slots with free places (default true). */
  onlyAvailable?: boolean;
}

const CN_OFFSET_MS = 8 * 3600_000; // Asia/Shanghai has no DST

function instantOf(s: string, endOfDay: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, d + (endOfDay ? 1 : 0)) - CN_OFFSET_MS);
  }
  const t = new Date(s);
  if (Number.isNaN(t.getTime())) throw new DomainError('VALIDATION_FAILED', `not a date or instant: ${s}`);
  return t;
}

function blockerText(b: EligibilityBlocker): string {
  switch (b.code) {
    case 'interval': return `距上次${DONATION_TYPE_LABELS[b.detail.previousType as DonationType]?.zh ?? ''}献血（${b.detail.previousDate}）间隔不足，${b.until}起可献`;
    case 'yearly-cap': return `已达每年单采血小板${b.detail.cap}次上限，${b.until}起可献`;
    case 'deferral': return `暂缓献血（${b.detail.reason}），${b.until}起可献`;
    case 'permanent-deferral': return `永久不能献血（${b.detail.reason}）`;
    case 'too-young': return `未满${b.detail.minAge}周岁，${b.until}起可献`;
    case 'too-old': return `超过献血年龄上限${b.detail.maxAge}周岁`;
    case 'underweight': return `体重低于${b.detail.minWeightKg}公斤`;
  }
}

/** Sites, slots with remaining capacity, and concurrency-safe booking / cancelling / rescheduling. */
export class AppointmentService {
  constructor(
    private readonly ds: DataSource,
    private readonly deps: { ruleSets: RuleSetService; notifier: Notifier; clock?: () => Date },
  ) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  async sites(includeInactive = false): Promise<SiteDto[]> {
    const list = await rows(this.ds, `SELECT id, code, name, kind, district, address, hours, transport, capabilities, phone FROM donation_site ${includeInactive ? '' : 'WHERE active = 1'} ORDER BY kind, id`);
    return list.map((s) => ({
      id: Number(s.id), code: String(s.code), name: String(s.name), kind: s.kind as SiteDto['kind'], district: String(s.district), address: String(s.address),
      hours: String(s.hours), transport: String(s.transport), capabilities: parseJson<SiteCapability[]>(s.capabilities, []), phone: (s.phone as string | null) ?? null,
    }));
  }

  /** Site details including what to bring (for the IVR's site information). */
  async site(id: number): Promise<SiteDto & { whatToBring: string | null; latitude: number | null; longitude: number | null }> {
    const [s] = await rows(this.ds, 'SELECT what_to_bring, latitude, longitude FROM donation_site WHERE id = ?', [id]);
    const dto = (await this.sites(true)).find((x) => x.id === id);
    if (!s || !dto) throw new DomainError('NOT_FOUND', `献血点不存在 / site ${id} not found`);
    return { ...dto, whatToBring: (s.what_to_bring as string | null) ?? null, latitude: s.latitude === null ? null : Number(s.latitude), longitude: s.longitude === null ? null : Number(s.longitude) };
  }

  /** Slots of a type between two instants/days, earliest first, with remaining capacity. Past slots are never offered. */
  async availableSlots(q: SlotQuery): Promise<SlotDto[]> {
    if (!DONATION_TYPES.includes(q.type)) throw new DomainError('VALIDATION_FAILED', `invalid donation type ${String(q.type)}`);
    const from = instantOf(q.from, false);
    const to = instantOf(q.to, true);
    const now = this.now();
    const start = from > now ? from : now;
    const p: unknown[] = [q.type, sqlTime(start), sqlTime(to)];
    let sql = `SELECT sl.id, sl.site_id, s.name AS site_name, sl.type, sl.starts_at, sl.ends_at, sl.capacity, sl.booked
               FROM appointment_slot sl JOIN donation_site s ON s.id = sl.site_id
               WHERE sl.type = ? AND sl.starts_at >= ? AND sl.starts_at < ? AND s.active = 1`;
    if (q.siteId !== undefined) {
      sql += ' AND sl.site_id = ?';
      p.push(q.siteId);
    }
    if (q.onlyAvailable !== false) sql += ' AND sl.booked < sl.capacity';
    sql += ' ORDER BY sl.starts_at, sl.site_id LIMIT 500';
    return (await rows(this.ds, sql, p)).map(slotDto);
  }

  async slot(id: number): Promise<SlotDto> {
    const [r] = await rows(this.ds, `SELECT sl.id, sl.site_id, s.name AS site_name, sl.type, sl.starts_at, sl.ends_at, sl.capacity, sl.booked
      FROM appointment_slot sl JOIN donation_site s ON s.id = sl.site_id WHERE sl.id = ?`, [id]);
    if (!r) throw new DomainError('NOT_FOUND', `时段不存在 / slot ${id} not found`);
    return slotDto(r);
  }

  async forDonor(donorId: number, includePast = true): Promise<AppointmentBrief[]> {
    const list = await rows(this.ds,
      `SELECT a.id, a.site_id, s.name AS site_name, a.type, a.starts_at, a.status, a.channel FROM appointment a JOIN donation_site s ON s.id = a.site_id
       WHERE a.donor_id = ? ${includePast ? '' : "AND a.status = 'booked' AND a.starts_at >= ?"} ORDER BY a.starts_at DESC`,
      includePast ? [donorId] : [donorId, sqlTime(this.now())]);
    return list.map(brief);
  }

  async get(id: number): Promise<AppointmentBrief> {
    return this.brief(this.ds, id);
  }

  /**
   * Books a place, in one transaction: slot in the future and of the right type at a site that collects it;
   * the donor eligible on the slot's local date with the active rule set (NOT_ELIGIBLE with the reasons); no other
   * future booking of the same type (CONFLICT); a place taken with a conditional UPDATE (SLOT_FULL) — safe under
   * concurrency on SQLite and MariaDB; the SMS confirmation goes to the outbox in the same transaction.
   */
  async book(req: BookRequest): Promise<AppointmentBrief> {
    if (!DONATION_TYPES.includes(req.type)) throw new DomainError('VALIDATION_FAILED', `invalid donation type ${String(req.type)}`);
    if (!['ivr', 'agent', 'web'].includes(req.channel)) throw new DomainError('VALIDATION_FAILED', `invalid channel ${String(req.channel)}`);
    const rules = await this.deps.ruleSets.active();
    const id = await withTx(this.ds, async (m) => {
      const apptId = await this.bookIn(m, req, null, rules);
      await writeAudit(m, { actorId: req.actorId ?? null, action: 'appointment.book', subjectType: 'appointment', subjectId: apptId, detail: { donorId: req.donorId, slotId: req.slotId, channel: req.channel } });
      return apptId;
    });
    return this.get(id);
  }

  private async bookIn(m: EntityManager, req: BookRequest, replacing: number | null, rules: EligibilityRuleSet): Promise<number> {
    const now = this.now();
    // Lock the donor row first (MySQL): two bookings for one donor serialize here, so the one-booking rule holds.
    const lock = kindOfManager(m) === 'mysql' ? ' FOR UPDATE' : '';
    const [donor] = await rows(m, `SELECT id, name, gender, birth_date, weight_kg, had_adverse_reaction, consent_sms FROM donor WHERE id = ?${lock}`, [req.donorId]);
    if (!donor) throw new DomainError('NOT_FOUND', `献血者不存在 / donor ${req.donorId} not found`);
    const [slot] = await rows(m, `SELECT sl.id, sl.site_id, sl.type, sl.starts_at, sl.capacity, sl.booked, s.name AS site_name, s.capabilities, s.active
      FROM appointment_slot sl JOIN donation_site s ON s.id = sl.site_id WHERE sl.id = ?`, [req.slotId]);
    if (!slot) throw new DomainError('NOT_FOUND', `时段不存在 / slot ${req.slotId} not found`);
    const startsAt = toDate(slot.starts_at)!;
    if (startsAt <= now) throw new DomainError('VALIDATION_FAILED', '该时段已过 / the slot is in the past');
    if (slot.type !== req.type) throw new DomainError('VALIDATION_FAILED', `该时段为${DONATION_TYPE_LABELS[slot.type as DonationType].zh} / the slot is for ${String(slot.type)}`);
    if (!asBool(slot.active) || !parseJson<string[]>(slot.capabilities, []).includes(req.type)) {
      throw new DomainError('VALIDATION_FAILED', `${String(slot.site_name)}不能采集${DONATION_TYPE_LABELS[req.type].zh} / the site does not collect ${req.type}`);
    }
    // Eligibility on the slot's local date.
    const day = localDateOf(startsAt);
    const donations = await rows(m, 'SELECT type, date, outcome, volume_ml, units FROM donation WHERE donor_id = ?', [req.donorId]);
    const deferrals = await rows(m, 'SELECT until, reason, types FROM deferral WHERE donor_id = ?', [req.donorId]);
    const elig = computeEligibility({
      today: day,
      birthDate: donor.birth_date ? String(donor.birth_date).slice(0, 10) : null,
      gender: donor.gender as Gender,
      weightKg: donor.weight_kg === null ? null : Number(donor.weight_kg),
      hadAdverseReaction: asBool(donor.had_adverse_reaction),
      donations: donations.map((d): DonationFact => ({ type: d.type as DonationType, date: String(d.date).slice(0, 10), outcome: d.outcome as DonationFact['outcome'], volumeMl: d.volume_ml as number | null, units: d.units as number | null })),
      deferrals: deferrals.map((d): DeferralFact => ({ until: d.until ? String(d.until).slice(0, 10) : null, reason: String(d.reason), types: parseJson<DonationType[] | null>(d.types, null) })),
    }, rules).byType[req.type];
    if (!elig.eligibleNow) {
      throw new DomainError('NOT_ELIGIBLE', `${day}不能献${DONATION_TYPE_LABELS[req.type].zh}：${elig.blockers.map(blockerText).join('；')}`, {
        eligibleFrom: elig.eligibleFrom, blockers: elig.blockers as unknown as Record<string, unknown>[], ruleSet: `${rules.id}@${rules.version}`,
      });
    }
    // One active future booking per donor and type (the one being replaced does not count).
    const active = await rows(m, "SELECT id FROM appointment WHERE donor_id = ? AND type = ? AND status = 'booked' AND starts_at > ?", [req.donorId, req.type, sqlTime(now)]);
    if (active.some((a) => Number(a.id) !== replacing)) {
      throw new DomainError('CONFLICT', '已有未完成的同类预约，请改约或取消 / the donor already has a booking of this type', { appointmentId: Number(active.find((a) => Number(a.id) !== replacing)!.id) });
    }
    const taken = await exec(m, 'UPDATE appointment_slot SET booked = booked + 1 WHERE id = ? AND booked < capacity', [req.slotId]);
    if (taken.affected !== 1) throw new DomainError('SLOT_FULL', '该时段已约满，请选择其他时段 / the slot is full');
    const ts = sqlTime(now);
    const r = await exec(m, `INSERT INTO appointment (donor_id, slot_id, site_id, type, starts_at, status, channel, call_id, created_by_id, cancelled_reason, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, 'booked', ?, ?, ?, NULL, ?, ?)`, [req.donorId, req.slotId, Number(slot.site_id), req.type, sqlTime(startsAt), req.channel, req.callId ?? null, req.actorId ?? null, ts, ts]);
    if (asBool(donor.consent_sms)) {
      const to = await this.mobileOf(m, req.donorId);
      if (to) {
        await this.deps.notifier.notify({
          to, donorId: req.donorId, template: replacing ? 'appointment-rescheduled' : 'appointment-booked',
          payload: { name: String(donor.name), when: whenZh(startsAt), site: String(slot.site_name), typeLabel: `捐献${DONATION_TYPE_LABELS[req.type].zh}`, appointmentId: r.insertId },
        }, m);
      }
    }
    return r.insertId;
  }

  private async mobileOf(m: EntityManager, donorId: number): Promise<string | null> {
    const [p] = await rows(m, "SELECT e164 FROM donor_phone WHERE donor_id = ? AND kind = 'mobile' ORDER BY is_primary DESC, id LIMIT 1", [donorId]);
    return p ? String(p.e164) : null;
  }

  private async releaseIn(m: EntityManager, id: number, status: AppointmentStatus, reason: string | null): Promise<Record<string, unknown>> {
    const [a] = await rows(m, 'SELECT id, donor_id, slot_id, status, starts_at, site_id FROM appointment WHERE id = ?', [id]);
    if (!a) throw new DomainError('NOT_FOUND', `预约不存在 / appointment ${id} not found`);
    if (a.status !== 'booked') throw new DomainError('CONFLICT', `预约状态为${String(a.status)}，不能修改 / the appointment is ${String(a.status)}`);
    const upd = await exec(m, "UPDATE appointment SET status = ?, cancelled_reason = ?, updated_at = ? WHERE id = ? AND status = 'booked'", [status, reason, sqlTime(this.now()), id]);
    if (upd.affected !== 1) throw new DomainError('CONFLICT', 'the appointment changed meanwhile');
    await exec(m, 'UPDATE appointment_slot SET booked = booked - 1 WHERE id = ? AND booked > 0', [a.slot_id]);
    return a;
  }

  async cancel(id: number, reason: string, actorId: ActorId): Promise<AppointmentBrief> {
    if (!reason?.trim()) throw new DomainError('VALIDATION_FAILED', '请填写取消原因 / a reason is required');
    await withTx(this.ds, async (m) => {
      const a = await this.releaseIn(m, id, 'cancelled', reason.trim().slice(0, 255));
      await writeAudit(m, { actorId, action: 'appointment.cancel', subjectType: 'appointment', subjectId: id, detail: { reason: reason.trim() } });
      const [d] = await rows(m, 'SELECT name, consent_sms FROM donor WHERE id = ?', [a.donor_id]);
      const to = d && asBool(d.consent_sms) ? await this.mobileOf(m, Number(a.donor_id)) : null;
      if (to) {
        const [s] = await rows(m, 'SELECT name FROM donation_site WHERE id = ?', [a.site_id]);
        await this.deps.notifier.notify({ to, donorId: Number(a.donor_id), template: 'appointment-cancelled', payload: { name: String(d!.name), when: whenZh(toDate(a.starts_at)!), site: String(s?.name ?? ''), appointmentId: id } }, m);
      }
    });
    return this.get(id);
  }

  /** Moves a booking to another slot atomically: the old place is released only if the new one is taken. */
  async reschedule(id: number, newSlotId: number, actorId: ActorId, channel?: BookingChannel): Promise<AppointmentBrief> {
    const rules = await this.deps.ruleSets.active();
    const newId = await withTx(this.ds, async (m) => {
      const [cur] = await rows(m, 'SELECT id, donor_id, type, channel, call_id, status FROM appointment WHERE id = ?', [id]);
      if (!cur) throw new DomainError('NOT_FOUND', `预约不存在 / appointment ${id} not found`);
      if (cur.status !== 'booked') throw new DomainError('CONFLICT', `预约状态为${String(cur.status)}，不能改约 / the appointment is ${String(cur.status)}`);
      const nid = await this.bookIn(m, { donorId: Number(cur.donor_id), slotId: newSlotId, type: cur.type as DonationType, channel: channel ?? (cur.channel as BookingChannel), callId: (cur.call_id as string | null) ?? null, actorId }, id, rules);
      await this.releaseIn(m, id, 'cancelled', `改约至#${nid} / rescheduled`);
      await writeAudit(m, { actorId, action: 'appointment.reschedule', subjectType: 'appointment', subjectId: id, detail: { newAppointmentId: nid, slotId: newSlotId } });
      return nid;
    });
    return this.get(newId);
  }

  /** Marks a booking arrived / no-show (from the site's system or the desk). */
  async setStatus(id: number, status: 'arrived' | 'no-show', actorId: ActorId): Promise<AppointmentBrief> {
    await withTx(this.ds, async (m) => {
      const r = await exec(m, "UPDATE appointment SET status = ?, updated_at = ? WHERE id = ? AND status = 'booked'", [status, sqlTime(this.now()), id]);
      if (r.affected !== 1) throw new DomainError('CONFLICT', 'only a booked appointment can change to arrived / no-show');
      await writeAudit(m, { actorId, action: `appointment.${status}`, subjectType: 'appointment', subjectId: id });
    });
    return this.get(id);
  }

  private async brief(m: EntityManager | DataSource, id: number): Promise<AppointmentBrief> {
    const [a] = await rows(m, 'SELECT a.id, a.site_id, s.name AS site_name, a.type, a.starts_at, a.status, a.channel FROM appointment a JOIN donation_site s ON s.id = a.site_id WHERE a.id = ?', [id]);
    if (!a) throw new DomainError('NOT_FOUND', `预约不存在 / appointment ${id} not found`);
    return brief(a);
  }
}

function brief(a: Record<string, unknown>): AppointmentBrief {
  return { id: Number(a.id), siteId: Number(a.site_id), siteName: String(a.site_name), type: a.type as DonationType, startsAt: iso(a.starts_at)!, status: a.status as AppointmentStatus, channel: a.channel as BookingChannel };
}

function slotDto(r: Record<string, unknown>): SlotDto {
  const capacity = Number(r.capacity);
  const booked = Number(r.booked);
  return {
    id: Number(r.id), siteId: Number(r.site_id), siteName: String(r.site_name), type: r.type as DonationType, startsAt: iso(r.starts_at)!, endsAt: iso(r.ends_at)!,
    capacity, booked, available: Math.max(0, capacity - booked),
  };
}
