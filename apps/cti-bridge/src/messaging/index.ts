/**
 * SMS in the bridge: the provider adapter chosen by SMS_PROVIDER, the outbox worker (in-process), and the
 * post-donation survey subscribed to the BECS ingest's `donation.recorded`, and the day-before appointment reminders
 * on SMS_REMINDER_CRON (Asia/Shanghai; keyed per booking, so two bridges firing at once add nothing): croner
 * in-process, or a BullMQ job scheduler when REDIS_URL is set (sms-schedule.ts: one run per occurrence across bridges). startMessaging() is called by the
 * bridge's start(); stop() waits for the messages in flight. With SMS_PROVIDER=off nothing is sent: messages wait
 * in the outbox (visible to the admin) until a provider is configured.
 */
import { enqueueAppointmentReminders, subscribeSurveySms, type DomainServices } from '@donorline/domain/node';
import type { Logger } from '../logger.js';
import { AliyunSmsAdapter } from './aliyun.adapter.js';
import type { SmsConfig } from './sms-config.js';
import type { SmsProviderPort } from './sms-provider.js';
import { SmppSmsAdapter } from './smpp.adapter.js';
import { SmsWorker } from './sms-worker.js';
import { TencentSmsAdapter } from './tencent.adapter.js';
import { TencentStatusPuller } from './tencent-pull.js';
import { bullmqSchedule, cronerSchedule, type ScheduledJob, type SmsSchedule } from './sms-schedule.js';

export { AliyunSmsAdapter } from './aliyun.adapter.js';
export { SmppSmsAdapter } from './smpp.adapter.js';
export { SmsWorker } from './sms-worker.js';
export { TencentSmsAdapter } from './tencent.adapter.js';
export { TencentStatusPuller } from './tencent-pull.js';
export type { SmsConfig } from './sms-config.js';

export interface Messaging {
  worker: SmsWorker | null;
  provider: SmsProviderPort | null;
  /** Tencent's delivery status and replies, pulled (null with other providers: Aliyun pushes to /api/sms/*, SMPP
   * delivers them on its own link). */
  puller: TencentStatusPuller | null;
  stop(): Promise<void>;
}

export function createSmsProvider(cfg: SmsConfig, deps: { services: DomainServices; logger: Logger }): SmsProviderPort | null {
  if (cfg.provider === 'off' || !cfg.api) return null;
  if (cfg.api === 'smpp' && cfg.smpp) return new SmppSmsAdapter({ smpp: cfg.smpp, signName: cfg.signName, timeoutMs: cfg.timeoutMs, services: deps.services, logger: deps.logger }, cfg.provider);
  if (cfg.api === 'tencent' && cfg.tencent) return new TencentSmsAdapter({ ...cfg, tencent: cfg.tencent }, cfg.provider);
  return new AliyunSmsAdapter(cfg, cfg.provider);
}

/**
 * The post-donation survey: subscribed on every bridge (the BECS ingest that emits `donation.recorded` ran on this
 * one); the survey is enqueued here and sent by whichever bridge runs the outbox worker (`kick` wakes a local one).
 */
export function subscribeSurveys(o: { config: SmsConfig; services: DomainServices; logger: Logger; kick(): void }): () => void {
  if (!o.config.surveys) return () => undefined;
  return subscribeSurveySms(o.services.ds, o.services.integration.events, {
    quiet: () => o.config.quietHours, signName: () => o.config.signName,
    onEnqueued: (n) => {
      o.logger.info({ surveys: n }, 'post-donation survey SMS enqueued');
      o.kick();
    },
  });
}

/**
 * The outbox worker and the reminders (and, unless `surveys: false`, the survey subscription). With several bridges
 * the bridge starts it on the AMI lease owner only (ha/owner-jobs.ts); `mayRun` is asked before every reminder run.
 */
export function startMessaging(o: { config: SmsConfig; services: DomainServices; logger: Logger; pollMs?: number; redisUrl?: string | null; surveys?: boolean; mayRun?: () => boolean }): Messaging {
  const provider = createSmsProvider(o.config, o);
  const puller = provider instanceof TencentSmsAdapter && o.config.tencent
    ? new TencentStatusPuller({ client: provider.client, sdkAppId: o.config.tencent.sdkAppId, pullMs: o.config.tencent.pullMs, provider: provider.name, services: o.services, logger: o.logger })
    : null;
  const worker = provider ? new SmsWorker({ store: o.services.messaging.store, provider, config: o.config, logger: o.logger, ...(o.pollMs ? { pollMs: o.pollMs } : {}) }) : null;
  const unsubscribe = o.surveys === false ? () => undefined : subscribeSurveys({ ...o, kick: () => worker?.kick() });
  const remind = async (): Promise<void> => {
    if (o.mayRun?.() === false) return;
    try {
      const n = await enqueueAppointmentReminders(o.services.ds, { quiet: o.config.quietHours });
      o.logger.info({ reminders: n }, 'day-before appointment reminders enqueued');
      if (n) worker?.kick();
    } catch (err) {
      o.logger.warn({ err }, 'appointment reminders failed (the next run retries)');
    }
  };
  const jobs: ScheduledJob[] = o.config.reminderCron ? [{ id: 'sms-reminders', pattern: o.config.reminderCron, run: remind }] : [];
  const schedule: Promise<SmsSchedule | null> = !jobs.length ? Promise.resolve(null)
    : o.redisUrl ? bullmqSchedule(jobs, { redisUrl: o.redisUrl, logger: o.logger }).catch((err: unknown) => {
      o.logger.error({ err }, 'could not start the SMS job scheduler on Redis: reminders run in-process instead');
      return cronerSchedule(jobs);
    })
      : Promise.resolve(cronerSchedule(jobs));
  worker?.start();
  puller?.start();
  if (provider instanceof SmppSmsAdapter) provider.start();
  o.logger.info({ provider: o.config.provider, api: o.config.api, endpoint: o.config.endpoint.replace(/\/\/[^/]*@/, '//'), surveys: o.config.surveys }, provider ? 'SMS worker started' : 'SMS provider off: messages wait in the outbox');
  return {
    worker, provider, puller,
    async stop() {
      await (await schedule)?.stop();
      unsubscribe();
      await worker?.stop();
      await puller?.stop();
      if (provider instanceof TencentSmsAdapter) provider.close();
      if (provider instanceof SmppSmsAdapter) await provider.stop();
    },
  };
}
