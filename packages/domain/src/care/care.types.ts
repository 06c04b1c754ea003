/**
 * Care (关怀管理, issue 13): rules that turn occasions — a birthday, Spring Festival, Mid-Autumn, World Blood Donor Day
 * (14 June), the anniversary of a donor's first donation, an honour reached — into one-to-one care work: an SMS from
 * the approved 'care' template (through the outbox, marketing class) or a call task for the donor's account manager.
 * Shared by the bridge and the desk (browser-safe).
 */
import type { LocalDate } from '../time/local-date.js';

export const CARE_OCCASIONS = ['birthday', 'spring-festival', 'mid-autumn', 'blood-donor-day', 'donation-anniversary', 'honour-reached'] as const;
export type CareOccasionKind = (typeof CARE_OCCASIONS)[number];

export const CARE_ACTIONS = ['sms', 'call'] as const;
export type CareActionKind = (typeof CARE_ACTIONS)[number];

/** Who a rule considers: everybody, donors who gave in the last 24 months, or donors with an account manager. */
export const CARE_AUDIENCES = ['all', 'active', 'managed'] as const;
export type CareAudience = (typeof CARE_AUDIENCES)[number];

/** pending → (confirmed) sent | tasked; pending → dismissed; excluded at generation or confirmation (with its reason). */
export const CARE_STATUSES = ['pending', 'excluded', 'sent', 'tasked', 'dismissed'] as const;
export type CareStatus = (typeof CARE_STATUSES)[number];

export const CARE_EXCLUSIONS = [
  'do-not-call', 'open-complaint', 'no-sms-consent', 'sms-opt-out', 'no-mobile', 'no-account-manager', 'manager-inactive',
] as const;
export type CareExclusion = (typeof CARE_EXCLUSIONS)[number];

/** The approved care template's free variable holds at most 35 characters (Alibaba Cloud's limit for a variable). */
export const CARE_SMS_TEXT_MAX = 35;

export interface CareRuleDto {
  id: number;
  occasion: CareOccasionKind;
  name: string;
  action: CareActionKind;
  /** The SMS text (the 'care' template's ${text}); null for call rules. */
  smsText: string | null;
  /** Days ahead the action is prepared (a call task 2 days before the birthday; an SMS on the day = 0). */
  leadDays: number;
  audience: CareAudience;
  /** Only donors in this saved segment (optional). */
  segmentId: number | null;
  enabled: boolean;
  updatedAt: string;
}

export interface CareRulePatch {
  name?: string;
  action?: CareActionKind;
  smsText?: string | null;
  leadDays?: number;
  audience?: CareAudience;
  segmentId?: number | null;
  enabled?: boolean;
}

export interface CareActionRow {
  id: number;
  ruleId: number;
  ruleName: string;
  occasion: CareOccasionKind;
  /** e.g. 'birthday:2026', 'honour:silver'. */
  occasionKey: string;
  occasionDate: LocalDate;
  action: CareActionKind;
  status: CareStatus;
  reason: CareExclusion | null;
  donorId: number;
  nameMasked: string;
  phoneMasked: string | null;
  managerName: string | null;
  /** The outbox message or work-queue task once confirmed. */
  refId: number | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface CareSummary {
  date: LocalDate;
  pending: number;
  excluded: number;
  done: number;
  byReason: Partial<Record<CareExclusion, number>>;
}

export interface CareHttpApi {
  'GET /api/care/rules': { reply: CareRuleDto[] };
  'PATCH /api/care/rules/:id': { params: { id: number }; body: CareRulePatch; reply: CareRuleDto };
  'POST /api/care/generate': { body: { date?: LocalDate }; reply: { date: LocalDate; added: number; pending: number; excluded: number } };
  'GET /api/care/actions': {
    query: { status?: CareStatus; ruleId?: number; from?: LocalDate; to?: LocalDate; page?: number; pageSize?: number };
    reply: { items: CareActionRow[]; total: number; page: number; pageSize: number; summary: CareSummary };
  };
  'POST /api/care/actions/confirm': { body: { ids: number[] }; reply: { sent: number; tasked: number; excluded: { id: number; reason: CareExclusion }[]; skipped: number } };
  'POST /api/care/actions/dismiss': { body: { ids: number[] }; reply: { dismissed: number } };
}
