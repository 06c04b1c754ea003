/**
 * The SMS the platform sends, in the approved-template model Chinese providers require: a template code registered
 * with the provider (configuration), named parameters, and the center's signature. Each template has a class that
 * decides which rules apply:
 *   service   — the donor's own business (booking confirmations, reminders): sent at any hour and
 *               even to a number that replied TD, because the donor asked for it.
 *   notice    — the post-donation satisfaction survey, "a reply to your voice message is waiting", "we missed you"
 *               after a no-show: opt-out enforced,
 *               not sent in quiet hours (the morning is soon enough to learn a reply waits).
 *   marketing — care and recruitment: opt-out and consent enforced, not sent in quiet hours.
 */
export const SMS_TEMPLATE_KEYS = [
  'appointment-booked', 'appointment-cancelled', 'appointment-rescheduled', 'appointment-reminder', 'survey', 'care', 'voice-reply', 'no-show',
  'recruitment-invitation',
] as const;
export type SmsTemplateKey = (typeof SMS_TEMPLATE_KEYS)[number];

export const SMS_CLASSES = ['service', 'notice', 'marketing'] as const;
export type SmsClass = (typeof SMS_CLASSES)[number];

export interface SmsTemplateDef {
  class: SmsClass;
  /** The template's variables, in the order the approved text uses them. */
  params: readonly string[];
  /** The approved text (zh-CN) without the signature; ${var} placeholders, as registered with the provider. */
  text: string;
}

export const SMS_TEMPLATE_DEFS: Readonly<Record<SmsTemplateKey, SmsTemplateDef>> = Object.freeze({
  'appointment-booked': { class: 'service', params: ['name', 'when', 'site', 'typeLabel'], text: '${name}您好，您已预约${when}在${site}${typeLabel}。请携带身份证，献血前清淡饮食、睡眠充足。改约请致电96606。感谢您的爱心！' },
  'appointment-cancelled': { class: 'service', params: ['name', 'when', 'site'], text: '${name}您好，您${when}在${site}的献血预约已取消。欢迎随时致电96606重新预约。' },
  'appointment-rescheduled': { class: 'service', params: ['name', 'when', 'site'], text: '${name}您好，您的献血预约已改为${when}，地点${site}。感谢您的坚持与爱心！' },
  'appointment-reminder': { class: 'service', params: ['name', 'when', 'site'], text: '${name}您好，提醒您明天${when}在${site}献血，请携带身份证。' },
  survey: { class: 'notice', params: [], text: '感谢您今天的无偿献血！请回复1-5为本次服务打分（5为非常满意），回复TD退订。' },
  care: { class: 'marketing', params: ['name', 'text'], text: '${name}您好，${text} 回复TD退订' },
  'voice-reply': { class: 'notice', params: ['name'], text: '${name}您好，您的留言已有回复，请拨打热线96606收听。' },
  // a kind word after a missed booking (the center enables it: center settings noShowSms); not recruitment, a notice
  'no-show': { class: 'notice', params: ['name', 'when', 'site'], text: '${name}您好，我们错过了您${when}在${site}的献血预约，希望您一切都好。方便时欢迎致电96606重新预约，回复TD退订' },
  // SMS campaigns (sms-campaign/): an invitation to book, for a site, a day and a product
  'recruitment-invitation': { class: 'marketing', params: ['name', 'site', 'date', 'product'], text: '${name}您好，${site}${date}急需${product}，诚邀您预约献血，请致电96606或回复本短信预约。回复TD退订' },
});

/** The text as registered with Tencent Cloud SMS, whose variables are numbered: {1}…{n} in the order of `params`. */
export function numberedTemplateText(key: SmsTemplateKey): string {
  const d = SMS_TEMPLATE_DEFS[key];
  return d.text.replace(/\$\{(\w+)\}/g, (_, k: string) => `{${d.params.indexOf(k) + 1}}`);
}

export function isSmsTemplateKey(v: unknown): v is SmsTemplateKey {
  return typeof v === 'string' && (SMS_TEMPLATE_KEYS as readonly string[]).includes(v);
}

/** What a provider accepts (Alibaba Cloud: a notice variable holds at most 35 characters). */
export interface SmsProviderLimits {
  maxParamLength: number;
}

export const SMS_PROVIDER_LIMITS: Readonly<Record<'aliyun' | 'sim' | 'log', SmsProviderLimits>> = Object.freeze({
  aliyun: { maxParamLength: 35 },
  sim: { maxParamLength: 35 },
  log: { maxParamLength: 500 },
});

export type TemplateParamsResult = { ok: true; params: Record<string, string> } | { ok: false; reason: string };

/**
 * The provider's parameters for a message: every variable of the template as a string, each within the provider's
 * limit. A value too long is not cut (a cut name or place misleads the donor): the message is parked with the reason.
 */
export function templateParams(key: SmsTemplateKey, payload: Readonly<Record<string, unknown>>, limits: SmsProviderLimits): TemplateParamsResult {
  const params: Record<string, string> = {};
  for (const p of SMS_TEMPLATE_DEFS[key].params) {
    const v = payload[p];
    const s = v === null || v === undefined ? '' : String(v);
    const n = [...s].length;
    if (n > limits.maxParamLength) return { ok: false, reason: `参数过长 / parameter too long: ${p} (${n} > ${limits.maxParamLength})` };
    params[p] = s;
  }
  return { ok: true, params };
}

/** The text the donor reads: signature first (Chinese SMS rules), then the template with its parameters. */
export function renderTemplate(key: SmsTemplateKey, params: Readonly<Record<string, string>>, signName: string): string {
  return `【${signName}】${SMS_TEMPLATE_DEFS[key].text.replace(/\$\{(\w+)\}/g, (_, k: string) => params[k] ?? '')}`;
}
