import { parseConf } from '../config/conf-parser.js';
import type { Channel } from './channel.js';

export type Strategy = 'ringall' | 'rrmemory' | 'leastrecent' | 'fewestcalls' | 'random' | 'linear' | 'rrordered' | 'wrandom';

/** AST_DEVICE_* numbers as QueueMember/QueueMemberStatus print them. */
export const DEVICE_STATUS = {
  UNKNOWN: 0,
  NOT_INUSE: 1,
  INUSE: 2,
  BUSY: 3,
  INVALID: 4,
  UNAVAILABLE: 5,
  RINGING: 6,
  RINGINUSE: 7,
  ONHOLD: 8,
} as const;

export type DeviceStateName = keyof typeof DEVICE_STATUS;

export interface QueueMember {
  interface: string;
  /** The interface lower-cased: the key of `QueueDef.memberIndex` (Asterisk matches interfaces case-insensitively). */
  key: string;
  stateInterface: string;
  name: string;
  penalty: number;
  paused: boolean;
  pausedReason: string;
  dynamic: boolean;
  callsTaken: number;
  lastCall: number;
  lastPause: number;
  loginTime: number;
  inCall: boolean;
  status: number;
  ringinuse: boolean;
  wrapuptime: number;
  /** Simulator bookkeeping: currently being rung by a queue caller. */
  ringing: boolean;
  /**
   * Simulated epoch ms at which the wrap-up after the member's last call ends; 0 when not in wrap-up. Cleared by
   * the wrap-up timer itself (never judged against the clock), which then offers the member to waiting callers.
   */
  wrapUpUntil: number;
  /** Order of addition, for linear/rrmemory. */
  order: number;
}

export interface QueueEntry {
  ch: Channel;
  queue: QueueDef;
  joinedAt: number;
  originalPosition: number;
  priority: number;
  /** Resolved when a member answers or the caller leaves. */
  done: boolean;
  /** app_queue's `pending`: the caller is ringing members right now (does not count against later callers). */
  pending: boolean;
  /** Set while the caller waits for its turn; the queue's dispatcher calls it when the turn has come. */
  waiter: (() => void) | undefined;
}

export interface QueueDef {
  name: string;
  strategy: Strategy;
  timeout: number;
  retry: number;
  wrapuptime: number;
  maxlen: number;
  joinempty: string;
  leavewhenempty: string;
  ringinuse: boolean;
  /**
   * autofill: as many callers ring at once as there are available members, not only the head. Asterisk 22's default
   * is no (app_queue.c autofill_default = 0; [general] autofill sets it for every queue, a queue's own line wins).
   */
  autofill: boolean;
  musicclass: string;
  setinterfacevar: boolean;
  setqueueentryvar: boolean;
  setqueuevar: boolean;
  servicelevel: number;
  weight: number;
  announceFrequency: number;
  autopause: string;
  reportholdtime: boolean;
  /** In order of addition (`order` ascending). */
  members: QueueMember[];
  /** The members by lower-cased interface. */
  memberIndex: Map<string, QueueMember>;
  /** Callers by position (priority, then arrival). */
  entries: QueueEntry[];
  completed: number;
  abandoned: number;
  completedInSl: number;
  holdtime: number;
  talktime: number;
  /** rrmemory pointer: interface of the member last tried. */
  rrLast: string | undefined;
  memberOrder: number;
}

export interface QueuesConfig {
  persistentmembers: boolean;
  sharedLastcall: boolean;
  queues: QueueDef[];
}

const bool = (v: string | undefined, dflt: boolean): boolean => (v === undefined ? dflt : /^(yes|true|1|on)$/i.test(v.trim()));

export function newQueue(name: string): QueueDef {
  return {
    name,
    strategy: 'ringall',
    timeout: 15,
    retry: 5,
    wrapuptime: 0,
    maxlen: 0,
    joinempty: 'yes',
    leavewhenempty: 'no',
    ringinuse: true,
    autofill: false,
    musicclass: 'default',
    setinterfacevar: false,
    setqueueentryvar: false,
    setqueuevar: false,
    servicelevel: 0,
    weight: 0,
    announceFrequency: 0,
    autopause: 'no',
    reportholdtime: false,
    members: [],
    memberIndex: new Map(),
    entries: [],
    completed: 0,
    abandoned: 0,
    completedInSl: 0,
    holdtime: 0,
    talktime: 0,
    rrLast: undefined,
    memberOrder: 0,
  };
}

export function newMember(q: QueueDef, iface: string, name: string, penalty: number, dynamic: boolean, loginTime: number, stateInterface?: string): QueueMember {
  return {
    interface: iface,
    key: iface.toLowerCase(),
    stateInterface: stateInterface || iface,
    name: name || iface,
    penalty,
    paused: false,
    pausedReason: '',
    dynamic,
    callsTaken: 0,
    lastCall: 0,
    lastPause: 0,
    loginTime,
    inCall: false,
    status: DEVICE_STATUS.NOT_INUSE,
    ringinuse: q.ringinuse,
    wrapuptime: q.wrapuptime,
    ringing: false,
    wrapUpUntil: 0,
    order: q.memberOrder++,
  };
}

/** Parse queues.conf: `[general]` plus one section per queue with `member => iface,penalty,name,stateiface`. */
export function parseQueuesConf(text: string, loginTime: number): QueuesConfig {
  const cfg: QueuesConfig = { persistentmembers: true, sharedLastcall: true, queues: [] };
  let autofillDefault = false;
  for (const section of parseConf(text)) {
    if (section.name === 'general') {
      for (const e of section.entries) {
        if (e.key === 'persistentmembers') cfg.persistentmembers = bool(e.value, true);
        if (e.key === 'shared_lastcall') cfg.sharedLastcall = bool(e.value, true);
        if (e.key === 'autofill') autofillDefault = bool(e.value, false);
      }
      continue;
    }
    const q = newQueue(section.name);
    q.autofill = autofillDefault;
    const members: Array<[string, string, number, string]> = [];
    for (const e of section.entries) {
      const v = e.value.trim();
      switch (e.key.toLowerCase()) {
        case 'strategy':
          q.strategy = v as Strategy;
          break;
        case 'timeout':
          q.timeout = Number(v);
          break;
        case 'retry':
          q.retry = Number(v);
          break;
        case 'wrapuptime':
          q.wrapuptime = Number(v);
          break;
        case 'maxlen':
          q.maxlen = Number(v);
          break;
        case 'joinempty':
          q.joinempty = v;
          break;
        case 'leavewhenempty':
          q.leavewhenempty = v;
          break;
        case 'ringinuse':
          q.ringinuse = bool(v, true);
          break;
        case 'autofill':
          q.autofill = bool(v, autofillDefault);
          break;
        case 'musicclass':
          q.musicclass = v;
          break;
        case 'setinterfacevar':
          q.setinterfacevar = bool(v, false);
          break;
        case 'setqueueentryvar':
          q.setqueueentryvar = bool(v, false);
          break;
        case 'setqueuevar':
          q.setqueuevar = bool(v, false);
          break;
        case 'servicelevel':
          q.servicelevel = Number(v);
          break;
        case 'weight':
          q.weight = Number(v);
          break;
        case 'announce-frequency':
          q.announceFrequency = Number(v);
          break;
        case 'autopause':
          q.autopause = v;
          break;
        case 'reportholdtime':
          q.reportholdtime = bool(v, false);
          break;
        case 'member': {
          const [iface = '', penalty = '0', name = '', stateIface = ''] = v.split(',').map((s) => s.trim());
          members.push([iface, name, Number(penalty) || 0, stateIface]);
          break;
        }
        default:
          break;
      }
    }
    for (const [iface, name, penalty, stateIface] of members) {
      const m = newMember(q, iface, name, penalty, false, loginTime, stateIface);
      q.members.push(m);
      q.memberIndex.set(m.key, m);
    }
    cfg.queues.push(q);
  }
  return cfg;
}

/** Average-with-weight update Asterisk uses for holdtime/talktime (new = (old*3 + sample)/4). */
export function rollingAverage(old: number, sample: number): number {
  return Math.floor((old * 3 + sample) / 4);
}
