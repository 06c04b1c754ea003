import type zh from './care.zh-CN.js';

/** Care — English (typed against care.zh-CN.ts). */
const en: typeof zh = {
  nav: 'Care',
  title: 'Donor care',
  from: 'From',
  to: 'To',
  generate: 'Prepare today’s list',
  generated: 'Prepared: {added} new, {pending} to confirm, {excluded} excluded',
  confirmAll: 'Confirm all ({n})',
  confirmSelected: 'Confirm selected ({n})',
  confirmed: 'Confirmed: {sent} SMS queued, {tasked} call tasks, {excluded} excluded on re-check',
  dismiss: 'Do not send',
  dismissed: '{n} dismissed',
  excludedBecause: 'Excluded because:',
  empty: 'No care actions in this period',
  note: '{n} in total. Confirmation checks consent, opt-outs and the contact policy again; each donor gets one action per rule and occasion.',
  status: { pending: 'To confirm', excluded: 'Excluded', done: 'Handled' },
  state: { pending: 'To confirm', excluded: 'Excluded', sent: 'SMS queued', tasked: 'Call task created', dismissed: 'Not sent' },
  occasion: {
    birthday: 'Birthday', 'spring-festival': 'Spring Festival', 'mid-autumn': 'Mid-Autumn', 'blood-donor-day': 'World Blood Donor Day', 'donation-anniversary': 'Donation anniversary', 'honour-reached': 'Honour reached',
  },
  action: { sms: 'Care SMS', call: 'Manager call' },
  audience: { all: 'All donors', active: 'Gave in last 2 years', managed: 'With a manager' },
  reason: {
    'do-not-call': 'Do not contact', 'open-complaint': 'Open complaint', 'no-sms-consent': 'No SMS consent', 'sms-opt-out': 'Opted out (TD)', 'no-mobile': 'No mobile', 'no-account-manager': 'No account manager', 'manager-inactive': 'Manager deactivated',
  },
  col: { date: 'Date', occasion: 'Occasion', name: 'Donor', phone: 'Phone', action: 'Channel', manager: 'Manager', status: 'Status' },
  rules: {
    title: 'Care rules',
    enabled: 'On',
    occasion: 'Occasion',
    action: 'Channel',
    lead: 'Days ahead',
    audience: 'For',
    text: 'SMS text (≤ 35 characters, approved care template)',
    callHint: 'A call task for the account manager (work queue)',
    defaultText: 'Thank you for giving blood!',
    saved: 'Rule saved: {name}',
  },
};
export default en;
