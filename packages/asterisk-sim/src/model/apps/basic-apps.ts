import { STATE, type Channel } from '../channel.js';
import { evaluate, isTrue, parseAppCall, splitArgs } from '../expressions.js';
import type { DialplanApp, SimServices } from '../services.js';

const noop: DialplanApp = async () => 0;

const answer: DialplanApp = async (sim, ch) => {
  sim.engine.answer(ch);
  return 0;
};

const hangup: DialplanApp = async (_sim, ch, data) => {
  const cause = Number(data);
  if (data && Number.isFinite(cause)) ch.hangupCause = cause;
  else if (!ch.hangupCause) ch.hangupCause = 16;
  return -1;
};

const wait: DialplanApp = async (sim, ch, data) => {
  const secs = Number(data || '0');
  const r = await sim.engine.wait(ch, (Number.isFinite(secs) ? secs : 0) * 1000);
  return r === 'hangup' ? -1 : 0;
};

const ringing: DialplanApp = async (sim, ch) => {
  const peer = ch.localPeer;
  if (peer) sim.engine.indicate(peer, 'ringing');
  else if (ch.state !== STATE.Up) sim.engine.setState(ch, STATE.Ringing);
  return 0;
};

const progress: DialplanApp = async (sim, ch) => {
  const peer = ch.localPeer;
  if (peer) sim.engine.indicate(peer, 'progress');
  return 0;
};

/** Assign one `NAME=value`, handling the dialplan functions that are not plain variables. */
export function assign(sim: SimServices, ch: Channel, expr: string): void {
  const eq = expr.indexOf('=');
  if (eq <= 0) return;
  const name = expr.slice(0, eq).trim();
  const value = expr.slice(eq + 1);
  const fn = /^([A-Z_]+)\((.*)\)$/i.exec(name);
  if (fn) {
    const f = fn[1]!.toUpperCase();
    // MASTER_CHANNEL(X)=v: X=v on the channel whose Uniqueid is this one's Linkedid (func_channel.c), else on this one
    if (f === 'MASTER_CHANNEL') {
      const master = sim.engine.byUniqueid.get(ch.linkedid) ?? ch;
      assign(sim, master, `${fn[2]!}=${value}`);
      return;
    }
    const arg = fn[2]!.toLowerCase();
    if (f === 'CALLERID') {
      let num = ch.callerNum;
      let nm = ch.callerName;
      if (arg === 'all') {
        const m = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(value);
        if (m) {
          nm = m[1]!.trim();
          num = m[2]!.trim();
        } else {
          num = value.trim();
          nm = '';
        }
      } else if (arg === 'num' || arg === 'number') num = value;
      else if (arg === 'name') nm = value;
      sim.engine.setCallerId(ch, num, nm);
      return;
    }
    if (f === 'CONNECTEDLINE') {
      sim.engine.setConnectedLine(ch, arg === 'name' ? ch.connNum : value, arg === 'name' ? value : ch.connName);
      return;
    }
    if (f === 'GLOBAL') {
      sim.engine.globals.set(fn[2]!, value);
      return;
    }
    if (f === 'CHANNEL' && arg === 'language') {
      ch.language = value;
      ch.touch();
      return;
    }
    // CDR(name)=v: a variable of the channel's CDR (cdr_custom's uservar fields); names are case-insensitive
    if (f === 'CDR') {
      const vars = ch.data<Map<string, string>>('cdrVars') ?? new Map<string, string>();
      vars.set(arg, value);
      ch.setData('cdrVars', vars);
      return;
    }
    // res_mutestream: MUTEAUDIO(in|out|all)=on|off mutes the channel's audio — a function, so no VarSet
    if (f === 'MUTEAUDIO') {
      const on = /^(on|yes|true|1)$/i.test(value.trim());
      const dirs = arg === 'all' ? ['in', 'out'] : [arg];
      const muted = new Set(ch.data<string[]>('muteaudio') ?? []);
      for (const d of dirs) if (on) muted.add(d); else muted.delete(d);
      ch.setData('muteaudio', [...muted]);
      return;
    }
  }
  sim.engine.setVar(ch, name, value);
}

const set: DialplanApp = async (sim, ch, data) => {
  assign(sim, ch, data);
  return 0;
};

const mset: DialplanApp = async (sim, ch, data) => {
  for (const part of splitArgs(data)) assign(sim, ch, part);
  return 0;
};

/** `ExecIf(expr?App(args)[:App(args)])` — data has already been substituted. */
const execIf: DialplanApp = async (sim, ch, data) => {
  const q = data.indexOf('?');
  if (q < 0) return 0;
  const cond = data.slice(0, q);
  const branches = data.slice(q + 1);
  const parts = splitArgs(branches, ':');
  const chosen = isTrue(cond) ? parts[0] : parts[1];
  if (!chosen) return 0;
  const [app, args] = parseAppCall(chosen);
  const impl = sim.apps.get(app.toLowerCase());
  return impl ? impl(sim, ch, args) : 0;
};

function gotoTarget(sim: SimServices, ch: Channel, spec: string): { context: string; exten: string; priority: number } | undefined {
  const parts = splitArgs(spec).map((s) => s.trim());
  let context = ch.context;
  let exten = ch.exten;
  let prio: string;
  if (parts.length === 3) [context, exten, prio] = parts as [string, string, string];
  else if (parts.length === 2) [exten, prio] = parts as [string, string];
  else prio = parts[0] ?? '1';
  let priority = Number(prio);
  if (!Number.isFinite(priority)) {
    const p = sim.engine.config.dialplan.findLabel(context, exten, prio);
    if (p === undefined) return undefined;
    priority = p;
  }
  return { context, exten, priority };
}

const gotoApp: DialplanApp = async (sim, ch, data) => {
  const t = gotoTarget(sim, ch, data);
  if (!t) return -1;
  ch.pendingGoto = t;
  return 0;
};

const gotoIf: DialplanApp = async (sim, ch, data) => {
  const q = data.indexOf('?');
  const cond = q < 0 ? data : data.slice(0, q);
  const [a, b] = q < 0 ? ['', ''] : splitArgs(data.slice(q + 1), ':');
  const dest = isTrue(evaluate(cond)) ? a : b;
  if (!dest) return 0;
  const t = gotoTarget(sim, ch, dest);
  if (!t) return -1;
  ch.pendingGoto = t;
  return 0;
};

/** `Playback(file[&file...][,options])`: waits the real duration of each sound file. */
const playback: DialplanApp = async (sim, ch, data) => {
  const [files = ''] = splitArgs(data);
  let status = 'SUCCESS';
  for (const f of files.split('&')) {
    const ms = sim.media.soundDurationMs(f.trim(), ch.language);
    if (ms === undefined) {
      status = 'FAILED';
      continue;
    }
    const r = await sim.engine.wait(ch, ms);
    if (r !== 'timeout') break;
  }
  sim.engine.setVar(ch, 'PLAYBACKSTATUS', status);
  return ch.softHangup ? -1 : 0;
};

/** `MusicOnHold([class[,duration]])` */
const musicOnHold: DialplanApp = async (sim, ch, data) => {
  const [cls = '', dur = ''] = splitArgs(data);
  sim.media.startMoh(ch, cls || 'default');
  const secs = Number(dur);
  const r = await sim.engine.wait(ch, dur && secs > 0 ? secs * 1000 : Infinity);
  sim.media.stopMoh(ch);
  return r === 'hangup' ? -1 : 0;
};

const startMoh: DialplanApp = async (sim, ch, data) => {
  sim.media.startMoh(ch, data || 'default');
  return 0;
};

const stopMoh: DialplanApp = async (sim, ch) => {
  sim.media.stopMoh(ch);
  return 0;
};

const busy: DialplanApp = async (sim, ch) => {
  ch.hangupCause = 17;
  if (ch.localPeer) sim.engine.indicate(ch.localPeer, 'busy');
  await sim.engine.wait(ch, 10_000);
  return -1;
};

const congestion: DialplanApp = async (sim, ch) => {
  ch.hangupCause = 34;
  if (ch.localPeer) sim.engine.indicate(ch.localPeer, 'congestion');
  await sim.engine.wait(ch, 10_000);
  return -1;
};

/** Echo(): answers what it hears until the channel hangs up (the line test 96600). */
const echo: DialplanApp = async (sim, ch) => {
  if (ch.state !== STATE.Up) sim.engine.answer(ch);
  const r = await sim.engine.wait(ch, 3_600_000);
  return r === 'hangup' ? -1 : 0;
};

const userEvent: DialplanApp = async (sim, ch, data) => {
  const [name = '', ...rest] = splitArgs(data);
  const fields: Array<[string, string]> = rest.map((kv) => {
    const i = kv.indexOf(':');
    return i < 0 ? [kv.trim(), ''] : [kv.slice(0, i).trim(), kv.slice(i + 1).trim()];
  });
  sim.engine.emit({ t: 'UserEvent', ch, name, fields });
  return 0;
};

export const basicApps: Record<string, DialplanApp> = {
  noop,
  verbose: noop,
  log: noop,
  answer,
  hangup,
  wait,
  ringing,
  progress,
  set,
  mset,
  execif: execIf,
  goto: gotoApp,
  gotoif: gotoIf,
  playback,
  musiconhold: musicOnHold,
  startmusiconhold: startMoh,
  stopmusiconhold: stopMoh,
  busy,
  congestion,
  userevent: userEvent,
  echo,
};
