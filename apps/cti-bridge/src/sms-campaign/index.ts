/**
 * SMS campaigns (招募短信邀约) on the bridge: the domain's sender and results wired to this bridge's SMS settings
 * (signature, quiet hours) and contact policy; the routes; the sending job that ticks while the bridge runs.
 */
import { InvitationSender, SmsCampaignService, type DomainServices } from '@donorline/domain/node';
import type { BridgeConfig } from '../config.js';

export { smsCampaignRoutes } from './sms-campaign.routes.js';
export { startSmsCampaignJob, type SmsCampaignJob } from './sms-campaign.job.js';

/** How often the sender looks at the running SMS campaigns (each campaign's per-minute rate is spread over the ticks). */
export const SMS_CAMPAIGN_TICK_MS = 2000;

export interface SmsCampaigns {
  service: SmsCampaignService;
  sender: InvitationSender;
}

export function createSmsCampaigns(services: DomainServices, config: Pick<BridgeConfig, 'sms'>, o: { clock?: () => Date; tickMs?: number } = {}): SmsCampaigns {
  const sender = new InvitationSender(services.ds, {
    ...(o.clock ? { clock: o.clock } : {}),
    quiet: () => config.sms.quietHours, signName: () => config.sms.signName, contactRules: services.contactPolicy.rules, tickMs: o.tickMs ?? SMS_CAMPAIGN_TICK_MS,
  });
  return { sender, service: new SmsCampaignService(services.ds, { dialer: services.dialer, sender, signName: () => config.sms.signName, ...(o.clock ? { clock: o.clock } : {}) }) };
}
