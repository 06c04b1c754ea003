import type { Bridge } from './bridge.js';
import type { TimerHandle } from '../core/scheduler.js';

export const STATE_DESC: Record<number, string> = {
  0: 'Down',
  1: 'Rsrvd',
  2: 'OffHook',
  3: 'Dialing',
  4: 'Ring',
  5: 'Ringing',
  6: 'Up',
  7: 'Busy',
  8: 'Dialing Offhook',
  9: 'Pre-ring',
};

export const STATE = { Down: 0, Ring: 4, Ringing: 5, Up: 6, Busy: 7 } as const;

export const CAUSE_TEXT: Record<number, string> = {
  0: 'Unknown',
  1: 'Unallocated (unassigned) number',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  21: 'Call Rejected',
  27: 'Destination out of order',
  31: 'Normal, unspecified',
  34: 'Circuit/channel congestion',
  38: 'Network out of order',
  127: 'Interworking, unspecified',
};

interface Var {
  value: string;
  /** 0: not inherited, 1: `_VAR` (one level), 2: `__VAR` (forever). */
  inherit: 0 | 1 | 2;
  /** The name as it was written, underscores included (`__AGENT_TALK`). */
  written: string;
}

/** What a channel is doing right now, so that interruptions (hangup, async goto) can wake it. */
export type Wake = (reason: 'hangup' | 'goto' | 'signal') => void;

/**
 * One Asterisk channel. Kept deliberately small: 2,000 concurrent calls mean several thousand of these.
 * The AMI header block (`Channel: ...` through `Linkedid: ...`) is cached until something in it changes.
 */
export class Channel {
  state: number;
  callerNum = '';
  callerName = '';
  connNum = '';
  connName = '';
  language = 'en';
  accountcode = '';
  context: string;
  exten: string;
  priority = 1;
  app = '';
  appData = '';
  dnid = '';
  bridge: Bridge | undefined;
  /** The other half of a Local pair. */
  localPeer: Channel | undefined;
  /** The channel this one was dialled from (Dial/Queue/Originate), for CDR and inheritance. */
  dialledBy: Channel | undefined;
  /** True when this channel is the B party of someone's CDR (dialled by Dial/Queue). */
  cdrBParty = false;
  /** Peer recorded in this channel's CDR (the channel it dialled and got bridged to). */
  cdrPeer = '';
  cdrDisposition: 'ANSWERED' | 'NO ANSWER' | 'BUSY' | 'FAILED' | '' = '';
  cdrLastApp = '';
  cdrLastData = '';
  answeredAt = 0;
  hungUp = false;
  softHangup = false;
  hangupCause = 0;
  /** A dialplan thread (pbx) owns this channel. */
  inPbx = false;
  /** Pending async goto from Redirect / ARI continue / blind transfer. */
  pendingGoto: { context: string; exten: string; priority: number } | undefined;
  /** Stasis application holding the channel, if any. */
  stasisApp: string | undefined;
  onHold = false;
  mohClass: string | undefined;
  /** Simulator bookkeeping: the call this channel belongs to. */
  callId: string | undefined;
  /** Simulated device (phone) behind a PJSIP channel, if any. */
  deviceKey: string | undefined;
  /** Generic per-channel extension point used by apps (queue entry, dial state, mixmonitor...). */
  ext: Record<string, unknown> | undefined;
  private vars: Map<string, Var> | undefined;
  private wakers: Set<Wake> | undefined;
  timers: TimerHandle[] | undefined;
  private block: string | undefined;

  constructor(
    readonly name: string,
    readonly uniqueid: string,
    public linkedid: string,
    readonly tech: string,
    state: number,
    context: string,
    exten: string,
    readonly createdAt: number,
  ) {
    this.state = state;
    this.context = context;
    this.exten = exten;
  }

  get stateDesc(): string {
    return STATE_DESC[this.state] ?? 'Unknown';
  }

  get isLocal(): boolean {
    return this.tech === 'Local';
  }

  private device: string | undefined;

  /** Local/4000@inbound-00000000;1 → Local/4000@inbound ; PJSIP/8001-00000003 → PJSIP/8001 (computed once: device state scans every channel) */
  get deviceName(): string {
    if (this.device === undefined) this.device = this.isLocal ? this.name.replace(/-[0-9a-f]{8};[12]$/, '') : this.name.replace(/-[0-9a-f]{8}$/, '');
    return this.device;
  }

  /** Invalidate the cached AMI block after any snapshot change. */
  touch(): void {
    this.block = undefined;
  }

  /** The channel snapshot as AMI headers, with an optional prefix (`Dest`, `LocalOne`, `Transferee`...). */
  amiBlock(prefix = ''): string {
    if (prefix === '' && this.block !== undefined) return this.block;
    const p = prefix;
    const s =
      `${p}Channel: ${this.name}\r\n` +
      `${p}ChannelState: ${this.state}\r\n` +
      `${p}ChannelStateDesc: ${this.stateDesc}\r\n` +
      `${p}CallerIDNum: ${this.callerNum || '<unknown>'}\r\n` +
      `${p}CallerIDName: ${this.callerName || '<unknown>'}\r\n` +
      `${p}ConnectedLineNum: ${this.connNum || '<unknown>'}\r\n` +
      `${p}ConnectedLineName: ${this.connName || '<unknown>'}\r\n` +
      `${p}Language: ${this.language}\r\n` +
      `${p}AccountCode: ${this.accountcode}\r\n` +
      `${p}Context: ${this.context}\r\n` +
      `${p}Exten: ${this.exten}\r\n` +
      `${p}Priority: ${this.priority}\r\n` +
      `${p}Uniqueid: ${this.uniqueid}\r\n` +
      `${p}Linkedid: ${this.linkedid}\r\n`;
    if (prefix === '') this.block = s;
    return s;
  }

  // --- variables ---------------------------------------------------------------------------------------

  getVar(name: string): string | undefined {
    return this.vars?.get(name.replace(/^_{1,2}/, ''))?.value;
  }

  /** Store a variable; returns the name as written (for VarSet) . */
  storeVar(written: string, value: string): void {
    const inherit = written.startsWith('__') ? 2 : written.startsWith('_') ? 1 : 0;
    const name = written.replace(/^_{1,2}/, '');
    this.vars ??= new Map();
    this.vars.set(name, { value, inherit, written });
  }

  deleteVar(name: string): void {
    this.vars?.delete(name.replace(/^_{1,2}/, ''));
  }

  /** Variables a child channel inherits, with the names as they will be written on the child. */
  inheritable(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    if (!this.vars) return out;
    for (const [name, v] of this.vars) {
      if (v.inherit === 2) out.push([`__${name}`, v.value]);
      else if (v.inherit === 1) out.push([name, v.value]);
    }
    return out;
  }

  allVars(): Array<[string, string]> {
    return this.vars ? [...this.vars].map(([k, v]) => [k, v.value]) : [];
  }

  // --- interruption ------------------------------------------------------------------------------------

  onWake(w: Wake): () => void {
    this.wakers ??= new Set();
    this.wakers.add(w);
    return () => this.wakers?.delete(w);
  }

  wake(reason: 'hangup' | 'goto' | 'signal'): void {
    if (!this.wakers) return;
    for (const w of [...this.wakers]) w(reason);
  }

  /** Per-channel scratch space for applications. */
  data<T>(key: string): T | undefined {
    return this.ext?.[key] as T | undefined;
  }

  setData(key: string, value: unknown): void {
    if (value === undefined) {
      if (this.ext) delete this.ext[key];
      return;
    }
    this.ext ??= {};
    this.ext[key] = value;
  }
}
