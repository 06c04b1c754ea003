/**
 * The simulator's Tencent Cloud SMS API 3.0: the TC3-HMAC-SHA256 check against a pinned vector (what the official
 * tencentcloud-sdk-nodejs signer produces for this request; Tencent's documented example masks its SecretKey, so it
 * cannot be recomputed), and the API over real HTTP: Tencent's error shape, SendSms' checks, the pull queues, faults.
 * (The SDK itself talking to the simulator is tested in apps/cti-bridge, which depends on it.)
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSmsSim, tc3CanonicalRequest, tc3Signature, verifyTc3, type SmsSim, type Tc3Request } from '../src/index.js';

const KEYS = { secretId: 'AKIDdonorlineDemoKey', secretKey: 'donorline-demo-tencent-secret' };
const APP = '1400000001';
const BODY = '{"PhoneNumberSet":["+8613800138000"],"SmsSdkAppId":"1400000001","TemplateId":"2000001","SignName":"青岛市中心血站","TemplateParamSet":["韩冬","12月9日 09:30"],"SessionContext":"42"}';
/** tencentcloud-sdk-nodejs-common 4.1.220 Sign.sign3 for BODY at 1796688000 to https://sms.tencentcloudapi.com/. */
const SDK_AUTH = 'TC3-HMAC-SHA256 Credential=AKIDdonorlineDemoKey/2026-12-08/sms/tc3_request, SignedHeaders=content-type;host, Signature=96a3cced51c19ee8bb37aa54c8912f11aa5c901635b441a8d56e9c047ad6ce5b';
const AT = 1796688000;

const vectorReq = (over: Partial<Tc3Request> = {}, headers: Record<string, string> = {}): Tc3Request => ({
  method: 'POST', url: '/', body: Buffer.from(BODY), ...over,
  headers: { host: 'sms.tencentcloudapi.com', 'content-type': 'application/json', 'x-tc-timestamp': String(AT), authorization: SDK_AUTH, ...headers },
});

describe('TC3-HMAC-SHA256 (Tencent Cloud API 3.0 signature)', () => {
  it('computes the signature the official SDK computes for the same request', () => {
    const canon = tc3CanonicalRequest(vectorReq(), ['content-type', 'host']);
    expect(canon.split('\n').slice(0, 6)).toEqual(['POST', '/', '', 'content-type:application/json', 'host:sms.tencentcloudapi.com', '']);
    expect(tc3Signature({ ...KEYS, timestamp: AT, service: 'sms', canonicalRequest: canon })).toBe(SDK_AUTH.slice(-64));
    expect(verifyTc3(vectorReq(), KEYS, AT * 1000)).toBeNull();
    // a port on the Host header is not signed (the SDK signs the hostname)
    expect(verifyTc3(vectorReq({}, { host: 'sms.tencentcloudapi.com:443' }), KEYS, AT * 1000 + 60_000)).toBeNull();
  });
  it('refuses a changed byte, another key, a stale timestamp and a malformed header, with Tencent\'s codes', () => {
    const now = AT * 1000;
    expect(verifyTc3(vectorReq({ body: Buffer.from(BODY.replace('韩冬', '韩东')) }), KEYS, now)?.code).toBe('AuthFailure.SignatureFailure');
    expect(verifyTc3(vectorReq({}, { authorization: SDK_AUTH.replace(/.$/, (c) => (c === '0' ? '1' : '0')) }), KEYS, now)?.code).toBe('AuthFailure.SignatureFailure');
    expect(verifyTc3(vectorReq({}, { host: 'cvm.tencentcloudapi.com' }), KEYS, now)?.code).toBe('AuthFailure.SignatureFailure');
    expect(verifyTc3(vectorReq({ url: '/?x=1' }), KEYS, now)?.code).toBe('AuthFailure.SignatureFailure');
    expect(verifyTc3(vectorReq(), { ...KEYS, secretKey: 'other' }, now)?.code).toBe('AuthFailure.SignatureFailure');
    expect(verifyTc3(vectorReq(), { ...KEYS, secretId: 'AKIDother' }, now)?.code).toBe('AuthFailure.SecretIdNotFound');
    expect(verifyTc3(vectorReq(), KEYS, now + 301_000)?.code).toBe('AuthFailure.SignatureExpire');
    expect(verifyTc3(vectorReq({}, { authorization: 'Bearer x' }), KEYS, now)?.code).toBe('AuthFailure.InvalidAuthorization');
    // the service in the scope must be sms (or the host's first label, what the SDK derives from an overridden endpoint)
    const cvm = SDK_AUTH.replace('/sms/', '/cvm/');
    const sig = tc3Signature({ ...KEYS, timestamp: AT, service: 'cvm', canonicalRequest: tc3CanonicalRequest(vectorReq(), ['content-type', 'host']) });
    expect(verifyTc3(vectorReq({}, { authorization: cvm.replace(/[0-9a-f]{64}$/, sig) }), KEYS, now)?.code).toBe('AuthFailure.SignatureFailure');
  });
});

type TcResponse = { Response: Record<string, unknown> & { RequestId: string; Error?: { Code: string; Message: string } } };

describe('Tencent Cloud SMS API 3.0 on the simulator (HTTP)', () => {
  let sim: SmsSim;
  beforeAll(async () => {
    sim = await startSmsSim({
      accessKeyId: 'LTAIx', accessKeySecret: 'y', reportDelayMs: 10,
      tencent: { ...KEYS, sdkAppId: APP, templates: { 2000001: '{1}您好，您已预约{2}献血。', 2000005: '请回复1-5评分' }, signNames: ['青岛市中心血站'] },
    });
  });
  afterAll(() => sim.stop());

  /** Signs like the SDK (our own signer, checked against the SDK's vector above). */
  async function call(action: string, body: Record<string, unknown>, o: { secretKey?: string; region?: string } = {}): Promise<{ status: number; json: TcResponse }> {
    const raw = JSON.stringify(body);
    const ts = Math.floor(Date.now() / 1000);
    const host = new URL(sim.url).host;
    const headers: Record<string, string> = { 'content-type': 'application/json', host, 'x-tc-action': action, 'x-tc-version': '2021-01-11', 'x-tc-region': o.region ?? 'ap-guangzhou', 'x-tc-timestamp': String(ts) };
    const sig = tc3Signature({ secretKey: o.secretKey ?? KEYS.secretKey, timestamp: ts, service: 'sms', canonicalRequest: tc3CanonicalRequest({ method: 'POST', url: '/', headers, body: raw }, ['content-type', 'host']) });
    headers.authorization = `TC3-HMAC-SHA256 Credential=${KEYS.secretId}/${new Date(ts * 1000).toISOString().slice(0, 10)}/sms/tc3_request, SignedHeaders=content-type;host, Signature=${sig}`;
    const res = await fetch(`${sim.url}/`, { method: 'POST', headers, body: raw });
    const text = await res.text();
    return { status: res.status, json: (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : { Response: { RequestId: '', html: text } }) as TcResponse };
  }
  const send = (over: Record<string, unknown> = {}, o?: { secretKey?: string; region?: string }) => call('SendSms', {
    PhoneNumberSet: ['+8613800138000'], SmsSdkAppId: APP, TemplateId: '2000001', SignName: '青岛市中心血站', TemplateParamSet: ['韩冬', '明天上午'], SessionContext: '42', ...over,
  }, o);
  const pullStatus = async () => ((await call('PullSmsSendStatus', { Limit: 100, SmsSdkAppId: APP })).json.Response.PullSmsSendStatusSet as Record<string, unknown>[]);

  it('a bad signature is answered as Tencent answers it: HTTP 200, Response.Error AuthFailure.SignatureFailure, a RequestId; nothing kept', async () => {
    const before = sim.store.accepted;
    const r = await send({}, { secretKey: 'wrong' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: expect.stringContaining('signature') }, RequestId: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
    expect(sim.store.accepted).toBe(before);
    expect((await send({}, { region: 'ap-shanghai' })).json.Response.Error?.Code).toBe('UnsupportedRegion');
  });

  it('SendSms: one SendStatus per number (Ok with SerialNo and Fee; a bad number gets its own code); the status waits to be pulled, once', async () => {
    const r = await send({ PhoneNumberSet: ['+8613800138000', '+86123'] });
    const set = r.json.Response.SendStatusSet as Record<string, unknown>[];
    expect(set).toEqual([
      expect.objectContaining({ Code: 'Ok', PhoneNumber: '+8613800138000', Fee: 1, SessionContext: '42', SerialNo: expect.stringMatching(/^\d+:[0-9a-f]+$/) }),
      expect.objectContaining({ Code: 'InvalidParameterValue.IncorrectPhoneNumber', SerialNo: '', Fee: 0 }),
    ]);
    const serial = set[0]!.SerialNo as string;
    expect(sim.store.get(serial)).toMatchObject({ api: 'tencent', phone: '13800138000', templateCode: '2000001', text: '【青岛市中心血站】韩冬您好，您已预约明天上午献血。', outId: '42', fee: 1 });
    await vi.waitFor(() => expect(sim.store.get(serial)?.state).toBe('delivered'));
    expect(await pullStatus()).toEqual([expect.objectContaining({ SerialNo: serial, ReportStatus: 'SUCCESS', PhoneNumber: '+8613800138000', SubscriberNumber: '13800138000', SessionContext: '42' })]);
    expect(await pullStatus()).toEqual([]);
    expect(sim.store.get(serial)?.reportPushed).toBe(true);
  });

  it('refuses what Tencent refuses: template not approved, parameter count not matching, sign not approved, wrong SdkAppId, Limit out of range', async () => {
    const code = async (p: Promise<{ json: TcResponse }>) => (await p).json.Response.Error?.Code;
    expect(await code(send({ TemplateId: '999' }))).toBe('FailedOperation.TemplateIncorrectOrUnapproved');
    expect(await code(send({ TemplateParamSet: ['韩冬'] }))).toBe('FailedOperation.TemplateParamSetNotMatchApprovedTemplate');
    expect(await code(send({ SignName: '别的签名' }))).toBe('FailedOperation.SignatureIncorrectOrUnapproved');
    expect(await code(send({ SmsSdkAppId: '1400999999' }))).toBe('InvalidParameterValue.SdkAppIdNotExist');
    expect(await code(send({ TemplateParamSet: ['韩冬', '站'.repeat(36)] }))).toBe('InvalidParameterValue.TemplateParameterLengthLimit');
    expect(await code(call('PullSmsSendStatus', { Limit: 101, SmsSdkAppId: APP }))).toBe('InvalidParameterValue');
    expect(await code(call('DescribeInstances', { SmsSdkAppId: APP }))).toBe('InvalidAction');
  });

  it('faults apply to Tencent too: 503, InternalError, undelivered (ReportStatus FAIL)', async () => {
    sim.setFaults({ http5xxRate: 1 });
    expect((await send()).status).toBe(503);
    sim.setFaults({ http5xxRate: 0, errorRate: 1 });
    expect((await send()).json.Response.Error?.Code).toBe('InternalError.OtherError');
    sim.setFaults({ errorRate: 0, undeliveredRate: 1 });
    const serial = ((await send()).json.Response.SendStatusSet as { SerialNo: string }[])[0]!.SerialNo;
    await vi.waitFor(async () => expect(await pullStatus()).toEqual([expect.objectContaining({ SerialNo: serial, ReportStatus: 'FAIL', Description: expect.any(String) })]));
    sim.setFaults({ undeliveredRate: 0 });
  });

  it('a donor\'s reply to a number last reached through Tencent waits for PullSmsReplyStatus', async () => {
    const r = await sim.reply('13800138000', '不满意');
    expect(r).toMatchObject({ via: 'pull', pushed: false });
    const pull = async () => (await call('PullSmsReplyStatus', { Limit: 10, SmsSdkAppId: APP })).json.Response.PullSmsReplyStatusSet;
    expect(await pull()).toEqual([expect.objectContaining({ PhoneNumber: '+8613800138000', SubscriberNumber: '13800138000', ReplyContent: '不满意', SignName: '青岛市中心血站', ReplyTime: expect.any(Number) })]);
    expect(await pull()).toEqual([]);
    expect(sim.stats()).toMatchObject({ tencent: { repliesPulled: 1, repliesWaiting: 0 } });
  });
});
