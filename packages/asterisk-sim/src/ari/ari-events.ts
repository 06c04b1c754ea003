import { CAUSE_TEXT } from '../model/channel.js';
import type { Channel } from '../model/channel.js';
import type { SimEvent } from '../model/events.js';
import { bridgeJson, channelJson, playbackJsonOut, recordingJsonOut } from './ari-json.js';

/** An ARI event before the `application` field is added, with what decides who receives it. */
export interface AriOut {
  /** The JSON body without `application`/`asterisk_id` (added per app). */
  body: Record<string, unknown>;
  /** Channels the event is about (a subscriber to any of them receives it). */
  channels: Channel[];
  bridges: string[];
  device?: string;
  /** Only this application receives it (StasisStart/StasisEnd). */
  onlyApp?: string;
}

const base = (type: string, ts: string): Record<string, unknown> => ({ type, timestamp: ts });

/** Translate a model event into its ARI form (undefined for AMI-only events). */
export function toAri(e: SimEvent, ts: string): AriOut | undefined {
  switch (e.t) {
    case 'Newchannel':
      return { body: { ...base('ChannelCreated', ts), channel: channelJson(e.ch) }, channels: [e.ch], bridges: [] };
    case 'Newstate':
      return { body: { ...base('ChannelStateChange', ts), channel: channelJson(e.ch) }, channels: [e.ch], bridges: [] };
    case 'Newexten':
      return { body: { ...base('ChannelDialplan', ts), dialplan_app: e.ch.app, dialplan_app_data: e.ch.appData, channel: channelJson(e.ch) }, channels: [e.ch], bridges: [] };
    case 'VarSet':
      return { body: { variable: e.name, value: e.value, ...base('ChannelVarset', ts), channel: channelJson(e.ch) }, channels: [e.ch], bridges: [] };
    case 'NewCallerid':
      return {
        body: { ...base('ChannelCallerId', ts), caller_presentation: 0, caller_presentation_txt: 'Presentation Allowed, Not Screened', channel: channelJson(e.ch) },
        channels: [e.ch],
        bridges: [],
      };
    case 'NewConnectedLine':
      return { body: { ...base('ChannelConnectedLine', ts), channel: channelJson(e.ch) }, channels: [e.ch], bridges: [] };
    case 'DialBegin':
    case 'DialState':
    case 'DialEnd': {
      const status = e.t === 'DialBegin' ? '' : e.status;
      const body: Record<string, unknown> = { ...base('Dial', ts), dialstatus: status, forward: '' };
      body.dialstring = e.t === 'DialBegin' ? e.dialString : (e.dest.data<string>('dialString') ?? '');
      if (e.caller) body.caller = channelJson(e.caller);
      body.peer = channelJson(e.dest);
      return { body, channels: e.caller ? [e.caller, e.dest] : [e.dest], bridges: [] };
    }
    case 'HangupRequest': {
      const body: Record<string, unknown> = { cause: e.cause };
      if (e.soft) body.soft = true;
      Object.assign(body, base('ChannelHangupRequest', ts), { channel: channelJson(e.ch) });
      return { body, channels: [e.ch], bridges: [] };
    }
    case 'Hangup':
      return {
        body: { ...base('ChannelDestroyed', ts), cause: e.cause, cause_txt: CAUSE_TEXT[e.cause] ?? 'Unknown', channel: channelJson(e.ch) },
        channels: [e.ch],
        bridges: [],
      };
    case 'BridgeCreate':
      return { body: { ...base('BridgeCreated', ts), bridge: bridgeJson(e.bridge) }, channels: [], bridges: [e.bridge.id] };
    case 'BridgeDestroy':
      return { body: { ...base('BridgeDestroyed', ts), bridge: bridgeJson(e.bridge) }, channels: [], bridges: [e.bridge.id] };
    case 'BridgeEnter':
      return { body: { ...base('ChannelEnteredBridge', ts), bridge: bridgeJson(e.bridge), channel: channelJson(e.ch) }, channels: [e.ch], bridges: [e.bridge.id] };
    case 'BridgeLeave':
      return { body: { ...base('ChannelLeftBridge', ts), bridge: bridgeJson(e.bridge), channel: channelJson(e.ch) }, channels: [e.ch], bridges: [e.bridge.id] };
    case 'BridgeMerge':
      return { body: { ...base('BridgeMerged', ts), bridge: bridgeJson(e.to), bridge_from: bridgeJson(e.from) }, channels: [], bridges: [e.to.id, e.from.id] };
    case 'DTMFEnd':
      if (e.direction !== 'Received') return undefined;
      return { body: { ...base('ChannelDtmfReceived', ts), digit: e.digit, duration_ms: e.durationMs, channel: channelJson(e.ch) }, channels: [e.ch], bridges: [] };
    case 'Hold':
      return { body: { ...base('ChannelHold', ts), musicclass: e.cls, channel: channelJson(e.ch) }, channels: [e.ch], bridges: [] };
    case 'Unhold':
      return { body: { ...base('ChannelUnhold', ts), channel: channelJson(e.ch) }, channels: [e.ch], bridges: [] };
    case 'DeviceStateChange':
      return { body: { type: 'DeviceStateChanged', timestamp: ts, device_state: { name: e.device, state: e.state } }, channels: [], bridges: [], device: e.device };
    case 'StasisStart': {
      const body: Record<string, unknown> = { ...base('StasisStart', ts), args: e.args, channel: channelJson(e.ch) };
      if (e.replace) body.replace_channel = channelJson(e.replace);
      return { body, channels: [e.ch], bridges: [], onlyApp: e.app };
    }
    case 'StasisEnd':
      return { body: { ...base('StasisEnd', ts), channel: channelJson(e.ch) }, channels: [e.ch], bridges: [], onlyApp: e.app };
    case 'Playback': {
      const type = e.state === 'playing' ? 'PlaybackStarted' : e.state === 'continuing' ? 'PlaybackContinuing' : 'PlaybackFinished';
      return { body: { ...base(type, ts), playback: playbackJsonOut(e.playback) }, channels: [], bridges: [], device: `target:${e.playback.targetUri}` };
    }
    case 'Recording': {
      const type = e.state === 'recording' ? 'RecordingStarted' : e.state === 'failed' ? 'RecordingFailed' : 'RecordingFinished';
      return { body: { ...base(type, ts), recording: recordingJsonOut(e.recording) }, channels: [], bridges: [], device: `target:${e.recording.targetUri}` };
    }
    case 'BlindTransfer': {
      const body: Record<string, unknown> = { ...base('BridgeBlindTransfer', ts), channel: channelJson(e.transferer) };
      if (e.transferee) body.transferee = channelJson(e.transferee);
      Object.assign(body, { exten: e.exten, context: e.context, result: e.result, is_external: false });
      if (e.bridge) body.bridge = bridgeJson(e.bridge);
      return { body, channels: e.transferee ? [e.transferer, e.transferee] : [e.transferer], bridges: e.bridge ? [e.bridge.id] : [] };
    }
    case 'AttendedTransfer': {
      const body: Record<string, unknown> = {
        ...base('BridgeAttendedTransfer', ts),
        transferer_first_leg: channelJson(e.origTransferer),
        transferer_second_leg: channelJson(e.secondTransferer),
        result: e.result,
        is_external: false,
        destination_type: e.destType === 'Bridge' ? 'bridge' : 'link',
      };
      if (e.transferee) body.transferee = channelJson(e.transferee);
      if (e.target) body.transfer_target = channelJson(e.target);
      if (e.destBridge) body.destination_bridge = e.destBridge.id;
      const chans = [e.origTransferer, ...(e.transferee ? [e.transferee] : []), ...(e.target ? [e.target] : [])];
      return { body, channels: chans, bridges: [e.origBridge?.id, e.secondBridge?.id].filter((x): x is string => !!x) };
    }
    case 'UserEvent': {
      const body: Record<string, unknown> = { ...base('ChannelUserevent', ts), eventname: e.name, userevent: Object.fromEntries(e.fields) };
      if (e.ch) body.channel = channelJson(e.ch);
      return { body, channels: e.ch ? [e.ch] : [], bridges: [] };
    }
    default:
      return undefined;
  }
}
