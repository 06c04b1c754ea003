/**
 * Tencent Cloud SMS settings from env (read by sms-config.ts), for SMS_PROVIDER=tencent — and for the simulated
 * gateway with SMS_SIM_PROTOCOL=tencent, where every setting has a demo value:
 *  SMS_TENCENT_SECRET_ID / SMS_TENCENT_SECRET_KEY  the API key pair (CAM: grant sms:SendSms, sms:PullSmsSendStatus,
 *                      sms:PullSmsReplyStatus only)
 *  SMS_TENCENT_APP_ID  the SmsSdkAppId of the SMS application (1400xxxxxx)
 *  SMS_TENCENT_REGION  ap-guangzhou (default), ap-beijing or ap-nanjing
 *  SMS_TENCENT_TEMPLATE_IDS  the approved template id per template, "appointment-booked=1234567,survey=1234568" (all
 *                      required); the approved text uses {1}…{n} in the order of the template's parameters
 *                      (SMS_TEMPLATE_DEFS[key].params)
 *  SMS_TENCENT_PULL_MS (5000) how often delivery reports and replies are pulled (PullSmsSendStatus / PullSmsReplyStatus)
 *  SMS_TENCENT_MAX_PARAM_LENGTH  the longest variable value the approved templates take (6, Tencent's default for a
 *                      non-verification variable; the simulator: 35)
 */
import { SMS_TEMPLATE_KEYS, type SmsTemplateKey } from '@donorline/domain';
import { missingTemplates } from './optional-templates.js';

export interface TencentSmsConfig {
  secretId: string;
  secretKey: string;
  region: string;
  sdkAppId: string;
  templateIds: Readonly<Record<SmsTemplateKey, string>>;
  pullMs: number;
  maxParamLength: number;
}

export const TENCENT_SMS_REGIONS = ['ap-guangzhou', 'ap-beijing', 'ap-nanjing'] as const;

/** The simulator's demo Tencent account and template ids. */
export const SIM_TENCENT = Object.freeze({ secretId: 'AKIDdonorlineDemoKey', secretKey: 'donorline-demo-tencent-secret', sdkAppId: '1400000001' });
export const SIM_TENCENT_TEMPLATE_IDS: Readonly<Record<SmsTemplateKey, string>> = Object.freeze(
  Object.fromEntries(SMS_TEMPLATE_KEYS.map((k, i) => [k, String(2_000_001 + i)])) as Record<SmsTemplateKey, string>,
);

type Env = Readonly<Record<string, string | undefined>>;
/** sms-config's integer reader (a refusal names the variable and its range). */
type Num = (env: Env, key: string, dflt: number, min: number, max: number, fail: (m: string) => Error) => number;

/** sim: demo values where env gives none; real: every setting required, each refusal naming its variable. */
export function tencentConfig(env: Env, sim: boolean, num: Num, fail: (m: string) => Error): TencentSmsConfig {
  const ids: Record<string, string> = sim ? { ...SIM_TENCENT_TEMPLATE_IDS } : {};
  for (const part of (env.SMS_TENCENT_TEMPLATE_IDS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z-]+)=(\d{1,12})$/.exec(part);
    if (!m || !(SMS_TEMPLATE_KEYS as readonly string[]).includes(m[1]!)) throw fail(`SMS_TENCENT_TEMPLATE_IDS: "${part}" is not template=<numeric template id> (templates ${SMS_TEMPLATE_KEYS.join(', ')})`);
    ids[m[1]!] = m[2]!;
  }
  const missingIds = missingTemplates(ids);
  if (missingIds.length) throw fail(`SMS_TENCENT_TEMPLATE_IDS lacks ${missingIds.join(', ')} (every template needs its approved template id with SMS_PROVIDER=tencent)`);
  const missing = ['SMS_TENCENT_SECRET_ID', 'SMS_TENCENT_SECRET_KEY', 'SMS_TENCENT_APP_ID'].filter((k) => !sim && !env[k]);
  if (missing.length) throw fail(`${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} required with SMS_PROVIDER=tencent (腾讯云短信需要 SecretId/SecretKey 和 SmsSdkAppId)`);
  const sdkAppId = env.SMS_TENCENT_APP_ID || SIM_TENCENT.sdkAppId;
  if (!/^\d{8,12}$/.test(sdkAppId)) throw fail(`SMS_TENCENT_APP_ID must be the numeric SmsSdkAppId (1400xxxxxx), got "${sdkAppId}"`);
  const region = env.SMS_TENCENT_REGION || 'ap-guangzhou';
  if (!(TENCENT_SMS_REGIONS as readonly string[]).includes(region)) throw fail(`SMS_TENCENT_REGION must be one of ${TENCENT_SMS_REGIONS.join(', ')}, got "${region}"`);
  return {
    secretId: env.SMS_TENCENT_SECRET_ID || SIM_TENCENT.secretId,
    secretKey: env.SMS_TENCENT_SECRET_KEY || SIM_TENCENT.secretKey,
    region, sdkAppId,
    templateIds: ids as Record<SmsTemplateKey, string>,
    pullMs: num(env, 'SMS_TENCENT_PULL_MS', 5000, 50, 600_000, fail),
    maxParamLength: num(env, 'SMS_TENCENT_MAX_PARAM_LENGTH', sim ? 35 : 6, 1, 35, fail),
  };
}
