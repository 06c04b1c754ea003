/**
 * The Tencent adapter (official SDK) against the simulated gateway over real HTTP: the simulator verifies exactly
 * what the SDK signs and sends, and every kind of answer lands in the right outbox outcome.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numberedTemplateText, SMS_TEMPLATE_KEYS } from '@donorline/domain';
import { startSmsSim, type SmsSim } from '@donorline/sms-sim';
import { TencentSmsAdapter, tencentRetryable } from './tencent.adapter.js';
import { SIM_TENCENT, SIM_TENCENT_TEMPLATE_IDS, type TencentSmsConfig } from './tencent-config.js';

const TENCENT: TencentSmsConfig = { ...SIM_TENCENT, region: 'ap-guangzhou', templateIds: SIM_TENCENT_TEMPLATE_IDS, pullMs: 50, maxParamLength: 35 };
const BOOKED = { name: '韩冬', when: '12月9日 09:30', site: '五四广场献血屋', typeLabel: '捐献全血' };

describe('Tencent Cloud SMS adapter ↔ simulated gateway (HTTP)', () => {
  let sim: SmsSim;
  const adapters: TencentSmsAdapter[] = [];
  const adapter = (o: { endpoint?: string; tencent?: Partial<TencentSmsConfig>; timeoutMs?: number } = {}): TencentSmsAdapter => {
    const a = new TencentSmsAdapter({ endpoint: o.endpoint ?? sim.url, signName: '青岛市中心血站', timeoutMs: o.timeoutMs ?? 2000, tencent: { ...TENCENT, ...o.tencent } });
    adapters.push(a);
    return a;
  };
  beforeAll(async () => {
    sim = await startSmsSim({
      accessKeyId: 'LTAIx', accessKeySecret: 'y', reportDelayMs: 10,
      tencent: { ...SIM_TENCENT, templates: Object.fromEntries(SMS_TEMPLATE_KEYS.map((k) => [SIM_TENCENT_TEMPLATE_IDS[k], numberedTemplateText(k)])), signNames: ['青岛市中心血站'] },
    });
  });
  afterAll(async () => {
    for (const a of adapters) a.close();
    await sim.stop();
  });

  it('sends through the SDK: the simulator verifies its TC3 signature, the parameters arrive in the approved order, SessionContext carries our id', async () => {
    const out = await adapter().send({ id: 501, to: '+8613955558821', template: 'appointment-booked', params: BOOKED });
    expect(out).toMatchObject({ kind: 'sent', providerId: expect.stringMatching(/^\d+:[0-9a-f]+$/) });
    const m = sim.store.get((out as { providerId: string }).providerId);
    expect(m).toMatchObject({ api: 'tencent', phone: '13955558821', templateCode: SIM_TENCENT_TEMPLATE_IDS['appointment-booked'], outId: '501', params: { 1: '韩冬', 2: '12月9日 09:30', 3: '五四广场献血屋', 4: '捐献全血' } });
    expect(m?.text).toBe('【青岛市中心血站】韩冬您好，您已预约12月9日 09:30在五四广场献血屋捐献全血。请携带身份证，献血前清淡饮食、睡眠充足。改约请致电96606。感谢您的爱心！');
    expect(m?.fee).toBe(2);
    // a template without variables goes with an empty set
    expect((await adapter().send({ id: 502, to: '+8613955558821', template: 'survey', params: {} })).kind).toBe('sent');
  });

  it('a wrong SecretKey is refused by the simulator (AuthFailure.SignatureFailure) and parked, not retried', async () => {
    const out = await adapter({ tencent: { secretKey: 'not-the-key' } }).send({ id: 503, to: '+8613955558821', template: 'voice-reply', params: { name: '周' } });
    expect(out).toEqual({ kind: 'park', reason: expect.stringMatching(/^AuthFailure\.SignatureFailure: /) });
  });

  it('classifies the answers: refusals park, provider failures and 5xx retry, no answer is unknown, nothing listening retries', async () => {
    const req = { id: 504, to: '+8613955558821', template: 'voice-reply' as const, params: { name: '周' } };
    expect(await adapter({ tencent: { templateIds: { ...SIM_TENCENT_TEMPLATE_IDS, 'voice-reply': '999' } } }).send(req)).toMatchObject({ kind: 'park', reason: expect.stringContaining('FailedOperation.TemplateIncorrectOrUnapproved') });
    expect(await adapter({ tencent: { sdkAppId: '1400999999' } }).send(req)).toMatchObject({ kind: 'park', reason: expect.stringContaining('SdkAppIdNotExist') });
    expect(await adapter().send({ ...req, to: '+12025550123' })).toMatchObject({ kind: 'park', reason: expect.stringContaining('mainland') });
    sim.setFaults({ http5xxRate: 1 });
    expect(await adapter().send(req)).toEqual({ kind: 'retry', reason: 'HTTP 503' });
    sim.setFaults({ http5xxRate: 0, errorRate: 1 });
    expect(await adapter().send(req)).toMatchObject({ kind: 'retry', reason: expect.stringContaining('InternalError.OtherError') });
    sim.setFaults({ errorRate: 0, timeoutRate: 1, timeoutMs: 5000 });
    expect(await adapter({ timeoutMs: 300 }).send(req)).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('timeout 300 ms') });
    sim.setFaults({ timeoutRate: 0 });
    const free = createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const port = (free.address() as AddressInfo).port;
    await new Promise<void>((r) => free.close(() => r()));
    expect(await adapter({ endpoint: `http://127.0.0.1:${port}` }).send(req)).toMatchObject({ kind: 'retry', reason: expect.stringContaining('ECONNREFUSED') });
  });

  it('which of Tencent\'s codes are worth a retry', () => {
    expect(['InternalError.OtherError', 'InternalError.RequestTimeException', 'RequestLimitExceeded', 'LimitExceeded.PhoneNumberThirtySecondLimit'].every(tencentRetryable)).toBe(true);
    expect(['InternalError.Timeout', 'LimitExceeded.PhoneNumberDailyLimit', 'FailedOperation.InsufficientBalanceInSmsPackage', 'AuthFailure.SignatureFailure', 'UnauthorizedOperation.SmsSdkAppIdVerifyFail'].some(tencentRetryable)).toBe(false);
  });
});
