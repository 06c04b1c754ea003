import type { ContactBlockReason, ContactPurpose } from './contact-policy.js';

/**
 * The reasons a proactive contact is refused, in words (zh-CN first, English second). The server puts them into the
 * CONTACT_BLOCKED message, so a refusal reads the same on the desk, in the audit trail and in API clients.
 */
export const CONTACT_BLOCK_WORDS: Record<ContactBlockReason, { zh: string; en: string }> = {
  'do-not-call': { zh: '献血者已登记“请勿来电”', en: 'the donor asked not to be called (do-not-call)' },
  'open-complaint': { zh: '有未结投诉，只能先做服务回访', en: 'an open complaint — only a service call-back is allowed' },
  'no-consent': { zh: '献血者未同意招募联系', en: 'no consent to recruitment contact' },
  suppressed: { zh: '12个月内招募失败5次，暂停主动招募6个月', en: '5 failed recruitment attempts in 12 months — suppressed for 6 months' },
  'outside-hours': { zh: '不在允许的联系时段内', en: 'outside the allowed calling hours' },
};

export const CONTACT_PURPOSES: readonly ContactPurpose[] = ['recruitment', 'care', 'survey', 'service'];

export function isContactPurpose(v: unknown): v is ContactPurpose {
  return typeof v === 'string' && (CONTACT_PURPOSES as readonly string[]).includes(v);
}

/** "不可联系：A；B / contact blocked: a; b" — one line with every reason. */
export function describeBlock(reasons: readonly ContactBlockReason[], extra: { suppressedUntil?: string | null } = {}): string {
  const zh = reasons.map((r) => CONTACT_BLOCK_WORDS[r].zh + (r === 'suppressed' && extra.suppressedUntil ? `（至 ${extra.suppressedUntil}）` : '')).join('；');
  const en = reasons.map((r) => CONTACT_BLOCK_WORDS[r].en + (r === 'suppressed' && extra.suppressedUntil ? ` (until ${extra.suppressedUntil})` : '')).join('; ');
  return `不可联系：${zh} / contact blocked: ${en}`;
}
