import { get, keys, type AmiMsg } from './ami-transcript.js';

/**
 * Structural comparison of two AMI streams (a real Asterisk transcript and the simulator's), as the
 * conformance tests need it: per channel role, the same events in the same order; the same header names
 * in the same positions; the same ID relations. Values (IDs, times) and the interleaving of different
 * channels may differ — two runs of the real Asterisk differ that much too. A few events are emitted by
 * other Asterisk threads and land at varying places in a channel's sequence (they also move between two
 * real runs of the same scenario): those are compared as counts, not positions.
 */
export const FLOATING = new Set(['Cdr', 'OriginateResponse', 'DeviceStateChange', 'VarSet(BRIDGEPEER)']);

/** `Local/4000@inbound-00000003;2` → `Local/4000@inbound;2`; `PJSIP/carrier-0000000a` → `PJSIP/carrier`. */
export function channelBase(name: string): string {
  return name.replace(/-[0-9a-f]{8}(;[12])?$/, '$1');
}

/** The channel an event is about: Channel, else DestChannel (originate dials), else LocalOneChannel. */
export function primaryChannel(m: AmiMsg): string | undefined {
  return get(m, 'Channel') ?? get(m, 'DestChannel') ?? get(m, 'LocalOneChannel');
}

export function label(m: AmiMsg): string {
  const n = m.name;
  switch (n) {
    case 'VarSet':
      return `VarSet(${get(m, 'Variable')})`;
    case 'Newexten':
      return `Newexten(${get(m, 'Application')})`;
    case 'Newstate':
      return `Newstate(${get(m, 'ChannelStateDesc')})`;
    case 'DialEnd':
    case 'DialState':
      return `${n}[${get(m, 'DialStatus')}]${get(m, 'Channel') ? `>${channelBase(get(m, 'DestChannel') ?? '')}` : ''}`;
    case 'DialBegin':
    case 'AgentCalled':
    case 'AgentConnect':
    case 'AgentComplete':
      return get(m, 'Channel') ? `${n}>${channelBase(get(m, 'DestChannel') ?? '')}` : n;
    default:
      return n;
  }
}

/** Roles: channel base name plus the order in which channels with that base first appeared. */
export function channelRoles(msgs: AmiMsg[]): Map<string, string> {
  const roles = new Map<string, string>();
  const counters = new Map<string, number>();
  for (const m of msgs) {
    for (const key of ['Channel', 'DestChannel', 'LocalOneChannel', 'LocalTwoChannel']) {
      const name = get(m, key);
      if (!name || roles.has(name) || !/-[0-9a-f]{8}(;[12])?$/.test(name)) continue;
      const base = channelBase(name);
      const n = counters.get(base) ?? 0;
      counters.set(base, n + 1);
      roles.set(name, `${base}#${n}`);
    }
  }
  return roles;
}

export interface ChannelSequences {
  ordered: Map<string, string[]>;
  floating: Map<string, string[]>;
}

export function sequences(msgs: AmiMsg[], ignore: Set<string> = new Set()): ChannelSequences {
  const roles = channelRoles(msgs);
  const ordered = new Map<string, string[]>();
  const floating = new Map<string, string[]>();
  for (const m of msgs) {
    if (m.kind !== 'event') continue;
    const ch = primaryChannel(m);
    if (!ch) continue;
    const role = roles.get(ch);
    if (!role) continue;
    const l = label(m);
    if (ignore.has(l)) continue;
    const target = FLOATING.has(l) || FLOATING.has(m.name) ? floating : ordered;
    const list = target.get(role) ?? [];
    list.push(l);
    target.set(role, list);
  }
  for (const list of floating.values()) list.sort();
  return { ordered, floating };
}

/** Distinct header-name sequences seen per event/response kind (`Event:Newchannel`, `Response:Success`). */
export function headerShapes(msgs: AmiMsg[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const m of msgs) {
    const kind = m.kind === 'event' ? `Event:${m.name}` : `Response:${m.name}`;
    const set = out.get(kind) ?? new Set<string>();
    set.add(keys(m));
    out.set(kind, set);
  }
  return out;
}

/** Linkedid = Uniqueid of the call's first channel; Local halves get consecutive Uniqueids. */
export function idProblems(msgs: AmiMsg[]): string[] {
  const problems: string[] = [];
  const uniq = new Map<string, string>();
  const linked = new Map<string, string>();
  for (const m of msgs) {
    const ch = get(m, 'Channel');
    const u = get(m, 'Uniqueid');
    const l = get(m, 'Linkedid');
    if (!ch || !u || !l) continue;
    if (!/^\d+\.\d+$/.test(u)) problems.push(`bad Uniqueid ${u}`);
    const prevU = uniq.get(ch);
    if (prevU && prevU !== u) problems.push(`${ch} changed Uniqueid ${prevU} → ${u}`);
    uniq.set(ch, u);
    linked.set(ch, l);
  }
  const allU = new Set(uniq.values());
  for (const [ch, l] of linked) {
    if (!allU.has(l) && ![...msgs].some((m) => get(m, 'Uniqueid') === l)) problems.push(`${ch}: Linkedid ${l} is no channel's Uniqueid`);
  }
  for (const [ch, u] of uniq) {
    if (!ch.endsWith(';1')) continue;
    const two = uniq.get(ch.replace(/;1$/, ';2'));
    if (two) {
      const [a, b] = [Number(u.split('.')[1]), Number(two.split('.')[1])];
      if (b !== a + 1) problems.push(`${ch}: ;2 Uniqueid ${two} does not follow ;1 ${u}`);
      if (two === u) problems.push(`${ch}: Local halves share Uniqueid`);
    }
  }
  return problems;
}

/** Responses: status, ActionID (second line) and message, in order. */
export function responses(msgs: AmiMsg[]): string[] {
  return msgs
    .filter((m) => m.kind === 'response')
    .map((m) => {
      const second = m.headers[1]?.[0];
      return `${m.name}|${get(m, 'ActionID') ?? ''}|${second === 'ActionID' ? 'aid2' : 'aid?'}|${get(m, 'Message') ?? ''}`;
    });
}

export interface CompareOptions {
  /** Labels to leave out on both sides (e.g. VarSets the scenario's set-up makes differ). */
  ignore?: Set<string>;
  /** Compare responses (status/ActionID/Message) in order. */
  responses?: boolean;
}

/** Every structural difference between a real transcript and the simulator's stream. */
export function compareStreams(real: AmiMsg[], sim: AmiMsg[], opts: CompareOptions = {}): string[] {
  const diffs: string[] = [];
  const ignore = opts.ignore ?? new Set<string>();
  const a = sequences(real, ignore);
  const b = sequences(sim, ignore);
  const roles = new Set([...a.ordered.keys(), ...b.ordered.keys()]);
  for (const role of roles) {
    const x = a.ordered.get(role) ?? [];
    const y = b.ordered.get(role) ?? [];
    if (x.join(' | ') !== y.join(' | ')) {
      let i = 0;
      while (i < x.length && x[i] === y[i]) i++;
      diffs.push(`${role}: sequences differ at #${i}: real [${x.slice(i, i + 4).join(', ')}] vs sim [${y.slice(i, i + 4).join(', ')}]`);
    }
    const fx = (a.floating.get(role) ?? []).join(',');
    const fy = (b.floating.get(role) ?? []).join(',');
    if (fx !== fy) diffs.push(`${role}: floating events differ: real [${fx}] vs sim [${fy}]`);
  }
  const ha = headerShapes(real);
  const hb = headerShapes(sim);
  for (const [kind, shapes] of ha) {
    const mine = hb.get(kind);
    if (!mine) {
      diffs.push(`${kind}: never sent by the simulator`);
      continue;
    }
    for (const s of mine) if (!shapes.has(s)) diffs.push(`${kind}: header layout not in the transcript: ${s}`);
  }
  for (const kind of hb.keys()) if (!ha.has(kind)) diffs.push(`${kind}: sent by the simulator but not in the transcript`);
  if (opts.responses !== false) {
    const ra = responses(real);
    const rb = responses(sim);
    if (ra.join('\n') !== rb.join('\n')) diffs.push(`responses differ:\nreal:\n  ${ra.join('\n  ')}\nsim:\n  ${rb.join('\n  ')}`);
  }
  diffs.push(...idProblems(sim));
  return diffs;
}
