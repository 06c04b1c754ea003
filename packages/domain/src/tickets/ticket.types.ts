export const TICKET_KINDS = ['complaint', 'suggestion', 'consultation', 'message', 'callback'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

/**
 * A ticket is a piece of work a person must do (work-queue/): new (in a team's pool) → assigned (someone owns it) →
 * in-progress → resolved (with an outcome) → closed; reopen goes back to assigned (or new without an owner).
 */
export const TICKET_STATUSES = ['new', 'assigned', 'in-progress', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const OPEN_TICKET_STATUSES: readonly TicketStatus[] = ['new', 'assigned', 'in-progress'];
/** SQL list of the open statuses, for `status IN (…)`. */
export const OPEN_TICKET_STATUSES_SQL = OPEN_TICKET_STATUSES.map((s) => `'${s}'`).join(', ');

/** The kinds of ticket a voice message (IVR 留言) can open. */
export const VOICE_MESSAGE_KINDS = ['message', 'complaint', 'suggestion'] as const satisfies readonly TicketKind[];
export type VoiceMessageKind = (typeof VOICE_MESSAGE_KINDS)[number];

/**
 * The ticket kind of a voice message, chosen by what the caller came for (the IVR's topic): a complaint left after
 * hours is a complaint — so the open-complaint contact rules apply — and a suggestion a suggestion; anything else is
 * a plain message.
 */
export function voiceMessageKind(topic: string | null | undefined): VoiceMessageKind {
  return topic === 'complaint' || topic === 'suggestion' ? topic : 'message';
}

/** Contact records: every conversation with a donor, by call or entered by hand. */
export const CONTACT_CHANNELS = ['call', 'sms', 'manual', 'ivr', 'wechat'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const CONTACT_CATEGORIES = [
  'consultation', 'booking', 'reschedule', 'eligibility', 'reimbursement', 'complaint', 'suggestion',
  'recall', 'care', 'survey-callback', 'recruitment', 'other',
] as const;
export type ContactCategory = (typeof CONTACT_CATEGORIES)[number];

/** Outcome of a recruitment contact attempt; only 'reached-*' count as reached for reach-rate reports. */
/** 'reached' = answered, no result recorded (a click-to-dial the agent did not code): counts as failed. */
export const ATTEMPT_OUTCOMES = ['reached-booked', 'reached-declined', 'reached-later', 'reached', 'no-answer', 'busy', 'rejected', 'wrong-number', 'sms-sent', 'sms-replied'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** A recruitment attempt "fails" unless it produced a booking (or an explicit later commitment). */
export function isFailedRecruitment(outcome: AttemptOutcome): boolean {
  return outcome !== 'reached-booked' && outcome !== 'reached-later' && outcome !== 'sms-replied';
}

export const CARE_KINDS = ['birthday', 'holiday', 'anniversary', 'post-donation', 'one-to-one'] as const;
export type CareKind = (typeof CARE_KINDS)[number];

export const SURVEY_CHANNELS = ['sms', 'ivr', 'call'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];
