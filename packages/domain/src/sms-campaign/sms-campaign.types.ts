/**
 * SMS campaigns (招募短信邀约): a campaign of channel 'sms' sends the approved recruitment-invitation template to every
 * recipient the contact policy allows, through the SMS outbox, at a per-minute rate; the results per recipient and
 * the counts are read back from the outbox, the donors' replies and their bookings.
 */
import { DomainError } from '../errors.js';
import type { DialCampaignDto } from '../dialer/dialer.types.js';
import type { InvitationBlockReason } from './invitation-policy.js';

/** What the invitation asks for (the template's ${product}). */
export const INVITATION_PRODUCTS = ['platelets', 'whole-blood'] as const;
export type InvitationProduct = (typeof INVITATION_PRODUCTS)[number];
/** The words in the SMS (the approved template is Chinese). */
export const INVITATION_PRODUCT_TEXT: Readonly<Record<InvitationProduct, string>> = Object.freeze({ platelets: '机采血小板', 'whole-blood': '全血' });

/**
 * One recipient's state: pending (not yet decided/sent) · queued (in the outbox) · sent (accepted by the gateway) ·
 * delivered · failed (undelivered, failed, parked, suppressed by the outbox) · blocked (by the contact policy).
 */
export const SMS_RECIPIENT_STATES = ['pending', 'queued', 'sent', 'delivered', 'failed', 'blocked'] as const;
export type SmsRecipientState = (typeof SMS_RECIPIENT_STATES)[number];

export interface SmsCampaignSettings {
  site: string;
  inviteDate: string;
  product: InvitationProduct;
  /** Invitations written into the outbox per minute at most (1–6000). */
  ratePerMinute: number;
  /** A booking within this many days of the invitation counts as a conversion. */
  conversionDays: number;
  /** No second recruitment contact within this many days (0–90). */
  frequencyCapDays: number;
}

export const SMS_CAMPAIGN_DEFAULTS = Object.freeze({ ratePerMinute: 60, conversionDays: 7, frequencyCapDays: 7 });
/** The gateway's limit for one template variable (Alibaba Cloud: 35 characters). */
export const INVITATION_PARAM_MAX = 35;

function bad(zh: string, en: string, field: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${zh} / ${en}`, { field });
}

function int(v: unknown, dflt: number, min: number, max: number, zh: string, field: string): number {
  const n = v === undefined || v === null ? dflt : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) throw bad(`${zh}须为 ${min}–${max} 的整数`, `${field} must be an integer ${min}–${max}`, field);
  return n;
}

function param(v: unknown, zh: string, field: string): string {
  const s = typeof v === 'string' ? v.trim() : '';
  const n = [...s].length;
  if (!n) throw bad(`${zh}必填`, `${field} is required`, field);
  if (n > INVITATION_PARAM_MAX) throw bad(`${zh}最多 ${INVITATION_PARAM_MAX} 个字（现 ${n}），短信模板变量超长`, `${field} is at most ${INVITATION_PARAM_MAX} characters (${n}): the template variable would be too long`, field);
  if (/\$\{|【|】|https?:\/\//i.test(s)) throw bad(`${zh}不能含模板符号、签名或链接`, `${field} must not hold placeholders, signature brackets or links`, field);
  return s;
}

/** Validates the SMS side of a campaign: the template's parameters within the gateway's limits, the rate and windows. */
export function validateSmsSettings(input: Partial<Record<keyof SmsCampaignSettings, unknown>>): SmsCampaignSettings {
  const product = input.product ?? 'platelets';
  if (!(INVITATION_PRODUCTS as readonly unknown[]).includes(product)) throw bad('邀约品种只能是机采血小板或全血', 'product must be platelets or whole-blood', 'product');
  return {
    site: param(input.site, '地点', 'site'),
    inviteDate: param(input.inviteDate, '日期', 'inviteDate'),
    product: product as InvitationProduct,
    ratePerMinute: int(input.ratePerMinute, SMS_CAMPAIGN_DEFAULTS.ratePerMinute, 1, 6000, '每分钟发送条数', 'ratePerMinute'),
    conversionDays: int(input.conversionDays, SMS_CAMPAIGN_DEFAULTS.conversionDays, 1, 60, '转化统计天数', 'conversionDays'),
    frequencyCapDays: int(input.frequencyCapDays, SMS_CAMPAIGN_DEFAULTS.frequencyCapDays, 0, 90, '频次限制天数', 'frequencyCapDays'),
  };
}

/** The template's parameters for one donor (the outbox payload). */
export function invitationPayload(s: Pick<SmsCampaignSettings, 'site' | 'inviteDate' | 'product'>, donorName: string): Record<string, string> {
  return { name: donorName, site: s.site, date: s.inviteDate, product: INVITATION_PRODUCT_TEXT[s.product] };
}

/** How many invitations a tick may write: the per-minute rate over a sliding minute, spread over the ticks. */
export function sendBudget(ratePerMinute: number, sentInLastMinute: number, tickMs: number): number {
  const perTick = Math.max(1, Math.ceil((ratePerMinute * tickMs) / 60_000));
  return Math.max(0, Math.min(perTick, ratePerMinute - sentInLastMinute));
}

export interface SmsCampaignResults {
  campaignId: number;
  targets: number;
  byState: Record<SmsRecipientState, number>;
  blockedByReason: Partial<Record<InvitationBlockReason, number>>;
  replied: number;
  optedOut: number;
  booked: number;
  /** booked / (sent + delivered), 0 when nothing went out. */
  conversion: number;
  /** Invitations written in the last minute (the throttle's view). */
  lastMinute: number;
}

export interface SmsRecipientRow {
  targetId: number;
  donorId: number;
  nameMasked: string;
  phoneMasked: string | null;
  state: SmsRecipientState;
  blockReasons: InvitationBlockReason[];
  /** The outbox's own status and failure, for the supervisor. */
  smsStatus: string | null;
  failure: string | null;
  queuedAt: string | null;
  deliveredAt: string | null;
  repliedAt: string | null;
  replyIntent: string | null;
  bookedAt: string | null;
}

export interface SmsCampaignDetail {
  campaign: DialCampaignDto;
  settings: SmsCampaignSettings;
  results: SmsCampaignResults;
  /** The invitation as a donor named 张三 would read it (signature included). */
  sample: string;
}

export interface SmsCampaignCreateBody extends Partial<SmsCampaignSettings> {
  name: string;
  startsOn: string;
  endsOn?: string | null;
  hoursStart?: string;
  hoursEnd?: string;
  segmentId?: number | null;
  donorIds?: number[];
}

/** The SMS campaign routes (apps/cti-bridge/src/sms-campaign); start/pause/stop are the campaigns' own. */
export interface SmsCampaignHttpApi {
  'POST /api/sms-campaigns': { body: SmsCampaignCreateBody; reply: SmsCampaignDetail };
  'GET /api/sms-campaigns/:id': { params: { id: number }; reply: SmsCampaignDetail };
  'GET /api/sms-campaigns/:id/recipients': { params: { id: number }; query: { state?: SmsRecipientState; limit?: number }; reply: SmsRecipientRow[] };
}
