export * from './invitation-policy.js';
export * from './sms-campaign.types.js';
