import { SMS_TEMPLATE_KEYS, type SmsTemplateKey } from '@donorline/domain';

/**
 * Templates a deployment may leave without an approved code or id (Aliyun SMS_TEMPLATE_CODES, Tencent
 * SMS_TENCENT_TEMPLATE_IDS): the features that send them came later and are off until used — the no-show SMS (中心设置 →
 * 爽约短信) and SMS campaigns' invitations — so an existing set-up keeps starting; a message of one is parked with
 * the reason, visible on the 短信 page.
 */
export const OPTIONAL_TEMPLATES: readonly SmsTemplateKey[] = ['no-show', 'recruitment-invitation'];

/** The required templates a provider's code/id map lacks, in template order. */
export function missingTemplates(have: Partial<Record<SmsTemplateKey, string>>): SmsTemplateKey[] {
  return SMS_TEMPLATE_KEYS.filter((k) => !have[k] && !OPTIONAL_TEMPLATES.includes(k));
}
