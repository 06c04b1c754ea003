/** Live monitoring (listen / whisper / barge) — English. Typed against monitor.zh-CN.ts. */
import type zh from './monitor.zh-CN.js';

const en: typeof zh = {
  mode: { listen: 'Listen', whisper: 'Whisper', barge: 'Barge' },
  modeHint: {
    listen: 'Silent: neither the agent nor the caller hears you',
    whisper: 'Whisper: only the agent hears you',
    barge: 'Barge: three-way, the caller hears you too',
  },
  state: { ringing: 'Your phone is ringing…', active: 'Monitoring', ended: 'Ended' },
  endReason: {
    stopped: 'Monitoring stopped',
    'supervisor-hangup': 'You hung up',
    'call-ended': 'The call ended',
    'not-answered': 'Your phone was not answered',
    failed: 'Monitoring could not start',
  },
  column: 'Monitor',
  stop: 'Stop',
  bar: 'Monitoring {agent}’s call',
  needSeat: 'Take a seat first: your phone carries the monitoring',
  busy: 'You are monitoring another call',
  own: 'This is your own call',
};

export default en;
