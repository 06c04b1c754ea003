import { STATE, type Channel } from '../channel.js';
import { callOutgoing, createOutgoing, type Outgoing } from '../dialer.js';
import type { Indication } from '../engine.js';
import { parseAppOptions } from '../app-options.js';
import { splitArgs } from '../expressions.js';
import { runSubroutine, subArgsFromOption } from '../pbx.js';
import type { DialplanApp } from '../services.js';

const DIAL_VARS = [
  'DIALSTATUS',
  'DIALEDPEERNUMBER',
  'DIALEDPEERNAME',
  'ANSWEREDTIME',
  'ANSWEREDTIME_MS',
  'DIALEDTIME',
  'DIALEDTIME_MS',
  'RINGTIME',
  'RINGTIME_MS',
  'PROGRESSTIME',
  'PROGRESSTIME_MS',
];

interface Leg {
  out: Outgoing;
  state: 'ringing' | 'answered' | 'failed';
  status: string;
}

/**
 * `Dial(Tech/resource[&...][,timeout[,options]])`: create and call the outgoing channels, report
 * DialBegin/DialState/DialEnd, bridge the first to answer, and set DIALSTATUS and the timing variables.
 * Option `g` continues the dialplan when the called party hangs up; `U(context[^arg^...])` runs that subroutine
 * (from `s,1`) on the answered callee before the two are bridged, as app_dial does (e.g. to start MixMonitor there);
 * the pre-dial handlers `B(context^exten^priority[(arg^…)])` (caller) and `b(…)` (each callee) run before calling.
 * GOSUB_RESULT (ABORT, BUSY, …) after U() is not acted on.
 */
export const dialApp: DialplanApp = async (sim, ch, data) => {
  const engine = sim.engine;
  const [targets = '', timeoutArg = '', optionText = ''] = splitArgs(data);
  const options = parseAppOptions(optionText);
  const startedAt = engine.now();
  for (const v of DIAL_VARS) engine.setVar(ch, v, '');
  const legs: Leg[] = [];
  for (const t of targets.split('&').map((s) => s.trim()).filter(Boolean)) {
    const out = createOutgoing(sim, { target: t, flavor: 'dial', caller: ch });
    if (!out) continue;
    engine.own(out.ch, true);
    legs.push({ out, state: 'ringing', status: '' });
    engine.emit({ t: 'DialBegin', caller: ch, dest: out.ch, dialString: out.target.resource });
  }
  if (legs.length === 0) {
    engine.setVar(ch, 'DIALSTATUS', 'CHANUNAVAIL');
    // as a real Asterisk 22 showed for a carrier whose qualify failed: no DialBegin/DialEnd, the caller's channel
    // keeps the cause of the failed request (3, no route to destination)
    if (!sim.devices.carrierReachable && /@carrier$/i.test(targets.trim())) ch.hangupCause = 3;
    return 0;
  }
  // pre-dial handlers: B(context^exten^priority(args)) on the caller, b(…) on each new callee before it is called
  const callerPredial = options.get('B');
  const calleePredial = options.get('b');
  if (callerPredial) await runSubroutine(sim, ch, callerPredial.replaceAll('^', ','));
  if (calleePredial) for (const l of legs) await runSubroutine(sim, l.out.ch, calleePredial.replaceAll('^', ','));
  if ((callerPredial || calleePredial) && (ch.softHangup || ch.hungUp)) {
    for (const l of legs) {
      engine.emit({ t: 'DialEnd', caller: ch, dest: l.out.ch, status: 'CANCEL' });
      engine.own(l.out.ch, false);
      engine.destroy(l.out.ch, 0);
    }
    return -1;
  }
  let ringAt = 0;
  const result = await new Promise<'answer' | 'fail' | 'hangup' | 'goto' | 'timeout'>((resolve) => {
    let settled = false;
    const finish = (r: 'answer' | 'fail' | 'hangup' | 'goto' | 'timeout'): void => {
      if (settled) return;
      settled = true;
      off();
      engine.scheduler.cancel(timer);
      for (const l of legs) engine.watchIndications(l.out.ch, undefined);
      resolve(r);
    };
    /** `status` counts for DIALSTATUS; the leg's DialEnd says `endStatus` (real Asterisk: they differ for 21, 1 …) */
    const fail = (l: Leg, status: string, cause: number, endStatus = status, far = false): void => {
      if (l.state !== 'ringing') return;
      l.state = 'failed';
      l.status = status;
      // the far end refused (486/603/404 …): chan_pjsip's HangupRequest with the cause comes before DialEnd
      if (far) engine.emit({ t: 'HangupRequest', ch: l.out.ch, cause, soft: false });
      engine.emit({ t: 'DialEnd', caller: ch, dest: l.out.ch, status: endStatus });
      engine.own(l.out.ch, false);
      engine.destroy(l.out.ch, cause);
      if (legs.every((x) => x.state === 'failed')) finish('fail');
    };
    for (const l of legs) {
      engine.watchIndications(l.out.ch, (ind: Indication) => {
        if (settled) return;
        if (ind === 'ringing') {
          if (!ringAt) ringAt = engine.now();
          engine.emit({ t: 'DialState', caller: ch, dest: l.out.ch, status: 'RINGING' });
          if (ch.state !== STATE.Up && !ch.isLocal) engine.setState(ch, STATE.Ringing);
          else if (ch.localPeer && ch.state !== STATE.Up) engine.indicate(ch.localPeer, 'ringing');
        } else if (ind === 'progress') engine.emit({ t: 'DialState', caller: ch, dest: l.out.ch, status: 'PROGRESS' });
        else if (ind === 'busy') fail(l, 'BUSY', 17, 'BUSY', true);
        else if (ind === 'congestion') fail(l, 'CONGESTION', 34);
        else if (ind === 'hangup') fail(l, statusOfCause(l.out.ch.hangupCause), l.out.ch.hangupCause || 16, dialEndStatusOfCause(l.out.ch.hangupCause || 16), true);
        else if (ind === 'answer') {
          l.state = 'answered';
          l.status = 'ANSWER';
          for (const o of legs) {
            if (o === l || o.state !== 'ringing') continue;
            o.state = 'failed';
            engine.emit({ t: 'DialEnd', caller: ch, dest: o.out.ch, status: 'CANCEL' });
            engine.own(o.out.ch, false);
            engine.destroy(o.out.ch, 26);
          }
          finish('answer');
        }
      });
      engine.onGone(l.out.ch, () => {
        if (!settled && l.state === 'ringing') {
          const status = statusOfCause(l.out.ch.hangupCause);
          l.state = 'failed';
          l.status = status;
          engine.emit({ t: 'DialEnd', caller: ch, dest: l.out.ch, status: dialEndStatusOfCause(l.out.ch.hangupCause) });
          if (legs.every((x) => x.state === 'failed')) finish('fail');
        }
      });
    }
    const off = ch.onWake((reason) => finish(reason === 'goto' ? 'goto' : 'hangup'));
    const secs = Number(timeoutArg);
    const timer = secs > 0 ? engine.scheduler.after(secs * 1000, () => finish('timeout')) : undefined;
    for (const l of legs) if (!callOutgoing(sim, l.out)) fail(l, 'CHANUNAVAIL', 20);
  });

  const cancelRinging = (status: string, cause: number): void => {
    for (const l of legs) {
      if (l.state !== 'ringing') continue;
      l.state = 'failed';
      engine.emit({ t: 'DialEnd', caller: ch, dest: l.out.ch, status });
      engine.own(l.out.ch, false);
      engine.destroy(l.out.ch, cause);
    }
  };
  const setTimes = (answeredMs: number): void => {
    const total = engine.now() - startedAt;
    engine.setVar(ch, 'ANSWEREDTIME', String(Math.floor(answeredMs / 1000)));
    engine.setVar(ch, 'ANSWEREDTIME_MS', String(Math.floor(answeredMs)));
    engine.setVar(ch, 'DIALEDTIME', String(Math.floor(total / 1000)));
    engine.setVar(ch, 'DIALEDTIME_MS', String(Math.floor(total)));
  };

  if (result === 'hangup' || result === 'goto') {
    cancelRinging('CANCEL', 0);
    engine.setVar(ch, 'DIALSTATUS', 'CANCEL');
    return result === 'goto' ? 0 : -1;
  }
  if (result === 'timeout' || result === 'fail') {
    cancelRinging('NOANSWER', 0);
    const statuses = legs.map((l) => l.status);
    const status = result === 'timeout' ? 'NOANSWER' : statuses.includes('BUSY') ? 'BUSY' : statuses.includes('CONGESTION') ? 'CONGESTION' : statuses.includes('CHANUNAVAIL') ? 'CHANUNAVAIL' : 'NOANSWER';
    setTimes(0);
    if (ringAt) {
      engine.setVar(ch, 'RINGTIME', String(Math.floor((ringAt - startedAt) / 1000)));
      engine.setVar(ch, 'RINGTIME_MS', String(Math.floor(ringAt - startedAt)));
    }
    engine.setVar(ch, 'DIALSTATUS', status);
    ch.cdrDisposition = status === 'BUSY' ? 'BUSY' : 'NO ANSWER';
    return 0;
  }
  const leg = legs.find((l) => l.state === 'answered')!;
  const peer = leg.out.ch;
  if (ch.state !== STATE.Up) engine.answer(ch);
  engine.setVar(ch, 'DIALSTATUS', 'ANSWER');
  engine.setVar(ch, 'DIALEDPEERNAME', peer.name);
  engine.setVar(ch, 'DIALEDPEERNUMBER', leg.out.target.resource);
  if (ringAt) {
    engine.setVar(ch, 'RINGTIME', String(Math.floor((ringAt - startedAt) / 1000)));
    engine.setVar(ch, 'RINGTIME_MS', String(Math.floor(ringAt - startedAt)));
  }
  engine.emit({ t: 'DialEnd', caller: ch, dest: peer, status: 'ANSWER' });
  const calleeSub = options.get('U');
  if (calleeSub) {
    // the caller waits (autoservice) while the callee runs the routine; either may hang up meanwhile
    await runSubroutine(sim, peer, subArgsFromOption(calleeSub));
    if (ch.hungUp || ch.softHangup) {
      engine.own(peer, false);
      engine.destroy(peer, 16);
      return -1;
    }
    if (peer.hungUp || peer.softHangup) {
      engine.own(peer, false);
      engine.destroy(peer, 16);
      setTimes(0);
      return options.has('g') ? 0 : -1;
    }
  }
  const answeredAt = engine.now();
  const bridge = engine.createBridge('basic');
  engine.newexten(peer, 'AppDial', '(Outgoing Line)', { context: peer.context, exten: '', priority: 1 });
  engine.own(peer, false);
  engine.bridgeJoin(bridge, peer);
  engine.bridgeJoin(bridge, ch);
  ch.cdrPeer = peer.name;
  ch.cdrDisposition = 'ANSWERED';
  sim.observer.emit('call:bridged', { linkedid: ch.linkedid, channels: [ch.name, peer.name] });
  let peerLeft = false;
  engine.dissolveHooks.set(bridge, (leaving) => {
    if (leaving === peer) peerLeft = true;
  });
  for (;;) {
    const r = await engine.wait(ch, Infinity);
    if (r === 'goto') {
      if (ch.bridge) engine.bridgeLeave(ch, 'goto');
      return 0;
    }
    if (r === 'hangup' || !ch.bridge || ch.hungUp) break;
  }
  if (ch.hungUp) return -1;
  if (ch.bridge) engine.bridgeLeave(ch, 'hangup');
  setTimes(engine.now() - answeredAt);
  engine.setVar(ch, 'DIALSTATUS', 'ANSWER');
  if (ch.pendingGoto) return 0;
  return peerLeft && options.has('g') && !ch.softHangup ? 0 : -1;
};

export function isChannel(x: unknown): x is Channel {
  return typeof x === 'object' && x !== null && 'uniqueid' in x;
}

/**
 * The DialEnd event of a callee that hung up before answering: app_dial publishes it with
 * ast_hangup_cause_to_dial_status() (main/dial.c) — 17 BUSY, 34 CONGESTION, 3/20 CHANUNAVAIL, any other cause
 * (19, 21 call rejected, 1 unallocated number …) NOANSWER. Captured on a real Asterisk 22.10.1: a carrier's 603
 * (cause 21) and 404 (cause 1) end with DialEnd NOANSWER while DIALSTATUS is CHANUNAVAIL (handle_cause below).
 */
export function dialEndStatusOfCause(cause: number): string {
  return cause === 17 ? 'BUSY' : cause === 34 ? 'CONGESTION' : cause === 3 || cause === 20 ? 'CHANUNAVAIL' : 'NOANSWER';
}

/**
 * The callee hung up before answering, for DIALSTATUS: app_dial's handle_cause() — 17 busy, 34 congestion, 16/19/0 no answer, any
 * other cause (21 call rejected, 1 unallocated number, 3 no route …) counts as CHANUNAVAIL.
 */
function statusOfCause(cause: number): string {
  return cause === 17 ? 'BUSY' : cause === 34 ? 'CONGESTION' : [0, 16, 19].includes(cause) ? 'NOANSWER' : 'CHANUNAVAIL';
}
