import type { DataSource, EntityManager } from 'typeorm';
import type { CareEventDto, Donor360, DonorCreate, DonorSummary, DonorUpdate, Page, PhoneDto, SurveyDto } from '../../contracts/dto.js';
import { ABO_GROUPS, GENDERS, MEDIA_SOURCES, RH_FACTORS, type AboGroup, type BloodType, type Gender, type RhFactor } from '../../donors/donor.types.js';
import { maskPhone } from '../../donors/masking.js';
import { birthDateFromNationalId, genderFromNationalId, isValidNationalId, keypadVariantsOfLast4, normalizeNationalId } from '../../donors/national-id.js';
import { normalizePhone, type NormalizedPhone, type PhoneOptions } from '../../donors/phone.js';
import { DomainError } from '../../errors.js';
import { isLocalDate, localDateOf, type LocalDate } from '../../time/local-date.js';
import type { CareKind, SurveyChannel } from '../../tickets/ticket.types.js';
import type { PiiCipher } from '../pii.js';
import { asBool, b, exec, iso, likePrefix, placeholders, rows, sqlTime, Where, withTx } from '../sql.js';
import { writeAudit } from './audit.service.js';
import type { CallerLookup } from './caller-lookup.js';
import type { ContactPolicyService } from './contact-policy.service.js';
import { buildSummary, loadBundles, loadContacts, loadTickets, loadUpcoming } from './donor-read.js';
import { clampPage, type ActorId } from './mappers.js';
import type { RuleSetService } from './rule-set.service.js';

export interface DonorSearch {
  /** Free text: a phone number, the last 4 of a national ID, a full national ID, or a name (prefix). */
  q?: string;
  phone?: string;
  name?: string;
  idLast4?: string;
  page?: number;
  pageSize?: number;
}

export interface DonorServiceDeps {
  pii: PiiCipher;
  lookup: CallerLookup;
  ruleSets: RuleSetService;
  contactPolicy: ContactPolicyService;
  phoneOptions?: PhoneOptions;
  clock?: () => Date;
}

const NAME_MAX = 50;

/** Donors: summaries for the pop, the 360° view, search, create/update, phones, audited unmasking. */
export class DonorService {
  private readonly clock: () => Date;

  constructor(
    private readonly ds: DataSource,
    private readonly deps: DonorServiceDeps,
  ) {
    this.clock = deps.clock ?? (() => new Date());
  }

  private today(): LocalDate {
    return localDateOf(this.clock());
  }

  /** Screen-pop cards, in the order of `ids` (unknown ids are left out). `matchedE164` picks the phone shown. */
  async summaries(ids: readonly number[], today: LocalDate = this.today(), matchedE164?: string | null): Promise<DonorSummary[]> {
    const uniq = [...new Set(ids.map(Number))];
    if (!uniq.length) return [];
    const [bundles, rules, upcoming, tickets] = await Promise.all([
      loadBundles(this.ds, uniq),
      this.deps.ruleSets.active(),
      loadUpcoming(this.ds, uniq, this.clock()),
      loadTickets(this.ds, uniq, true, 10),
    ]);
    const out: DonorSummary[] = [];
    for (const id of uniq) {
      const bdl = bundles.get(id);
      if (!bdl) continue;
      out.push(buildSummary(bdl, today, rules, {
        upcoming: upcoming.get(id) ?? [],
        lastContacts: await loadContacts(this.ds, id, 3),
        openTickets: tickets.get(id) ?? [],
        matchedE164: matchedE164 ?? null,
      }));
    }
    return out;
  }

  async summary(id: number, today: LocalDate = this.today()): Promise<DonorSummary> {
    const [s] = await this.summaries([id], today);
    if (!s) throw new DomainError('NOT_FOUND', `献血者不存在 / donor ${id} not found`);
    return s;
  }

  /** The 360° view. */
  async view360(id: number, today: LocalDate = this.today()): Promise<Donor360> {
    const bundles = await loadBundles(this.ds, [id]);
    const bdl = bundles.get(id);
    if (!bdl) throw new DomainError('NOT_FOUND', `献血者不存在 / donor ${id} not found`);
    const now = this.clock();
    const [rules, upcoming, allAppts, allTickets, contacts, policy] = await Promise.all([
      this.deps.ruleSets.active(),
      loadUpcoming(this.ds, [id], now),
      loadUpcoming(this.ds, [id], now, true),
      loadTickets(this.ds, [id], false, 50),
      loadContacts(this.ds, id, 50),
      this.deps.contactPolicy.decide(id, 'recruitment', 'voice', now),
    ]);
    const tickets = allTickets.get(id) ?? [];
    const summary = buildSummary(bdl, today, rules, {
      upcoming: upcoming.get(id) ?? [],
      lastContacts: contacts.slice(0, 3),
      openTickets: tickets.filter((t) => t.status === 'open' || t.status === 'in-progress'),
    });
    const e164s = bdl.phones.map((p) => p.e164);
    const shared = new Map<string, number>();
    if (e164s.length) {
      for (const r of await rows(this.ds, `SELECT e164, COUNT(DISTINCT donor_id) AS n FROM donor_phone WHERE e164 IN (${placeholders(e164s.length)}) GROUP BY e164`, e164s)) {
        shared.set(String(r.e164), Number(r.n) - 1);
      }
    }
    const surveys = await rows(this.ds, 'SELECT id, at, channel, score, text, call_id FROM survey_response WHERE donor_id = ? ORDER BY at DESC LIMIT 50', [id]);
    const care = await rows(this.ds, 'SELECT id, kind, due_date, done_at, note FROM care_event WHERE donor_id = ? ORDER BY due_date DESC LIMIT 50', [id]);
    const referrals = await rows(this.ds, 'SELECT id, referred_name, at, converted FROM referral WHERE referrer_id = ? ORDER BY at DESC', [id]);
    const d = bdl.donor;
    const reasons = policy.reasons.filter((r) => r !== 'outside-hours');
    return {
      ...summary,
      birthDate: d.birth_date,
      phones: bdl.phones.map((p): PhoneDto => ({ id: p.id, masked: maskPhone(p.e164), kind: p.kind, label: p.label, isPrimary: asBool(p.is_primary), sharedWith: shared.get(p.e164) ?? 0 })),
      occupation: d.occupation,
      mediaSource: d.media_source,
      consent: { recruitment: asBool(d.consent_recruitment), sms: asBool(d.consent_sms), healthData: asBool(d.consent_health_data) },
      hadAdverseReaction: asBool(d.had_adverse_reaction),
      weightKg: d.weight_kg === null ? null : Number(d.weight_kg),
      address: d.address,
      notes: d.notes,
      donations: bdl.donations.map((x) => ({ id: x.id, type: x.type, date: x.date, siteName: x.site_name, volumeMl: x.volume_ml, units: x.units, outcome: x.outcome })),
      deferrals: bdl.deferrals,
      appointments: allAppts.get(id) ?? [],
      contacts,
      tickets,
      surveys: surveys.map((s): SurveyDto => ({ id: Number(s.id), at: iso(s.at)!, channel: s.channel as SurveyChannel, score: s.score === null ? null : Number(s.score), text: (s.text as string | null) ?? null, callId: (s.call_id as string | null) ?? null })),
      careEvents: care.map((c): CareEventDto => ({ id: Number(c.id), kind: c.kind as CareKind, dueDate: String(c.due_date).slice(0, 10), doneAt: iso(c.done_at), note: (c.note as string | null) ?? null })),
      referrals: referrals.map((r) => ({ id: Number(r.id), referredName: String(r.referred_name), at: iso(r.at)!, converted: asBool(r.converted) })),
      contactPolicy: { recruitmentAllowed: reasons.length === 0, reasons, suppressedUntil: policy.suppressedUntil },
      ruleSet: { id: rules.id, version: rules.version, standard: rules.standard },
      createdAt: iso(d.created_at)!,
    };
  }

  /** Search by phone (full number, any spelling; shown masked), name prefix, ID last 4 or full ID, or free text. */
  async search(s: DonorSearch): Promise<Page<DonorSummary>> {
    const { page, pageSize, offset } = clampPage(s.page, s.pageSize, 100);
    const w = new Where();
    const byPhone = (raw: string): void => {
      const n = normalizePhone(raw, this.deps.phoneOptions);
      if (n) {
        w.add('d.id IN (SELECT donor_id FROM donor_phone WHERE e164 = ?)', n.e164);
      } else {
        const digits = raw.replace(/\D/g, '');
        if (digits.length < 4) throw new DomainError('VALIDATION_FAILED', '电话号码至少输入4位 / give at least 4 digits of the number');
        w.add("d.id IN (SELECT donor_id FROM donor_phone WHERE e164 LIKE ? ESCAPE '!')", `%${digits}`);
      }
    };
    const byLast4 = (raw: string): void => {
      const v = keypadVariantsOfLast4(raw.trim().toUpperCase());
      w.add(`d.national_id_last4 IN (${placeholders(v.length)})`, ...v);
    };
    if (s.phone?.trim()) byPhone(s.phone);
    if (s.name?.trim()) w.add("d.name LIKE ? ESCAPE '!'", likePrefix(s.name.trim()));
    if (s.idLast4?.trim()) {
      if (!/^\d{3}[\dXx*]$/.test(s.idLast4.trim())) throw new DomainError('VALIDATION_FAILED', '身份证后4位格式不正确 / idLast4 must be 4 characters');
      byLast4(s.idLast4);
    }
    const q = s.q?.trim();
    if (q) {
      const compact = q.replace(/[\s\-()]/g, '');
      if (/^\d{17}[\dXx]$/.test(compact) && isValidNationalId(compact)) {
        w.add('d.national_id_hash = ?', this.deps.pii.hash(compact));
      } else if (/^\d{3}[\dXx*]$/.test(compact)) {
        byLast4(compact);
      } else if (/^\+?\d{5,}$/.test(compact)) {
        byPhone(compact);
      } else {
        w.add("d.name LIKE ? ESCAPE '!'", likePrefix(q));
      }
    }
    if (w.empty) throw new DomainError('VALIDATION_FAILED', '请输入查询条件 / give a phone, name or ID digits');
    const [{ n }] = (await rows<{ n: number }>(this.ds, `SELECT COUNT(*) AS n FROM donor d ${w.sql}`, w.params)) as [{ n: number }];
    const ids = (await rows<{ id: number }>(this.ds, `SELECT d.id FROM donor d ${w.sql} ORDER BY d.id LIMIT ? OFFSET ?`, [...w.params, pageSize, offset])).map((r) => Number(r.id));
    const phone = s.phone ?? (q && /^\+?\d{5,}$/.test(q.replace(/[\s\-()]/g, '')) ? q : undefined);
    const matched = phone ? normalizePhone(phone, this.deps.phoneOptions)?.e164 : undefined;
    return { items: await this.summaries(ids, this.today(), matched), total: Number(n), page, pageSize };
  }

  private phoneOf(raw: string | undefined | null): NormalizedPhone {
    const n = normalizePhone(raw ?? '', this.deps.phoneOptions);
    if (!n) throw new DomainError('INVALID_PHONE', `电话号码无效 / invalid phone number`);
    return n;
  }

  private async callerOfCall(m: EntityManager | DataSource, callId: string): Promise<NormalizedPhone> {
    const [c] = await rows(m, 'SELECT caller_e164 FROM call_record WHERE linkedid = ?', [callId]);
    if (!c) throw new DomainError('NOT_FOUND', `通话不存在 / call ${callId} not found`);
    if (!c.caller_e164) throw new DomainError('INVALID_PHONE', '该通话没有可用的来电号码 / the call has no usable caller number');
    return this.phoneOf(String(c.caller_e164));
  }

  /** Creates a donor with their first phone (or the caller's number of `callId`), atomically. */
  async create(input: DonorCreate, actorId: ActorId): Promise<Donor360> {
    const v = this.validate(input, true);
    const id = await withTx(this.ds, async (m) => {
      const phone = input.phone?.trim() ? this.phoneOf(input.phone) : input.callId ? await this.callerOfCall(m, input.callId) : this.phoneOf(input.phone);
      if (v.nid) {
        const dup = await rows(m, 'SELECT id FROM donor WHERE national_id_hash = ?', [v.nid.hash]);
        if (dup.length) throw new DomainError('CONFLICT', '该身份证号码已登记 / a donor with this national ID exists', { donorId: Number(dup[0]!.id) });
      }
      const now = sqlTime(this.clock());
      const r = await exec(m,
        `INSERT INTO donor (name, gender, birth_date, national_id_hash, national_id_last4, national_id_masked, national_id_cipher, blood_abo, blood_rh,
           occupation, segment, tags, media_source, consent_recruitment, consent_sms, consent_health_data, do_not_call, had_adverse_reaction,
           weight_kg, account_manager_id, points, address, notes, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, 0, 0, 0, NULL, NULL, 0, NULL, NULL, ?, ?)`,
        [v.name, v.gender ?? 'unknown', v.birthDate ?? null, v.nid?.hash ?? null, v.nid?.last4 ?? null, v.nid?.masked ?? null, v.nid?.cipher ?? null,
          v.abo ?? null, v.rh ?? null, input.occupation ?? null, JSON.stringify(v.tags ?? []), input.mediaSource ?? null,
          b(input.consentRecruitment ?? false), b(input.consentSms ?? false), now, now]);
      const donorId = r.insertId;
      await exec(m, 'INSERT INTO donor_phone (donor_id, e164, kind, label, is_primary, created_at) VALUES (?, ?, ?, NULL, 1, ?)', [donorId, phone.e164, phone.kind, now]);
      if (input.callId) await exec(m, 'UPDATE call_record SET donor_id = ? WHERE linkedid = ? AND donor_id IS NULL', [donorId, input.callId]);
      await writeAudit(m, { actorId, action: 'donor.create', subjectType: 'donor', subjectId: donorId, detail: input.callId ? { callId: input.callId } : null });
      this.deps.lookup.invalidate(phone.e164);
      return donorId;
    });
    return this.view360(id);
  }

  async update(id: number, input: DonorUpdate, actorId: ActorId): Promise<Donor360> {
    const v = this.validate(input, false);
    await withTx(this.ds, async (m) => {
      const [cur] = await rows(m, 'SELECT id, birth_date FROM donor WHERE id = ?', [id]);
      if (!cur) throw new DomainError('NOT_FOUND', `献血者不存在 / donor ${id} not found`);
      const sets: string[] = [];
      const p: unknown[] = [];
      const set = (col: string, val: unknown): void => {
        sets.push(`${col} = ?`);
        p.push(val);
      };
      if (input.name !== undefined) set('name', v.name);
      if (input.gender !== undefined) set('gender', v.gender);
      if (input.birthDate !== undefined) set('birth_date', v.birthDate ?? null);
      if (input.nationalId !== undefined) {
        if (v.nid) {
          const dup = await rows(m, 'SELECT id FROM donor WHERE national_id_hash = ? AND id <> ?', [v.nid.hash, id]);
          if (dup.length) throw new DomainError('CONFLICT', '该身份证号码已登记 / a donor with this national ID exists', { donorId: Number(dup[0]!.id) });
        }
        set('national_id_hash', v.nid?.hash ?? null);
        set('national_id_last4', v.nid?.last4 ?? null);
        set('national_id_masked', v.nid?.masked ?? null);
        set('national_id_cipher', v.nid?.cipher ?? null);
        if (v.nid && input.birthDate === undefined) set('birth_date', v.birthDate);
      }
      if (input.bloodType !== undefined) {
        set('blood_abo', v.abo ?? null);
        set('blood_rh', v.rh ?? null);
      }
      if (input.occupation !== undefined) set('occupation', input.occupation);
      if (input.mediaSource !== undefined) set('media_source', input.mediaSource);
      if (input.tags !== undefined) set('tags', JSON.stringify(v.tags ?? []));
      if (input.consentRecruitment !== undefined) set('consent_recruitment', b(input.consentRecruitment));
      if (input.consentSms !== undefined) set('consent_sms', b(input.consentSms));
      if (input.doNotCall !== undefined) set('do_not_call', b(input.doNotCall));
      if (input.notes !== undefined) set('notes', input.notes);
      if (input.address !== undefined) set('address', input.address);
      if (input.accountManagerId !== undefined) {
        if (input.accountManagerId !== null) {
          const u = await rows(m, 'SELECT id FROM app_user WHERE id = ? AND active = 1', [input.accountManagerId]);
          if (!u.length) throw new DomainError('VALIDATION_FAILED', `客户经理不存在 / user ${input.accountManagerId} not found`);
        }
        set('account_manager_id', input.accountManagerId);
      }
      if (!sets.length) return;
      set('updated_at', sqlTime(this.clock()));
      await exec(m, `UPDATE donor SET ${sets.join(', ')} WHERE id = ?`, [...p, id]);
      const fields = Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined);
      await writeAudit(m, { actorId, action: 'donor.update', subjectType: 'donor', subjectId: id, detail: { fields } });
    });
    return this.view360(id);
  }

  /** Links a number (or the caller's number of a call) to a donor; idempotent for a number the donor already has. */
  async linkPhone(id: number, number: string | { number?: string | null; callId?: string | null }, label: string | null, actorId: ActorId): Promise<PhoneDto> {
    const input = typeof number === 'string' ? { number } : number;
    const phoneId = await withTx(this.ds, async (m) => {
      const [d] = await rows(m, 'SELECT id FROM donor WHERE id = ?', [id]);
      if (!d) throw new DomainError('NOT_FOUND', `献血者不存在 / donor ${id} not found`);
      const phone = input.number?.trim() ? this.phoneOf(input.number) : input.callId ? await this.callerOfCall(m, input.callId) : this.phoneOf(input.number);
      const [existing] = await rows(m, 'SELECT id FROM donor_phone WHERE donor_id = ? AND e164 = ?', [id, phone.e164]);
      if (existing) return Number(existing.id);
      const [{ n }] = (await rows<{ n: number }>(m, 'SELECT COUNT(*) AS n FROM donor_phone WHERE donor_id = ?', [id])) as [{ n: number }];
      const r = await exec(m, 'INSERT INTO donor_phone (donor_id, e164, kind, label, is_primary, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
        id, phone.e164, phone.kind, label?.slice(0, 32) ?? null, b(Number(n) === 0), sqlTime(this.clock()),
      ]);
      if (input.callId) await exec(m, 'UPDATE call_record SET donor_id = ? WHERE linkedid = ? AND donor_id IS NULL', [id, input.callId]);
      await writeAudit(m, { actorId, action: 'donor.phone.link', subjectType: 'donor', subjectId: id, detail: { phoneId: r.insertId, masked: maskPhone(phone.e164) } });
      this.deps.lookup.invalidate(phone.e164);
      return r.insertId;
    });
    const [p] = await rows(this.ds, 'SELECT id, e164, kind, label, is_primary FROM donor_phone WHERE id = ?', [phoneId]);
    const [{ n }] = (await rows<{ n: number }>(this.ds, 'SELECT COUNT(DISTINCT donor_id) AS n FROM donor_phone WHERE e164 = ?', [p!.e164])) as [{ n: number }];
    return { id: Number(p!.id), masked: maskPhone(String(p!.e164)), kind: p!.kind as PhoneDto['kind'], label: (p!.label as string | null) ?? null, isPrimary: asBool(p!.is_primary), sharedWith: Number(n) - 1 };
  }

  async unlinkPhone(id: number, phoneId: number, actorId: ActorId): Promise<void> {
    await withTx(this.ds, async (m) => {
      const [p] = await rows(m, 'SELECT e164 FROM donor_phone WHERE id = ? AND donor_id = ?', [phoneId, id]);
      if (!p) throw new DomainError('NOT_FOUND', `phone ${phoneId} not found`);
      await exec(m, 'DELETE FROM donor_phone WHERE id = ?', [phoneId]);
      await writeAudit(m, { actorId, action: 'donor.phone.unlink', subjectType: 'donor', subjectId: id, detail: { phoneId } });
      this.deps.lookup.invalidate(String(p.e164));
    });
  }

  /**
   * The full value of one personal field, with a reason; the audit_log row is written in the same transaction.
   * Phone: E.164 of `phoneId` (default: the primary phone). nationalId: decrypted.
   */
  async unmask(id: number, field: 'phone' | 'nationalId', actorId: ActorId, reason: string, ip: string | null = null, phoneId?: number): Promise<{ value: string }> {
    if (!reason || reason.trim().length < 2) throw new DomainError('VALIDATION_FAILED', '请填写查看原因 / a reason is required');
    if (field !== 'phone' && field !== 'nationalId') throw new DomainError('VALIDATION_FAILED', `unknown field ${String(field)}`);
    return withTx(this.ds, async (m) => {
      const [d] = await rows(m, 'SELECT id, national_id_cipher FROM donor WHERE id = ?', [id]);
      if (!d) throw new DomainError('NOT_FOUND', `献血者不存在 / donor ${id} not found`);
      let value: string;
      if (field === 'phone') {
        const [p] = phoneId !== undefined
          ? await rows(m, 'SELECT id, e164 FROM donor_phone WHERE donor_id = ? AND id = ?', [id, phoneId])
          : await rows(m, 'SELECT id, e164 FROM donor_phone WHERE donor_id = ? ORDER BY is_primary DESC, id LIMIT 1', [id]);
        if (!p) throw new DomainError('NOT_FOUND', '没有该电话 / phone not found');
        value = String(p.e164);
        phoneId = Number(p.id);
      } else {
        if (!d.national_id_cipher) throw new DomainError('NOT_FOUND', '未登记身份证号码 / no national ID on file');
        value = this.deps.pii.decrypt(String(d.national_id_cipher));
      }
      await writeAudit(m, { actorId, action: 'donor.unmask', subjectType: 'donor', subjectId: id, detail: { field, reason: reason.trim(), ...(field === 'phone' ? { phoneId } : {}) }, ip });
      return { value };
    });
  }

  /** The full number to dial for click-to-dial (never sent to the desk). Default: the primary phone. */
  async dialNumber(id: number, phoneId?: number): Promise<string> {
    const [p] = phoneId !== undefined
      ? await rows(this.ds, 'SELECT e164 FROM donor_phone WHERE donor_id = ? AND id = ?', [id, phoneId])
      : await rows(this.ds, 'SELECT e164 FROM donor_phone WHERE donor_id = ? ORDER BY is_primary DESC, id LIMIT 1', [id]);
    if (!p) throw new DomainError('NOT_FOUND', '没有可拨打的电话 / no phone to dial');
    return String(p.e164);
  }

  /** Matches the last 4 of the national ID (IVR identity check; X may be keyed as 0 or *). */
  async verifyIdLast4(id: number, keyed: string): Promise<boolean> {
    const [d] = await rows(this.ds, 'SELECT national_id_last4 FROM donor WHERE id = ?', [id]);
    const last4 = d?.national_id_last4 as string | null | undefined;
    return !!last4 && keypadVariantsOfLast4(last4).includes(keyed.trim().toUpperCase());
  }

  /** Matches the birth date (IVR identity check, YYYYMMDD or YYYY-MM-DD). */
  async verifyBirthDate(id: number, keyed: string): Promise<boolean> {
    const [d] = await rows(this.ds, 'SELECT birth_date FROM donor WHERE id = ?', [id]);
    const bd = d?.birth_date ? String(d.birth_date).slice(0, 10) : null;
    return !!bd && bd.replace(/-/g, '') === keyed.replace(/\D/g, '');
  }

  private validate(input: DonorUpdate & { phone?: string }, creating: boolean): {
    name?: string; gender?: Gender; birthDate?: string | null; abo?: AboGroup | null; rh?: RhFactor | null; tags?: string[];
    nid?: ReturnType<PiiCipher['protectNationalId']> | null;
  } {
    const out: ReturnType<DonorService['validate']> = {};
    if (creating || input.name !== undefined) {
      const name = (input.name ?? '').trim();
      if (!name || [...name].length > NAME_MAX) throw new DomainError('VALIDATION_FAILED', `姓名必填且不超过${NAME_MAX}字 / name is required (≤ ${NAME_MAX} characters)`);
      out.name = name;
    }
    if (input.gender !== undefined) {
      if (!GENDERS.includes(input.gender)) throw new DomainError('VALIDATION_FAILED', `invalid gender ${String(input.gender)}`);
      out.gender = input.gender;
    }
    if (input.birthDate !== undefined && input.birthDate !== null && !isLocalDate(input.birthDate)) throw new DomainError('VALIDATION_FAILED', '出生日期格式应为YYYY-MM-DD / birthDate must be YYYY-MM-DD');
    if (input.birthDate !== undefined) out.birthDate = input.birthDate;
    if (input.nationalId !== undefined && input.nationalId !== null && input.nationalId.trim() !== '') {
      const id = normalizeNationalId(input.nationalId);
      out.nid = this.deps.pii.protectNationalId(id);
      const fromId = birthDateFromNationalId(id)!;
      if (input.birthDate && input.birthDate !== fromId) throw new DomainError('VALIDATION_FAILED', '出生日期与身份证号码不符 / birthDate does not match the national ID');
      out.birthDate = fromId;
      const g = genderFromNationalId(id);
      if (input.gender && input.gender !== 'unknown' && input.gender !== g) throw new DomainError('VALIDATION_FAILED', '性别与身份证号码不符 / gender does not match the national ID');
      if (creating && !input.gender) out.gender = g;
    } else if (input.nationalId !== undefined) {
      out.nid = null;
    }
    if (input.bloodType !== undefined) {
      if (input.bloodType === null) {
        out.abo = null;
        out.rh = null;
      }
      else {
        const m = /^(A|B|O|AB)([+-])$/.exec(input.bloodType);
        if (!m || !ABO_GROUPS.includes(m[1] as AboGroup) || !RH_FACTORS.includes(m[2] as RhFactor)) throw new DomainError('VALIDATION_FAILED', `invalid blood type ${String(input.bloodType as BloodType)}`);
        out.abo = m[1] as AboGroup;
        out.rh = m[2] as RhFactor;
      }
    }
    if (input.mediaSource !== undefined && input.mediaSource !== null && !(MEDIA_SOURCES as readonly string[]).includes(input.mediaSource)) {
      throw new DomainError('VALIDATION_FAILED', `invalid mediaSource ${input.mediaSource}`);
    }
    if (input.occupation !== undefined && input.occupation !== null && [...input.occupation].length > 50) throw new DomainError('VALIDATION_FAILED', 'occupation too long');
    if (input.tags !== undefined) {
      if (!Array.isArray(input.tags) || input.tags.length > 30 || input.tags.some((t) => typeof t !== 'string' || !t.trim() || t.length > 32)) {
        throw new DomainError('VALIDATION_FAILED', 'tags must be ≤ 30 non-empty strings of ≤ 32 characters');
      }
      out.tags = [...new Set(input.tags.map((t) => t.trim()))];
    }
    if (input.address !== undefined && input.address !== null && input.address.length > 255) throw new DomainError('VALIDATION_FAILED', 'address too long');
    return out;
  }
}
