/**
 * The facts a phrase can name, gathered from what the desk holds about a call: the agent, the donor's record (as
 * the pop or the 360° view has it) and what was booked on this call. Each fact comes from exactly one place — the
 * last donation is never an appointment, the next eligible date is never the last donation.
 */
import { DONATION_TYPES, type DonationType } from '../donations/donation.types.js';
import type { Gender } from '../donors/donor.types.js';
import type { TypeEligibility } from '../eligibility/eligibility.js';
import type { AppointmentBrief, DeferralDto, SurveyDto, TicketBrief } from '../contracts/dto.js';
import { LAST_DONATION_BY_TYPE, NEXT_ELIGIBLE_BY_TYPE, type PlaceholderKey } from './placeholders.js';
import type { PhraseFact, PhraseFacts } from './phrase-text.js';
import { OPEN_TICKET_STATUSES } from '../tickets/ticket.types.js';

/** What the facts need from a donor: a DonorSummary (pop, search) or a Donor360 (its tickets and surveys add more). */
export interface PhraseDonor {
  name: string;
  gender: Gender;
  donationCount: number;
  lastDonationByType: Partial<Record<DonationType, string>>;
  eligibility: Partial<Record<DonationType, TypeEligibility>>;
  activeDeferral: DeferralDto | null;
  upcomingAppointments: AppointmentBrief[];
  openTickets?: TicketBrief[];
  tickets?: TicketBrief[];
  surveys?: SurveyDto[];
}

export interface PhraseFactInput {
  /** The agent on the call (null: not signed in — the agent facts stay unknown). */
  agent: { name: string | null; number: string | null } | null;
  /** The donor the call is about; null while nobody is identified or open (the donor facts stay unknown). */
  donor: PhraseDonor | null;
  /** The appointment booked (or moved) on this call, which the commitment line names. */
  bookedOnCall?: AppointmentBrief | null;
}

const text = (value: string | null | undefined, en?: string): PhraseFact | null => (value ? { kind: 'text', value, ...(en ? { en } : {}) } : null);

function honorific(name: string, gender: Gender): PhraseFact {
  const surname = [...name][0] ?? '';
  if (gender === 'male') return { kind: 'text', value: `${surname}先生`, en: `Mr ${surname}` };
  if (gender === 'female') return { kind: 'text', value: `${surname}女士`, en: `Ms ${surname}` };
  return { kind: 'text', value: name };
}

/** The soonest type the donor may give (eligible now first; ties in DONATION_TYPES order). */
function soonest(byType: PhraseDonor['eligibility']): TypeEligibility | null {
  let best: TypeEligibility | null = null;
  for (const t of DONATION_TYPES) {
    const e = byType[t];
    if (!e?.eligibleFrom) continue;
    if (!best || e.eligibleFrom < best.eligibleFrom!) best = e;
  }
  return best;
}

export function phraseFacts(i: PhraseFactInput): PhraseFacts {
  const f: { [K in PlaceholderKey]?: PhraseFact | null } = {};
  if (i.agent) {
    f.agentNo = text(i.agent.number);
    f.agentName = text(i.agent.name);
  }
  const d = i.donor;
  if (!d) return f;

  f.name = text(d.name);
  f.honorific = honorific(d.name, d.gender);
  f.donationCount = { kind: 'number', value: d.donationCount };

  let last: { type: DonationType; date: string } | null = null;
  for (const t of DONATION_TYPES) {
    const date = d.lastDonationByType[t] ?? null;
    f[LAST_DONATION_BY_TYPE[t]] = date ? { kind: 'date', value: date } : null;
    if (date && (!last || date > last.date)) last = { type: t, date };
  }
  f.lastDonationDate = last ? { kind: 'date', value: last.date } : null;
  f.lastDonationType = last ? { kind: 'donation-type', value: last.type } : null;

  for (const t of DONATION_TYPES) {
    const from = d.eligibility[t]?.eligibleFrom ?? null;
    f[NEXT_ELIGIBLE_BY_TYPE[t]] = from ? { kind: 'date', value: from } : null;
  }
  const s = soonest(d.eligibility);
  f.nextEligibleDate = s?.eligibleFrom ? { kind: 'date', value: s.eligibleFrom } : null;
  f.nextEligibleType = s ? { kind: 'donation-type', value: s.type } : null;
  const blocker = s && !s.eligibleNow ? s.blockers[0] ?? null : null;
  f.notEligibleReason = blocker ? { kind: 'reason', value: blocker } : null;

  f.deferralReason = text(d.activeDeferral?.reason);
  f.deferralUntil = d.activeDeferral?.until ? { kind: 'date', value: d.activeDeferral.until } : null;

  const booked = i.bookedOnCall && i.bookedOnCall.status === 'booked' ? i.bookedOnCall : null;
  const appt = booked ?? d.upcomingAppointments.find((a) => a.status === 'booked') ?? null;
  f.appointmentDate = appt ? { kind: 'instant', value: appt.startsAt } : null;
  f.appointmentTime = appt ? { kind: 'instant', value: appt.startsAt } : null;
  f.appointmentSite = appt ? text(appt.siteName) : null;

  const tickets = d.tickets ?? d.openTickets ?? [];
  const ticket = tickets.find((x) => OPEN_TICKET_STATUSES.includes(x.status)) ?? null;
  f.ticketNo = ticket ? { kind: 'text', value: String(ticket.id) } : null;
  f.ticketDue = ticket?.dueAt ? { kind: 'instant', value: ticket.dueAt } : null;

  // A summary (pop card) carries no surveys: the score stays unknown until the 360° view is open.
  if (d.surveys) {
    const scored = d.surveys.find((x) => x.score !== null) ?? null;
    f.surveyScore = scored ? { kind: 'number', value: scored.score! } : null;
  }
  return f;
}
