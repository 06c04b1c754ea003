/**
 * Alibaba Cloud SMS (dysmsapi 2017-05-25 SendSms), RPC over HTTPS — or over HTTP to the simulated gateway. The answer
 * is classified so the outbox never sends a message twice:
 *   Code OK                                    → sent (BizId)
 *   HTTP 5xx, isp.SYSTEM_ERROR, throttling, connection refused (nothing reached the provider) → retry
 *   any other isv.* / authentication refusal   → park with Code and Message (retrying cannot help)
 *   no answer (timeout, connection reset after the request was written)  → unknown (parked; a delivery report
 *                                                 carrying our OutId settles it)
 */
import { SMS_PROVIDER_LIMITS } from '@donorline/domain';
import type { SendOutcome } from '@donorline/domain/node';
import type { SmsConfig } from './sms-config.js';
import { signedParams } from './aliyun-rpc.js';
import type { SmsProviderPort, SmsSendRequest } from './sms-provider.js';

const RETRY_CODES = new Set(['isp.SYSTEM_ERROR', 'isp.RAM_PERMISSION_DENY_TEMP', 'isv.BUSINESS_LIMIT_CONTROL', 'Throttling', 'Throttling.User', 'Throttling.Api', 'ServiceUnavailable', 'SignatureNonceUsed', 'InternalError']);
const NOT_SENT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** +8613800138000 → 13800138000 (the provider's mainland form); null for anything else. */
export function mainlandMobile(e164: string): string | null {
  const m = /^\+861(\d{10})$/.exec(e164);
  return m ? `1${m[1]}` : null;
}

export class AliyunSmsAdapter implements SmsProviderPort {
  readonly name: string;
  readonly limits = SMS_PROVIDER_LIMITS.aliyun;

  constructor(private readonly cfg: Pick<SmsConfig, 'endpoint' | 'accessKeyId' | 'accessKeySecret' | 'signName' | 'templateCodes' | 'timeoutMs'>, name = 'aliyun') {
    this.name = name;
  }

  async send(req: SmsSendRequest): Promise<SendOutcome> {
    const phone = mainlandMobile(req.to);
    if (!phone) return { kind: 'park', reason: `不是中国大陆手机号 / not a mainland mobile number` };
    const code = this.cfg.templateCodes[req.template];
    if (!code) return { kind: 'park', reason: `模板${req.template}没有配置模板代码 / no template code configured (SMS_TEMPLATE_CODES)` };
    const body = new URLSearchParams(signedParams('SendSms', {
      PhoneNumbers: phone, SignName: this.cfg.signName, TemplateCode: code, TemplateParam: JSON.stringify(req.params), OutId: String(req.id),
    }, { id: this.cfg.accessKeyId, secret: this.cfg.accessKeySecret }));
    let res: Response;
    try {
      res = await fetch(`${this.cfg.endpoint}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, signal: AbortSignal.timeout(this.cfg.timeoutMs) });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const code = err.cause?.code ?? '';
      if (NOT_SENT_ERRORS.has(code)) return { kind: 'retry', reason: `无法连接短信网关 / cannot reach the gateway (${code})` };
      return { kind: 'unknown', reason: `短信网关无应答，结果未知 / no answer from the gateway (${err.name === 'TimeoutError' ? `timeout ${this.cfg.timeoutMs} ms` : code || err.message}): not resent automatically` };
    }
    const text = await res.text().catch(() => '');
    type Answer = { Code?: string; Message?: string; BizId?: string };
    const j = ((): Answer | null => {
      try {
        return JSON.parse(text) as Answer;
      } catch {
        return null;
      }
    })();
    if (res.status >= 500) return { kind: 'retry', reason: `HTTP ${res.status} ${j?.Code ?? ''}`.trim() };
    if (!j) return res.ok ? { kind: 'unknown', reason: `网关应答无法解析 / unreadable answer (HTTP ${res.status})` } : { kind: 'park', reason: `HTTP ${res.status}` };
    if (j.Code === 'OK' && j.BizId) return { kind: 'sent', providerId: j.BizId };
    const reason = `${j.Code ?? `HTTP ${res.status}`}: ${j.Message ?? ''}`.slice(0, 300);
    return RETRY_CODES.has(j.Code ?? '') ? { kind: 'retry', reason } : { kind: 'park', reason };
  }
}
