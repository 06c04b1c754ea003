import type { DataSource } from 'typeorm';
import type { AppointmentBrief, ContactBrief, DeferralDto, DonorSummary, TicketBrief } from '../../contracts/dto.js';
import { counts, DONATION_TYPES, type DonationFact, type DonationType } from '../../donations/donation.types.js';
import type { AboGroup, Gender, RhFactor } from '../../donors/donor.types.js';
import { bloodTypeOf } from '../../donors/donor.types.js';
import { maskNationalIdLast4, maskPhone } from '../../donors/masking.js';
import { computeEligibility, type DeferralFact } from '../../eligibility/eligibility.js';
import type { EligibilityRuleSet } from '../../eligibility/rule-set.js';
import { donationUnits, honourLevel } from '../../honours/honours.js';
import { DEFAULT_ROUTING_RULES } from '../../routing/routing-policy.js';
import { ageOn, type LocalDate } from '../../time/local-date.js';
import type { ContactCategory, ContactChannel, TicketKind, TicketStatus } from '../../tickets/ticket.types.js';
import type { AppointmentStatus, BookingChannel } from '../../appointments/appointment.types.js';
import { asBool, iso, parseJson, placeholders, rows, sqlTime } from '../sql.js';
import { agentRef } from './mappers.js';

/**
 * Batched raw-SQL reads behind DonorSummary (the screen-pop card) and the 360° view: a fixed number of indexed
 * queries for any number of donors, no ORM hydration.
 */
export interface DonorRow {
  id: number;
  name: string;
  gender: Gender;
  birth_date: string | null;
  national_id_masked: string | null;
  national_id_last4: string | null;
  blood_abo: AboGroup | null;
  blood_rh: RhFactor | null;
  occupation: string | null;
  segment: string | null;
  tags: unknown;
  media_source: string | null;
  consent_recruitment: unknown;
  consent_sms: unknown;
  consent_health_data: unknown;
  do_not_call: unknown;
  had_adverse_reaction: unknown;
  weight_kg: number | null;
  account_manager_id: number | null;
  am_name: string | null;
  am_ext: string | null;
  points: number;
  address: string | null;
  notes: string | null;
  created_at: unknown;
}

export interface PhoneRow {
  id: number;
  donor_id: number;
  e164: string;
  kind: 'mobile' | 'fixed-line' | 'other';
  label: string | null;
  is_primary: unknown;
}

export interface DonationRow {
  id: number;
  donor_id: number;
  type: DonationType;
  date: string;
  volume_ml: number | null;
  units: number | null;
  outcome: DonationFact['outcome'];
  site_name: string | null;
}

export interface DonorBundle {
  donor: DonorRow;
  phones: PhoneRow[];
  donations: DonationRow[];
  deferrals: DeferralDto[];
}

const dateStr = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export async function loadBundles(ds: DataSource, ids: readonly number[]): Promise<Map<number, DonorBundle>> {
  const out = new Map<number, DonorBundle>();
  if (!ids.length) return out;
  const ph = placeholders(ids.length);
  const donors = await rows<DonorRow>(ds,
    `SELECT d.id, d.name, d.gender, d.birth_date, d.national_id_masked, d.national_id_last4, d.blood_abo, d.blood_rh, d.occupation, d.segment, d.tags,
            d.media_source, d.consent_recruitment, d.consent_sms, d.consent_health_data, d.do_not_call, d.had_adverse_reaction,
            d.weight_kg, d.account_manager_id, u.display_name AS am_name, u.extension AS am_ext, d.points, d.address, d.notes, d.created_at
     FROM donor d LEFT JOIN app_user u ON u.id = d.account_manager_id WHERE d.id IN (${ph})`, [...ids]);
  for (const d of donors) {
    d.id = Number(d.id);
    if (d.birth_date) d.birth_date = dateStr(d.birth_date);
    out.set(d.id, { donor: d, phones: [], donations: [], deferrals: [] });
  }
  const phones = await rows<PhoneRow>(ds, `SELECT id, donor_id, e164, kind, label, is_primary FROM donor_phone WHERE donor_id IN (${ph}) ORDER BY is_primary DESC, id`, [...ids]);
  for (const p of phones) out.get(Number(p.donor_id))?.phones.push({ ...p, id: Number(p.id), donor_id: Number(p.donor_id) });
  const donations = await rows<DonationRow>(ds,
    `SELECT x.id, x.donor_id, x.type, x.date, x.volume_ml, x.units, x.outcome, s.name AS site_name
     FROM donation x LEFT JOIN donation_site s ON s.id = x.site_id WHERE x.donor_id IN (${ph}) ORDER BY x.date DESC, x.id DESC`, [...ids]);
  for (const d of donations) out.get(Number(d.donor_id))?.donations.push({ ...d, id: Number(d.id), date: dateStr(d.date) });
  const deferrals = await rows(ds, `SELECT id, donor_id, from_date, until, reason, types FROM deferral WHERE donor_id IN (${ph}) ORDER BY from_date DESC, id DESC`, [...ids]);
  for (const d of deferrals) {
    out.get(Number(d.donor_id))?.deferrals.push({
      id: Number(d.id), from: dateStr(d.from_date), until: d.until ? dateStr(d.until) : null, reason: String(d.reason), types: parseJson<DonationType[] | null>(d.types, null),
    });
  }
  return out;
}

export function donationFacts(b: DonorBundle): DonationFact[] {
  return b.donations.map((d) => ({ type: d.type, date: d.date, outcome: d.outcome, volumeMl: d.volume_ml, units: d.units }));
}

export function deferralFacts(b: DonorBundle): DeferralFact[] {
  return b.deferrals.map((d) => ({ until: d.until, reason: d.reason, types: d.types }));
}

/** The deferral in force today (permanent first, then the one lasting longest). */
export function activeDeferral(deferrals: readonly DeferralDto[], today: LocalDate): DeferralDto | null {
  const inForce = deferrals.filter((d) => d.from <= today && (d.until === null || d.until > today));
  inForce.sort((a, b) => (a.until === null ? -1 : b.until === null ? 1 : b.until.localeCompare(a.until)));
  return inForce[0] ?? null;
}

export async function loadUpcoming(ds: DataSource, ids: readonly number[], now: Date, all = false): Promise<Map<number, AppointmentBrief[]>> {
  const out = new Map<number, AppointmentBrief[]>();
  if (!ids.length) return out;
  const list = await rows(ds,
    `SELECT a.id, a.donor_id, a.site_id, s.name AS site_name, a.type, a.starts_at, a.status, a.channel
     FROM appointment a JOIN donation_site s ON s.id = a.site_id
     WHERE a.donor_id IN (${placeholders(ids.length)}) ${all ? '' : "AND a.status = 'booked' AND a.starts_at >= ?"}
     ORDER BY a.starts_at ${all ? 'DESC' : 'ASC'}`, all ? [...ids] : [...ids, sqlTime(now)]);
  for (const a of list) {
    const k = Number(a.donor_id);
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push({
      id: Number(a.id), siteId: Number(a.site_id), siteName: String(a.site_name), type: a.type as DonationType, startsAt: iso(a.starts_at)!,
      status: a.status as AppointmentStatus, channel: a.channel as BookingChannel,
    });
  }
  return out;
}

export async function loadContacts(ds: DataSource, donorId: number, limit: number): Promise<ContactBrief[]> {
  const list = await rows(ds,
    `SELECT c.id, c.at, c.channel, c.category, c.notes, c.outcome, c.agent_id, u.display_name, u.extension
     FROM contact_record c LEFT JOIN app_user u ON u.id = c.agent_id WHERE c.donor_id = ? ORDER BY c.at DESC, c.id DESC LIMIT ?`, [donorId, limit]);
  return list.map((c) => ({
    id: Number(c.id), at: iso(c.at)!, channel: c.channel as ContactChannel, category: c.category as ContactCategory,
    summary: String(c.notes ?? ''), outcome: (c.outcome as string | null) ?? null, agent: agentRef(c.agent_id, c.display_name, c.extension),
  }));
}

export async function loadTickets(ds: DataSource, ids: readonly number[], openOnly: boolean, limit = 50): Promise<Map<number, TicketBrief[]>> {
  const out = new Map<number, TicketBrief[]>();
  if (!ids.length) return out;
  const list = await rows(ds,
    `SELECT t.id, t.donor_id, t.kind, t.status, t.subject, t.created_at, t.due_at, t.owner_id, u.display_name, u.extension
     FROM ticket t LEFT JOIN app_user u ON u.id = t.owner_id
     WHERE t.donor_id IN (${placeholders(ids.length)}) ${openOnly ? "AND t.status IN ('new', 'assigned', 'in-progress')" : ''}
     ORDER BY t.created_at DESC, t.id DESC LIMIT ?`, [...ids, limit * ids.length]);
  for (const t of list) {
    const k = Number(t.donor_id);
    if (!out.has(k)) out.set(k, []);
    const arr = out.get(k)!;
    if (arr.length >= limit) continue;
    arr.push(ticketBrief(t));
  }
  return out;
}

export function ticketBrief(t: Record<string, unknown>): TicketBrief {
  return {
    id: Number(t.id), kind: t.kind as TicketKind, status: t.status as TicketStatus, subject: String(t.subject), createdAt: iso(t.created_at)!,
    dueAt: iso(t.due_at), owner: agentRef(t.owner_id, t.display_name, t.extension),
  };
}

/** Which phone a summary shows: the number that matched the call, else the primary, else the first. */
export function shownPhone(b: DonorBundle, matchedE164?: string | null): PhoneRow | null {
  return (matchedE164 && b.phones.find((p) => p.e164 === matchedE164)) || b.phones.find((p) => asBool(p.is_primary)) || b.phones[0] || null;
}

export function buildSummary(
  b: DonorBundle,
  today: LocalDate,
  rules: EligibilityRuleSet,
  extra: { upcoming: AppointmentBrief[]; lastContacts: ContactBrief[]; openTickets: TicketBrief[]; matchedE164?: string | null },
): DonorSummary {
  const d = b.donor;
  const facts = donationFacts(b);
  const counted = facts.filter(counts);
  const last: Partial<Record<DonationType, string>> = {};
  for (const f of counted) if (!last[f.type] || f.date > last[f.type]!) last[f.type] = f.date;
  const elig = computeEligibility(
    { today, birthDate: d.birth_date, gender: d.gender, weightKg: d.weight_kg === null ? null : Number(d.weight_kg), hadAdverseReaction: asBool(d.had_adverse_reaction), donations: facts, deferrals: deferralFacts(b) },
    rules,
  );
  const units = donationUnits(facts);
  const phone = shownPhone(b, extra.matchedE164);
  const eligibility = {} as DonorSummary['eligibility'];
  for (const t of DONATION_TYPES) eligibility[t] = elig.byType[t];
  return {
    id: d.id,
    name: d.name,
    gender: d.gender,
    age: d.birth_date ? ageOn(d.birth_date, today) : null,
    bloodType: bloodTypeOf(d.blood_abo, d.blood_rh),
    phoneMasked: phone ? maskPhone(phone.e164) : '',
    // the last four only, for every role (access/donor-view.ts): never the county prefix next to the age
    nationalIdMasked: maskNationalIdLast4(d.national_id_last4),
    donationCount: counted.length,
    donationUnits: units,
    honour: honourLevel(units),
    lastDonationByType: last,
    eligibility,
    activeDeferral: activeDeferral(b.deferrals, today),
    upcomingAppointments: extra.upcoming,
    lastContacts: extra.lastContacts,
    openTickets: extra.openTickets,
    tags: parseJson<string[]>(d.tags, []),
    segment: d.segment,
    accountManager: agentRef(d.account_manager_id, d.am_name, d.am_ext),
    points: Number(d.points ?? 0),
    doNotCall: asBool(d.do_not_call),
    greenChannel: counted.length >= DEFAULT_ROUTING_RULES.repeatDonorMinDonations,
  };
}
