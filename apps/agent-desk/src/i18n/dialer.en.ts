/** Campaigns and the dialer — English. Typed against dialer.zh-CN.ts. */
import type zh from './dialer.zh-CN.js';

const en: typeof zh = {
  nav: 'Campaigns',
  title: 'Campaigns',
  create: 'New campaign',
  fromPlanner: 'From the planner\'s list ({n} donors)',
  fromPlannerButton: 'Make a campaign ({n})',
  handoffName: 'Platelets {group} recall {day}',
  empty: 'No campaigns yet',
  col: { name: 'Campaign', status: 'Status', mode: 'Dialing', targets: 'Targets', dates: 'Dates', hours: 'Hours', agents: 'Agents' },
  status: { draft: 'Draft', running: 'Running', paused: 'Paused', stopped: 'Stopped', active: 'Running (old)', closed: 'Stopped' },
  mode: { preview: 'Preview', progressive: 'Progressive' },
  channel: { call: 'Call', sms: 'SMS' },
  action: { start: 'Start', pause: 'Pause', stop: 'Stop', join: 'Join dialing', leave: 'Leave dialing', dial: 'Dial', skip: 'Skip', next: 'Next' },
  confirmStop: 'A stopped campaign cannot start again. Stop it?',
  board: {
    title: 'Board', targets: 'Targets', attempted: 'Attempted', attempts: 'Attempts', reached: 'Reached', booked: 'Booked', showedUp: 'Showed up', donated: 'Donated', blocked: 'Blocked by policy', exhausted: 'Attempts used up', pending: 'To dial',
    blockedBy: 'Blocked because', outcomes: 'Outcomes',
  },
  reason: { 'do-not-call': 'Do not call', 'open-complaint': 'Open complaint', 'no-consent': 'No consent', suppressed: 'Suppressed', 'outside-hours': 'Outside hours', policy: 'Contact policy' },
  outcome: { reached: 'Reached', 'reached-booked': 'Booked', 'reached-declined': 'Declined', 'reached-later': 'Call later', 'no-answer': 'No answer', busy: 'Busy', rejected: 'Rejected', 'wrong-number': 'Wrong number' },
  target: { pending: 'To dial', dialing: 'Dialing', contacted: 'Reached', booked: 'Booked', declined: 'Declined', blocked: 'Blocked', exhausted: 'Used up', 'wrong-number': 'Wrong number', suppressed: 'Suppressed', skipped: 'Skipped' },
  form: {
    name: 'Name', mode: 'Dialing', channel: 'Channel', script: 'Script (standard phrases)', dates: 'Dates', hours: 'Calling hours', maxAttempts: 'Attempts per donor', retry: 'Retry after (minutes, comma-separated)',
    agents: 'Agents', source: 'Donors from', segment: 'Saved segment', list: 'List', modeHint: 'Preview: the agent sees the donor and the script, then dials; progressive: the next donor is dialed as soon as the agent is ready (one line per agent, never predictive)',
    save: 'Create', cancel: 'Cancel',
  },
  work: {
    title: 'My dialing', none: 'No running campaign is assigned to you', joined: 'Joined: {name}', waiting: 'The next donor is dialed as soon as you are ready…', busy: 'On a call',
    previewEmpty: 'No donor to dial now', script: 'Script', attempts: 'Dialed {n}×', lastDonation: 'Last donation', result: 'Result', recent: 'Recent calls',
    blocked: 'Blocked by the contact policy', seatNeeded: 'Take a seat on the desk and be ready first',
  },
};
export default en;
