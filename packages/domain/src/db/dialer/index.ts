/** Campaigns with a dialer on the database (issue 13). */
export { CampaignDialerService, CAMPAIGN_TARGETS_MAX, type CampaignInput, type ClaimedTarget } from './campaign-dialer.service.js';
