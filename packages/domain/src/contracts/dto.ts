/**
 * Data shapes shared by the bridge (HTTP + Socket.IO) and the desk. Personal data is masked in every shape here:
 * full phone / national ID numbers only travel through the audited unmask endpoint.
 * Timestamps are ISO-8601 strings (UTC, with Z); local calendar dates are 'YYYY-MM-DD' (Asia/Shanghai).
 */
import type { AgentState, PauseReason, Role } from '../agents/agent.types.js';
import type { AppointmentStatus, BookingChannel, SiteCapability, SiteKind } from '../appointments/appointment.types.js';
import type { CallDirection, CallOutcome, CallState, Disposition, HangupParty, IvrVerifiedBy } from '../calls/call.types.js';
import type { SegmentEndReason } from '../calls/call-segment.types.js';
import type { DonationOutcome, DonationType } from '../donations/donation.types.js';
import type { BloodType, Gender } from '../donors/donor.types.js';
import type { TypeEligibility } from '../eligibility/eligibility.js';
import type { HonourLevel } from '../honours/honours.js';
import type { AttemptOutcome, CareKind, ContactCategory, ContactChannel, SurveyChannel, TicketKind, TicketStatus } from '../tickets/ticket.types.js';
import type { TaskPriority, TaskSource } from '../work-queue/work.types.js';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface UserDto {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** The usual extension (the first of `extensions`), null when the account may not take a seat. */
  extension: string | null;
  /** 工号 (employee number); null until an administrator sets one. */
  employeeNo?: string | null;
  /** Every extension this account may take a seat at. */
  extensions?: string[];
}

export interface AgentRef {
  id: number;
  displayName: string;
  extension: string | null;
}

export interface AppointmentBrief {
  id: number;
  siteId: number;
  siteName: string;
  type: DonationType;
  startsAt: string;
  status: AppointmentStatus;
  channel: BookingChannel;
}

export interface ContactBrief {
  id: number;
  at: string;
  channel: ContactChannel;
  category: ContactCategory;
  summary: string;
  outcome: string | null;
  agent: AgentRef | null;
}

export interface TicketBrief {
  id: number;
  kind: TicketKind;
  status: TicketStatus;
  subject: string;
  createdAt: string;
  dueAt: string | null;
  owner: AgentRef | null;
}

/** A ticket with what was written on it: its body and its notes in order (GET /api/tickets/:id). */
export interface TicketDetailDto extends TicketBrief {
  donorId: number | null;
  body: string | null;
  callId: string | null;
  notes: { id: number; at: string; body: string; author: { id: number; displayName: string } | null }[];
}

export interface DeferralDto {
  id: number;
  from: string;
  until: string | null;
  reason: string;
  types: DonationType[] | null;
}

/** What the desk needs to recognise a donor at a glance (the screen-pop card, search results). */
export interface DonorSummary {
  id: number;
  name: string;
  gender: Gender;
  age: number | null;
  bloodType: BloodType | null;
  phoneMasked: string;
  nationalIdMasked: string;
  donationCount: number;
  donationUnits: number;
  honour: HonourLevel;
  lastDonationByType: Partial<Record<DonationType, string>>;
  /** Next eligible date and reasons per donation type, computed with the active rule set. */
  eligibility: Record<DonationType, TypeEligibility>;
  activeDeferral: DeferralDto | null;
  upcomingAppointments: AppointmentBrief[];
  lastContacts: ContactBrief[];
  openTickets: TicketBrief[];
  tags: string[];
  segment: string | null;
  accountManager: AgentRef | null;
  points: number;
  doNotCall: boolean;
  /** Repeat donor: priority (绿色通道). */
  greenChannel: boolean;
}

export interface PhoneDto {
  id: number;
  masked: string;
  kind: 'mobile' | 'fixed-line' | 'other';
  label: string | null;
  isPrimary: boolean;
  /** Other donors sharing this number (a family phone). */
  sharedWith: number;
}

export interface DonationDto {
  id: number;
  type: DonationType;
  date: string;
  siteName: string | null;
  volumeMl: number | null;
  units: number | null;
  outcome: DonationOutcome;
}

export interface SurveyDto {
  id: number;
  at: string;
  channel: SurveyChannel;
  score: number | null;
  text: string | null;
  callId: string | null;
}

export interface CareEventDto {
  id: number;
  kind: CareKind;
  dueDate: string;
  doneAt: string | null;
  note: string | null;
}

/** The donor 360° view. */
export interface Donor360 extends DonorSummary {
  birthDate: string | null;
  phones: PhoneDto[];
  occupation: string | null;
  mediaSource: string | null;
  consent: { recruitment: boolean; sms: boolean; healthData: boolean };
  hadAdverseReaction: boolean;
  weightKg: number | null;
  address: string | null;
  notes: string | null;
  donations: DonationDto[];
  deferrals: DeferralDto[];
  appointments: AppointmentBrief[];
  contacts: ContactBrief[];
  tickets: TicketBrief[];
  surveys: SurveyDto[];
  careEvents: CareEventDto[];
  referrals: { id: number; referredName: string; at: string; converted: boolean }[];
  contactPolicy: { recruitmentAllowed: boolean; reasons: string[]; suppressedUntil: string | null };
  /** The rule-set version that decided the eligibility above (the one in force on the day it was computed). */
  ruleSet: { id: string; version: number; standard: string; effectiveFrom: string };
  createdAt: string;
}

export interface DonorCreate {
  name: string;
  /**
   * Full number of the new donor. Optional when `callId` is given: the server then uses the caller's number of that
   * call (the desk only ever holds it masked, so "create a donor from this call" sends callId without phone).
   */
  phone?: string;
  gender?: Gender;
  birthDate?: string | null;
  nationalId?: string | null;
  bloodType?: BloodType | null;
  occupation?: string | null;
  mediaSource?: string | null;
  tags?: string[];
  consentRecruitment?: boolean;
  consentSms?: boolean;
  /** Link the call the donor is on to the new record. */
  callId?: string;
}

export type DonorUpdate = Partial<Omit<DonorCreate, 'phone' | 'callId'>> & {
  doNotCall?: boolean;
  accountManagerId?: number | null;
  notes?: string | null;
  address?: string | null;
};

export interface SiteDto {
  id: number;
  code: string;
  name: string;
  kind: SiteKind;
  district: string;
  address: string;
  hours: string;
  transport: string;
  capabilities: SiteCapability[];
  phone: string | null;
}

export interface SlotDto {
  id: number;
  siteId: number;
  siteName: string;
  type: DonationType;
  startsAt: string;
  endsAt: string;
  capacity: number;
  booked: number;
  available: number;
}

export interface AppointmentCreate {
  donorId: number;
  slotId: number;
  type: DonationType;
  channel: BookingChannel;
  callId?: string;
}

export interface CallDto {
  id: number;
  callId: string;
  direction: CallDirection;
  callerMasked: string;
  dialed: string | null;
  donor: { id: number; name: string } | null;
  queue: string | null;
  agent: AgentRef | null;
  startedAt: string;
  queuedAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  waitSeconds: number;
  talkSeconds: number;
  holdSeconds: number;
  outcome: CallOutcome | null;
  hangupCause: string | null;
  hangupBy: HangupParty | null;
  ivrPath: string[];
  ivrVerified: boolean;
  disposition: Disposition | null;
  notes: string | null;
  recording: RecordingDto | null;
  /** Every agent who answered the call, in order, each with their own part and wrap-up (empty: nobody answered). */
  segments: CallSegmentDto[];
}

/** One agent's part of a call: who, from–to, talk/hold, how it ended for them, their own disposition and note. */
export interface CallSegmentDto {
  id: number;
  agent: AgentRef | null;
  ext: string;
  queue: string | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  talkSeconds: number;
  holdSeconds: number;
  endReason: SegmentEndReason | null;
  disposition: Disposition | null;
  notes: string | null;
  /** The recordings of this agent's leg (ids; playback rights follow the leg). */
  recordingIds: number[];
}

/**
 * One call of the agent's shift (本班通话), from the server so it survives a reload: calls the agent handled, and calls
 * that rang them and that nobody answered (回拨 offers to call back).
 */
export interface ShiftCallDto {
  callId: string;
  direction: CallDirection;
  callerMasked: string;
  donor: { id: number; name: string } | null;
  /** When it rang the agent (or the call started, for calls they placed). */
  at: string;
  /** The agent answered (or placed) it. */
  handled: boolean;
  /** It rang the agent and nobody answered the call (the caller hung up or gave up). */
  missed: boolean;
  /** The agent rejected (拒接) it while it rang. */
  rejected: boolean;
  talkSeconds: number;
  disposition: Disposition | null;
  /** A missed inbound call with a number to dial: the desk offers 回拨 (call:dial { callbackOf }). */
  canCallBack: boolean;
}

export interface RecordingDto {
  id: number;
  /** Random 10-digit reference (录音编号) the quality dial-in asks for; never the sequential id. */
  refCode?: string;
  callRecordId: number;
  callId: string;
  startedAt: string;
  durationSeconds: number;
  format: string;
  sizeBytes: number | null;
  agent: AgentRef | null;
  donor: { id: number; name: string } | null;
  callerMasked: string;
  queue: string | null;
  disposition: Disposition | null;
  /** The agent segment (leg) this recording belongs to. */
  callSegmentId?: number | null;
}

/** The database was away: the wrap-up is journalled on the bridge and written once it is back (202). */
export interface DispositionBuffered {
  buffered: true;
  /** Idempotency key of the journal entry. */
  key: string;
  callId: string;
  donor: null;
}

export interface DispositionSubmit {
  disposition: Disposition;
  notes?: string;
  donorId?: number | null;
  followUp?: { kind: TicketKind; subject: string; dueAt?: string | null } | null;
}

export interface ContactCreate {
  donorId: number;
  channel: ContactChannel;
  category: ContactCategory;
  notes: string;
  outcome?: string | null;
  callId?: string | null;
}

export interface TicketCreate {
  donorId?: number | null;
  kind: TicketKind;
  subject: string;
  body?: string;
  dueAt?: string | null;
  ownerId?: number | null;
  callId?: string | null;
  /** Work queue: where it came from (default manual) and how urgent it is (default normal). */
  source?: TaskSource;
  priority?: TaskPriority;
}

export interface TicketUpdate {
  status?: TicketStatus;
  ownerId?: number | null;
  note?: string;
  dueAt?: string | null;
  /** What was done: required when the status becomes resolved. */
  outcome?: string;
}

export interface QueueStats {
  queue: string;
  waiting: number;
  longestWaitSeconds: number;
  agentsReady: number;
  agentsBusy: number;
  agentsPaused: number;
  answeredToday: number;
  abandonedToday: number;
  /** Today's figures, as the reports define them (reports/figures.ts; null: nothing offered yet or not read yet). */
  offeredToday: number;
  serviceLevel: number | null;
  abandonRate: number | null;
  asaSeconds: number | null;
  ahtSeconds: number | null;
}

export interface AgentStatusDto {
  agent: AgentRef;
  state: AgentState;
  pauseReason: PauseReason | null;
  since: string;
  currentCallId: string | null;
}

export interface AuditEntryDto {
  id: number;
  at: string;
  actor: { id: number; username: string } | null;
  action: string;
  subjectType: string;
  subjectId: string;
  detail: Record<string, unknown> | null;
  ip: string | null;
}

export interface KnowledgeArticleDto {
  id: number;
  category: 'eligibility' | 'sites' | 'reimbursement' | 'faq' | 'policy';
  title: string;
  body: string;
  tags: string[];
  updatedAt: string;
}

export interface PhraseDto {
  id: number;
  callType: string;
  stage: 'opening' | 'bad-news' | 'choices' | 'commitment' | 'closing' | 'other';
  order: number;
  text: string;
  textEn: string | null;
  /** The script version the line belongs to (the active one). */
  version?: number;
}

export interface AttemptDto {
  id: number;
  at: string;
  outcome: AttemptOutcome;
  channel: 'voice' | 'sms';
  campaignName: string | null;
}

export interface IvrFindings {
  path: string[];
  verified: boolean;
  verifiedBy: IvrVerifiedBy | null;
  topic: string | null;
  lang: 'zh' | 'en' | null;
  donorId: number | null;
}

export type { CallState };
