/**
 * What the flows need from the blood center's data, as one small port. The production implementation sits on the
 * domain services (domain-backend.ts); unit tests use the in-memory fake (memory-backend.ts).
 * Secrets stay behind the port: flows never see a national ID or a birth date, only whether an entry matched.
 */
import type { DonationType, LocalDate, ManagerSeat, ServiceCalendar, TypeEligibility, VoiceMessageKind } from '@donorline/domain';

export interface AppointmentInfo {
  id: number;
  siteId: number;
  siteCode: string;
  siteName: string;
  type: DonationType;
  /** Local date and time at the site (Asia/Shanghai). */
  date: LocalDate;
  time: string; // 'HH:MM'
}

export interface DonorBrief {
  id: number;
  donationCount: number;
  lastDonation: { type: DonationType; date: LocalDate } | null;
  eligibility: Record<DonationType, TypeEligibility>;
  /** A deferral in force today (until = null: permanent). */
  activeDeferral: { until: LocalDate | null; reason: string } | null;
  upcoming: AppointmentInfo[];
  /** The donor's account manager (user id), tried first when the call goes to an agent and the manager is free. */
  accountManagerId: number | null;
  /** Donation count still needed for the next dedication award, when close (null otherwise). */
  toNextHonour: number | null;
}

export interface SiteInfo {
  id: number;
  code: string;
  name: string;
  /** What the site collects. */
  types: DonationType[];
}

export interface SlotInfo {
  id: number;
  time: string; // 'HH:MM' local
  available: number;
}

export interface DaySlots {
  date: LocalDate;
  slots: SlotInfo[];
}

export type IdentityProof = { kind: 'id-last4'; value: string } | { kind: 'birth-date'; value: LocalDate };

/** Audio the PBX can play: an ARI stored recording by name, or a file by its absolute path on the PBX host. */
export type Playable = { recording: string } | { file: string };

export interface VoiceReply {
  id: number;
  play: Playable;
}

/** A voice message left in the IVR. */
export interface VoiceMessageInput {
  donorId: number | null;
  callerNumber: string;
  recordingName: string;
  durationSeconds: number;
  callId: string;
  /** The ticket it opens, chosen from the caller's topic (voiceMessageKind): a complaint stays a complaint. */
  kind: VoiceMessageKind;
}

export type StaffLogin = { ok: true; userId: number } | { ok: false; locked: boolean };

export interface QueueOutlook {
  ahead: number;
  expectedWaitSecs: number | null;
}

export interface IvrBackend {
  /** Donors whose phone list holds this number (several for a family phone). */
  findDonorIdsByPhone(phone: string): Promise<number[]>;
  /** Which of the candidates the proof matches (an X in the ID may be keyed as * or 0). */
  verifyIdentity(candidateIds: readonly number[], proof: IdentityProof): Promise<number[]>;
  donorBrief(donorId: number, today: LocalDate): Promise<DonorBrief>;

  sites(type?: DonationType): Promise<SiteInfo[]>;
  /** Days from `from` (inclusive) for `days` days that still have room, each with its open slots. */
  availableDays(siteId: number, type: DonationType, from: LocalDate, days: number): Promise<DaySlots[]>;
  /** Books (capacity and eligibility checked by the service; DomainError SLOT_FULL / NOT_ELIGIBLE) and queues the SMS. */
  book(input: { donorId: number; slotId: number; type: DonationType; callId: string }): Promise<AppointmentInfo>;
  cancel(input: { donorId: number; appointmentId: number; callId: string }): Promise<void>;
  reschedule(input: { donorId: number; appointmentId: number; slotId: number; callId: string }): Promise<AppointmentInfo>;

  /** A voice message becomes a ticket of the given kind carrying the recording. */
  leaveMessage(input: VoiceMessageInput): Promise<{ ticketId: number }>;
  /** Staff reply recordings the donor has not heard yet, oldest first. */
  pendingReplies(donorId: number): Promise<VoiceReply[]>;
  markReplyHeard(replyId: number): Promise<void>;

  /**
   * Quality dial-in: 工号 (employee number) + PIN. Wrong PINs count per staff member across calls; at the limit the
   * person is locked out (until an admin sets a new PIN) and an alert is raised. `locked`: refused without a check.
   */
  staffLogin(staffNumber: string, pin: string, callId: string): Promise<StaffLogin>;
  /** A recording by its reference (录音编号, 10 random digits shown in the desk — never the sequential id); audited. */
  recordingByRef(ref: string, userId: number): Promise<{ play: Playable } | null>;

  /** Stores a 1–5 score with the call; a low score opens a callback ticket. */
  recordSurvey(input: { callId: string; donorId: number | null; callerNumber: string; score: number }): Promise<{ callbackTicketId: number | null }>;

  /**
   * An agent's seat now, as the bridge reports it (signed in at which extension; ready, paused, on a call …).
   * The IVR never asks the bridge directly: the bridge logs every seat change, this reads the latest.
   */
  agentSeat(userId: number): Promise<ManagerSeat>;

  /** Position/expected wait in a queue, when the platform can tell (null otherwise). */
  queueOutlook?(queue: string): Promise<QueueOutlook | null>;

  /** The hotline's service calendar (hours, holidays, 调休) as the admin keeps it; null when there is none. */
  serviceCalendar?(): Promise<ServiceCalendar | null>;
  /** Whether callers hear the recording notice (administration → center settings); absent: no notice. */
  recordingNotice?(): Promise<boolean>;
}
