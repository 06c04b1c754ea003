import { describe, expect, it } from 'vitest';
import { SIM_TEMPLATE_CODES, smsConfig } from './sms-config.js';

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
    // a deployment that predates SMS campaigns is told which code it lacks
    expect(() => smsConfig({ SMS_PROVIDER: 'aliyun', SMS_TEMPLATE_CODES: codes.replace(',recruitment-invitation=SMS_1008', ''), SMS_CALLBACK_TOKEN: 'x'.repeat(16) }, embedded, fail)).toThrow(/lacks recruitment-invitation/);
    expect(() => smsConfig({ SMS_PROVIDER: 'aliyun', SMS_TEMPLATE_CODES: codes, SMS_CALLBACK_TOKEN: 'x'.repeat(16) }, embedded, fail)).toThrow(/SMS_ACCESS_KEY_ID/);
    const c = smsConfig({ SMS_PROVIDER: 'aliyun', SMS_TEMPLATE_CODES: codes, SMS_ACCESS_KEY_ID: 'id', SMS_ACCESS_KEY_SECRET: 's', SMS_CALLBACK_TOKEN: 'x'.repeat(16) }, embedded, fail);
    expect(c).toMatchObject({ endpoint: 'https://dysmsapi.aliyuncs.com', templateCodes: { survey: 'SMS_1005' } });
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
