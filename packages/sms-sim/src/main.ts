/**
 * npm run sms-sim — the simulated SMS gateway on its own (the embedded platform starts it itself):
 *   SMS_SIM_PORT (8790), SMS_SIM_HOST (127.0.0.1), SMS_ACCESS_KEY_ID / SMS_ACCESS_KEY_SECRET (the demo pair),
 *   SMS_SIM_REPORT_URL, SMS_SIM_INBOUND_URL (the platform's /api/sms/reports and /api/sms/inbound with ?token=),
 *   SMS_SIM_FAULTS e.g. "http5xxRate=0.05,timeoutRate=0.01",
 *   SMS_TENCENT_SECRET_ID / SMS_TENCENT_SECRET_KEY / SMS_TENCENT_APP_ID (the Tencent Cloud demo account; set all three
 *   to speak Tencent's API too — templates then accepted by any numeric id),
 *   SMS_SIM_SMPP_PORT with SMS_SMPP_SYSTEM_ID / SMS_SMPP_PASSWORD (default donorline / smppdemo): speak SMPP on that port too.
 */
import { startSmsSim } from './server.js';

const env = process.env;
const faults: Record<string, number> = {};
for (const part of (env.SMS_SIM_FAULTS ?? '').split(',').filter(Boolean)) {
  const [k, v] = part.split('=');
  faults[k!.trim()] = Number(v);
}
const sim = await startSmsSim({
  host: env.SMS_SIM_HOST ?? '127.0.0.1',
  port: Number(env.SMS_SIM_PORT ?? 8790),
  accessKeyId: env.SMS_ACCESS_KEY_ID ?? 'LTAIdonorlineDemoKey',
  accessKeySecret: env.SMS_ACCESS_KEY_SECRET ?? 'donorline-demo-secret',
  reportUrl: env.SMS_SIM_REPORT_URL ?? null,
  inboundUrl: env.SMS_SIM_INBOUND_URL ?? null,
  faults,
  ...(env.SMS_TENCENT_SECRET_ID && env.SMS_TENCENT_SECRET_KEY && env.SMS_TENCENT_APP_ID
    ? { tencent: { secretId: env.SMS_TENCENT_SECRET_ID, secretKey: env.SMS_TENCENT_SECRET_KEY, sdkAppId: env.SMS_TENCENT_APP_ID } } : {}),
  ...(env.SMS_SIM_SMPP_PORT ? { smpp: { port: Number(env.SMS_SIM_SMPP_PORT), systemId: env.SMS_SMPP_SYSTEM_ID ?? 'donorline', password: env.SMS_SMPP_PASSWORD ?? 'smppdemo' } } : {}),
  log: (l) => console.log(`[sms-sim] ${l}`),
});
const stop = (): void => void sim.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
