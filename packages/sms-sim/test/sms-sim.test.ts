import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rpcSignature, startSmsSim, type SmsSim } from '../src/index.js';

const KEY = { accessKeyId: 'LTAItest', accessKeySecret: 'sekrit' };

function signed(p: Record<string, string>, secret = KEY.accessKeySecret): URLSearchParams {
  const all: Record<string, string> = {
    Action: 'SendSms', Version: '2017-05-25', Format: 'JSON', AccessKeyId: KEY.accessKeyId, SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0',
    SignatureNonce: randomUUID(), Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), RegionId: 'cn-hangzhou', ...p,
  };
  all.Signature = rpcSignature('POST', all, secret);
  return new URLSearchParams(all);
}

async function post(sim: SmsSim, body: URLSearchParams): Promise<{ status: number; json: Record<string, string> }> {
  const res = await fetch(`${sim.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  return { status: res.status, json: (await res.json()) as Record<string, string> };
}

describe('simulated SMS gateway over HTTP', () => {
  let sim: SmsSim;
  let receiver: Server;
  const pushes: { path: string; body: unknown[] }[] = [];
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let b = '';
      req.on('data', (c) => (b += c));
      req.on('end', () => {
        pushes.push({ path: req.url ?? '', body: JSON.parse(b) as unknown[] });
        res.end(JSON.stringify({ code: 0, msg: '成功' }));
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    sim = await startSmsSim({ ...KEY, reportUrl: `${base}/reports?token=t`, inboundUrl: `${base}/inbound?token=t`, reportDelayMs: 20, templates: { SMS_100: '您好${name}，评分请回复1-5' } });
  });
  afterAll(async () => {
    await sim.stop();
    receiver.close();
  });

  it('signs like the documented Alibaba Cloud example (RPC, HMAC-SHA1)', () => {
    const p = { AccessKeyId: 'testid', Action: 'DescribeRegions', Format: 'XML', SignatureMethod: 'HMAC-SHA1', SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf', SignatureVersion: '1.0', Timestamp: '2016-02-23T12:46:24Z', Version: '2014-05-26' };
    expect(rpcSignature('GET', p, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('accepts a signed SendSms, keeps it, answers a BizId and pushes a delivery report', async () => {
    const r = await post(sim, signed({ PhoneNumbers: '13800138000', SignName: '青岛市中心血站', TemplateCode: 'SMS_100', TemplateParam: JSON.stringify({ name: '张三' }), OutId: 'o-1' }));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ Code: 'OK', Message: 'OK' });
    expect(r.json.BizId).toMatch(/^\d+\^0$/);
    const m = sim.store.get(r.json.BizId!);
    expect(m).toMatchObject({ phone: '13800138000', templateCode: 'SMS_100', text: '【青岛市中心血站】您好张三，评分请回复1-5', outId: 'o-1' });
    await vi.waitFor(() => expect(pushes.find((p) => p.path.startsWith('/reports'))?.body).toContainEqual(expect.objectContaining({ biz_id: r.json.BizId, success: true, err_code: 'DELIVERED', out_id: 'o-1', phone_number: '13800138000' })));
    expect(sim.store.get(r.json.BizId!)).toMatchObject({ state: 'delivered', reportPushed: true });
  });

  it('refuses a wrong signature, a replayed nonce, an unknown key, a too-long parameter and a bad number', async () => {
    expect((await post(sim, signed({ PhoneNumbers: '13800138000', SignName: 'x', TemplateCode: 'SMS_1' }, 'wrong'))).json.Code).toBe('SignatureDoesNotMatch');
    const once = signed({ PhoneNumbers: '13800138000', SignName: 'x', TemplateCode: 'SMS_123' });
    expect((await post(sim, once)).json.Code).toBe('OK');
    expect(await post(sim, once)).toMatchObject({ status: 400, json: { Code: 'SignatureNonceUsed' } });
    const bad = signed({ PhoneNumbers: '13800138000', SignName: 'x', TemplateCode: 'SMS_1', AccessKeyId: 'nobody' });
    expect((await post(sim, bad)).status).toBe(404);
    expect((await post(sim, signed({ PhoneNumbers: '13800138000', SignName: 'x', TemplateCode: 'SMS_123', TemplateParam: JSON.stringify({ site: '站'.repeat(36) }) }))).json.Code).toBe('isv.PARAM_LENGTH_LIMIT');
    expect((await post(sim, signed({ PhoneNumbers: '12345', SignName: 'x', TemplateCode: 'SMS_123' }))).json.Code).toBe('isv.MOBILE_NUMBER_ILLEGAL');
    expect((await post(sim, signed({ PhoneNumbers: '13800138000', SignName: 'x', TemplateCode: 'SMS_100', TemplateParam: '{}' }))).json.Code).toBe('isv.TEMPLATE_MISSING_PARAMETERS');
  });

  it('injects 5xx and provider errors at the configured rate, storing nothing for them', async () => {
    sim.setFaults({ http5xxRate: 0.5, errorRate: 0.5 });
    const before = sim.store.accepted;
    const codes = [];
    for (let i = 0; i < 20; i++) {
      const r = await post(sim, signed({ PhoneNumbers: '13800138001', SignName: 'x', TemplateCode: 'SMS_123' }));
      codes.push(r.status === 503 ? '503' : r.json.Code);
    }
    sim.setFaults({ http5xxRate: 0, errorRate: 0 });
    expect(new Set(codes)).toEqual(new Set(['503', 'isp.SYSTEM_ERROR']));
    expect(sim.store.accepted).toBe(before);
    expect(() => sim.setFaults({ http5xxRate: 2 })).toThrow(/between 0 and 1/);
  });

  it('replies as the donor: an SmsUp item pushed to the inbound URL, also through the control endpoint and the page', async () => {
    const r = await fetch(`${sim.url}/control/reply`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '13800138000', content: '不满意' }) });
    expect(((await r.json()) as { reply: { pushed: boolean } }).reply.pushed).toBe(true);
    const up = pushes.find((p) => p.path.startsWith('/inbound'));
    expect(up?.body[0]).toMatchObject({ phone_number: '13800138000', content: '不满意', sign_name: 'x' });
    expect(up?.path).toBe('/inbound?token=t');
    const page = await fetch(`${sim.url}/ui`);
    expect(await page.text()).toContain('模拟短信网关');
    const list = (await (await fetch(`${sim.url}/control/messages?phone=13800138000`)).json()) as { messages: unknown[] };
    expect(list.messages.length).toBeGreaterThanOrEqual(2);
    expect((await fetch(`${sim.url}/control/reply`, { method: 'POST', body: '{"phone":"1"}' })).status).toBe(400);
  });
});
