/**
 * TypeBox schemas of the shared DTOs (packages/domain/src/contracts/dto.ts). They validate request bodies, document
 * responses in OpenAPI, and are checked against the contract types at compile time (assertSame below).
 * Responses are serialized with plain JSON.stringify (see http/index.ts), so a schema can never drop a field.
 */
import { Type, type Static } from '@fastify/type-provider-typebox';
import {
  TASK_PRIORITIES, TASK_SOURCES,
  AGENT_STATES, APPOINTMENT_STATUSES, BOOKING_CHANNELS, CALL_DIRECTIONS, CALL_OUTCOMES, CARE_KINDS, CONTACT_CATEGORIES, CONTACT_CHANNELS,
  LIST_CODE_PATTERN, DONATION_OUTCOMES, GENDERS, HANGUP_PARTIES, ROLES, SEGMENT_END_REASONS, SITE_CAPABILITIES, SITE_KINDS, SURVEY_CHANNELS,
  TICKET_KINDS, TICKET_STATUSES, type AgentRef, type AgentStatusDto, type AppointmentBrief, type AppointmentCreate, type AuditEntryDto,
  type CallDto, type ContactBrief, type ContactCreate, type DispositionSubmit, type Donor360, type DonorCreate, type DonorSummary,
  type DonorUpdate, type EligibilityRuleSet, type HealthDto, type KnowledgeArticleDto, type PhoneDto, type PhraseDto, type QueueStats,
  type RecordingDto, type ShiftCallDto, type SiteDto, type SlotDto, type TicketBrief, type TicketDetailDto, type TicketCreate, type TicketUpdate, type TypeEligibility, type UserDto,
} from '@donorline/domain';
import { assertSame, Id, Instant, LocalDateS, Nullable, CallIdS } from './common.schemas.js';

const BLOOD_TYPES = ['A+', 'A-', 'B+', 'B-', 'O+', 'O-', 'AB+', 'AB-'] as const;
const DONATION_TYPE_LIST = ['whole-blood', 'platelets', 'plasma'] as const;

export const DonationTypeS = Type.Enum(DONATION_TYPE_LIST);
export const BloodTypeS = Type.Enum(BLOOD_TYPES);
export const GenderS = Type.Enum(GENDERS);
export const RoleS = Type.Enum(ROLES);
/** A disposition code (the list is data: admin/desk-lists.ts). */
export const DispositionS = Type.String({ minLength: 2, maxLength: 20, pattern: LIST_CODE_PATTERN });
export const TicketKindS = Type.Enum(TICKET_KINDS);
export const TicketStatusS = Type.Enum(TICKET_STATUSES);
/** A pause-reason code (the list is data). */
export const PauseReasonS = Type.String({ minLength: 2, maxLength: 20, pattern: LIST_CODE_PATTERN });
const HonourS = Type.Union([Type.Enum(['gold', 'silver', 'bronze']), Type.Null()]);

export const UserDtoS = Type.Object({
  id: Id, username: Type.String(), displayName: Type.String(), role: RoleS, extension: Nullable(Type.String()),
  employeeNo: Type.Optional(Nullable(Type.String())), extensions: Type.Optional(Type.Array(Type.String())),
}, { $id: 'User' });
export const AgentRefS = Type.Object({ id: Id, displayName: Type.String(), extension: Nullable(Type.String()) });

export const AppointmentBriefS = Type.Object({
  id: Id, siteId: Id, siteName: Type.String(), type: DonationTypeS, startsAt: Instant, status: Type.Enum(APPOINTMENT_STATUSES), channel: Type.Enum(BOOKING_CHANNELS),
}, { $id: 'AppointmentBrief' });

export const ContactBriefS = Type.Object({
  id: Id, at: Instant, channel: Type.Enum(CONTACT_CHANNELS), category: Type.Enum(CONTACT_CATEGORIES), summary: Type.String(), outcome: Nullable(Type.String()), agent: Nullable(AgentRefS),
}, { $id: 'ContactBrief' });

export const TicketBriefS = Type.Object({
  id: Id, kind: TicketKindS, status: TicketStatusS, subject: Type.String(), createdAt: Instant, dueAt: Nullable(Instant), owner: Nullable(AgentRefS),
}, { $id: 'TicketBrief' });

const DeferralS = Type.Object({ id: Id, from: LocalDateS, until: Nullable(LocalDateS), reason: Type.String(), types: Nullable(Type.Array(DonationTypeS)) });

/** Eligibility of one donation type (computed with the active rule set); blockers carry data for the message. */
const TypeEligibilityS = Type.Unsafe<TypeEligibility>({
  type: 'object',
  description: 'eligibleNow, eligibleFrom (YYYY-MM-DD or null), blockers [{ code, until, detail }] — see packages/domain eligibility.ts',
  required: ['type', 'eligibleNow', 'eligibleFrom', 'blockers'],
  properties: {
    type: { type: 'string', enum: [...DONATION_TYPE_LIST] },
    eligibleNow: { type: 'boolean' },
    eligibleFrom: { type: 'string', nullable: true },
    blockers: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, until: { type: 'string', nullable: true }, detail: { type: 'object' } } } },
  },
});

const summaryFields = {
  id: Id,
  name: Type.String(),
  gender: GenderS,
  age: Nullable(Type.Integer()),
  bloodType: Nullable(BloodTypeS),
  phoneMasked: Type.String({ description: 'e.g. 138****8000' }),
  nationalIdMasked: Type.String({ description: 'e.g. 3702**********1234 (empty when none on file)' }),
  donationCount: Type.Integer(),
  donationUnits: Type.Number(),
  honour: HonourS,
  lastDonationByType: Type.Partial(Type.Record(DonationTypeS, LocalDateS)),
  eligibility: Type.Record(DonationTypeS, TypeEligibilityS),
  activeDeferral: Nullable(DeferralS),
  upcomingAppointments: Type.Array(AppointmentBriefS),
  lastContacts: Type.Array(ContactBriefS),
  openTickets: Type.Array(TicketBriefS),
  tags: Type.Array(Type.String()),
  segment: Nullable(Type.String()),
  accountManager: Nullable(AgentRefS),
  points: Type.Number(),
  doNotCall: Type.Boolean(),
  greenChannel: Type.Boolean(),
};
export const DonorSummaryS = Type.Object(summaryFields, { $id: 'DonorSummary' });

export const PhoneDtoS = Type.Object({
  id: Id, masked: Type.String(), kind: Type.Enum(['mobile', 'fixed-line', 'other']), label: Nullable(Type.String()), isPrimary: Type.Boolean(),
  sharedWith: Type.Integer({ description: 'other donors sharing this number' }),
}, { $id: 'Phone' });

export const Donor360S = Type.Object({
  ...summaryFields,
  birthDate: Nullable(LocalDateS),
  phones: Type.Array(PhoneDtoS),
  occupation: Nullable(Type.String()),
  mediaSource: Nullable(Type.String()),
  consent: Type.Object({ recruitment: Type.Boolean(), sms: Type.Boolean(), healthData: Type.Boolean() }),
  hadAdverseReaction: Type.Boolean(),
  weightKg: Nullable(Type.Number()),
  address: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  donations: Type.Array(Type.Object({
    id: Id, type: DonationTypeS, date: LocalDateS, siteName: Nullable(Type.String()), volumeMl: Nullable(Type.Number()), units: Nullable(Type.Number()), outcome: Type.Enum(DONATION_OUTCOMES),
  })),
  deferrals: Type.Array(DeferralS),
  appointments: Type.Array(AppointmentBriefS),
  contacts: Type.Array(ContactBriefS),
  tickets: Type.Array(TicketBriefS),
  surveys: Type.Array(Type.Object({ id: Id, at: Instant, channel: Type.Enum(SURVEY_CHANNELS), score: Nullable(Type.Number()), text: Nullable(Type.String()), callId: Nullable(Type.String()) })),
  careEvents: Type.Array(Type.Object({ id: Id, kind: Type.Enum(CARE_KINDS), dueDate: LocalDateS, doneAt: Nullable(Instant), note: Nullable(Type.String()) })),
  referrals: Type.Array(Type.Object({ id: Id, referredName: Type.String(), at: Instant, converted: Type.Boolean() })),
  contactPolicy: Type.Object({ recruitmentAllowed: Type.Boolean(), reasons: Type.Array(Type.String()), suppressedUntil: Nullable(Type.String()) }),
  ruleSet: Type.Object({ id: Type.String(), version: Type.Integer(), standard: Type.String(), effectiveFrom: Type.String() }),
  createdAt: Instant,
}, { $id: 'Donor360' });

const NAME = Type.String({ minLength: 1, maxLength: 50 });
const PHONE_INPUT = Type.String({ minLength: 3, maxLength: 32, description: 'any spelling: 13800138000, +86 138 0013 8000, 0532-80001234' });
const NATIONAL_ID_INPUT = Type.String({ maxLength: 32, description: '18-character resident ID (GB 11643 checksum); empty or null = none' });

/** The optional profile fields a donor is created or updated with. */
const DONOR_PROFILE = {
  gender: Type.Optional(GenderS),
  birthDate: Type.Optional(Nullable(LocalDateS)),
  nationalId: Type.Optional(Nullable(NATIONAL_ID_INPUT)),
  bloodType: Type.Optional(Nullable(BloodTypeS)),
  occupation: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  mediaSource: Type.Optional(Nullable(Type.String({ maxLength: 32 }))),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 30 })),
  consentRecruitment: Type.Optional(Type.Boolean()),
  consentSms: Type.Optional(Type.Boolean()),
};

export const DonorCreateS = Type.Object({
  name: NAME,
  phone: Type.Optional(PHONE_INPUT),
  ...DONOR_PROFILE,
  callId: Type.Optional(CallIdS),
}, { description: 'phone is required unless callId is given (then the caller number of that call is used)' });

export const DonorUpdateS = Type.Object({
  name: Type.Optional(NAME),
  ...DONOR_PROFILE,
  doNotCall: Type.Optional(Type.Boolean()),
  accountManagerId: Type.Optional(Nullable(Id)),
  notes: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
  address: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
});

export const SiteDtoS = Type.Object({
  id: Id, code: Type.String(), name: Type.String(), kind: Type.Enum(SITE_KINDS), district: Type.String(), address: Type.String(), hours: Type.String(),
  transport: Type.String(), capabilities: Type.Array(Type.Enum(SITE_CAPABILITIES)), phone: Nullable(Type.String()),
}, { $id: 'Site' });

export const SlotDtoS = Type.Object({
  id: Id, siteId: Id, siteName: Type.String(), type: DonationTypeS, startsAt: Instant, endsAt: Instant, capacity: Type.Integer(), booked: Type.Integer(), available: Type.Integer(),
}, { $id: 'Slot' });

export const AppointmentCreateS = Type.Object({
  donorId: Id, slotId: Id, type: DonationTypeS, channel: Type.Enum(BOOKING_CHANNELS), callId: Type.Optional(CallIdS),
});

export const RecordingDtoS = Type.Object({
  id: Id, refCode: Type.Optional(Type.String()), callRecordId: Id, callId: Type.String(), startedAt: Instant, durationSeconds: Type.Number(), format: Type.String(), sizeBytes: Nullable(Type.Integer()),
  agent: Nullable(AgentRefS), donor: Nullable(Type.Object({ id: Id, name: Type.String() })), callerMasked: Type.String(), queue: Nullable(Type.String()),
  disposition: Nullable(DispositionS), callSegmentId: Type.Optional(Nullable(Id)),
}, { $id: 'Recording' });

export const CallSegmentDtoS = Type.Object({
  id: Id, agent: Nullable(AgentRefS), ext: Type.String(), queue: Nullable(Type.String()), startedAt: Instant, answeredAt: Nullable(Instant), endedAt: Nullable(Instant),
  talkSeconds: Type.Number(), holdSeconds: Type.Number(), endReason: Nullable(Type.Enum(SEGMENT_END_REASONS)), disposition: Nullable(DispositionS),
  notes: Nullable(Type.String()), recordingIds: Type.Array(Id),
}, { $id: 'CallSegment' });

export const CallDtoS = Type.Object({
  id: Id, callId: Type.String(), direction: Type.Enum(CALL_DIRECTIONS), callerMasked: Type.String(), dialed: Nullable(Type.String()),
  donor: Nullable(Type.Object({ id: Id, name: Type.String() })), queue: Nullable(Type.String()), agent: Nullable(AgentRefS),
  startedAt: Instant, queuedAt: Nullable(Instant), answeredAt: Nullable(Instant), endedAt: Nullable(Instant),
  waitSeconds: Type.Number(), talkSeconds: Type.Number(), holdSeconds: Type.Number(), outcome: Nullable(Type.Enum(CALL_OUTCOMES)),
  hangupCause: Nullable(Type.String()), hangupBy: Nullable(Type.Enum(HANGUP_PARTIES)), ivrPath: Type.Array(Type.String()), ivrVerified: Type.Boolean(),
  disposition: Nullable(DispositionS), notes: Nullable(Type.String()), recording: Nullable(RecordingDtoS), segments: Type.Array(CallSegmentDtoS),
}, { $id: 'Call' });

export const DispositionSubmitS = Type.Object({
  disposition: DispositionS,
  notes: Type.Optional(Type.String({ maxLength: 4000 })),
  donorId: Type.Optional(Nullable(Id)),
  followUp: Type.Optional(Nullable(Type.Object({ kind: TicketKindS, subject: Type.String({ minLength: 1, maxLength: 200 }), dueAt: Type.Optional(Nullable(Instant)) }))),
});

export const ContactCreateS = Type.Object({
  donorId: Id, channel: Type.Enum(CONTACT_CHANNELS), category: Type.Enum(CONTACT_CATEGORIES), notes: Type.String({ minLength: 1, maxLength: 4000 }),
  outcome: Type.Optional(Nullable(Type.String({ maxLength: 64 }))), callId: Type.Optional(Nullable(CallIdS)),
});

export const TicketCreateS = Type.Object({
  donorId: Type.Optional(Nullable(Id)), kind: TicketKindS, subject: Type.String({ minLength: 1, maxLength: 200 }), body: Type.Optional(Type.String({ maxLength: 8000 })),
  dueAt: Type.Optional(Nullable(Instant)), ownerId: Type.Optional(Nullable(Id)), callId: Type.Optional(Nullable(CallIdS)),
  source: Type.Optional(Type.Enum(TASK_SOURCES)), priority: Type.Optional(Type.Enum(TASK_PRIORITIES)),
});

export const TicketUpdateS = Type.Object({
  status: Type.Optional(TicketStatusS), ownerId: Type.Optional(Nullable(Id)), note: Type.Optional(Type.String({ maxLength: 4000 })), dueAt: Type.Optional(Nullable(Instant)),
  outcome: Type.Optional(Type.String({ maxLength: 500 })),
});

export const QueueStatsS = Type.Object({
  queue: Type.String(), waiting: Type.Integer(), longestWaitSeconds: Type.Number(), agentsReady: Type.Integer(), agentsBusy: Type.Integer(),
  agentsPaused: Type.Integer(), answeredToday: Type.Integer(), abandonedToday: Type.Integer(),
  offeredToday: Type.Integer(), serviceLevel: Nullable(Type.Number()), abandonRate: Nullable(Type.Number()), asaSeconds: Nullable(Type.Number()), ahtSeconds: Nullable(Type.Number()),
}, { $id: 'QueueStats' });

export const AgentStatusS = Type.Object({
  agent: AgentRefS, state: Type.Enum(AGENT_STATES), pauseReason: Nullable(PauseReasonS), since: Instant, currentCallId: Nullable(Type.String()),
}, { $id: 'AgentStatus' });

export const AuditEntryS = Type.Object({
  id: Id, at: Instant, actor: Nullable(Type.Object({ id: Id, username: Type.String() })), action: Type.String(), subjectType: Type.String(),
  subjectId: Type.String(), detail: Nullable(Type.Record(Type.String(), Type.Unknown())), ip: Nullable(Type.String()),
}, { $id: 'AuditEntry' });

const KNOWLEDGE_CATEGORIES = ['eligibility', 'sites', 'reimbursement', 'faq', 'policy'] as const;
/** One call of the agent's shift (GET /api/me/calls). */
/** A ticket with its body and notes (GET /api/tickets/:id). */
export const TicketDetailS = Type.Object({
  ...TicketBriefS.properties,
  donorId: Nullable(Type.Integer()), body: Nullable(Type.String()), callId: Nullable(Type.String()),
  notes: Type.Array(Type.Object({ id: Type.Integer(), at: Instant, body: Type.String(), author: Nullable(Type.Object({ id: Type.Integer(), displayName: Type.String() })) })),
}, { $id: 'TicketDetail' });

export const ShiftCallS = Type.Object({
  callId: Type.String(), direction: Type.Enum(CALL_DIRECTIONS), callerMasked: Type.String(), donor: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  at: Instant, handled: Type.Boolean(), missed: Type.Boolean(), rejected: Type.Boolean(), talkSeconds: Type.Integer(), disposition: Nullable(DispositionS),
  canCallBack: Type.Boolean(),
}, { $id: 'ShiftCall' });

export const KnowledgeArticleS = Type.Object({
  id: Id, category: Type.Enum(KNOWLEDGE_CATEGORIES), title: Type.String(), body: Type.String(), tags: Type.Array(Type.String()), updatedAt: Instant,
}, { $id: 'KnowledgeArticle' });
export const KnowledgeInputS = Type.Object({
  category: Type.Enum(KNOWLEDGE_CATEGORIES), title: Type.String({ minLength: 1, maxLength: 200 }), body: Type.String({ minLength: 1, maxLength: 50_000 }),
  tags: Type.Array(Type.String({ maxLength: 32 }), { maxItems: 30 }),
});
export const KnowledgePatchS = Type.Partial(KnowledgeInputS);

export const PhraseS = Type.Object({
  id: Id, callType: Type.String(), stage: Type.Enum(['opening', 'bad-news', 'choices', 'commitment', 'closing', 'other']), order: Type.Integer(),
  text: Type.String(), textEn: Nullable(Type.String()), version: Type.Optional(Type.Integer({ minimum: 1 })),
}, { $id: 'Phrase' });

export const RuleSetS = Type.Unsafe<EligibilityRuleSet>({
  type: 'object',
  description: 'The active, versioned eligibility rule set (GB 18467-2011 by default): ages, weights, intervals, yearly cap …',
  required: ['id', 'version', 'standard', 'effectiveFrom'],
  properties: { id: { type: 'string' }, version: { type: 'integer' }, standard: { type: 'string' }, effectiveFrom: { type: 'string' } },
});

const LinkState = Type.Enum(['up', 'down', 'connecting']);
export const HealthS = Type.Object({
  status: Type.Enum(['ok', 'degraded']), db: Type.Enum(['sqlite', 'mysql']), pbx: Type.Enum(['sim', 'asterisk']), ami: LinkState, ari: LinkState,
  liveCalls: Type.Integer(), version: Type.String(), uptimeSeconds: Type.Number(),
}, { $id: 'Health' });

export const TrainingDonorS = Type.Object({ donorId: Id, name: Type.String(), phoneMasked: Type.String(), story: Type.String() });

// ---- the schemas above say exactly what the shared contract says ------------------------------------------------
assertSame<Static<typeof UserDtoS>, UserDto>();
assertSame<Static<typeof AgentRefS>, AgentRef>();
assertSame<Static<typeof AppointmentBriefS>, AppointmentBrief>();
assertSame<Static<typeof ContactBriefS>, ContactBrief>();
assertSame<Static<typeof TicketBriefS>, TicketBrief>();
assertSame<Static<typeof DonorSummaryS>, DonorSummary>();
assertSame<Static<typeof PhoneDtoS>, PhoneDto>();
assertSame<Static<typeof Donor360S>, Donor360>();
assertSame<Static<typeof DonorCreateS>, DonorCreate>();
assertSame<Static<typeof DonorUpdateS>, DonorUpdate>();
assertSame<Static<typeof SiteDtoS>, SiteDto>();
assertSame<Static<typeof SlotDtoS>, SlotDto>();
assertSame<Static<typeof AppointmentCreateS>, AppointmentCreate>();
assertSame<Static<typeof RecordingDtoS>, RecordingDto>();
assertSame<Static<typeof CallDtoS>, CallDto>();
assertSame<Static<typeof DispositionSubmitS>, DispositionSubmit>();
assertSame<Static<typeof ContactCreateS>, ContactCreate>();
assertSame<Static<typeof TicketCreateS>, TicketCreate>();
assertSame<Static<typeof TicketUpdateS>, TicketUpdate>();
assertSame<Static<typeof QueueStatsS>, QueueStats>();
assertSame<Static<typeof AgentStatusS>, AgentStatusDto>();
assertSame<Static<typeof AuditEntryS>, AuditEntryDto>();
assertSame<Static<typeof KnowledgeArticleS>, KnowledgeArticleDto>();
assertSame<Static<typeof KnowledgeInputS>, Omit<KnowledgeArticleDto, 'id' | 'updatedAt'>>();
assertSame<Static<typeof PhraseS>, PhraseDto>();
assertSame<Static<typeof ShiftCallS>, ShiftCallDto>();
assertSame<Static<typeof TicketDetailS>, TicketDetailDto>();
assertSame<Static<typeof HealthS>, HealthDto>();
