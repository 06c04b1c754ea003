/**
 * The RPC front door (dysmsapi 2017-05-25): common parameters, the signature, replay protection, then SendSms.
 * Errors are answered as Aliyun answers them: {RequestId, Code, Message} with 4xx for authentication problems and
 * 200 + an isv.* code for a request the gateway understood but refuses.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { signatureMatches } from './rpc-signature.js';

export interface RpcAnswer {
  status: number;
  body: Record<string, unknown>;
}

export const rpcError = (status: number, code: string, message: string): RpcAnswer => ({ status, body: { RequestId: randomUUID().toUpperCase(), Code: code, Message: message } });

export interface SendSmsRequest {
  phones: string[];
  signName: string;
  templateCode: string;
  params: Record<string, string>;
  outId: string | null;
}

const NONCE_WINDOW_MS = 15 * 60_000;

/** Checks the common parameters and the signature; remembers nonces for 15 minutes (a replay is refused). */
export class RpcGate {
  private readonly nonces = new Map<string, number>();

  constructor(private readonly keys: { accessKeyId: string; accessKeySecret: string }) {}

  check(method: string, p: Record<string, string>, now = Date.now()): RpcAnswer | null {
    for (const k of ['Action', 'Version', 'AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp']) {
      if (!p[k]) return rpcError(400, 'MissingParameter', `The input parameter "${k}" that is mandatory for processing this request is not supplied.`);
    }
    if (p.Version !== '2017-05-25') return rpcError(400, 'InvalidVersion', `Specified parameter Version is not valid.`);
    if (p.AccessKeyId !== this.keys.accessKeyId) return rpcError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    if (p.SignatureMethod !== 'HMAC-SHA1' || p.SignatureVersion !== '1.0') return rpcError(400, 'InvalidSignatureMethod', 'Specified signature method is not supported.');
    const ts = Date.parse(p.Timestamp!);
    if (!Number.isFinite(ts) || Math.abs(now - ts) > NONCE_WINDOW_MS) return rpcError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    if (!signatureMatches(method, p, this.keys.accessKeySecret)) return rpcError(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
    this.prune(now);
    if (this.nonces.has(p.SignatureNonce!)) return rpcError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    this.nonces.set(p.SignatureNonce!, now);
    return null;
  }

  private prune(now: number): void {
    if (this.nonces.size < 50_000) return;
    for (const [n, at] of this.nonces) if (now - at > NONCE_WINDOW_MS) this.nonces.delete(n);
  }
}

const MAINLAND_MOBILE = /^(?:\+?86)?(1\d{10})$/;

/** Parses SendSms' own parameters; a refusal is an isv.* code with HTTP 200, as the real service answers. */
export function parseSendSms(p: Record<string, string>, opts: { maxParamLength: number; templates: Readonly<Record<string, string>> }): SendSmsRequest | RpcAnswer {
  const phones = (p.PhoneNumbers ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!phones.length || phones.length > 1000) return rpcError(200, 'isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
  const normalized: string[] = [];
  for (const ph of phones) {
    const m = MAINLAND_MOBILE.exec(ph);
    if (!m) return rpcError(200, 'isv.MOBILE_NUMBER_ILLEGAL', `非法手机号 ${ph}`);
    normalized.push(m[1]!);
  }
  if (!p.SignName?.trim()) return rpcError(200, 'isv.SMS_SIGNATURE_ILLEGAL', '签名不合法（不存在或被拉黑）');
  if (!/^SMS_\d{3,20}$/.test(p.TemplateCode ?? '')) return rpcError(200, 'isv.SMS_TEMPLATE_ILLEGAL', '模板不合法（不存在或被拉黑）');
  let params: Record<string, string> = {};
  if (p.TemplateParam) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(p.TemplateParam);
    } catch {
      return rpcError(200, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
      return rpcError(200, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
    }
    params = parsed as Record<string, string>;
  }
  for (const [k, v] of Object.entries(params)) {
    if ([...v].length > opts.maxParamLength) return rpcError(200, 'isv.PARAM_LENGTH_LIMIT', `参数超出长度限制：${k}`);
  }
  const tpl = opts.templates[p.TemplateCode!];
  if (tpl) {
    const missing = [...tpl.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!).filter((k) => params[k] === undefined);
    if (missing.length) return rpcError(200, 'isv.TEMPLATE_MISSING_PARAMETERS', `模板缺少变量：${missing.join(',')}`);
  }
  return { phones: normalized, signName: p.SignName.trim(), templateCode: p.TemplateCode!, params, outId: p.OutId || null };
}

export function renderTemplate(tpl: string | undefined, signName: string, params: Record<string, string>): string | null {
  return tpl ? `【${signName}】${tpl.replace(/\$\{(\w+)\}/g, (_, k: string) => params[k] ?? '')}` : null;
}

/** Aliyun's BizId: digits, a caret, the index of the batch part (a per-process counter keeps them unique). */
let bizSeq = randomInt(0, 1_000_000);
export function newBizId(): string {
  bizSeq = (bizSeq + 1) % 1_000_000;
  return `${Date.now()}${String(bizSeq).padStart(6, '0')}^0`;
}
