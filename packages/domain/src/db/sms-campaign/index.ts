export { InvitationSender, attemptRefOf, dedupKeyOf, type InvitationSenderOptions, type TickResult } from './invitation-sender.js';
export { SmsCampaignService, recipientState } from './sms-campaign.service.js';
export { loadInvitationFacts, type InvitationDonorFacts } from './invitation-facts.js';
