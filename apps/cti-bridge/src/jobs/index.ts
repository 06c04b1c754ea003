/**
 * The bridge's scheduled jobs that must run once across bridges — slot generation, QA sampling, report rollups, no-show
 * detection, care, the SMS outbox worker with its reminders and the SMS campaigns' sender — wired to OwnerJobs (ha/owner-jobs.ts): on the AMI
 * lease owner only, all of them on a bridge working alone. The post-donation survey subscription is not one of them: it follows a
 * donation ingested through this bridge, whichever bridge sends the SMS.
 */
import type { DomainServices } from '@donorline/domain/node';
import { createCareService, startCareJob } from '../care/index.js';
import type { BridgeConfig } from '../config.js';
import { OwnerJobs, type OwnershipSource } from '../ha/owner-jobs.js';
import type { Logger } from '../logger.js';
import { startMessaging, subscribeSurveys, type Messaging } from '../messaging/index.js';
import { startNoShowDetection } from './no-show.job.js';
import { startQaSampling } from './qa-sampling.job.js';
import { createSmsCampaigns, SMS_CAMPAIGN_TICK_MS, startSmsCampaignJob } from '../sms-campaign/index.js';
import { startReportRollup } from './report-rollup.job.js';
import { startSlotGeneration } from './slot-generation.job.js';

export interface BridgeJobs {
  jobs: OwnerJobs;
  /** The SMS worker and provider while they run on this bridge (null otherwise). */
  messaging(): Messaging | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function bridgeJobs(o: { config: Readonly<BridgeConfig>; services: DomainServices; lease: OwnershipSource | null; log: Logger }): BridgeJobs {
  const { config, services, log } = o;
  let messaging: Messaging | null = null;
  let unsubscribeSurveys: () => void = () => undefined;
  const jobs = new OwnerJobs(o.lease, log.child({ mod: 'jobs' }))
    .add({ name: 'slots', start: (mayRun) => startSlotGeneration(services, { ...config.slots, mayRun }, log.child({ mod: 'slots' })) })
    .add({ name: 'qa', start: (mayRun) => startQaSampling(services, { ...config.qa, mayRun }, log.child({ mod: 'qa' })) })
    .add({ name: 'rollup', start: (mayRun) => startReportRollup(services, { slSeconds: config.reports.slThresholdSeconds, days: 60, mayRun }, log.child({ mod: 'rollup' })) })
    .add({ name: 'no-show', start: (mayRun) => startNoShowDetection(services, { ...config.noShow, mayRun }, log.child({ mod: 'no-show' })) })
    .add({ name: 'care', start: (mayRun) => startCareJob(createCareService(services, config), { ...config.care, mayRun }, log.child({ mod: 'care' })) })
    .add({
      name: 'sms',
      start: (mayRun) => {
        const ms = startMessaging({ config: config.sms, services, logger: log.child({ mod: 'sms' }), redisUrl: config.redisUrl, surveys: false, mayRun });
        messaging = ms;
        return {
          async stop() {
            await ms.stop();
            if (messaging === ms) messaging = null;
          },
        };
      },
    })
    // SMS campaigns: the running campaigns' invitations into the outbox at each one's rate, policy first
    .add({
      name: 'sms-campaign',
      start: (mayRun) => startSmsCampaignJob(createSmsCampaigns(services, config).sender, { tickMs: SMS_CAMPAIGN_TICK_MS, kick: () => messaging?.worker?.kick(), log: log.child({ mod: 'sms-campaign' }), mayRun }),
    });
  return {
    jobs,
    messaging: () => messaging,
    async start() {
      unsubscribeSurveys = subscribeSurveys({ config: config.sms, services, logger: log.child({ mod: 'sms' }), kick: () => messaging?.worker?.kick() });
      await jobs.start();
    },
    async stop() {
      await jobs.stop();
      unsubscribeSurveys();
    },
  };
}
