/**
 * SMS configuration from env (read once by config.ts):
 *  SMS_PROVIDER        sim (the simulated gateway the embedded platform starts; default with the embedded database),
 *                      aliyun (Alibaba Cloud SMS, dysmsapi 2017-05-25), tencent (Tencent Cloud SMS API 3.0, 2021-01-11;
 *                      its settings in tencent-config.ts), smpp (a carrier's SMPP gateway; smpp-config.ts), off (messages wait in the outbox; default with a production
 *                      database until a provider is configured)
 *  SMS_SIM_PROTOCOL    which provider API the bridge speaks to the simulated gateway: aliyun (default), tencent or
 *                      smpp (the simulator's SMPP port SMS_SIM_SMPP_PORT, 18775)
 *  SMS_ENDPOINT        the provider's endpoint (aliyun: https://dysmsapi.aliyuncs.com; tencent:
 *                      https://sms.tencentcloudapi.com; sim: http://127.0.0.1:SMS_SIM_PORT)
 *  SMS_SIM_PORT        the simulated gateway's port (18790; 0 = any free port)
 *  SMS_ACCESS_KEY_ID / SMS_ACCESS_KEY_SECRET   the AccessKey pair (required for aliyun; a demo pair for sim)
 *  SMS_SIGN_NAME       the approved signature (default CENTER_NAME)
 *  SMS_TEMPLATE_CODES  approved template codes per template, "appointment-booked=SMS_123456,survey=SMS_234567" (all
 *                      required for aliyun; the simulator has demo codes)
 *  SMS_CALLBACK_TOKEN  the shared secret the gateway presents on delivery reports and replies (?token= on the URLs
 *                      configured at the provider, or the X-SMS-Token header); generated in the data dir when embedded;
 *                      not needed with tencent (pulled) or smpp (deliver_sm)
 *  SMS_RATE_PER_SECOND (300) SMS_CONCURRENCY (32) SMS_MAX_ATTEMPTS (6) SMS_TIMEOUT_MS (10000) SMS_RETRY_BASE_MS (5000)
 *  SMS_QUIET_HOURS     no survey or recruitment SMS in this window, HH:MM-HH:MM Asia/Shanghai (21:00-08:00; off)
 *  SMS_SURVEY          the post-donation satisfaction SMS on new donations of today (true)
 *  SMS_REMINDER_CRON   when the day-before appointment reminders go out, cron in Asia/Shanghai ("0 10 * * *"; off)
 */
import { Cron } from 'croner';
import { isQuietHoursSpec, SMS_TEMPLATE_KEYS, type QuietHours, type SmsTemplateKey } from '@donorline/domain';
import { missingTemplates } from './optional-templates.js';
import { smppConfig, type SmppConfig } from './smpp-config.js';
import { tencentConfig, type TencentSmsConfig } from './tencent-config.js';

export type SmsProviderName = 'sim' | 'aliyun' | 'tencent' | 'smpp' | 'off';
export type SmsApi = 'aliyun' | 'tencent' | 'smpp';

export interface SmsConfig {
  provider: SmsProviderName;
  /** The API the bridge speaks: the provider's, or with the simulated gateway SMS_SIM_PROTOCOL's (null: off). */
  api: SmsApi | null;
  endpoint: string;
  simPort: number | null;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCodes: Readonly<Record<SmsTemplateKey, string>>;
  /** Tencent Cloud's settings (tencent, and sim — the simulator speaks both APIs); null otherwise. */
  tencent: TencentSmsConfig | null;
  /** The SMPP gateway (smpp, and sim with SMS_SIM_PROTOCOL=smpp or SMS_SIM_SMPP_PORT set); null otherwise. */
  smpp: SmppConfig | null;
  callbackToken: string;
  ratePerSecond: number;
  concurrency: number;
  maxAttempts: number;
  timeoutMs: number;
  retryBaseMs: number;
  quietHours: QuietHours | null;
  surveys: boolean;
  /** The day-before reminders' schedule (null: off). */
  reminderCron: string | null;
}


/** The simulator's demo template codes (a real account's codes come from SMS_TEMPLATE_CODES). */

export const SIM_TEMPLATE_CODES: Readonly<Record<SmsTemplateKey, string>> = Object.freeze(
  Object.fromEntries(SMS_TEMPLATE_KEYS.map((k, i) => [k, `SMS_9000000${i + 1}`])) as Record<SmsTemplateKey, string>,
);
export const SIM_ACCESS_KEY = Object.freeze({ id: 'LTAIdonorlineDemoKey', secret: 'donorline-demo-sms-secret' });

type Env = Readonly<Record<string, string | undefined>>;

export function num(env: Env, key: string, dflt: number, min: number, max: number, fail: (m: string) => Error): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw fail(`${key} must be an integer in ${min}..${max}, got "${raw}"`);
  return n;
}

export function smsConfig(env: Env, o: { embedded: boolean; centerName: string; secret: (key: string) => string }, fail: (m: string) => Error): SmsConfig {
  const provider = (env.SMS_PROVIDER || (o.embedded ? 'sim' : 'off')) as SmsProviderName;
  if (!['sim', 'aliyun', 'tencent', 'smpp', 'off'].includes(provider)) throw fail(`SMS_PROVIDER must be sim, aliyun, tencent, smpp or off, got "${env.SMS_PROVIDER}"`);
  const simProtocol = env.SMS_SIM_PROTOCOL || 'aliyun';
  if (!['aliyun', 'tencent', 'smpp'].includes(simProtocol)) throw fail(`SMS_SIM_PROTOCOL must be aliyun, tencent or smpp, got "${simProtocol}"`);
  const api = provider === 'off' ? null : provider === 'sim' ? (simProtocol as SmsApi) : provider;
  const simPort = provider === 'sim' ? num(env, 'SMS_SIM_PORT', 18790, 0, 65535, fail) : null;
  const endpoint = (env.SMS_ENDPOINT || (provider === 'aliyun' ? 'https://dysmsapi.aliyuncs.com' : provider === 'tencent' ? 'https://sms.tencentcloudapi.com' : `http://127.0.0.1:${simPort ?? 18790}`)).replace(/\/+$/, '');
  if (provider !== 'smpp') {
    try {
      const u = new URL(endpoint);
      if (!['http:', 'https:'].includes(u.protocol)) throw new Error();
      // the Tencent SDK posts to "/" of a host: a path would be dropped silently
      if (api === 'tencent' && (u.pathname !== '/' || u.search)) throw new Error();
    } catch {
      throw fail(`SMS_ENDPOINT must be an http(s) URL${api === 'tencent' ? ' without a path (Tencent: scheme://host[:port])' : ''}, got "${endpoint}"`);
    }
  }
  const codes: Record<string, string> = provider === 'sim' ? { ...SIM_TEMPLATE_CODES } : {};
  for (const part of (env.SMS_TEMPLATE_CODES ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z-]+)=(SMS_\d{3,20})$/.exec(part);
    if (!m || !(SMS_TEMPLATE_KEYS as readonly string[]).includes(m[1]!)) throw fail(`SMS_TEMPLATE_CODES: "${part}" is not template=SMS_<digits> (templates ${SMS_TEMPLATE_KEYS.join(', ')})`);
    codes[m[1]!] = m[2]!;
  }
  if (provider === 'aliyun') {
    const missing = missingTemplates(codes);
    if (missing.length) throw fail(`SMS_TEMPLATE_CODES lacks ${missing.join(', ')} (every template needs its approved code with SMS_PROVIDER=aliyun)`);
    if (!env.SMS_ACCESS_KEY_ID || !env.SMS_ACCESS_KEY_SECRET) throw fail('SMS_ACCESS_KEY_ID and SMS_ACCESS_KEY_SECRET are required with SMS_PROVIDER=aliyun');
  }
  const tencent = provider === 'tencent' || provider === 'sim' ? tencentConfig(env, provider === 'sim', num, fail) : null;
  const smpp = provider === 'smpp' || (provider === 'sim' && (api === 'smpp' || !!env.SMS_SIM_SMPP_PORT)) ? smppConfig(env, provider === 'sim', num, fail) : null;
  // Tencent's status and replies are pulled, SMPP's come as deliver_sm: nothing calls /api/sms/* (without a token those routes refuse everything)
  const pushes = provider === 'aliyun' || provider === 'sim';
  const token = env.SMS_CALLBACK_TOKEN || (pushes ? o.secret('SMS_CALLBACK_TOKEN') : '');
  if ((pushes || token) && token.length < 16) throw fail('SMS_CALLBACK_TOKEN must have at least 16 characters');
  const reminderRaw = env.SMS_REMINDER_CRON || '0 10 * * *';
  if (reminderRaw !== 'off') {
    try {
      new Cron(reminderRaw, { paused: true }).stop();
    } catch (e) {
      throw fail(`SMS_REMINDER_CRON must be a cron expression or off, got "${reminderRaw}" (${(e as Error).message})`);
    }
  }
  const quietRaw = env.SMS_QUIET_HOURS ?? '21:00-08:00';
  if (quietRaw !== 'off' && !isQuietHoursSpec(quietRaw)) throw fail(`SMS_QUIET_HOURS must be HH:MM-HH:MM or off, got "${quietRaw}"`);
  return {
    provider, api, simPort,
    endpoint: provider === 'smpp' && smpp ? `smpp://${smpp.host}:${smpp.port}` : endpoint,
    accessKeyId: env.SMS_ACCESS_KEY_ID || SIM_ACCESS_KEY.id,
    accessKeySecret: env.SMS_ACCESS_KEY_SECRET || SIM_ACCESS_KEY.secret,
    signName: env.SMS_SIGN_NAME || o.centerName,
    templateCodes: codes as Record<SmsTemplateKey, string>,
    tencent, smpp,
    callbackToken: token,
    ratePerSecond: num(env, 'SMS_RATE_PER_SECOND', 300, 1, 10_000, fail),
    concurrency: num(env, 'SMS_CONCURRENCY', 32, 1, 512, fail),
    maxAttempts: num(env, 'SMS_MAX_ATTEMPTS', 6, 1, 50, fail),
    timeoutMs: num(env, 'SMS_TIMEOUT_MS', 10_000, 100, 120_000, fail),
    retryBaseMs: num(env, 'SMS_RETRY_BASE_MS', 5000, 10, 3_600_000, fail),
    quietHours: quietRaw === 'off' ? null : { start: quietRaw.slice(0, 5), end: quietRaw.slice(6) },
    surveys: !['0', 'false', 'off'].includes(env.SMS_SURVEY ?? ''),
    reminderCron: reminderRaw === 'off' ? null : reminderRaw,
  };
}
