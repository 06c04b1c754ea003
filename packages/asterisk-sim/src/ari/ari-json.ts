import { ariTimestamp } from '../core/time-format.js';
import type { Bridge } from '../model/bridge.js';
import type { Channel } from '../model/channel.js';
import type { PlaybackInfo, RecordingInfo } from '../model/events.js';

/** ARI channel snapshot, keys in Asterisk's order. */
export function channelJson(ch: Channel): Record<string, unknown> {
  return {
    id: ch.uniqueid,
    name: ch.name,
    state: ch.stateDesc,
    protocol_id: '',
    caller: { name: ch.callerName, number: ch.callerNum },
    connected: { name: ch.connName, number: ch.connNum },
    accountcode: ch.accountcode,
    dialplan: { context: ch.context, exten: ch.exten, priority: ch.priority, app_name: ch.app, app_data: ch.appData },
    creationtime: ariTimestamp(ch.createdAt),
    language: ch.language,
  };
}

export function bridgeJson(b: Bridge): Record<string, unknown> {
  return {
    id: b.id,
    technology: b.technology,
    bridge_type: b.type === 'holding' ? 'holding' : 'mixing',
    bridge_class: b.ariApp ? 'stasis' : b.type === 'basic' ? 'basic' : 'base',
    creator: b.ariApp ? 'Stasis' : b.creator,
    name: b.name === '<unknown>' ? '' : b.name,
    channels: b.channels.map((c) => c.uniqueid),
    creationtime: ariTimestamp(b.createdAt),
    video_mode: 'none',
  };
}

export function playbackJsonOut(p: PlaybackInfo): Record<string, unknown> {
  const o: Record<string, unknown> = { id: p.id, media_uri: p.mediaUri };
  if (p.nextMediaUri !== undefined) o.next_media_uri = p.nextMediaUri;
  o.target_uri = p.targetUri;
  o.language = p.language;
  o.state = p.state;
  return o;
}

export function recordingJsonOut(r: RecordingInfo): Record<string, unknown> {
  const o: Record<string, unknown> = { name: r.name, format: r.format, state: r.state, target_uri: r.targetUri };
  if (r.duration !== undefined) o.duration = r.duration;
  if (r.talkingDuration !== undefined) o.talking_duration = r.talkingDuration;
  if (r.silenceDuration !== undefined) o.silence_duration = r.silenceDuration;
  if (r.cause !== undefined) o.cause = r.cause;
  return o;
}
