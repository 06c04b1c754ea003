/**
 * The REST API between the bridge (Fastify, under /api) and the desk, as one typed route map.
 * Keys are 'METHOD /path' with :params. Errors are { code, message, details? } (ErrorBody) with the HTTP status from
 * ERROR_HTTP_STATUS: 400 validation, 401 no/invalid token, 403 wrong role, 404, 409 business rule, 5xx PBX/internal.
 * Auth: `Authorization: Bearer <token>` on everything except login and health. The recordings audio endpoint also
 * accepts `?t=<media token>` from POST /api/recordings/:id/media-url (one recording, minutes, bound to the session) so
 * that <audio src> and wavesurfer can stream it (HTTP Range supported); the session token itself never goes in a URL.
 */
import type { PauseReason, Role } from '../agents/agent.types.js';
import type { SoftphoneConfig } from './softphone.js';
import type { DonationType } from '../donations/donation.types.js';
import type { TicketKind, TicketStatus } from '../tickets/ticket.types.js';
import type {
  AgentStatusDto, AppointmentBrief, AppointmentCreate, AuditEntryDto, CallDto, ContactBrief, ContactCreate, Donor360,
  DonorCreate, DonorSummary, DonorUpdate, DispositionSubmit, DispositionBuffered, KnowledgeArticleDto, Page, PhraseDto, PhoneDto,
  QueueStats, RecordingDto, ShiftCallDto, SiteDto, SlotDto, TicketBrief, TicketCreate, TicketDetailDto, TicketUpdate, UserDto,
} from './dto.js';
import type { EligibilityRuleSet, RuleSetVersionDto } from '../eligibility/rule-set.js';
import type { PhraseScriptSave, PhraseScriptSummary, PhraseScriptVersionDto } from '../phrases/phrase-script.js';
import type { ClientToServerEvents } from './socket.js';
import type { StaffCreate, StaffDto, StaffOptions, StaffUpdate } from './staff.js';
import type { IntegrationHttpApi } from '../integration/integration.types.js';
import type { SitesHttpApi } from './sites.js';
import type { WorkHttpApi } from '../work-queue/work.types.js';
import type { QaHttpApi } from '../qa/qa-http.js';
import type { CrmHttpApi } from '../crm/crm.types.js';
import type { PlanningHttpApi } from '../planning/planning.types.js';
import type { DialerHttpApi } from '../dialer/dialer.types.js';
import type { ReportsHttpApi } from '../reports/report.types.js';
import type { SmsHttpApi } from '../messaging/sms.types.js';
import type { SmsCampaignHttpApi } from '../sms-campaign/sms-campaign.types.js';
import type { VoiceRepliesHttpApi } from '../voice-replies/voice-reply.types.js';
import type { CareHttpApi } from '../care/care.types.js';
import type { LoyaltyHttpApi } from '../loyalty/loyalty.types.js';
import type { ManagerPerformanceHttpApi } from '../crm/manager-performance.types.js';
import type { DeskListItemCreate, DeskListItemDto, DeskListItemUpdate, DeskListsDto } from '../admin/desk-lists.js';
import type { CenterSettings, CenterSettingsUpdate } from '../admin/center-settings.js';
import type { QueueOverviewDto } from '../admin/queue-overview.js';
import type { DonorReimbursement, ReimbursementPolicyDto, ReimbursementPolicyInput } from '../reimbursement/reimbursement-policy.js';

export interface HealthDto {
  status: 'ok' | 'degraded';
  db: 'sqlite' | 'mysql';
  pbx: 'sim' | 'asterisk';
  ami: 'up' | 'down' | 'connecting';
  ari: 'up' | 'down' | 'connecting';
  liveCalls: number;
  version: string;
  uptimeSeconds: number;
}

export interface CallFilter {
  from?: string;
  to?: string;
  agentId?: number;
  donorId?: number;
  phone?: string;
  queue?: string;
  disposition?: string;
  outcome?: string;
  minDuration?: number;
  maxDuration?: number;
  page?: number;
  pageSize?: number;
}

export interface HttpApi extends IntegrationHttpApi, WorkHttpApi, CrmHttpApi, PlanningHttpApi, ReportsHttpApi, SmsHttpApi, DialerHttpApi, VoiceRepliesHttpApi, SmsCampaignHttpApi {
  'GET /api/health': { reply: HealthDto };
  'POST /api/auth/login': { body: { username: string; password: string }; reply: { token: string; user: UserDto; expiresAt: string } };
  /** Ends this session on the server: the token (and media URLs minted with it) stop working, its sockets close. */
  'POST /api/auth/logout': { reply: { ok: true } };
  'GET /api/me': { reply: UserDto };

  'GET /api/donors': { query: { q?: string; phone?: string; name?: string; idLast4?: string; page?: number; pageSize?: number }; reply: Page<DonorSummary> };
  'GET /api/donors/:id': { params: { id: number }; reply: Donor360 };
  'POST /api/donors': { body: DonorCreate; reply: Donor360 };
  'PATCH /api/donors/:id': { params: { id: number }; body: DonorUpdate; reply: Donor360 };
  /** Link a number to a donor: `number`, or `callId` alone to link the caller's number of that call (the desk never holds it unmasked). */
  'POST /api/donors/:id/phones': { params: { id: number }; body: { number?: string; label?: string; callId?: string }; reply: PhoneDto };
  /** Audited. Only the full value of one field, with a reason. */
  'POST /api/donors/:id/unmask': { params: { id: number }; body: { field: 'phone' | 'nationalId'; phoneId?: number; reason: string }; reply: { value: string } };

  'GET /api/calls': { query: CallFilter; reply: Page<CallDto> };
  'GET /api/calls/:id': { params: { id: number }; reply: CallDto };
  'POST /api/calls/:callId/disposition': { params: { callId: string }; body: DispositionSubmit; reply: CallDto | DispositionBuffered };
  /** This agent's calls since `from` (default: the start of today, Asia/Shanghai), newest first: handled and missed. */
  'GET /api/me/calls': { query: { from?: string }; reply: ShiftCallDto[] };

  'GET /api/contacts': { query: { donorId: number; page?: number; pageSize?: number }; reply: Page<ContactBrief> };
  'POST /api/contacts': { body: ContactCreate; reply: ContactBrief };

  'GET /api/tickets': { query: { status?: TicketStatus; kind?: TicketKind; ownerId?: number; donorId?: number; page?: number; pageSize?: number }; reply: Page<TicketBrief> };
  'POST /api/tickets': { body: TicketCreate; reply: TicketBrief };
  'GET /api/tickets/:id': { params: { id: number }; reply: TicketDetailDto };
  'PATCH /api/tickets/:id': { params: { id: number }; body: TicketUpdate; reply: TicketBrief };

  'GET /api/sites': { reply: SiteDto[] };
  'GET /api/slots': { query: { siteId?: number; type: DonationType; from: string; to: string }; reply: SlotDto[] };
  'GET /api/appointments': { query: { donorId: number }; reply: AppointmentBrief[] };
  'POST /api/appointments': { body: AppointmentCreate; reply: AppointmentBrief };
  'POST /api/appointments/:id/cancel': { params: { id: number }; body: { reason: string }; reply: AppointmentBrief };
  'POST /api/appointments/:id/reschedule': { params: { id: number }; body: { slotId: number }; reply: AppointmentBrief };

  'GET /api/recordings': { query: CallFilter; reply: Page<RecordingDto> };
  'GET /api/recordings/:id': { params: { id: number }; reply: RecordingDto };
  /** A short-lived URL for this one recording's audio (<audio src>, wavesurfer), bound to the session. */
  'POST /api/recordings/:id/media-url': { params: { id: number }; reply: { url: string; expiresAt: string } };
  /** audio/wav stream with Range support; audited (recording.play). Bearer token, or `?t=` from media-url. */
  'GET /api/recordings/:id/audio': { params: { id: number }; query: { t?: string }; reply: ArrayBuffer };

  /** Administration → Staff (admin only). Every change is audited with old → new values (never a password or PIN). */
  'GET /api/admin/staff': { query: { q?: string; role?: Role; active?: boolean }; reply: StaffDto[] };
  'GET /api/admin/staff/options': { reply: StaffOptions };
  'POST /api/admin/staff': { body: StaffCreate; reply: StaffDto };
  'PATCH /api/admin/staff/:id': { params: { id: number }; body: StaffUpdate; reply: StaffDto };
  'POST /api/admin/staff/:id/password': { params: { id: number }; body: { password: string }; reply: StaffDto };
  'PUT /api/admin/staff/:id/ivr-pin': { params: { id: number }; body: { pin: string }; reply: StaffDto };
  'DELETE /api/admin/staff/:id/ivr-pin': { params: { id: number }; reply: StaffDto };
  'POST /api/admin/staff/:id/sessions/revoke': { params: { id: number }; reply: { revoked: number } };
  /** Supervisors and admins free a seat held by someone else (the holder's desk is told; a call in progress goes on). */
  'POST /api/seats/:extension/release': { params: { extension: string }; reply: { released: boolean; userId: number | null } };

  'GET /api/queues/stats': { reply: QueueStats[] };
  'GET /api/agents/status': { reply: AgentStatusDto[] };
  'GET /api/pause-reasons': { reply: PauseReason[] };

  'GET /api/knowledge': { query: { q?: string; category?: string }; reply: KnowledgeArticleDto[] };
  'POST /api/knowledge': { body: Omit<KnowledgeArticleDto, 'id' | 'updatedAt'>; reply: KnowledgeArticleDto };
  'PATCH /api/knowledge/:id': { params: { id: number }; body: Partial<Omit<KnowledgeArticleDto, 'id' | 'updatedAt'>>; reply: KnowledgeArticleDto };
  'GET /api/phrases': { query: { callType?: string }; reply: PhraseDto[] };

  'GET /api/rule-sets/active': { reply: EligibilityRuleSet };
  /** The eligibility rule set in force on a local date (the version that took effect last on or before it). */
  'GET /api/rule-sets/in-force': { query: { date: string }; reply: EligibilityRuleSet };
  /** Administration → eligibility rule sets (issue 11): every version with how it stands today; a new version with an effective date; withdraw a scheduled one. */
  'GET /api/admin/rule-sets': { reply: RuleSetVersionDto[] };
  'POST /api/admin/rule-sets': { body: EligibilityRuleSet; reply: RuleSetVersionDto };
  'POST /api/admin/rule-sets/:family/:version/withdraw': { params: { family: string; version: number }; body: Record<string, never>; reply: RuleSetVersionDto[] };
  'GET /api/audit': { query: { actorId?: number; action?: string; from?: string; to?: string; page?: number; pageSize?: number }; reply: Page<AuditEntryDto> };

  /** Standard-phrase scripts (admin): every call type with its active version; a call type's history; save a new version (active at once); make a version active again. */
  'GET /api/admin/phrases': { reply: PhraseScriptSummary[] };
  'GET /api/admin/phrases/:callType': { params: { callType: string }; reply: PhraseScriptVersionDto[] };
  'POST /api/admin/phrases/:callType': { params: { callType: string }; body: PhraseScriptSave; reply: PhraseScriptVersionDto };
  'POST /api/admin/phrases/:callType/versions/:version/activate': { params: { callType: string; version: number }; body: Record<string, never>; reply: PhraseScriptVersionDto };
  /** Administration → lists (issue 11): pause reasons and dispositions as data; every change audited old → new. */
  'GET /api/lists': { reply: DeskListsDto };
  'GET /api/admin/lists/:list': { params: { list: string }; reply: DeskListItemDto[] };
  'POST /api/admin/lists/:list': { params: { list: string }; body: DeskListItemCreate; reply: DeskListItemDto };
  'PATCH /api/admin/lists/:list/:code': { params: { list: string; code: string }; body: DeskListItemUpdate; reply: DeskListItemDto };
  'PUT /api/admin/lists/:list/order': { params: { list: string }; body: { codes: string[] }; reply: DeskListItemDto[] };
  'DELETE /api/admin/lists/:list/:code': { params: { list: string; code: string }; reply: { deleted: boolean } };
  /** Center settings: everybody signed in reads them (the desk header); admins change them. */
  'GET /api/center': { reply: CenterSettings };
  'PUT /api/admin/center': { body: CenterSettingsUpdate; reply: CenterSettings };
  /** Administration → queues: each queue with its members now (PBX), their seat state, and who is configured for it (read-only). */
  'GET /api/admin/queues': { reply: QueueOverviewDto[] };
  /** Blood-use reimbursement per province (a table admins edit; knowledge search and the 360 answer from it). */
  'GET /api/reimbursement-policies': { query: { q?: string }; reply: ReimbursementPolicyDto[] };
  'GET /api/donors/:id/reimbursement': { params: { id: number }; query: { province?: string }; reply: DonorReimbursement | null };
  'POST /api/admin/reimbursement-policies': { body: ReimbursementPolicyInput; reply: ReimbursementPolicyDto };
  'PUT /api/admin/reimbursement-policies/:id': { params: { id: number }; body: ReimbursementPolicyInput; reply: ReimbursementPolicyDto };
  'DELETE /api/admin/reimbursement-policies/:id': { params: { id: number }; reply: { deleted: boolean } };

  /** Training mode (PBX mode 'sim' only): demo donors to call as. */
  'GET /api/training/donors': { reply: { donorId: number; name: string; phoneMasked: string; story: string }[] };
  /** Training mode (PBX mode 'sim' only): place a simulated call to the signed-in agent's queue (same payload as the socket's training:call). */
  'POST /api/training/calls': { body: Parameters<ClientToServerEvents['training:call']>[0]; reply: { callId: string } };
  /** The WebRTC softphone of the signed-in agent's seat (credentials only for the agent seated there). */
  'GET /api/softphone': { reply: SoftphoneConfig };
}

export type HttpRoute = keyof HttpApi;

/** Administration → Sites and the service calendar (contracts/sites.ts), merged into the one route table. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HttpApi extends SitesHttpApi {}

/** Quality evaluations (qa/qa-http.ts), merged into the one route table. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HttpApi extends QaHttpApi {}

/** Care (care/care.types.ts), points, referrals, rewards (loyalty/loyalty.types.ts) and managers' performance, merged into the one route table. */
export interface HttpApi extends CareHttpApi, LoyaltyHttpApi, ManagerPerformanceHttpApi {}
