/**
 * Reading Asterisk channel and interface names. Agent phones are `PJSIP/<ext>` endpoints (channels
 * `PJSIP/8001-0000002a`); the lab's agents are Local channels in an agents context (`Local/8001@agents-…;1`).
 * The carrier trunk is a named endpoint (`PJSIP/carrier-…`), never digits only.
 */
export type ChannelRole = 'agent' | 'trunk' | 'local' | 'other';

export interface ChannelNaming {
  /** Contexts whose Local channels are agent phones (the lab's `agents`). */
  agentLocalContexts: readonly string[];
}

export const DEFAULT_NAMING: ChannelNaming = { agentLocalContexts: ['agents'] };

const DEVICE_CHANNEL = /^(?:PJSIP|SIP|IAX2)\/(\d{2,8})-[0-9a-f]+$/i;
const DEVICE_IFACE = /^(?:PJSIP|SIP|IAX2)\/(\d{2,8})$/i;
const TRUNK_CHANNEL = /^(?:PJSIP|SIP|IAX2|DAHDI)\//i;
const LOCAL = /^Local\/([^@]+)@([^-;/]+)/i;

export function classifyChannel(name: string, naming: ChannelNaming = DEFAULT_NAMING): { role: ChannelRole; ext: string | null } {
  const d = DEVICE_CHANNEL.exec(name);
  if (d) return { role: 'agent', ext: d[1]! };
  const l = LOCAL.exec(name);
  if (l) {
    if (/^\d+$/.test(l[1]!) && naming.agentLocalContexts.includes(l[2]!)) return { role: 'agent', ext: l[1]! };
    return { role: 'local', ext: null };
  }
  if (TRUNK_CHANNEL.test(name)) return { role: 'trunk', ext: null };
  return { role: 'other', ext: null };
}

/** The dialplan context of the desk's phone keys ([dl-phone-keys]: Local channels that only send a SIP NOTIFY). */
export const PHONE_KEYS_CONTEXT = 'dl-phone-keys';

/** A channel that is no call: the Local channels of [dl-phone-keys]. The translator ignores their events. */
export function isServiceChannel(name: string | undefined): boolean {
  return !!name && name.startsWith('Local/') && name.includes(`@${PHONE_KEYS_CONTEXT}-`);
}

/**
 * The Uniqueid prefix of a supervisor's spy leg (monitor/: Originate ChannelId `dlspy-…` into [dl-spy]). The leg is
 * no call: it has its own Linkedid and must not become a live call, a pop or a call record of the supervisor.
 */
export const SPY_LEG_PREFIX = 'dlspy-';

/** An event (or list item) of a spy leg: its own or its Dest… channel has a `dlspy-` Uniqueid or Linkedid. */
export function isSpyLeg(h: Readonly<Record<string, string>>): boolean {
  for (const k of ['uniqueid', 'linkedid', 'destuniqueid', 'destlinkedid']) if (h[k]?.startsWith(SPY_LEG_PREFIX)) return true;
  return false;
}

/** `PJSIP/8001` or `Local/8001@agents` (a queue member interface) → '8001'. */
export function extensionOfInterface(iface: string | undefined, naming: ChannelNaming = DEFAULT_NAMING): string | null {
  if (!iface) return null;
  const d = DEVICE_IFACE.exec(iface.trim());
  if (d) return d[1]!;
  const l = /^Local\/(\d+)@([^/]+?)(?:\/n)?$/i.exec(iface.trim());
  if (l && naming.agentLocalContexts.includes(l[2]!)) return l[1]!;
  return null;
}

/** The queue member interface of an agent extension. */
export function agentInterface(ext: string): string {
  return `PJSIP/${ext}`;
}

/** `13800138000@carrier` / `PJSIP/13800138000@carrier` → '13800138000'. */
export function numberOfDialString(dialString: string | undefined): string | null {
  if (!dialString) return null;
  const m = /(?:^|\/)(\+?\d{3,20})@/.exec(dialString);
  return m ? m[1]! : null;
}

export function isUnknown(v: string | undefined | null): boolean {
  return !v || v === '<unknown>' || v === 'unknown';
}
