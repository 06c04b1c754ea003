import { cdrTime } from '../core/time-format.js';
import type { Channel } from './channel.js';

/**
 * The Cdr event Asterisk's cdr_manager sends when a channel's CDR is finalised. One CDR per channel that
 * started a call leg (not for channels that were only the dialled B party).
 */
export function cdrFields(ch: Channel, endMs: number): Array<[string, string]> {
  const answered = ch.answeredAt > 0;
  const start = ch.createdAt;
  const duration = Math.max(0, Math.floor((endMs - start) / 1000));
  const billable = answered ? Math.max(0, Math.floor((endMs - ch.answeredAt) / 1000)) : 0;
  const disposition = ch.cdrDisposition || (answered ? 'ANSWERED' : unansweredDisposition(ch.hangupCause));
  const callerId = ch.callerName ? `"${ch.callerName}" <${ch.callerNum}>` : ch.callerNum ? `<${ch.callerNum}>` : '';
  return [
    ['AccountCode', ch.accountcode],
    ['Source', ch.callerNum],
    ['Destination', ch.getVar('__CDR_DST') ?? ch.data<string>('cdrDst') ?? ch.exten],
    ['DestinationContext', ch.data<string>('cdrDcontext') ?? ch.context],
    ['CallerID', callerId],
    ['Channel', ch.name],
    ['DestinationChannel', ch.cdrPeer],
    ['LastApplication', ch.cdrLastApp],
    ['LastData', ch.cdrLastData],
    ['StartTime', cdrTime(start)],
    ['AnswerTime', answered ? cdrTime(ch.answeredAt) : ''],
    ['EndTime', cdrTime(endMs)],
    ['Duration', String(duration)],
    ['BillableSeconds', String(billable)],
    ['Disposition', disposition],
    ['AMAFlags', 'DOCUMENTATION'],
    ['UniqueID', ch.uniqueid],
    ['UserField', ''],
  ];
}

/** How Asterisk's CDR engine labels a channel that was never answered, from its hangup cause. */
function unansweredDisposition(cause: number): string {
  if (cause === 17) return 'BUSY';
  if (cause === 16 || cause === 18 || cause === 19) return 'NO ANSWER';
  if (cause === 34) return 'CONGESTION';
  return 'FAILED';
}
