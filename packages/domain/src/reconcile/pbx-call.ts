/**
 * A call as the PBX logged it: the CDRs of one Linkedid folded into the facts a call record holds (times, queue,
 * agent, answered or abandoned, who hung up, recordings). Pure rules; the bridge's reconciler feeds them.
 */
import type { CallDirection, CallOutcome, HangupParty } from '../calls/call.types.js';
import { cdrInstant, type CdrRow } from './cdr-line.js';

export interface PbxCall {
  linkedid: string;
  direction: CallDirection;
  caller: string | null;
  dialed: string | null;
  startedAt: Date;
  queuedAt: Date | null;
  /** When an agent answered (not when the PBX answered the caller for the IVR). */
  answeredAt: Date | null;
  endedAt: Date;
  queue: string | null;
  /** The extension of the agent who answered (from `PJSIP/8001-0000002a`). */
  agentExt: string | null;
  outcome: CallOutcome;
  hangupBy: HangupParty;
  /** The PBX's disposition of the call's own CDR (ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION). */
  disposition: string;
  /** MixMonitor files named in the log (absolute PBX paths). */
  recordings: string[];
}

/** Where calls come in and go out (asterisk/extensions.conf): other CDRs (phone keys, ChanSpy legs) are no calls. */
export const INBOUND_CONTEXTS: readonly string[] = ['from-carrier', 'dl-queue'];
export const OUTBOUND_CONTEXTS: readonly string[] = ['dl-outbound'];

/** `PJSIP/8001-0000002a` → `8001` (agents' phones and softphone seats are four digits). */
export function agentExtOf(channel: string): string | null {
  return /^PJSIP\/(\d{3,6})-[0-9a-f]+$/i.exec(channel.trim())?.[1] ?? null;
}

/**
 * Folds the CDRs of one Linkedid. Null when the call's own CDR (Uniqueid = Linkedid: written when the caller's channel
 * is gone, so the call is over) is not among them, or when it is not a call of the hotline (context).
 * Rules:
 *  - answered by an agent: the dialplan's dl_agent (set when a member/agent answered, [dl-record]) or a CDR
 *    ANSWERED with an agent's phone as destination channel; the agent answered at dl_answered (else the CDR's answer);
 *  - queue and queued-at: dl_queue / dl_queued; inbound not answered: abandoned when queued, else ivr-only;
 *  - outbound (click-to-dial): answered when the donor's leg answered, else no-answer / busy / failed;
 *  - who hung up: dl_hangup=agent (the caller went on after the agent's leg), else the caller; unanswered: the caller.
 */
export function foldPbxCall(rows: readonly CdrRow[]): PbxCall | null {
  const root = rows.find((r) => r.uniqueid === r.linkedid);
  if (!root) return null;
  const inbound = INBOUND_CONTEXTS.includes(root.dcontext);
  const outbound = !inbound && OUTBOUND_CONTEXTS.includes(root.dcontext);
  if (!inbound && !outbound) return null;
  const last = (f: keyof CdrRow): string => [...rows].reverse().find((r) => r[f])?.[f] ?? '';
  const started = rows.map((r) => cdrInstant(r.start)).filter((d): d is Date => !!d).sort((a, b) => a.getTime() - b.getTime())[0];
  const ended = rows.map((r) => cdrInstant(r.end)).filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0];
  if (!started || !ended) return null;
  const recordings = [...new Set(rows.map((r) => r.dl_recording).filter(Boolean))];
  const queue = last('dl_queue') || null;
  const queuedAt = cdrInstant(rows.find((r) => r.dl_queued)?.dl_queued ?? '');
  if (outbound) {
    const ans = rows.find((r) => r.disposition === 'ANSWERED' && r.dstchannel);
    const agentExt = agentExtOf(root.channel);
    return {
      linkedid: root.linkedid, direction: 'outbound', caller: root.src || null, dialed: root.dst || null, startedAt: started, queuedAt: null,
      answeredAt: ans ? cdrInstant(ans.answer) : null, endedAt: ended, queue: null, agentExt, outcome: ans ? 'answered' : outboundOutcome(root.disposition),
      hangupBy: ans ? 'unknown' : 'system', disposition: root.disposition, recordings,
    };
  }
  const agentChannel = last('dl_agent') || rows.find((r) => r.disposition === 'ANSWERED' && agentExtOf(r.dstchannel))?.dstchannel || '';
  const agentExt = agentChannel ? agentExtOf(agentChannel) : null;
  const answeredRow = rows.find((r) => r.dstchannel === agentChannel && r.disposition === 'ANSWERED');
  const answeredAt = agentExt ? (cdrInstant(last('dl_answered')) ?? (answeredRow ? cdrInstant(answeredRow.answer) : null) ?? queuedAt ?? started) : null;
  const outcome: CallOutcome = agentExt ? 'answered' : queue ? 'abandoned' : 'ivr-only';
  const hangupBy: HangupParty = agentExt && last('dl_hangup') === 'agent' ? 'agent' : 'caller';
  return {
    linkedid: root.linkedid, direction: 'inbound', caller: root.src || null, dialed: root.dst || null, startedAt: started, queuedAt: queuedAt ?? (queue ? started : null),
    answeredAt, endedAt: ended, queue, agentExt, outcome, hangupBy, disposition: root.disposition, recordings,
  };
}

function outboundOutcome(disposition: string): CallOutcome {
  if (disposition === 'BUSY') return 'busy';
  if (disposition === 'NO ANSWER') return 'no-answer';
  return 'failed';
}

/** Groups rows by Linkedid, keeping the order in which each Linkedid first appeared. */
export function groupByLinkedid(rows: readonly CdrRow[]): Map<string, CdrRow[]> {
  const m = new Map<string, CdrRow[]>();
  for (const r of rows) {
    const g = m.get(r.linkedid);
    if (g) g.push(r);
    else m.set(r.linkedid, [r]);
  }
  return m;
}
