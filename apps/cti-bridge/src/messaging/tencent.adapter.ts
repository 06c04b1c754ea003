/**
 * Tencent Cloud SMS (API 3.0, version 2021-01-11 SendSms) through the official tencentcloud-sdk-nodejs-sms, which
 * signs with TC3-HMAC-SHA256. SMS_ENDPOINT overrides the SDK's endpoint (scheme and host[:port]), so the same code
 * talks to the simulated gateway. One number per request (our outbox sends one message per row); the template's
 * parameters go as TemplateParamSet in the order the approved text numbers them ({1}…{n} = SMS_TEMPLATE_DEFS params),
 * our outbox id as SessionContext (returned in the delivery status). The answer is classified so the outbox never
 * sends a message twice:
 *   SendStatus Code "Ok"                               → sent (SerialNo; Fee, the billed count, is not kept)
 *   InternalError*, RequestLimitExceeded*, the 30-second per-number limit, HTTP 5xx, connection refused → retry
 *   InternalError.Timeout (Tencent's own "the operator did not answer in time") → unknown
 *   any other Code (AuthFailure.*, FailedOperation.*, InvalidParameterValue.*, daily/hourly limits) → park with Code
 *   no answer (timeout, reset after the request was written)  → unknown (parked; a status with our SessionContext settles it)
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import tencentcloud from 'tencentcloud-sdk-nodejs-sms';
import { SMS_TEMPLATE_DEFS, type SmsProviderLimits } from '@donorline/domain';
import type { SendOutcome } from '@donorline/domain/node';
import { mainlandMobile } from './aliyun.adapter.js';
import type { SmsConfig } from './sms-config.js';
import type { SmsProviderPort, SmsSendRequest } from './sms-provider.js';
import type { TencentSmsConfig } from './tencent-config.js';

export type TencentSmsClient = InstanceType<typeof tencentcloud.sms.v20210111.Client>;

const NOT_SENT = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)\b/;

/** Tencent's error codes retrying can help with. */
export function tencentRetryable(code: string): boolean {
  return (/^InternalError/.test(code) && code !== 'InternalError.Timeout') || /^RequestLimitExceeded/.test(code)
    || code === 'LimitExceeded.PhoneNumberThirtySecondLimit' || code === 'ResourceUnavailable' || code === 'ServiceUnavailable';
}

/** The SDK client for an endpoint URL (the real one, or the simulator's) with a keep-alive agent. */
export function tencentClient(cfg: Pick<TencentSmsConfig, 'secretId' | 'secretKey' | 'region'>, endpoint: string, timeoutMs: number): { client: TencentSmsClient; close(): void } {
  const u = new URL(endpoint);
  const agent = u.protocol === 'https:' ? new HttpsAgent({ keepAlive: true, maxSockets: 64 }) : new HttpAgent({ keepAlive: true, maxSockets: 64 });
  const client = new tencentcloud.sms.v20210111.Client({
    credential: { secretId: cfg.secretId, secretKey: cfg.secretKey }, region: cfg.region,
    profile: { httpProfile: { endpoint: u.host, protocol: `${u.protocol}//`, reqMethod: 'POST', reqTimeout: timeoutMs / 1000, agent } },
  });
  return { client, close: () => agent.destroy() };
}

/** A failed SDK call → retry / park / unknown. */
export function classifyTencentError(e: unknown, timeoutMs: number): SendOutcome {
  const err = e as Error & { code?: string; httpCode?: number; requestId?: string };
  if (err.code) {
    const reason = `${err.code}: ${err.message}`.slice(0, 300);
    if (err.code === 'InternalError.Timeout') return { kind: 'unknown', reason };
    return tencentRetryable(err.code) ? { kind: 'retry', reason } : { kind: 'park', reason };
  }
  if (err.httpCode) return err.httpCode >= 500 || err.httpCode === 429 ? { kind: 'retry', reason: `HTTP ${err.httpCode}` } : { kind: 'park', reason: `HTTP ${err.httpCode}` };
  const m = NOT_SENT.exec(err.message ?? '');
  if (m) return { kind: 'retry', reason: `无法连接短信网关 / cannot reach the gateway (${m[1]})` };
  const timedOut = /timeout/i.test(err.message ?? '');
  return { kind: 'unknown', reason: `短信网关无应答，结果未知 / no answer from the gateway (${timedOut ? `timeout ${timeoutMs} ms` : (err.message ?? '').slice(0, 120)}): not resent automatically` };
}

export class TencentSmsAdapter implements SmsProviderPort {
  readonly name: string;
  readonly limits: SmsProviderLimits;
  /** Shared with the status puller (tencent-pull.ts). */
  readonly client: TencentSmsClient;
  readonly close: () => void;

  constructor(private readonly cfg: Pick<SmsConfig, 'endpoint' | 'signName' | 'timeoutMs'> & { tencent: TencentSmsConfig }, name = 'tencent') {
    this.name = name;
    this.limits = { maxParamLength: cfg.tencent.maxParamLength };
    ({ client: this.client, close: this.close } = tencentClient(cfg.tencent, cfg.endpoint, cfg.timeoutMs));
  }

  async send(req: SmsSendRequest): Promise<SendOutcome> {
    const phone = mainlandMobile(req.to);
    if (!phone) return { kind: 'park', reason: '不是中国大陆手机号 / not a mainland mobile number' };
    const templateId = this.cfg.tencent.templateIds[req.template];
    if (!templateId) return { kind: 'park', reason: `模板${req.template}没有配置模板ID / no template id configured (SMS_TENCENT_TEMPLATE_IDS)` };
    let res: Awaited<ReturnType<TencentSmsClient['SendSms']>>;
    try {
      res = await this.client.SendSms({
        PhoneNumberSet: [`+86${phone}`], SmsSdkAppId: this.cfg.tencent.sdkAppId, SignName: this.cfg.signName, TemplateId: templateId,
        TemplateParamSet: SMS_TEMPLATE_DEFS[req.template].params.map((p) => req.params[p] ?? ''), SessionContext: String(req.id),
      });
    } catch (e) {
      return classifyTencentError(e, this.cfg.timeoutMs);
    }
    const s = res.SendStatusSet?.[0];
    if (!s) return { kind: 'unknown', reason: `网关应答缺少发送状态 / no SendStatus in the answer (RequestId ${res.RequestId ?? '?'})` };
    if (s.Code === 'Ok' && s.SerialNo) return { kind: 'sent', providerId: s.SerialNo };
    const reason = `${s.Code ?? '?'}: ${s.Message ?? ''}`.slice(0, 300);
    if (s.Code === 'InternalError.Timeout') return { kind: 'unknown', reason };
    return tencentRetryable(s.Code ?? '') ? { kind: 'retry', reason } : { kind: 'park', reason };
  }
}
