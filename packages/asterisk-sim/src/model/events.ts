import type { Bridge } from './bridge.js';
import type { Channel } from './channel.js';
import type { QueueDef, QueueMember } from './queue.js';

/**
 * Everything the telephony model reports. The AMI and ARI layers translate these into their wire formats
 * synchronously, while the referenced channels still hold the snapshot of the moment.
 */
export type SimEvent =
  | { t: 'Newchannel'; ch: Channel }
  | { t: 'Newstate'; ch: Channel }
  | { t: 'Newexten'; ch: Channel }
  | { t: 'VarSet'; ch: Channel; name: string; value: string }
  | { t: 'NewCallerid'; ch: Channel }
  | { t: 'NewConnectedLine'; ch: Channel }
  | { t: 'LocalBridge'; one: Channel; two: Channel; context: string; exten: string }
  | { t: 'DialBegin'; caller: Channel | undefined; dest: Channel; dialString: string }
  | { t: 'DialState'; caller: Channel | undefined; dest: Channel; status: string }
  | { t: 'DialEnd'; caller: Channel | undefined; dest: Channel; status: string }
  | { t: 'HangupRequest'; ch: Channel; cause: number; soft: boolean }
  | { t: 'Hangup'; ch: Channel; cause: number }
  | { t: 'BridgeCreate'; bridge: Bridge }
  | { t: 'BridgeDestroy'; bridge: Bridge }
  | { t: 'BridgeEnter'; bridge: Bridge; ch: Channel; swap?: Channel }
  | { t: 'BridgeLeave'; bridge: Bridge; ch: Channel }
  | { t: 'BridgeMerge'; to: Bridge; from: Bridge }
  | { t: 'DeviceStateChange'; device: string; state: string }
  | { t: 'QueueCallerJoin' | 'QueueCallerLeave'; ch: Channel; queue: QueueDef; position: number; count: number }
  | { t: 'QueueCallerAbandon'; ch: Channel; queue: QueueDef; position: number; originalPosition: number; holdTime: number }
  | { t: 'AgentCalled'; ch: Channel; dest: Channel; queue: QueueDef; member: QueueMember }
  | { t: 'AgentConnect'; ch: Channel; dest: Channel; queue: QueueDef; member: QueueMember; holdTime: number; ringTime: number }
  | { t: 'AgentComplete'; ch: Channel; dest: Channel; queue: QueueDef; member: QueueMember; holdTime: number; talkTime: number; reason: string }
  | { t: 'AgentRingNoAnswer'; ch: Channel; dest: Channel; queue: QueueDef; member: QueueMember; ringTime: number }
  | { t: 'AgentDump'; ch: Channel; dest: Channel; queue: QueueDef; member: QueueMember }
  | {
      t: 'QueueMemberStatus' | 'QueueMemberAdded' | 'QueueMemberRemoved' | 'QueueMemberPause' | 'QueueMemberPenalty' | 'QueueMemberRinginuse';
      queue: QueueDef;
      member: QueueMember;
    }
  | { t: 'MusicOnHoldStart'; ch: Channel; cls: string }
  | { t: 'MusicOnHoldStop'; ch: Channel }
  | { t: 'Hold'; ch: Channel; cls: string }
  | { t: 'Unhold'; ch: Channel }
  | { t: 'DTMFBegin' | 'DTMFEnd'; ch: Channel; digit: string; durationMs: number; direction: 'Received' | 'Sent' }
  | { t: 'Cdr'; fields: Array<[string, string]> }
  | {
      t: 'OriginateResponse';
      actionId: string | undefined;
      ok: boolean;
      channel: string;
      context: string;
      exten: string;
      application?: string;
      data?: string;
      reason: number;
      uniqueid: string;
      callerNum: string;
      callerName: string;
    }
  | { t: 'MixMonitorStart' | 'MixMonitorStop'; ch: Channel }
  /** app_chanspy: a spyer attached to / detached from a channel; the spyee is absent on a stop after its hangup. */
  | { t: 'ChanSpyStart'; spyer: Channel; spyee: Channel }
  | { t: 'ChanSpyStop'; spyer: Channel; spyee: Channel | undefined }
  | { t: 'MixMonitorMute'; ch: Channel; direction: string; state: '1' | '0' }
  | {
      t: 'BlindTransfer';
      transferer: Channel;
      transferee: Channel | undefined;
      bridge: Bridge | undefined;
      context: string;
      exten: string;
      result: string;
    }
  | {
      t: 'AttendedTransfer';
      origTransferer: Channel;
      origBridge: Bridge | undefined;
      secondTransferer: Channel;
      secondBridge: Bridge | undefined;
      transferee: Channel | undefined;
      target: Channel | undefined;
      destType: string;
      destBridge: Bridge | undefined;
      result: string;
    }
  | { t: 'StasisStart'; ch: Channel; app: string; args: string[]; replace?: Channel }
  | { t: 'StasisEnd'; ch: Channel; app: string }
  | { t: 'Playback'; playback: PlaybackInfo; state: 'playing' | 'continuing' | 'done' | 'failed' }
  | { t: 'Recording'; recording: RecordingInfo; state: 'recording' | 'done' | 'failed' | 'canceled' }
  | { t: 'ChannelTalking'; ch: Channel; started: boolean; durationMs: number }
  | { t: 'UserEvent'; ch: Channel | undefined; name: string; fields: Array<[string, string]> }
  | { t: 'ApplicationReplaced'; app: string };

export interface PlaybackInfo {
  id: string;
  mediaUri: string;
  nextMediaUri?: string;
  targetUri: string;
  language: string;
  state: string;
}

export interface RecordingInfo {
  name: string;
  format: string;
  targetUri: string;
  state: string;
  duration?: number;
  talkingDuration?: number;
  silenceDuration?: number;
  cause?: string;
}
