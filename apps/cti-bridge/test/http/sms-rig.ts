/**
 * The bridge, the simulated SMS gateway and the outbox worker, wired for the SMS tests over real HTTP, with one donor
 * whose account manager is agent1. `protocol` picks the provider API the bridge speaks: aliyun (reports and replies
 * pushed to /api/sms/*), tencent (official SDK; reports and replies pulled) or smpp (the simulator's SMPP port;
 * receipts and replies as deliver_sm).
 */
import { expect } from 'vitest';
import { numberedTemplateText, SMS_TEMPLATE_DEFS, SMS_TEMPLATE_KEYS } from '@donorline/domain';
import type { TestDbKind } from '@donorline/domain/testing';
import { startSmsSim, type SmsSim } from '@donorline/sms-sim';
import { startMessaging, type Messaging } from '../../src/messaging/index.js';
import { silentLogger } from '../../src/logger.js';
import { buildTestApp, type TestApp } from './test-app.js';

export const SMS_TOKEN = 'sms-callback-token-0123456789';

export interface SmsRig {
  t: TestApp;
  sim: SmsSim;
  messaging: Messaging;
  donorId: number;
  close(): Promise<void>;
}

export async function startSmsRig(kind: TestDbKind, o: { protocol: 'aliyun' | 'tencent' | 'smpp'; donor: { name: string; phone: string }; env?: Record<string, string> }): Promise<SmsRig> {
  const t = await buildTestApp(kind, {
    env: {
      SMS_PROVIDER: 'sim', SMS_SIM_PROTOCOL: o.protocol, SMS_TENCENT_PULL_MS: '50', SMS_SIM_SMPP_PORT: '0', SMS_CALLBACK_TOKEN: SMS_TOKEN, SMS_QUIET_HOURS: 'off',
      SMS_MAX_ATTEMPTS: '2', SMS_RETRY_BASE_MS: '20', SMS_TIMEOUT_MS: '2000', ...o.env,
    },
  });
  const cfg = t.config.sms;
  const tc = cfg.tencent!;
  const sim = await startSmsSim({
    accessKeyId: cfg.accessKeyId, accessKeySecret: cfg.accessKeySecret, reportDelayMs: 10,
    templates: Object.fromEntries(SMS_TEMPLATE_KEYS.map((k) => [cfg.templateCodes[k], SMS_TEMPLATE_DEFS[k].text])),
    reportUrl: `${t.baseUrl}/api/sms/reports?token=${SMS_TOKEN}`, inboundUrl: `${t.baseUrl}/api/sms/inbound?token=${SMS_TOKEN}`,
    tencent: { secretId: tc.secretId, secretKey: tc.secretKey, sdkAppId: tc.sdkAppId, signNames: [cfg.signName], templates: Object.fromEntries(SMS_TEMPLATE_KEYS.map((k) => [tc.templateIds[k], numberedTemplateText(k)])) },
    smpp: { systemId: cfg.smpp!.systemId, password: cfg.smpp!.password },
  });
  const messaging = startMessaging({ config: { ...cfg, endpoint: sim.url, smpp: { ...cfg.smpp!, port: sim.smppPort!, reconnectMaxMs: 200 } }, services: t.services, logger: silentLogger, pollMs: 20 });
  const created = await t.call<{ id: number }>('POST', '/api/donors', { token: t.users.agent1.token, json: o.donor });
  const donorId = created.body.id;
  expect((await t.call('PATCH', `/api/donors/${donorId}`, { token: t.users.supervisor.token, json: { accountManagerId: t.users.agent1.user.id } })).status).toBe(200);
  return {
    t, sim, messaging, donorId,
    async close() {
      await messaging.stop();
      await sim.stop();
      await t.close();
    },
  };
}
