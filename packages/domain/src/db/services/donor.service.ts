import type { DataSource, EntityManager } from 'typeorm';
import { actorIdOf, isActor, type ActorLike } from '../../access/actor.js';
import { donor360For } from '../../access/donor-view.js';
import { donorUpdateDenial } from '../../access/write-policy.js';
import type { Role } from '../../agents/agent.types.js';
import type { CareEventDto, Donor360, DonorCreate, DonorSummary, DonorUpdate, Page, PhoneDto, SurveyDto } from '../../contracts/dto.js';
import { maskNationalIdLast4, maskPhone } from '../../donors/masking.js';
import { keypadVariantsOfLast4 } from '../../donors/national-id.js';
import { normalizePhone, type NormalizedPhone, type PhoneOptions } from '../../donors/phone.js';
import { OPEN_TICKET_STATUSES } from '../../tickets/ticket.types.js';
import { DomainError } from '../../errors.js';
import { assertFreeText, TEXT_FIELDS } from '../../text/free-text.js';
import { localDateOf, type LocalDate } from '../../time/local-date.js';
import type { CareKind, SurveyChannel } from '../../tickets/ticket.types.js';
import type { PiiCipher } from '../pii.js';
import { asBool, b, exec, iso, placeholders, rows, sqlTime, withTx } from '../sql.js';
import { writeAudit } from './audit.service.js';
import type { CallerLookup } from './caller-lookup.js';
import type { ContactPolicyService } from './contact-policy.service.js';
import { donorAuditRow, donorChanges } from './donor-changes.js';
import { validateDonorInput } from './donor-input.js';
import { buildSummary, loadBundles, loadContacts, loadTickets, loadUpcoming } from './donor-read.js';
import {
  assertLookupBudget, auditLookup, DEFAULT_SENSITIVE_LOOKUPS_PER_HOUR, donorSearchWhere, isSensitive, maskedCriterion, planDonorSearch,
  type DonorSearch, type SearchContext,
} from './donor-search.js';
import { clampPage, type ActorId } from './mappers.js';
import type { RuleSetService } from './rule-set.service.js';

export type { DonorSearch, SearchContext } from './donor-search.js';

/** Whose view of a donor (what role sees: access/donor-view.ts). Default: the agent's, the least. */
export interface DonorViewer {
  role: Role;
}

export interface DonorServiceDeps {
  pii: PiiCipher;
  lookup: CallerLookup;
  ruleSets: RuleSetService;
  contactPolicy: ContactPolicyService;
  phoneOptions?: PhoneOptions;
  clock?: () => Date;
  /** Full-number / full-ID lookups per user per rolling hour (donor-search.ts). Default 60. */
  sensitiveLookupsPerHour?: number;
}

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
      this.deps.ruleSets.on(today),
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

  /** The 360° view, as `viewer` may see it (default: an agent's view — no birth date; access/donor-view.ts). */
  async view360(id: number, today: LocalDate = this.today(), viewer: DonorViewer = { role: 'agent' }): Promise<Donor360> {
    return donor360For(viewer.role, await this.fullView360(id, today));
  }

  private async fullView360(id: number, today: LocalDate): Promise<Donor360> {
    const bundles = await loadBundles(this.ds, [id]);
    const bdl = bundles.get(id);
    if (!bdl) throw new DomainError('NOT_FOUND', `献血者不存在 / donor ${id} not found`);
    const now = this.clock();
    const [rules, upcoming, allAppts, allTickets, contacts, policy] = await Promise.all([
      this.deps.ruleSets.on(today),
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
      openTickets: tickets.filter((t) => OPEN_TICKET_STATUSES.includes(t.status)),
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
      ruleSet: { id: rules.id, version: rules.version, standard: rules.standard, effectiveFrom: rules.effectiveFrom },
      createdAt: iso(d.created_at)!,
    };
  }

  /**
   * Search by phone (full number in any spelling, or exactly its last 4 digits; shown masked), name prefix, ID last 4
   * or full ID, or free text. With `ctx` (every search a person makes), full-number and full-ID lookups are limited
   * per user and audited (donor-search.ts).
   */
  async search(s: DonorSearch, ctx?: SearchContext): Promise<Page<DonorSummary>> {
    const { page, pageSize, offset } = clampPage(s.page, s.pageSize, 100);
    const plan = planDonorSearch(s, this.deps.phoneOptions);
    const sensitive = plan.filter(isSensitive);
    const now = this.clock();
    if (ctx && sensitive.length) await assertLookupBudget(this.ds, ctx.actor, this.lookupLimit, now);
    const w = donorSearchWhere(plan, this.deps.pii);
    const [{ n }] = (await rows<{ n: number }>(this.ds, `SELECT COUNT(*) AS n FROM donor d ${w.sql}`, w.params)) as [{ n: number }];
    const ids = (await rows<{ id: number }>(this.ds, `SELECT d.id FROM donor d ${w.sql} ORDER BY d.id LIMIT ? OFFSET ?`, [...w.params, pageSize, offset])).map((r) => Number(r.id));
    if (ctx && sensitive.length) await auditLookup(this.ds, ctx, { criteria: sensitive.map(maskedCriterion), results: Number(n), donorIds: ids.slice(0, 20) }, now);
    const matched = plan.find((c) => c.kind === 'phone-exact');
    return { items: await this.summaries(ids, this.today(), matched?.kind === 'phone-exact' ? matched.e164 : undefined), total: Number(n), page, pageSize };
  }

  private get lookupLimit(): number {
    return this.deps.sensitiveLookupsPerHour ?? DEFAULT_SENSITIVE_LOOKUPS_PER_HOUR;
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

  /**
   * Creates a donor with their first phone (or the caller's number of `callId`), atomically. A person (an Actor)
   * creating a donor with a national ID that is already registered learns that it exists — the same confirmation a
   * full-ID search gives — so it counts against their lookup limit and is audited like one.
   */
  async create(input: DonorCreate, actor: ActorLike, ip: string | null = null): Promise<Donor360> {
    const v = validateDonorInput(this.deps.pii, input, true, localDateOf(this.clock()));
    const actorId = actorIdOf(actor);
    const person = isActor(actor) ? actor : null;
    const at = this.clock();
    if (person && v.nid) await assertLookupBudget(this.ds, person, this.lookupLimit, at);
    let existing: number | null = null;
    const id = await withTx(this.ds, async (m) => {
      const phone = input.phone?.trim() ? this.phoneOf(input.phone) : input.callId ? await this.callerOfCall(m, input.callId) : this.phoneOf(input.phone);
      if (v.nid) {
        const dup = await rows(m, 'SELECT id FROM donor WHERE national_id_hash = ?', [v.nid.hash]);
        if (dup.length) {
          existing = Number(dup[0]!.id);
          throw new DomainError('CONFLICT', '该身份证号码已登记 / a donor with this national ID exists', { donorId: existing });
        }
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
      await writeAudit(m, { actorId, action: 'donor.create', subjectType: 'donor', subjectId: donorId, detail: input.callId ? { callId: input.callId } : null, ip });
      this.deps.lookup.invalidate(phone.e164);
      return donorId;
    }).catch(async (e: unknown) => {
      if (person && v.nid && existing !== null) {
        await auditLookup(this.ds, { actor: person, ip }, { via: 'donor.create', criteria: [{ by: 'nationalId', masked: maskNationalIdLast4(v.nid.last4) }], results: 1, donorIds: [existing] }, at);
      }
      throw e;
    });
    return this.view360(id, this.today(), { role: person?.role ?? 'agent' });
  }

  /**
   * Updates a donor. A person's change is checked against the write rules (access/write-policy.ts) with the record as
   * it is inside the transaction, and audited with every changed field old → new (masked: donor-changes.ts).
   */
  async update(id: number, input: DonorUpdate, actor: ActorLike): Promise<Donor360> {
    const v = validateDonorInput(this.deps.pii, input, false, localDateOf(this.clock()));
    const actorId = actorIdOf(actor);
    const person = isActor(actor) ? actor : null;
    await withTx(this.ds, async (m) => {
      const before = await donorAuditRow(m, id);
      if (!before) throw new DomainError('NOT_FOUND', `献血者不存在 / donor ${id} not found`);
      if (person) {
        const denial = donorUpdateDenial(person, {
          hasNationalId: before.national_id_hash !== null && before.national_id_hash !== undefined,
          doNotCall: asBool(before.do_not_call),
          consentRecruitment: asBool(before.consent_recruitment),
          consentSms: asBool(before.consent_sms),
          accountManagerId: before.account_manager_id === null || before.account_manager_id === undefined ? null : Number(before.account_manager_id),
        }, input);
        if (denial) throw denial;
      }
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
      const changes = donorChanges(before, (await donorAuditRow(m, id))!);
      if (Object.keys(changes).length) await writeAudit(m, { actorId, action: 'donor.update', subjectType: 'donor', subjectId: id, detail: { changes } });
    });
    return this.view360(id, this.today(), { role: person?.role ?? 'agent' });
  }

  /** Links a number (or the caller's number of a call) to a donor; idempotent for a number the donor already has. */
  async linkPhone(id: number, number: string | { number?: string | null; callId?: string | null }, label: string | null, actorId: ActorId): Promise<PhoneDto> {
    const input = typeof number === 'string' ? { number } : number;
    assertFreeText(label, TEXT_FIELDS.phoneLabel);
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
}
