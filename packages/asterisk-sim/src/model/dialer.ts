import { STATE, type Channel } from './channel.js';
import type { SimServices } from './services.js';

/** Who is dialling decides how Asterisk fills in the new channel (app name, caller ID, variables). */
export type DialFlavor = 'originate' | 'queue' | 'dial';

export interface DialTarget {
  tech: string;
  /** What follows `tech/`: `8001@agents`, `8001`, `13800138000@carrier`. */
  resource: string;
  /** For Local: the extension and context; for PJSIP: endpoint and optional host part. */
  exten: string;
  context: string;
  kind: 'local' | 'agent' | 'donor';
}

export interface OutgoingRequest {
  target: string;
  flavor: DialFlavor;
  caller?: Channel;
  linkedid?: string;
  callerId?: { num: string; name: string };
  variables?: Array<[string, string]>;
  uniqueids?: { one?: string; two?: string };
}

export interface Outgoing {
  /** The channel the dialler talks to (`;1` of a Local pair, or the PJSIP channel). */
  ch: Channel;
  /** The `;2` half of a Local pair, which runs the dialplan. */
  two: Channel | undefined;
  target: DialTarget;
}

/** Carrier trunk endpoint name used for donors (PJSIP/<number>@carrier). */
export const CARRIER = 'carrier';

export function parseTarget(sim: SimServices, target: string): DialTarget | undefined {
  const slash = target.indexOf('/');
  if (slash <= 0) return undefined;
  const tech = target.slice(0, slash);
  const resource = target.slice(slash + 1).replace(/\/n$/, '');
  if (!resource) return undefined;
  if (tech.toLowerCase() === 'local') {
    const at = resource.indexOf('@');
    const exten = at < 0 ? resource : resource.slice(0, at);
    const context = at < 0 ? 'default' : resource.slice(at + 1);
    return { tech: 'Local', resource: `${exten}@${context}`, exten, context, kind: 'local' };
  }
  if (tech.toUpperCase() === 'PJSIP') {
    const at = resource.indexOf('@');
    if (at >= 0) {
      const user = resource.slice(0, at);
      const host = resource.slice(at + 1);
      if (host === CARRIER && /^\+?\d+$/.test(user)) return { tech: 'PJSIP', resource, exten: user, context: 'from-carrier', kind: 'donor' };
      return undefined;
    }
    if (sim.devices.phone(resource)) return { tech: 'PJSIP', resource, exten: resource, context: 'dl-agents', kind: 'agent' };
    return undefined;
  }
  return undefined;
}

/**
 * Create the outgoing channel(s) for a dial, with the exact events Asterisk sends for each kind of
 * dialler (see the transcripts: Originate → AppDial2, Queue → AppQueue, Dial → AppDial).
 */
export function createOutgoing(sim: SimServices, req: OutgoingRequest): Outgoing | undefined {
  const engine = sim.engine;
  const target = parseTarget(sim, req.target);
  if (!target) return undefined;
  if (target.kind === 'local' && !engine.config.dialplan.hasContext(target.context)) return undefined;
  // chan_pjsip creates no channel towards a trunk without a reachable contact (qualify failed): the dial fails at once
  if (target.kind === 'donor' && !sim.devices.carrierReachable) return undefined;
  const linkedid = req.linkedid ?? req.caller?.linkedid;
  let one: Channel;
  let two: Channel | undefined;
  if (target.kind === 'local') {
    [one, two] = engine.createLocalPair(target.exten, target.context, linkedid, req.uniqueids);
  } else {
    const endpoint = target.kind === 'donor' ? CARRIER : target.exten;
    const opts: Parameters<typeof engine.createChannel>[0] = {
      tech: 'PJSIP',
      resource: endpoint,
      state: STATE.Down,
      context: target.context,
      exten: 's',
    };
    if (linkedid) opts.linkedid = linkedid;
    if (req.uniqueids?.one) opts.uniqueid = req.uniqueids.one;
    one = engine.createChannel(opts);
    one.deviceKey = target.kind === 'donor' ? `donor:${target.exten}` : `agent:${target.exten}`;
  }
  const caller = req.caller;
  if (caller) {
    one.dialledBy = caller;
    one.callId = caller.callId;
    if (two) two.callId = caller.callId;
  }
  const inherited = caller ? caller.inheritable() : [];
  const dialedPeerNumber = target.kind === 'local' ? target.resource : target.resource;

  switch (req.flavor) {
    case 'originate': {
      engine.newexten(one, 'AppDial2', '(Outgoing Line)');
      for (const [k, v] of [...(req.variables ?? [])].reverse()) engine.setVar(one, k, v);
      if (req.callerId && (req.callerId.num || req.callerId.name)) {
        engine.setCallerId(one, req.callerId.num, req.callerId.name);
        engine.setConnectedLine(one, req.callerId.num, req.callerId.name);
      }
      if (two) {
        for (const [k, v] of req.variables ?? []) engine.setVar(two, k, v);
        mirrorLocalIds(sim, one, two);
      }
      break;
    }
    case 'queue': {
      one.cdrBParty = true;
      if (caller) {
        one.callerNum = caller.callerNum;
        one.callerName = caller.callerName;
      }
      engine.newexten(one, 'AppQueue', '(Outgoing Line)');
      engine.setCallerId(one, one.callerNum, one.callerName);
      for (const [k, v] of inherited) engine.setVar(one, k, v);
      engine.setVar(one, 'DIALEDPEERNUMBER', dialedPeerNumber);
      if (two) {
        engine.setVar(two, 'DIALEDPEERNUMBER', dialedPeerNumber);
        for (const [k, v] of inherited) engine.setVar(two, k, v);
        mirrorLocalIds(sim, one, two);
      }
      break;
    }
    case 'dial': {
      one.cdrBParty = true;
      engine.setVar(one, 'DIALEDPEERNUMBER', dialedPeerNumber);
      one.callerNum = target.exten;
      one.callerName = caller?.callerName ?? '';
      one.connNum = caller?.callerNum ?? '';
      one.connName = caller?.callerName ?? '';
      engine.newexten(one, 'AppDial', '(Outgoing Line)');
      engine.setCallerId(one, one.callerNum, one.callerName);
      engine.setConnectedLine(one, one.connNum, one.connName);
      for (const [k, v] of inherited) engine.setVar(one, k, v);
      if (two) {
        engine.setVar(two, 'DIALEDPEERNUMBER', dialedPeerNumber);
        for (const [k, v] of inherited) engine.setVar(two, k, v);
        mirrorLocalIds(sim, one, two);
      }
      break;
    }
  }
  if (two) {
    engine.emit({ t: 'LocalBridge', one, two, context: target.context, exten: target.exten });
    two.cdrBParty = false;
  }
  return { ch: one, two, target };
}

/** The `;2` half shows the other side of the `;1` half: caller ↔ connected line. */
function mirrorLocalIds(sim: SimServices, one: Channel, two: Channel): void {
  const engine = sim.engine;
  two.callerNum = one.connNum || one.callerNum;
  two.callerName = one.connName || one.callerName;
  two.connNum = one.callerNum;
  two.connName = one.callerName;
  two.language = one.language;
  engine.setCallerId(two, two.callerNum, two.callerName);
  engine.setConnectedLine(two, two.connNum, two.connName);
}

/** Place the call: a Local pair starts its `;2` dialplan, a PJSIP channel makes a phone ring. */
export function callOutgoing(sim: SimServices, out: Outgoing): boolean {
  if (out.two) {
    sim.runPbx(out.two, out.target.context, out.target.exten, 1);
    return true;
  }
  return sim.devices.call(out.ch);
}

/** Where the dialled party is: `8001@agents` for Local, `8001` / `13800138000@carrier` for PJSIP. */
export function dialString(out: Outgoing): string {
  return out.target.resource;
}
