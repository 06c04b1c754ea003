/**
 * Tencent Cloud SMS API 3.0 (sms.tencentcloudapi.com, version 2021-01-11) on the same simulator: POST / with the
 * X-TC-* headers and a JSON body, TC3-HMAC-SHA256 checked (tc3-signature.ts). Answers are Tencent's: HTTP 200 and
 * {"Response":{…,"RequestId"}} or {"Response":{"Error":{"Code","Message"},"RequestId"}} — also for a bad signature.
 *   SendSms            SmsSdkAppId, SignName, TemplateId (known templates: the parameter count must match the
 *                      approved text's {1}…{n}), TemplateParamSet, PhoneNumberSet (≤ 200); one SendStatus per number
 *                      (Code "Ok", SerialNo, Fee; a bad number gets its own Code, the others still go out)
 *   PullSmsSendStatus  delivery reports (状态回执) waiting for the platform, oldest first, at most Limit (≤ 100);
 *                      a pulled report is gone, as at Tencent
 *   PullSmsReplyStatus donor replies (上行短信), the same way
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Fault } from './faults.js';
import type { MessageStore } from './store.js';
import { verifyTc3, type Tc3Request } from './tc3-signature.js';

export interface TencentSimOptions {
  secretId: string;
  secretKey: string;
  /** The SmsSdkAppId the simulated account has (1400000000-style). */
  sdkAppId: string;
  /** Approved templates: id → text with {1}…{n}. Unknown ids are refused when any are given. */
  templates?: Readonly<Record<string, string>>;
  /** Approved signatures; any non-empty one when not given. */
  signNames?: readonly string[];
  /** Longest template variable value, in characters (default 35). */
  maxParamLength?: number;
}

export interface PullStatusItem {
  UserReceiveTime: number;
  CountryCode: string;
  SubscriberNumber: string;
  PhoneNumber: string;
  SerialNo: string;
  ReportStatus: 'SUCCESS' | 'FAIL';
  Description: string;
  SessionContext: string;
}

export interface PullReplyItem {
  ExtendCode: string;
  CountryCode: string;
  PhoneNumber: string;
  SignName: string;
  ReplyContent: string;
  ReplyTime: number;
  SubscriberNumber: string;
}

export interface TencentAnswer {
  status: number;
  body: unknown;
}

interface Ctx {
  store: MessageStore;
  /** Draws the fault for one SendSms. */
  fault(): Fault;
  /** Decides one delivery: true = delivered. */
  delivered(): boolean;
  reportDelayMs: number;
  later(ms: number, fn: () => void): void;
}

const REGIONS = new Set(['ap-guangzhou', 'ap-beijing', 'ap-nanjing']);
const MOBILE = /^(?:\+86|0086|86)?(1\d{10})$/;
const answer = (data: Record<string, unknown>, status = 200): TencentAnswer => ({ status, body: { Response: { ...data, RequestId: randomUUID() } } });
export const tcError = (code: string, message: string, status = 200): TencentAnswer => answer({ Error: { Code: code, Message: message } }, status);

/** Fee as Tencent counts it: 70 characters (signature included) in one SMS, longer ones in parts of 67. */
export function smsFee(text: string): number {
  const n = [...text].length;
  return n <= 70 ? 1 : Math.ceil(n / 67);
}

export function renderTencent(tpl: string, signName: string, set: readonly string[]): string {
  return `【${signName}】${tpl.replace(/\{(\d+)\}/g, (_, i: string) => set[Number(i) - 1] ?? '')}`;
}

export class TencentApi {
  readonly statusQueue: PullStatusItem[] = [];
  readonly replyQueue: PullReplyItem[] = [];
  pulledReports = 0;
  pulledReplies = 0;

  constructor(private readonly o: TencentSimOptions, private readonly ctx: Ctx) {}

  /** null = leave the request hanging (the timeout fault). */
  handle(r: Tc3Request): TencentAnswer | null {
    const denied = verifyTc3(r, this.o);
    if (denied) return tcError(denied.code, denied.message);
    const h = (n: string): string => String(r.headers[n] ?? '');
    const action = h('x-tc-action');
    if (!action) return tcError('MissingParameter', 'The request is missing a required parameter `X-TC-Action`.');
    if (h('x-tc-version') !== '2021-01-11') return tcError('InvalidAction', `The requested action \`${action}\` of version \`${h('x-tc-version')}\` does not exist.`);
    if (!REGIONS.has(h('x-tc-region'))) return tcError('UnsupportedRegion', 'The action does not support this region.');
    let p: Record<string, unknown>;
    try {
      p = JSON.parse(String(r.body)) as Record<string, unknown>;
      if (!p || typeof p !== 'object' || Array.isArray(p)) throw new Error();
    } catch {
      return tcError('InvalidParameter', 'The request body is not a JSON object.');
    }
    if (String(p.SmsSdkAppId ?? '') !== this.o.sdkAppId) return tcError('InvalidParameterValue.SdkAppIdNotExist', 'SdkAppId 不存在 / SdkAppId does not exist.');
    if (action === 'SendSms') return this.sendSms(p);
    if (action === 'PullSmsSendStatus' || action === 'PullSmsReplyStatus') {
      const limit = p.Limit;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100) return tcError('InvalidParameterValue', 'Limit 取值范围 1-100 / Limit must be 1..100.');
      if (action === 'PullSmsSendStatus') {
        const set = this.statusQueue.splice(0, limit);
        this.pulledReports += set.length;
        for (const s of set) {
          const m = this.ctx.store.get(s.SerialNo);
          if (m) m.reportPushed = true;
        }
        return answer({ PullSmsSendStatusSet: set });
      }
      const set = this.replyQueue.splice(0, limit);
      this.pulledReplies += set.length;
      return answer({ PullSmsReplyStatusSet: set });
    }
    return tcError('InvalidAction', `The requested action \`${action}\` does not exist.`);
  }

  private sendSms(p: Record<string, unknown>): TencentAnswer | null {
    const phones = p.PhoneNumberSet;
    if (!Array.isArray(phones) || !phones.length) return tcError('MissingParameter', 'The request is missing a required parameter `PhoneNumberSet`.');
    if (phones.length > 200) return tcError('LimitExceeded.PhoneNumberCountLimit', '单次提交号码数超过200个 / more than 200 numbers.');
    const sign = typeof p.SignName === 'string' ? p.SignName.trim() : '';
    if (!sign || (this.o.signNames && !this.o.signNames.includes(sign))) return tcError('FailedOperation.SignatureIncorrectOrUnapproved', '签名未审批或格式错误 / signature not approved.');
    const tplId = typeof p.TemplateId === 'string' ? p.TemplateId : '';
    const templates = this.o.templates ?? {};
    const tpl = templates[tplId];
    if (!/^\d{1,12}$/.test(tplId) || (Object.keys(templates).length && !tpl)) return tcError('FailedOperation.TemplateIncorrectOrUnapproved', '模板未审批或内容不匹配 / template not approved.');
    const set = p.TemplateParamSet ?? [];
    if (!Array.isArray(set) || set.some((v) => typeof v !== 'string')) return tcError('InvalidParameterValue.TemplateParameterFormatError', '模板参数格式错误 / TemplateParamSet must be strings.');
    const params = set as string[];
    if (tpl && new Set([...tpl.matchAll(/\{(\d+)\}/g)].map((m) => m[1])).size !== params.length) {
      return tcError('FailedOperation.TemplateParamSetNotMatchApprovedTemplate', '请求内容与审核通过的模板内容不匹配 / TemplateParamSet does not match the approved template.');
    }
    const max = this.o.maxParamLength ?? 35;
    if (params.some((v) => [...v].length > max)) return tcError('InvalidParameterValue.TemplateParameterLengthLimit', `单个模板变量字符数超过${max}个 / a variable is longer than ${max} characters.`);
    const ctx = typeof p.SessionContext === 'string' ? p.SessionContext : '';
    const fault = this.ctx.fault();
    if (fault !== 'none') this.ctx.store.faulted++;
    if (fault === '5xx') return { status: 503, body: '<html><body>503 Service Temporarily Unavailable</body></html>' };
    if (fault === 'error') return tcError('InternalError.OtherError', '其他错误 / internal error.');
    if (fault === 'timeout') return null;
    const requestId = randomUUID();
    const at = new Date();
    const statuses = (phones as unknown[]).map((raw) => {
      const m = MOBILE.exec(String(raw));
      if (!m) return { SerialNo: '', PhoneNumber: String(raw), Fee: 0, SessionContext: ctx, Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: '手机号格式错误 / incorrect phone number', IsoCode: 'DEF' };
      const serial = `2433:${randomBytes(10).toString('hex')}`;
      const text = tpl ? renderTencent(tpl, sign, params) : null;
      const fee = smsFee(text ?? `【${sign}】${params.join('')}`);
      this.ctx.store.add({
        api: 'tencent', bizId: serial, requestId, phone: m[1]!, signName: sign, templateCode: tplId, params: Object.fromEntries(params.map((v, i) => [String(i + 1), v])),
        text, outId: ctx || null, acceptedAt: at.toISOString(), state: 'accepted', reportedAt: null, reportPushed: false, fee,
      });
      this.ctx.later(this.ctx.reportDelayMs, () => this.report(serial, at));
      return { SerialNo: serial, PhoneNumber: `+86${m[1]}`, Fee: fee, SessionContext: ctx, Code: 'Ok', Message: 'send success', IsoCode: 'CN' };
    });
    return answer({ SendStatusSet: statuses }, 200);
  }

  private report(serial: string, sentAt: Date): void {
    const m = this.ctx.store.get(serial);
    if (!m) return;
    const ok = this.ctx.delivered();
    m.state = ok ? 'delivered' : 'undelivered';
    m.reportedAt = new Date().toISOString();
    this.statusQueue.push({
      UserReceiveTime: Math.floor((ok ? Date.now() : sentAt.getTime()) / 1000), CountryCode: '86', SubscriberNumber: m.phone, PhoneNumber: `+86${m.phone}`, SerialNo: serial,
      ReportStatus: ok ? 'SUCCESS' : 'FAIL', Description: ok ? '用户短信送达成功' : '用户手机关机或停机', SessionContext: m.outId ?? '',
    });
  }

  /** A donor's reply, waiting for PullSmsReplyStatus. */
  queueReply(phone: string, content: string, signName: string): void {
    this.replyQueue.push({ ExtendCode: '', CountryCode: '86', PhoneNumber: `+86${phone}`, SignName: signName, ReplyContent: content, ReplyTime: Math.floor(Date.now() / 1000), SubscriberNumber: phone });
  }
}
