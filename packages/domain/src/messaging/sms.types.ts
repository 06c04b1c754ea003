/**
 * The outbox's vocabulary, shared by the bridge and the desk.
 *   pending     waiting for its turn (back-off after a failure, quiet hours)
 *   sending     claimed by a worker (a lease: a worker that died leaves it to be reclaimed, checked by the provider id)
 *   sent        accepted by the provider (its message id), no delivery report yet
 *   delivered / undelivered   the provider's delivery report
 *   failed      every attempt used; an administrator may retry it
 *   parked      will not be retried by itself (a parameter too long, a permanent provider refusal, a timeout whose
 *               outcome is unknown — resending blindly could send it twice); an administrator may retry it
 *   suppressed  not sent on purpose (the number opted out, the donor gave no consent); final
 */
import type { SmsClass, SmsTemplateKey } from './sms-templates.js';

export const SMS_STATUSES = ['pending', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'parked', 'suppressed'] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

/** Statuses an administrator may send again (POST /api/sms/:id/retry). */
export const SMS_RETRYABLE_STATUSES: readonly SmsStatus[] = ['failed', 'parked'];

export interface SmsMessageDto {
  id: number;
  toMasked: string;
  donor: { id: number; name: string } | null;
  template: SmsTemplateKey;
  class: SmsClass;
  status: SmsStatus;
  attempts: number;
  providerId: string | null;
  failureReason: string | null;
  body: string | null;
  ref: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
  sentAt: string | null;
  deliveredAt: string | null;
}

export interface SmsCounts {
  byStatus: Partial<Record<SmsStatus, number>>;
  optedOut: number;
  inboundToday: number;
}

/** One SMS in a donor's contact history: sent by the platform or replied by the donor. */
export interface SmsHistoryItem {
  direction: 'out' | 'in';
  id: number;
  at: string;
  text: string;
  template: SmsTemplateKey | null;
  status: SmsStatus | null;
  /** For replies: what it meant (score, verdict, opt-out, other) and the task it opened. */
  intent: string | null;
  ticketId: number | null;
}

/** The state of one business message (e.g. a booking's confirmation) as the agent sees it. */
export interface SmsRefState {
  ref: string;
  id: number;
  status: SmsStatus;
  at: string;
  failureReason: string | null;
}

/** The SMS routes in the one route table (contracts/http.ts). */
export interface SmsHttpApi {
  'GET /api/sms': { query: { status?: SmsStatus | 'problems'; template?: SmsTemplateKey; donorId?: number; page?: number; pageSize?: number }; reply: { items: SmsMessageDto[]; total: number; page: number; pageSize: number } };
  'GET /api/sms/counts': { reply: SmsCounts };
  'POST /api/sms/:id/retry': { params: { id: number }; reply: SmsMessageDto };
  'POST /api/sms/:id/park': { params: { id: number }; body: { reason: string }; reply: SmsMessageDto };
  'GET /api/sms/refs': { query: { ref: string | string[] }; reply: SmsRefState[] };
  'GET /api/donors/:id/sms': { params: { id: number }; reply: SmsHistoryItem[] };
}
