/** SMS invitations (SMS recruitment campaigns) — English. */
import type zh from './sms-campaign.zh-CN.js';

const en: typeof zh = {
  create: 'New SMS invitation',
  title: 'New SMS invitation campaign',
  fromPlannerButton: 'SMS invitations ({n})',
  handoffName: 'Platelets {group} SMS invitation {day}',
  channelTag: 'SMS',
  form: {
    name: 'Campaign name', source: 'Recipients from', segment: 'Saved segment', dates: 'Dates', hours: 'Sending hours', site: 'Site', inviteDate: 'Invitation day',
    inviteDateHint: 'e.g. “12月9日” or “本周六” (the SMS is in Chinese)', product: 'Asking for', rate: 'At most per minute', conversion: 'Conversion window', cap: 'Frequency cap', conversionUnit: 'days: a booking within them converts', capUnit: 'days without another contact (any channel)',
    preview: 'SMS preview', policyNote: 'The contact policy decides every recipient before sending: do-not-call, open complaints, no consent to recruitment or SMS, opted out (TD), suppressed after failures, contacted recently — they get no SMS, and the reason is kept.',
    save: 'Create (draft)', cancel: 'Cancel', perMinute: 'per minute',
  },
  product: { platelets: 'Apheresis platelets', 'whole-blood': 'Whole blood' },
  state: { pending: 'Waiting', queued: 'Queued', sent: 'Sent', delivered: 'Delivered', failed: 'Failed', blocked: 'Blocked by policy' },
  reason: {
    'do-not-call': 'Do not call', 'open-complaint': 'Open complaint', 'no-consent': 'No recruitment consent', suppressed: 'Suppressed (failures)', 'no-sms-consent': 'No SMS consent',
    'no-mobile': 'No mobile', 'opted-out': 'Opted out (TD)', 'frequency-cap': 'Contacted recently',
  },
  results: {
    title: 'Results', targets: 'Recipients', replied: 'Replied', optedOut: 'Opted out', booked: 'Booked', conversion: 'Conversion', lastMinute: 'Sent last minute', rate: 'Rate {n}/min',
    blockedBy: 'Blocked because', all: 'All', col: { name: 'Donor', phone: 'Mobile', state: 'State', reason: 'Reason', queued: 'Sent at', replied: 'Reply', booked: 'Booked' },
    intent: { 'opt-out': 'Opted out', other: 'Replied', score: 'Score', verdict: 'Verdict' },
    closed: {
      'outside-hours': 'Outside the sending hours ({start}–{end}): sending goes on by itself then', 'before-start': 'Not started yet (from {from}): sending begins by itself then', ended: 'Past its last day ({to}): nothing more is sent',
      'not-running': 'The campaign is not running',
    },
  },
};
export default en;
