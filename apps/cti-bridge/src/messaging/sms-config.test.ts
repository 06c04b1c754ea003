import { describe, expect, it } from 'vitest';
import { SIM_TEMPLATE_CODES, smsConfig } from './sms-config.js';
import { SIM_SMPP } from './smpp-config.js';
import { SIM_TENCENT, SIM_TENCENT_TEMPLATE_IDS } from './tencent-config.js';

const fail = (m: string): Error => new Error(m);
const embedded = { embedded: true, centerName: '青岛市中心血站', secret: () => 'generated-secret-0123456789' };

describe('SMS configuration (env)', () => {
  it('embedded default: the simulated gateway with demo codes, quiet hours 21:00-08:00, a generated callback token', () => {
    const c = smsConfig({}, embedded, fail);
    expect(c).toMatchObject({ provider: 'sim', endpoint: 'http://127.0.0.1:18790', signName: '青岛市中心血站', callbackToken: 'generated-secret-0123456789', quietHours: { start: '21:00', end: '08:00' }, surveys: true, reminderCron: '0 10 * * *' });
    expect(c.templateCodes).toEqual(SIM_TEMPLATE_CODES);
  });
  it('production default is off; aliyun needs keys and every template code', () => {
    expect(smsConfig({}, { ...embedded, embedded: false }, fail).provider).toBe('off');
    expect(() => smsConfig({ SMS_PROVIDER: 'aliyun', SMS_CALLBACK_TOKEN: 'x'.repeat(16) }, embedded, fail)).toThrow(/SMS_TEMPLATE_CODES lacks/);
    const codes = 'appointment-booked=SMS_1001,appointment-cancelled=SMS_1002,appointment-rescheduled=SMS_1003,appointment-reminder=SMS_1004,survey=SMS_1005,care=SMS_1006,voice-reply=SMS_1007,recruitment-invitation=SMS_1008';
    // a deployment that predates SMS campaigns still starts; its invitations are parked with the reason
    expect(smsConfig({ SMS_PROVIDER: 'aliyun', SMS_TEMPLATE_CODES: codes.replace(',recruitment-invitation=SMS_1008', ''), SMS_ACCESS_KEY_ID: 'id', SMS_ACCESS_KEY_SECRET: 's', SMS_CALLBACK_TOKEN: 'x'.repeat(16) }, embedded, fail).templateCodes['recruitment-invitation']).toBeUndefined();
    expect(() => smsConfig({ SMS_PROVIDER: 'aliyun', SMS_TEMPLATE_CODES: codes, SMS_CALLBACK_TOKEN: 'x'.repeat(16) }, embedded, fail)).toThrow(/SMS_ACCESS_KEY_ID/);
    const c = smsConfig({ SMS_PROVIDER: 'aliyun', SMS_TEMPLATE_CODES: codes, SMS_ACCESS_KEY_ID: 'id', SMS_ACCESS_KEY_SECRET: 's', SMS_CALLBACK_TOKEN: 'x'.repeat(16) }, embedded, fail);
    expect(c).toMatchObject({ endpoint: 'https://dysmsapi.aliyuncs.com', templateCodes: { survey: 'SMS_1005' } });
    // the no-show template is optional (its SMS is off by default): an existing set-up without its code still starts
    expect(c.templateCodes['no-show']).toBeUndefined();
    expect(smsConfig({ SMS_PROVIDER: 'aliyun', SMS_TEMPLATE_CODES: `${codes},no-show=SMS_1009`, SMS_ACCESS_KEY_ID: 'id', SMS_ACCESS_KEY_SECRET: 's', SMS_CALLBACK_TOKEN: 'x'.repeat(16) }, embedded, fail).templateCodes['no-show']).toBe('SMS_1009');
  });
  it('tencent needs its key pair, SmsSdkAppId and every template id; each refusal names what is missing', () => {
    const base = { SMS_PROVIDER: 'tencent', SMS_CALLBACK_TOKEN: 'x'.repeat(16) };
    const ids = 'appointment-booked=1001,appointment-cancelled=1002,appointment-rescheduled=1003,appointment-reminder=1004,survey=1005,care=1006,voice-reply=1007';
    expect(() => smsConfig(base, embedded, fail)).toThrow(/SMS_TENCENT_TEMPLATE_IDS lacks appointment-booked, .*voice-reply/);
    expect(() => smsConfig({ ...base, SMS_TENCENT_TEMPLATE_IDS: ids.replace(',care=1006', '') }, embedded, fail)).toThrow(/SMS_TENCENT_TEMPLATE_IDS lacks care \(/);
    expect(() => smsConfig({ ...base, SMS_TENCENT_TEMPLATE_IDS: ids }, embedded, fail)).toThrow(/SMS_TENCENT_SECRET_ID, SMS_TENCENT_SECRET_KEY, SMS_TENCENT_APP_ID are required with SMS_PROVIDER=tencent/);
    const keys = { SMS_TENCENT_SECRET_ID: 'AKIDx', SMS_TENCENT_SECRET_KEY: 'k' };
    expect(() => smsConfig({ ...base, ...keys, SMS_TENCENT_TEMPLATE_IDS: ids }, embedded, fail)).toThrow(/^SMS_TENCENT_APP_ID is required/);
    const full = { ...base, ...keys, SMS_TENCENT_TEMPLATE_IDS: ids, SMS_TENCENT_APP_ID: '1400123456' };
    expect(() => smsConfig({ ...full, SMS_TENCENT_APP_ID: 'app-1' }, embedded, fail)).toThrow(/SMS_TENCENT_APP_ID must be the numeric SmsSdkAppId/);
    expect(() => smsConfig({ ...full, SMS_TENCENT_REGION: 'ap-shanghai' }, embedded, fail)).toThrow(/SMS_TENCENT_REGION must be one of ap-guangzhou, ap-beijing, ap-nanjing/);
    expect(() => smsConfig({ ...full, SMS_TENCENT_TEMPLATE_IDS: 'survey=SMS_1005' }, embedded, fail)).toThrow(/SMS_TENCENT_TEMPLATE_IDS: "survey=SMS_1005" is not template=<numeric template id>/);
    expect(() => smsConfig({ ...full, SMS_ENDPOINT: 'https://sms.tencentcloudapi.com/v3' }, embedded, fail)).toThrow(/SMS_ENDPOINT must be an http\(s\) URL without a path/);
    expect(() => smsConfig({ ...full, SMS_TENCENT_PULL_MS: '10' }, embedded, fail)).toThrow(/SMS_TENCENT_PULL_MS must be an integer in 50\.\.600000/);
    // pulled, not pushed: no callback token needed in production (the push routes then refuse everything)
    const c = smsConfig({ ...full, SMS_CALLBACK_TOKEN: undefined }, { ...embedded, embedded: false, secret: () => { throw new Error('SMS_CALLBACK_TOKEN is required'); } }, fail);
    expect(c.callbackToken).toBe('');
    expect(() => smsConfig({ ...full, SMS_CALLBACK_TOKEN: 'short' }, embedded, fail)).toThrow(/SMS_CALLBACK_TOKEN/);
    expect(c).toMatchObject({ provider: 'tencent', api: 'tencent', endpoint: 'https://sms.tencentcloudapi.com', tencent: { secretId: 'AKIDx', region: 'ap-guangzhou', sdkAppId: '1400123456', pullMs: 5000, maxParamLength: 6, templateIds: { survey: '1005' } } });
  });
  it('the simulated gateway speaks Aliyun by default and Tencent with SMS_SIM_PROTOCOL=tencent (demo account)', () => {
    expect(smsConfig({}, embedded, fail)).toMatchObject({ api: 'aliyun' });
    const c = smsConfig({ SMS_SIM_PROTOCOL: 'tencent' }, embedded, fail);
    expect(c).toMatchObject({ provider: 'sim', api: 'tencent', tencent: { secretId: SIM_TENCENT.secretId, sdkAppId: SIM_TENCENT.sdkAppId, maxParamLength: 35 } });
    expect(c.tencent!.templateIds).toEqual(SIM_TENCENT_TEMPLATE_IDS);
    expect(() => smsConfig({ SMS_SIM_PROTOCOL: 'cmpp' }, embedded, fail)).toThrow(/SMS_SIM_PROTOCOL must be aliyun, tencent or smpp/);
    expect(smsConfig({ SMS_PROVIDER: 'off' }, embedded, fail)).toMatchObject({ api: null, tencent: null, smpp: null });
    // SMPP: the simulator's port and demo account; not started unless asked for
    expect(smsConfig({}, embedded, fail).smpp).toBeNull();
    expect(smsConfig({ SMS_SIM_PROTOCOL: 'smpp' }, embedded, fail)).toMatchObject({ api: 'smpp', smpp: { host: '127.0.0.1', port: 18775, ...SIM_SMPP, window: 10, enquireLinkMs: 30_000 } });
    expect(smsConfig({ SMS_SIM_SMPP_PORT: '18971' }, embedded, fail)).toMatchObject({ api: 'aliyun', smpp: { port: 18971 } });
  });
  it('SMS_PROVIDER=smpp needs the gateway and the account (each refusal names its variable); no callback token', () => {
    const full = { SMS_PROVIDER: 'smpp', SMS_SMPP_HOST: 'smsc.example.cn', SMS_SMPP_SYSTEM_ID: 'qdblood', SMS_SMPP_PASSWORD: 'pw123456', SMS_SMPP_SOURCE_ADDR: '106900001234' };
    const prod = { ...embedded, embedded: false, secret: () => { throw new Error('SMS_CALLBACK_TOKEN is required'); } };
    expect(smsConfig(full, prod, fail)).toMatchObject({ provider: 'smpp', api: 'smpp', endpoint: 'smpp://smsc.example.cn:2775', callbackToken: '', smpp: { host: 'smsc.example.cn', port: 2775, systemId: 'qdblood', sourceAddr: '106900001234' } });
    expect(() => smsConfig({ ...full, SMS_SMPP_PASSWORD: undefined, SMS_SMPP_HOST: undefined }, prod, fail)).toThrow(/SMS_SMPP_HOST, SMS_SMPP_PASSWORD are required with SMS_PROVIDER=smpp/);
    expect(() => smsConfig({ ...full, SMS_SMPP_PASSWORD: 'longer-than-8' }, prod, fail)).toThrow(/SMS_SMPP_PASSWORD must have at most 8 characters/);
    expect(() => smsConfig({ ...full, SMS_SMPP_SOURCE_ADDR: '中心' }, prod, fail)).toThrow(/SMS_SMPP_SOURCE_ADDR/);
    expect(() => smsConfig({ ...full, SMS_SMPP_WINDOW: '0' }, prod, fail)).toThrow(/SMS_SMPP_WINDOW must be an integer in 1\.\.1000/);
  });
  it('refuses what it cannot read, naming the variable', () => {
    expect(() => smsConfig({ SMS_PROVIDER: 'sms77' }, embedded, fail)).toThrow(/SMS_PROVIDER/);
    expect(() => smsConfig({ SMS_TEMPLATE_CODES: 'survey=123' }, embedded, fail)).toThrow(/SMS_TEMPLATE_CODES/);
    expect(() => smsConfig({ SMS_QUIET_HOURS: '21-8' }, embedded, fail)).toThrow(/SMS_QUIET_HOURS/);
    expect(() => smsConfig({ SMS_CALLBACK_TOKEN: 'short' }, embedded, fail)).toThrow(/SMS_CALLBACK_TOKEN/);
    expect(() => smsConfig({ SMS_ENDPOINT: 'ftp://x' }, embedded, fail)).toThrow(/SMS_ENDPOINT/);
    expect(() => smsConfig({ SMS_RATE_PER_SECOND: '0' }, embedded, fail)).toThrow(/SMS_RATE_PER_SECOND/);
    expect(smsConfig({ SMS_QUIET_HOURS: 'off' }, embedded, fail).quietHours).toBeNull();
    expect(() => smsConfig({ SMS_REMINDER_CRON: 'every morning' }, embedded, fail)).toThrow(/SMS_REMINDER_CRON/);
    expect(smsConfig({ SMS_REMINDER_CRON: 'off' }, embedded, fail).reminderCron).toBeNull();
    expect(smsConfig({ SMS_REMINDER_CRON: '30 9 * * *' }, embedded, fail).reminderCron).toBe('30 9 * * *');
  });
});
