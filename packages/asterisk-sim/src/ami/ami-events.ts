import type { Channel } from '../model/channel.js';
import { CAUSE_TEXT } from '../model/channel.js';
import type { SimEvent } from '../model/events.js';
import type { QueueDef, QueueMember } from '../model/queue.js';

/** The event classes AMI users filter on (`Events: call,agent`). */
export type AmiClass = 'call' | 'agent' | 'dialplan' | 'system' | 'security' | 'cdr' | 'user' | 'dtmf';

export interface AmiEventOut {
  cls: AmiClass;
  text: string;
}

const ev = (name: string, cls: AmiClass, body: string): AmiEventOut => ({ cls, text: `Event: ${name}\r\nPrivilege: ${cls},all\r\n${body}\r\n` });

function memberBody(q: QueueDef, m: QueueMember): string {
  return (
    `Queue: ${q.name}\r\nMemberName: ${m.name}\r\nInterface: ${m.interface}\r\nStateInterface: ${m.stateInterface}\r\n` +
    `Membership: ${m.dynamic ? 'dynamic' : 'static'}\r\nPenalty: ${m.penalty}\r\nCallsTaken: ${m.callsTaken}\r\n` +
    `LastCall: ${m.lastCall}\r\nLastPause: ${m.lastPause}\r\nLoginTime: ${m.loginTime}\r\nInCall: ${m.inCall ? 1 : 0}\r\n` +
    `Status: ${m.status}\r\nPaused: ${m.paused ? 1 : 0}\r\nPausedReason: ${m.pausedReason}\r\nRinginuse: ${m.ringinuse ? 1 : 0}\r\n` +
    `Wrapuptime: ${m.wrapuptime}\r\n`
  );
}

const chan = (c: Channel | undefined, prefix = ''): string => (c ? c.amiBlock(prefix) : '');

/** Translate one model event into its AMI text (undefined for ARI-only events). */
export function toAmi(e: SimEvent): AmiEventOut | undefined {
  switch (e.t) {
    case 'Newchannel':
      return ev('Newchannel', 'call', chan(e.ch));
    case 'Newstate':
      return ev('Newstate', 'call', chan(e.ch));
    case 'Newexten':
      return ev('Newexten', 'dialplan', `${chan(e.ch)}Extension: ${e.ch.exten}\r\nApplication: ${e.ch.app}\r\nAppData: ${e.ch.appData}\r\n`);
    case 'VarSet':
      return ev('VarSet', 'dialplan', `${chan(e.ch)}Variable: ${e.name}\r\nValue: ${e.value}\r\n`);
    case 'NewCallerid':
      return ev('NewCallerid', 'call', `${chan(e.ch)}CID-CallingPres: 0 (Presentation Allowed, Not Screened)\r\n`);
    case 'NewConnectedLine':
      return ev('NewConnectedLine', 'call', chan(e.ch));
    case 'LocalBridge':
      return ev('LocalBridge', 'call', `${chan(e.one, 'LocalOne')}${chan(e.two, 'LocalTwo')}Context: ${e.context}\r\nExten: ${e.exten}\r\nLocalOptimization: Yes\r\n`);
    case 'DialBegin':
      return ev('DialBegin', 'call', `${chan(e.caller)}${chan(e.dest, 'Dest')}DialString: ${e.dialString}\r\n`);
    case 'DialState':
      return ev('DialState', 'call', `${chan(e.caller)}${chan(e.dest, 'Dest')}DialStatus: ${e.status}\r\n`);
    case 'DialEnd':
      return ev('DialEnd', 'call', `${chan(e.caller)}${chan(e.dest, 'Dest')}DialStatus: ${e.status}\r\n`);
    case 'HangupRequest':
      return ev(e.soft ? 'SoftHangupRequest' : 'HangupRequest', 'call', `${chan(e.ch)}Cause: ${e.cause}\r\n`);
    case 'Hangup':
      return ev('Hangup', 'call', `${chan(e.ch)}Cause: ${e.cause}\r\nCause-txt: ${CAUSE_TEXT[e.cause] ?? 'Unknown'}\r\n`);
    case 'BridgeCreate':
      return ev('BridgeCreate', 'call', e.bridge.amiBlock());
    case 'BridgeDestroy':
      return ev('BridgeDestroy', 'call', e.bridge.amiBlock());
    case 'BridgeEnter':
      return ev('BridgeEnter', 'call', `${e.bridge.amiBlock()}${chan(e.ch)}${e.swap ? `SwapUniqueid: ${e.swap.uniqueid}\r\n` : ''}`);
    case 'BridgeLeave':
      return ev('BridgeLeave', 'call', `${e.bridge.amiBlock()}${chan(e.ch)}`);
    case 'BridgeMerge':
      return ev('BridgeMerge', 'call', `${prefixBridge(e.to.amiBlock(), 'To')}${prefixBridge(e.from.amiBlock(), 'From')}`);
    case 'DeviceStateChange':
      return ev('DeviceStateChange', 'call', `Device: ${e.device}\r\nState: ${e.state}\r\n`);
    case 'QueueCallerJoin':
    case 'QueueCallerLeave':
      return ev(e.t, 'agent', `${chan(e.ch)}Queue: ${e.queue.name}\r\nPosition: ${e.position}\r\nCount: ${e.count}\r\n`);
    case 'QueueCallerAbandon':
      return ev(
        'QueueCallerAbandon',
        'agent',
        `${chan(e.ch)}Queue: ${e.queue.name}\r\nPosition: ${e.position}\r\nOriginalPosition: ${e.originalPosition}\r\nHoldTime: ${e.holdTime}\r\n`,
      );
    case 'AgentCalled':
      return ev('AgentCalled', 'agent', `${chan(e.ch)}${agentDest(e.dest, e.ch)}Queue: ${e.queue.name}\r\nInterface: ${e.member.interface}\r\nMemberName: ${e.member.name}\r\n`);
    case 'AgentRingNoAnswer':
      return ev(
        'AgentRingNoAnswer',
        'agent',
        `${chan(e.ch)}${chan(e.dest, 'Dest')}Queue: ${e.queue.name}\r\nInterface: ${e.member.interface}\r\nMemberName: ${e.member.name}\r\nRingTime: ${e.ringTime}\r\n`,
      );
    case 'AgentConnect':
      return ev(
        'AgentConnect',
        'agent',
        `${chan(e.ch)}${chan(e.dest, 'Dest')}Queue: ${e.queue.name}\r\nInterface: ${e.member.interface}\r\nMemberName: ${e.member.name}\r\nHoldTime: ${e.holdTime}\r\nRingTime: ${e.ringTime}\r\n`,
      );
    case 'AgentComplete':
      return ev(
        'AgentComplete',
        'agent',
        `${chan(e.ch)}${chan(e.dest, 'Dest')}Queue: ${e.queue.name}\r\nInterface: ${e.member.interface}\r\nMemberName: ${e.member.name}\r\nHoldTime: ${e.holdTime}\r\nTalkTime: ${e.talkTime}\r\nReason: ${e.reason}\r\n`,
      );
    case 'AgentDump':
      return ev('AgentDump', 'agent', `${chan(e.ch)}${chan(e.dest, 'Dest')}Queue: ${e.queue.name}\r\nInterface: ${e.member.interface}\r\nMemberName: ${e.member.name}\r\n`);
    case 'QueueMemberStatus':
    case 'QueueMemberAdded':
    case 'QueueMemberRemoved':
    case 'QueueMemberPause':
    case 'QueueMemberPenalty':
    case 'QueueMemberRinginuse':
      return ev(e.t, 'agent', memberBody(e.queue, e.member));
    case 'MusicOnHoldStart':
      return ev('MusicOnHoldStart', 'call', `${chan(e.ch)}Class: ${e.cls}\r\n`);
    case 'MusicOnHoldStop':
      return ev('MusicOnHoldStop', 'call', chan(e.ch));
    case 'Hold':
      return ev('Hold', 'call', `${chan(e.ch)}MusicClass: ${e.cls}\r\n`);
    case 'Unhold':
      return ev('Unhold', 'call', chan(e.ch));
    case 'DTMFBegin':
      return ev('DTMFBegin', 'dtmf', `${chan(e.ch)}Digit: ${e.digit}\r\nDirection: ${e.direction}\r\n`);
    case 'DTMFEnd':
      return ev('DTMFEnd', 'dtmf', `${chan(e.ch)}Digit: ${e.digit}\r\nDurationMs: ${e.durationMs}\r\nDirection: ${e.direction}\r\n`);
    case 'Cdr':
      return ev('Cdr', 'cdr', e.fields.map(([k, v]) => `${k}: ${v}\r\n`).join(''));
    case 'OriginateResponse': {
      let body = '';
      if (e.actionId !== undefined) body += `ActionID: ${e.actionId}\r\n`;
      body += `Response: ${e.ok ? 'Success' : 'Failure'}\r\nChannel: ${e.channel}\r\n`;
      if (e.application !== undefined) body += `Application: ${e.application}\r\nData: ${e.data ?? ''}\r\n`;
      else body += `Context: ${e.context}\r\nExten: ${e.exten}\r\n`;
      body += `Reason: ${e.reason}\r\nUniqueid: ${e.uniqueid}\r\nCallerIDNum: ${e.callerNum}\r\nCallerIDName: ${e.callerName}\r\n`;
      return ev('OriginateResponse', 'call', body);
    }
    case 'MixMonitorStart':
    case 'MixMonitorStop':
      return ev(e.t, 'call', chan(e.ch));
    case 'ChanSpyStart':
    case 'ChanSpyStop':
      return ev(e.t, 'call', `${chan(e.spyer, 'Spyer')}${chan(e.spyee, 'Spyee')}`);
    case 'MixMonitorMute':
      return ev('MixMonitorMute', 'call', `${chan(e.ch)}Direction: ${e.direction}\r\nState: ${e.state}\r\n`);
    case 'BlindTransfer': {
      let body = `Result: ${e.result}\r\n${chan(e.transferer, 'Transferer')}`;
      if (e.transferee) body += chan(e.transferee, 'Transferee');
      if (e.bridge) body += e.bridge.amiBlock().replace(/^Bridge/gm, 'Bridge');
      body += `IsExternal: No\r\nContext: ${e.context}\r\nExtension: ${e.exten}\r\n`;
      return ev('BlindTransfer', 'call', body);
    }
    case 'AttendedTransfer': {
      let body = `Result: ${e.result}\r\n`;
      body += chan(e.origTransferer, 'OrigTransferer');
      if (e.origBridge) body += prefixBridge(e.origBridge.amiBlock(), 'Orig');
      body += chan(e.secondTransferer, 'SecondTransferer');
      if (e.secondBridge) body += prefixBridge(e.secondBridge.amiBlock(), 'Second');
      body += `DestType: ${e.destType}\r\n`;
      if (e.destBridge) body += `DestBridgeUniqueid: ${e.destBridge.id}\r\n`;
      if (e.transferee) body += chan(e.transferee, 'Transferee');
      if (e.target) body += chan(e.target, 'TransferTarget');
      body += 'IsExternal: No\r\n';
      return ev('AttendedTransfer', 'call', body);
    }
    case 'UserEvent':
      return ev('UserEvent', 'user', `${chan(e.ch)}UserEvent: ${e.name}\r\n${e.fields.map(([k, v]) => `${k}: ${v}\r\n`).join('')}`);
    default:
      return undefined;
  }
}

/** AgentCalled's Dest snapshot shows the caller's extension and the caller as connected line. */
function agentDest(dest: Channel, caller: Channel): string {
  return dest
    .amiBlock('Dest')
    .replace(/^DestExten: .*$/m, `DestExten: ${caller.exten}`)
    .replace(/^DestConnectedLineNum: .*$/m, `DestConnectedLineNum: ${caller.callerNum || '<unknown>'}`)
    .replace(/^DestConnectedLineName: .*$/m, `DestConnectedLineName: ${caller.callerName || '<unknown>'}`);
}

function prefixBridge(block: string, prefix: string): string {
  return block.replace(/^Bridge/gm, `${prefix}Bridge`);
}
