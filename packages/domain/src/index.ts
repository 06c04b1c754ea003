/**
 * @donorline/domain — browser-safe entry: vocabulary, pure rules and the shared contracts.
 * No TypeORM, no Node built-ins, no process.env. The Node data layer is '@donorline/domain/node'.
 */
export * from './errors.js';
export * from './time/local-date.js';
export * from './donations/donation.types.js';
export * from './donations/donation-facts.js';
export * from './donors/donor.types.js';
export * from './donors/national-id.js';
export * from './donors/masking.js';
export * from './donors/phone.js';
export * from './donors/phone-display.js';
export * from './eligibility/rule-set.js';
export * from './eligibility/eligibility.js';
export * from './contact-policy/contact-policy.js';
export * from './contact-policy/block-words.js';
export * from './appointments/appointment.types.js';
export * from './calls/call.types.js';
export * from './calls/call-segment.types.js';
export * from './calls/call-metrics.js';
export * from './agents/agent.types.js';
export * from './tickets/ticket.types.js';
export * from './honours/honours.js';
export * from './routing/routing-policy.js';
export * from './contracts/index.js';
export * from './admin/staff-rules.js';
export * from './admin/service-calendar.js';
export * from './admin/slot-plan.js';
export * from './admin/desk-lists.js';
export * from './admin/center-settings.js';
export * from './admin/queue-overview.js';
export * from './reimbursement/reimbursement-policy.js';
export * from './access/index.js';
export * from './text/free-text.js';
export * from './integration/index.js';
export * from './phrases/index.js';
export * from './validation/index.js';
export * from './work-queue/index.js';
export * from './monitor/index.js';
export * from './qa/index.js';
export * from './crm/segment-rule.js';
export * from './crm/crm.types.js';
export * from './planning/index.js';
export * from './reports/index.js';
export * from './messaging/index.js';
export * from './reconcile/index.js';
