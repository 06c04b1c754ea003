import type { Channel } from './channel.js';

/** An Asterisk bridge. Basic two-party bridges come from Dial/Queue; ARI apps create mixing/holding ones. */
export class Bridge {
  readonly channels: Channel[] = [];
  destroyed = false;
  /** ARI application that created the bridge (subscribed to it). */
  ariApp: string | undefined;
  /** Two-party bridges made by Dial/Queue dissolve when one party leaves. */
  dissolveOnLeave = true;
  mohPlaying = false;
  readonly vars = new Map<string, string>();

  constructor(
    readonly id: string,
    readonly type: 'basic' | 'mixing' | 'holding',
    readonly technology: string,
    readonly creator: string,
    readonly name: string,
    readonly createdAt: number,
  ) {}

  amiBlock(numChannels = this.channels.length): string {
    return (
      `BridgeUniqueid: ${this.id}\r\n` +
      `BridgeType: ${this.type}\r\n` +
      `BridgeTechnology: ${this.technology}\r\n` +
      `BridgeCreator: ${this.creator}\r\n` +
      `BridgeName: ${this.name}\r\n` +
      `BridgeNumChannels: ${numChannels}\r\n` +
      `BridgeVideoSourceMode: none\r\n`
    );
  }
}
