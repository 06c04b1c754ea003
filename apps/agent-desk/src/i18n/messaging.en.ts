/** SMS (outbox, a donor's SMS) — English. Typed against messaging.zh-CN.ts. */
import type zh from './messaging.zh-CN.js';

const en: typeof zh = {
  nav: 'SMS',
  title: 'SMS outbox',
  hint: 'Delivery state and failure reasons; failed or parked messages can be sent again',
  refresh: 'Refresh',
  bookingSms: 'Confirmation SMS',
  filter: { all: 'All statuses', problems: 'Needs attention (failed / parked / undelivered)' },
  status: {
    pending: 'Waiting', sending: 'Sending', sent: 'Sent', delivered: 'Delivered', undelivered: 'Undelivered', failed: 'Failed', parked: 'Parked', suppressed: 'Not sent (opted out)',
  },
  template: {
    'appointment-booked': 'Booking confirmed', 'appointment-cancelled': 'Booking cancelled', 'appointment-rescheduled': 'Booking moved', 'appointment-reminder': 'Reminder',
    survey: 'Satisfaction survey', care: 'Care', 'voice-reply': 'Voice message reply', 'no-show': 'Missed booking', 'recruitment-invitation': 'Recruitment invitation',
  },
  col: { id: 'No.', created: 'Created', to: 'Mobile', donor: 'Donor', template: 'Type', status: 'Status', attempts: 'Tries', reason: 'Failure reason', actions: 'Actions' },
  retry: 'Send again',
  park: 'Park',
  parkReason: 'Reason for parking',
  parkPrompt: 'Why should this SMS not be sent?',
  counts: '{optedOut} numbers opted out · {inbound} replies today',
  empty: 'No SMS',
  history: 'SMS',
  historyEmpty: 'No SMS yet',
  outgoing: 'Sent',
  incoming: 'Reply',
  intent: { score: 'Score', verdict: 'Verdict', 'opt-out': 'Opt-out', other: 'Message' },
  task: 'Task #{id} opened',
  done: 'Done',
};
export default en;
