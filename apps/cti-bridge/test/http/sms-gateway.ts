/** The simulated SMS gateway wired to a test bridge: every template registered, reports and replies pushed back, and the outbox worker sending to it. */
import { SMS_TEMPLATE_DEFS, SMS_TEMPLATE_KEYS } from '@donorline/domain';
import { startSmsSim, type SmsSim } from '@donorline/sms-sim';
import { silentLogger } from '../../src/logger.js';
import { startMessaging, type Messaging } from '../../src/messaging/index.js';
import type { TestApp } from './test-app.js';

export async function startGateway(t: TestApp, callbackToken: string): Promise<{ sim: SmsSim; messaging: Messaging }> {
  const cfg = t.config.sms;
  const sim = await startSmsSim({
    accessKeyId: cfg.accessKeyId, accessKeySecret: cfg.accessKeySecret, reportDelayMs: 10,
    templates: Object.fromEntries(SMS_TEMPLATE_KEYS.map((k) => [cfg.templateCodes[k], SMS_TEMPLATE_DEFS[k].text])),
    reportUrl: `${t.baseUrl}/api/sms/reports?token=${callbackToken}`, inboundUrl: `${t.baseUrl}/api/sms/inbound?token=${callbackToken}`,
  });
  const messaging = startMessaging({ config: { ...cfg, endpoint: sim.url }, services: t.services, logger: silentLogger, pollMs: 20 });
  return { sim, messaging };
}
