import type { DataSource } from 'typeorm';
import { DEFAULT_CONTACT_RULES, type ContactPolicyRules } from '../../contact-policy/contact-policy.js';
import { maskPhone } from '../../donors/masking.js';
import type { PhoneOptions } from '../../donors/phone.js';
import { DEMO_DONORS } from '../seed/demo-donors.js';
import { KeylessPiiCipher, PiiCipher, type PiiKeys } from '../pii.js';
import { AgentRingService } from './agent-ring.service.js';
import { AppointmentService } from './appointment.service.js';
import { AuditService } from './audit.service.js';
import { CallRecordService } from './call-record.service.js';
import { CallerLookup, type LookupCacheOptions } from './caller-lookup.js';
import { CampaignService } from './campaign.service.js';
import { CampaignDialerService } from '../dialer/campaign-dialer.service.js';
import { ContactPolicyService } from './contact-policy.service.js';
import { ContactService } from './contact.service.js';
import { DonorService } from './donor.service.js';
import { KnowledgeService } from './knowledge.service.js';
import { PhraseScriptService } from './phrase-script.service.js';
import { OutboxNotifier, type Notifier } from './notifier.js';
import { RecordingService } from './recording.service.js';
import { RuleSetService } from './rule-set.service.js';
import { SurveyService } from './survey.service.js';
import { TicketService } from './ticket.service.js';
import { UserService } from './user.service.js';
import { VoiceMessageService } from './voice-message.service.js';
import { WorkService } from '../work-queue/work.service.js';
import { AttendanceService } from '../attendance/attendance.service.js';
import type { AttendanceRules } from '../../attendance/attendance.js';
import { AccountManagerService, SegmentService } from '../crm/index.js';
import { PlanningService } from '../planning/planning.service.js';
import { ReportService } from '../reports/reports.service.js';
import { DEFAULT_WORK_RULES, type WorkRules } from '../../work-queue/work.types.js';
import { StaffService } from '../admin/staff.service.js';
import { SessionService } from '../auth/session.service.js';
import { BecsIntegration } from '../integration/integration.service.js';
import { CalendarService } from '../admin/calendar.service.js';
import { SiteAdminService } from '../admin/site-admin.service.js';
import { DEFAULT_SLOT_HORIZON_DAYS, SlotGenerator } from '../admin/slot-generator.js';
import { CenterSettingsService } from '../admin/center-settings.service.js';
import { DeskListService } from '../admin/desk-list.service.js';
import { ReimbursementService } from '../admin/reimbursement.service.js';
import { QaService } from '../qa/qa.service.js';
import type { QaSamplingRules } from '../../qa/sampling.js';
import { MessagingService } from '../messaging/messaging.service.js';
import { SmsInboundService } from '../messaging/sms-inbound.service.js';
import { SmsOutboxStore } from '../messaging/sms-outbox.store.js';
import type { QuietHours } from '../../messaging/quiet-hours.js';

export interface DomainServicesOptions {
  /**
   * Keys protecting national IDs (from the app's config; DEMO_PII_KEYS only for the embedded demo and tests), or
   * 'none' for a process that holds no key: anything needing one then fails (KeylessPiiCipher).
   */
  pii: PiiKeys | 'none';
  /** Caller-lookup cache; false disables it (benchmarks). Default 10,000 numbers for 60 s. */
  lookupCache?: LookupCacheOptions | false;
  /** Default area code for bare local numbers, e.g. '0532'. */
  defaultAreaCode?: string;
  /** Defaults to the sms_outbox notifier. */
  notifier?: Notifier;
  contactRules?: ContactPolicyRules;
  /** For tests and training: the current instant. */
  clock?: () => Date;
  /** Full phone-number / full national-ID lookups per user per rolling hour (donor-search.ts; default 60). */
  sensitiveLookupsPerHour?: number;
  /** Days of slots generated ahead from the templates (default 28; the bridge's SLOT_HORIZON_DAYS). */
  slotHorizonDays?: number;
  /** Work queue rules: due hours per kind, the default team (default DEFAULT_WORK_RULES). */
  work?: WorkRules;
  /** QA sampling rules (default DEFAULT_QA_SAMPLING) and how long a claim on a queued call lasts (default 30 min). */
  qa?: { sampling?: QaSamplingRules; claimMinutes?: number };
  /** Quiet hours for non-service SMS (the bridge's SMS_QUIET_HOURS; default none). */
  smsQuietHours?: QuietHours | null;
  /** No-show settlement: grace, look-back and follow-up days (default DEFAULT_ATTENDANCE_RULES). */
  attendance?: AttendanceRules;
}

export interface DomainServices {
  ds: DataSource;
  pii: PiiCipher;
  lookup: CallerLookup;
  donors: DonorService;
  ruleSets: RuleSetService;
  appointments: AppointmentService;
  calls: CallRecordService;
  recordings: RecordingService;
  contacts: ContactService;
  tickets: TicketService;
  voiceMessages: VoiceMessageService;
  surveys: SurveyService;
  users: UserService;
  audit: AuditService;
  knowledge: KnowledgeService;
  phrases: PhraseScriptService;
  rings: AgentRingService;
  contactPolicy: ContactPolicyService;
  campaigns: CampaignService;
  /** Campaigns with a dialer (issue 13): campaigns, agents, targets, the atomic claim, attempts, the board. */
  dialer: CampaignDialerService;
  notifier: Notifier;
  outbox: OutboxNotifier;
  /** Administration → Staff and the IVR quality dial-in's PIN check. */
  staff: StaffService;
  /** Sign-in sessions (revocable tokens). */
  sessions: SessionService;
  /** The work queue (工单/待办): tasks, routing, due times, escalation (issue 12). */
  work: WorkService;
  /** Recruitment CRM (issue 13): donor segments and account managers (客户经理). */
  segments: SegmentService;
  accountManagers: AccountManagerService;
  /** The platelet demand planner: stock, issues, needs, capacity, the plan and the ranked call list (issue 14). */
  planning: PlanningService;
  /** Donor data from the BECS: file import jobs, ingest API, API keys, mappings, domain events (issue 11). */
  integration: BecsIntegration;
  /** Administration → Sites: sites, slot templates, per-day overrides, slot generation (issue 11). */
  sites: SiteAdminService;
  slotGenerator: SlotGenerator;
  /** The hotline's service calendar (hours, holidays, 调休), read by the IVR. */
  calendar: CalendarService;
  /** Administration → lists: pause reasons and dispositions as data. */
  lists: DeskListService;
  /** Administration → center settings (name, hotline, SMS signature, recording notice). */
  center: CenterSettingsService;
  /** Administration → blood-use reimbursement policies per province (knowledge search and the 360 answer from it). */
  reimbursement: ReimbursementService;
  /** Quality evaluations (质检): forms, the QA queue and sampling, evaluations, disputes, calibration (issue 15). */
  qa: QaService;
  /** Reports and the wallboard's figures of the day; the agent state log (issue 15). */
  reports: ReportService;
  /** SMS (issue 12): the outbox for the sending worker, replies from donors, the admin's outbox and a donor's SMS. */
  messaging: { service: MessagingService; store: SmsOutboxStore; inbound: SmsInboundService; quietHours: QuietHours | null };
  /** Bookings settled against the BECS donations: arrived / no-show with its follow-up (issue 12). */
  attendance: AttendanceService;
}

/** Wires every service on one DataSource. Apps call this once after openDatabase(). */
export function createDomainServices(ds: DataSource, opts: DomainServicesOptions): DomainServices {
  const clock = opts.clock ?? (() => new Date());
  const phoneOptions: PhoneOptions = opts.defaultAreaCode ? { defaultAreaCode: opts.defaultAreaCode } : {};
  const pii = opts.pii === 'none' ? new KeylessPiiCipher() : new PiiCipher(opts.pii);
  const lookup = new CallerLookup(ds, opts.lookupCache === undefined ? { max: 10_000, ttlMs: 60_000 } : opts.lookupCache);
  const ruleSets = new RuleSetService(ds, 5_000, clock);
  const contactPolicy = new ContactPolicyService(ds, opts.contactRules ?? DEFAULT_CONTACT_RULES);
  const quietHours = opts.smsQuietHours ?? null;
  const outbox = new OutboxNotifier(ds, clock, () => quietHours);
  const notifier = opts.notifier ?? outbox;
  const calls = new CallRecordService(ds, { phoneOptions, clock });
  const slotGenerator = new SlotGenerator(ds, clock);
  const horizon = opts.slotHorizonDays ?? DEFAULT_SLOT_HORIZON_DAYS;
  const work = opts.work ?? DEFAULT_WORK_RULES;
  const segments = new SegmentService(ds, clock);
  const workService = new WorkService(ds, clock, work);
  const center = new CenterSettingsService(ds);
  const integration = new BecsIntegration(ds, { pii, lookup, phone: phoneOptions, clock });
  const attendance = new AttendanceService(ds, {
    contactPolicy, center, clock, work, rules: opts.attendance, quiet: () => quietHours,
    onTasks: (ids) => void workService.announceCreated(ids).catch(() => undefined),
  });
  // a donation from the BECS settles its donor's booking of that day (a late one reverses a no-show)
  attendance.subscribe(integration.events);
  return {
    attendance,
    segments, accountManagers: new AccountManagerService(ds, segments, clock),
    messaging: {
      service: new MessagingService(ds, clock), store: new SmsOutboxStore(ds, clock), quietHours,
      inbound: new SmsInboundService(ds, { findDonorIdsByPhone: (e) => lookup.findDonorIdsByPhone(e), clock, work, onTasks: (ids) => void workService.announceCreated(ids).catch(() => undefined) }),
    },
    slotGenerator,
    sites: new SiteAdminService(ds, slotGenerator, { clock, horizonDays: () => horizon, ...(opts.defaultAreaCode ? { areaCode: opts.defaultAreaCode } : {}) }),
    calendar: new CalendarService(ds, clock),
    ds, pii, lookup, ruleSets, contactPolicy, outbox, notifier, calls,
    donors: new DonorService(ds, { pii, lookup, ruleSets, contactPolicy, phoneOptions, clock, sensitiveLookupsPerHour: opts.sensitiveLookupsPerHour }),
    appointments: new AppointmentService(ds, { ruleSets, notifier, clock }),
    recordings: new RecordingService(ds, calls),
    contacts: new ContactService(ds, clock),
    tickets: new TicketService(ds, clock),
    voiceMessages: new VoiceMessageService(ds, { notifier, phoneOptions, clock, work }),
    surveys: new SurveyService(ds, clock, work),
    work: workService,
    planning: new PlanningService(ds, { ruleSets, contactPolicy, work, clock }),
    reports: new ReportService(ds, clock),
    users: new UserService(ds),
    audit: new AuditService(ds),
    knowledge: new KnowledgeService(ds),
    phrases: new PhraseScriptService(ds),
    rings: new AgentRingService(ds),
    campaigns: new CampaignService(ds, { contactPolicy, clock }),
    dialer: new CampaignDialerService(ds, { clock, segmentDonorIds: async (id, limit) => segments.donorIds((await segments.get(id)).rule, limit) }),
    staff: new StaffService(ds, clock),
    sessions: new SessionService(ds, clock),
    integration,
    lists: new DeskListService(ds),
    center,
    reimbursement: new ReimbursementService(ds, clock),
    qa: new QaService(ds, { clock, ...opts.qa }),
  };
}

export { AgentRingService } from './agent-ring.service.js';
export { AppointmentService, type BookRequest, type SlotQuery } from './appointment.service.js';
export { AuditService, writeAudit, type AuditFilter, type AuditWrite } from './audit.service.js';
export { CallRecordService, type CallRecordPatch, type RecordingAttach } from './call-record.service.js';
export { handledBy, segmentsOf, type SegmentPatch } from './call-segment.service.js';
export { CallerLookup, type LookupCacheOptions } from './caller-lookup.js';
export { CampaignService, type CampaignCreate, type CampaignTargetDto } from './campaign.service.js';
export { ContactPolicyService, type AttemptWrite, type ContactPolicyFacts, type OutboundAction } from './contact-policy.service.js';
export { ContactService } from './contact.service.js';
export { DonorService, type DonorSearch, type DonorServiceDeps, type DonorViewer, type SearchContext } from './donor.service.js';
export { phoneCriterion, planDonorSearch, SENSITIVE_LOOKUP_ACTION, DEFAULT_SENSITIVE_LOOKUPS_PER_HOUR } from './donor-search.js';
export { KnowledgeService } from './knowledge.service.js';
export { PhraseScriptService } from './phrase-script.service.js';
export { LogSmsProvider, OutboxNotifier, renderSms, type Notifier, type OutgoingSms, type SmsProvider, type SmsTemplate } from './notifier.js';
export { RecordingService, type Viewer } from './recording.service.js';
export { RuleSetService, type RuleSetVersionDto } from './rule-set.service.js';
export { AttendanceService, attendanceCounts, type AttendanceDeps } from '../attendance/attendance.service.js';
export { SurveyService, UNSATISFIED_MAX_SCORE, type SurveySubmit } from './survey.service.js';
export { TicketService, insertTicket, type TicketFilter, type TicketNoteDto } from './ticket.service.js';
export { ARGON2_OPTIONS, hashPassword, publicUser, userRecord, UserService, type UserCreate, type UserRecord, type UserState } from './user.service.js';
export { ensureRefCodes, newRefCode, recordingIdByRef, REF_CODE_PATTERN } from './recording-ref.js';
export { IVR_QA_ROLES, StaffService, staffRecord, type StaffChange, type StaffPolicy, type StaffRecord } from '../admin/staff.service.js';
export { DeskListService, needList } from '../admin/desk-list.service.js';
export { CenterSettingsService } from '../admin/center-settings.service.js';
export { ReimbursementService } from '../admin/reimbursement.service.js';
export { SessionService, type SessionOpen, type SessionState } from '../auth/session.service.js';
export { CalendarService } from '../admin/calendar.service.js';
export { SiteAdminService, blockedBy } from '../admin/site-admin.service.js';
export { DEFAULT_SLOT_HORIZON_DAYS, SlotGenerator } from '../admin/slot-generator.js';
export { VoiceMessageService, type VoiceMessageCreate, type VoiceMessageDto } from './voice-message.service.js';
export type { ActorId } from './mappers.js';
export * from '../crm/index.js';
export { WorkService, type WorkActInput, type WorkListener } from '../work-queue/work.service.js';
export { PlanningService, type StockSnapshotDto, type NeedDto, type SnapshotInput } from '../planning/planning.service.js';
export type { CallTasksInput, CallTasksResult } from '../planning/call-tasks.js';
export type { WorkFilter } from '../work-queue/work-read.js';
export { QaService, type QaOptions, type QaEvaluationFilter, type QaQueueFilter, type QaDraftInput } from '../qa/qa.service.js';
export * from '../reports/index.js';
export { MessagingService, type SmsListFilter } from '../messaging/messaging.service.js';
export { SmsInboundService, type InboundResult, type InboundSms } from '../messaging/sms-inbound.service.js';
export { SmsOutboxStore, type ClaimedSms, type ClaimOptions, type DeliveryReport, type SendOutcome, type SettleOptions } from '../messaging/sms-outbox.store.js';
export { enqueueSms, type SmsEnqueue } from '../messaging/sms-enqueue.js';
export { enqueueSurveys, subscribeSurveySms, type SurveySmsOptions } from '../messaging/survey-sms.subscriber.js';
export { enqueueAppointmentReminders } from '../messaging/appointment-reminders.js';

/** The well-known demo donors as the training panel lists them (GET /api/training/donors); missing ones are left out. */
export async function trainingDonors(svc: Pick<DomainServices, 'lookup'>): Promise<{ donorId: number; name: string; phoneMasked: string; story: string }[]> {
  const out: { donorId: number; name: string; phoneMasked: string; story: string }[] = [];
  for (const d of DEMO_DONORS) {
    const ids = await svc.lookup.findDonorIdsByPhone(d.e164);
    // the family number belongs to two donors: pick the one whose name matches by order of creation
    const donorId = d.key === 'family-daughter' ? ids[ids.length - 1] : ids[0];
    if (donorId !== undefined) out.push({ donorId, name: d.name, phoneMasked: maskPhone(d.e164), story: d.story });
  }
  return out;
}
