import { hms } from '../core/time-format.js';
import type { Channel } from '../model/channel.js';
import type { QueueDef } from '../model/queue.js';
import type { SimServices } from '../model/services.js';
import { response, serialize } from './ami-codec.js';

const aid = (actionId: string | undefined): Array<[string, string]> => (actionId === undefined ? [] : [['ActionID', actionId]]);

/** `Response: Success` + `EventList: start`, the items, then `<X>Complete` with the count. */
export function eventList(actionId: string | undefined, message: string, items: string[], completeEvent: string, extra: Array<[string, string]> = []): string {
  let out = response('Success', actionId, [
    ['EventList', 'start'],
    ['Message', message],
  ]);
  for (const i of items) out += i;
  out += serialize([['Event', completeEvent], ...aid(actionId), ['EventList', 'Complete'], ['ListItems', String(items.length)], ...extra]);
  return out;
}

function channelsNewestFirst(sim: SimServices): Channel[] {
  return [...sim.engine.channels.values()].reverse();
}

export function coreShowChannels(sim: SimServices, actionId: string | undefined): string {
  const now = sim.engine.now();
  const items = channelsNewestFirst(sim).map(
    (ch) =>
      `Event: CoreShowChannel\r\n${aid(actionId)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}${ch.amiBlock()}Application: ${ch.app}\r\nApplicationData: ${ch.appData}\r\nDuration: ${hms((now - ch.createdAt) / 1000)}\r\nBridgeId: ${ch.bridge?.id ?? ''}\r\n\r\n`,
  );
  return eventList(actionId, 'Channels will follow', items, 'CoreShowChannelsComplete');
}

export function statusList(sim: SimServices, actionId: string | undefined, channel?: string, variables: string[] = []): string {
  const now = sim.engine.now();
  let chans = channelsNewestFirst(sim);
  if (channel) chans = chans.filter((c) => c.name === channel);
  const items = chans.map((ch) => {
    let s =
      `Event: Status\r\nPrivilege: Call\r\n${ch.amiBlock()}Type: ${ch.tech}\r\nDNID: ${ch.dnid}\r\n` +
      `EffectiveConnectedLineNum: ${ch.connNum || '<unknown>'}\r\nEffectiveConnectedLineName: ${ch.connName || '<unknown>'}\r\n` +
      `TimeToHangup: 0\r\nBridgeID: ${ch.bridge?.id ?? ''}\r\nApplication: ${ch.app}\r\nData: ${ch.appData}\r\n` +
      `Nativeformats: (${ch.isLocal ? 'slin' : 'ulaw|alaw'})\r\nReadformat: slin\r\nReadtrans: \r\nWriteformat: slin\r\nWritetrans: \r\n` +
      `Callgroup: 0\r\nPickupgroup: 0\r\nSeconds: ${Math.floor((now - ch.createdAt) / 1000)}\r\n`;
    for (const v of variables) s += `Variable: ${v}=${ch.getVar(v) ?? ''}\r\n`;
    if (actionId !== undefined) s += `ActionID: ${actionId}\r\n`;
    return `${s}\r\n`;
  });
  return eventList(actionId, 'Channel status will follow', items, 'StatusComplete', [['Items', String(items.length)]]);
}

function slPerf(q: QueueDef): string {
  const total = q.completed + q.abandoned;
  if (total === 0) return q.completed > 0 ? '100.0' : '0.0';
  return ((q.completedInSl / total) * 100).toFixed(1);
}

export function queueStatus(sim: SimServices, actionId: string | undefined, queueName?: string, member?: string): string {
  const now = sim.engine.now();
  const items: string[] = [];
  const tail = actionId !== undefined ? `ActionID: ${actionId}\r\n` : '';
  for (const q of sim.queues.all()) {
    if (queueName && q.name !== queueName) continue;
    const perf = slPerf(q);
    items.push(
      `Event: QueueParams\r\nQueue: ${q.name}\r\nMax: ${q.maxlen}\r\nStrategy: ${q.strategy}\r\nCalls: ${q.entries.length}\r\nHoldtime: ${q.holdtime}\r\n` +
        `TalkTime: ${q.talktime}\r\nCompleted: ${q.completed}\r\nAbandoned: ${q.abandoned}\r\nServiceLevel: ${q.servicelevel}\r\n` +
        `ServicelevelPerf: ${perf}\r\nServicelevelPerf2: ${perf}\r\nWeight: ${q.weight}\r\n${tail}\r\n`,
    );
    for (const m of q.members) {
      if (member && m.interface !== member) continue;
      items.push(
        `Event: QueueMember\r\nQueue: ${q.name}\r\nName: ${m.name}\r\nLocation: ${m.interface}\r\nStateInterface: ${m.stateInterface}\r\n` +
          `Membership: ${m.dynamic ? 'dynamic' : 'static'}\r\nPenalty: ${m.penalty}\r\nCallsTaken: ${m.callsTaken}\r\nLastCall: ${m.lastCall}\r\n` +
          `LastPause: ${m.lastPause}\r\nLoginTime: ${m.loginTime}\r\nInCall: ${m.inCall ? 1 : 0}\r\nStatus: ${m.status}\r\nPaused: ${m.paused ? 1 : 0}\r\n` +
          `PausedReason: ${m.pausedReason}\r\nWrapuptime: ${m.wrapuptime}\r\n${tail}\r\n`,
      );
    }
    q.entries.forEach((e, i) => {
      const ch = e.ch;
      items.push(
        `Event: QueueEntry\r\nQueue: ${q.name}\r\nPosition: ${i + 1}\r\nChannel: ${ch.name}\r\nUniqueid: ${ch.uniqueid}\r\n` +
          `CallerIDNum: ${ch.callerNum || '<unknown>'}\r\nCallerIDName: ${ch.callerName || '<unknown>'}\r\nConnectedLineNum: ${ch.connNum || '<unknown>'}\r\n` +
          `ConnectedLineName: ${ch.connName || '<unknown>'}\r\nWait: ${Math.floor((now - e.joinedAt) / 1000)}\r\nPriority: ${e.priority}\r\n${tail}\r\n`,
      );
    });
  }
  return eventList(actionId, 'Queue status will follow', items, 'QueueStatusComplete');
}

export function queueSummary(sim: SimServices, actionId: string | undefined, queueName?: string): string {
  const now = sim.engine.now();
  const tail = actionId !== undefined ? `ActionID: ${actionId}\r\n` : '';
  const items: string[] = [];
  for (const q of sim.queues.all()) {
    if (queueName && q.name !== queueName) continue;
    const loggedIn = q.members.filter((m) => m.status !== 5 && m.status !== 4).length;
    const available = q.members.filter((m) => !m.paused && (m.status === 1 || m.status === 0) && !m.inCall).length;
    const longest = q.entries.reduce((acc, e) => Math.max(acc, Math.floor((now - e.joinedAt) / 1000)), 0);
    items.push(
      `Event: QueueSummary\r\nQueue: ${q.name}\r\nLoggedIn: ${loggedIn}\r\nAvailable: ${available}\r\nCallers: ${q.entries.length}\r\n` +
        `HoldTime: ${q.holdtime}\r\nTalkTime: ${q.talktime}\r\nLongestHoldTime: ${longest}\r\n${tail}\r\n`,
    );
  }
  return eventList(actionId, 'Queue summary will follow', items, 'QueueSummaryComplete');
}

const STATUS_TEXT: Record<number, string> = {
  0: 'Unknown',
  1: 'Not in use',
  2: 'In use',
  3: 'Busy',
  4: 'Invalid',
  5: 'Unavailable',
  6: 'Ringing',
  7: 'Ring+Inuse',
  8: 'On Hold',
};

/** `queue show [name]` as the CLI prints it. */
export function queueShow(sim: SimServices, name?: string): string[] {
  const now = sim.engine.now();
  const lines: string[] = [];
  const queues = sim.queues.all().filter((q) => !name || q.name === name);
  if (name && queues.length === 0) return [`No such queue: ${name}.`];
  for (const q of queues) {
    const perf = slPerf(q);
    lines.push(
      `${q.name} has ${q.entries.length} calls (max ${q.maxlen || 'unlimited'}) in '${q.strategy}' strategy (${q.holdtime}s holdtime, ${q.talktime}s talktime), ` +
        `W:${q.weight}, C:${q.completed}, A:${q.abandoned}, SL:${perf}%, SL2:${perf}% within ${q.servicelevel}s`,
    );
    if (q.members.length) {
      lines.push('   Members: ');
      for (const m of q.members) {
        const parts = [`      ${m.name} (${m.interface})`];
        if (m.dynamic) parts.push('(dynamic)');
        parts.push(m.ringinuse ? '(ringinuse enabled)' : '(ringinuse disabled)');
        if (m.paused) parts.push(m.pausedReason ? `(paused:${m.pausedReason} was ${Math.floor(now / 1000) - m.lastPause} secs ago)` : '(paused)');
        if (m.inCall) parts.push('(in call)');
        parts.push(`(${STATUS_TEXT[m.status] ?? 'Unknown'})`);
        const taken = m.callsTaken ? `has taken ${m.callsTaken} calls (last was ${Math.floor(now / 1000) - m.lastCall} secs ago)` : 'has taken no calls yet';
        parts.push(`${taken} (login was ${Math.floor(now / 1000) - m.loginTime} secs ago)`);
        lines.push(parts.join(' '));
      }
    } else lines.push('   No Members');
    if (q.entries.length) {
      lines.push('   Callers: ');
      q.entries.forEach((e, i) => lines.push(`      ${i + 1}. ${e.ch.name} (wait: ${hms((now - e.joinedAt) / 1000).slice(3)}, prio: ${e.priority})`));
    } else lines.push('   No Callers');
    lines.push('');
  }
  lines.push('');
  return lines;
}
