import type { Channel } from './channel.js';
import { builtinFunction, splitArgs, substitute, type VariableScope } from './expressions.js';
import type { SimServices } from './services.js';
import { pjsipContactFunction } from './apps/phone-keys-app.js';

/** `${...}` lookups on a channel: special variables, channel variables, then globals. */
export function channelScope(sim: SimServices, ch: Channel): VariableScope {
  return {
    get(name) {
      switch (name) {
        case 'EXTEN':
          return ch.exten;
        case 'CONTEXT':
          return ch.context;
        case 'PRIORITY':
          return String(ch.priority);
        case 'UNIQUEID':
          return ch.uniqueid;
        case 'CHANNEL':
          return ch.name;
        case 'LANGUAGE':
          return ch.language;
        case 'EPOCH':
          return String(Math.floor(sim.engine.now() / 1000));
        default:
          return ch.getVar(name) ?? sim.engine.globals.get(name) ?? specialVar(ch, name);
      }
    },
    fn(name, arg) {
      switch (name) {
        case 'CALLERID': {
          const a = arg.toLowerCase();
          if (a === 'num' || a === 'number') return ch.callerNum;
          if (a === 'name') return ch.callerName;
          if (a === 'all') return ch.callerName ? `"${ch.callerName}" <${ch.callerNum}>` : ch.callerNum;
          return '';
        }
        case 'CONNECTEDLINE': {
          const a = arg.toLowerCase();
          if (a === 'num' || a === 'number') return ch.connNum;
          if (a === 'name') return ch.connName;
          return '';
        }
        case 'CHANNEL':
          if (arg === 'name') return ch.name;
          if (arg === 'uniqueid') return ch.uniqueid;
          if (arg === 'linkedid') return ch.linkedid;
          if (arg === 'language') return ch.language;
          return '';
        case 'GLOBAL':
          return sim.engine.globals.get(arg) ?? '';
        case 'QUEUE_WAITING_COUNT':
          // app_queue: callers waiting in the queue now ("0" for a queue it does not know)
          return String(sim.queues.get(arg.trim())?.entries.length ?? 0);
        case 'SHELL':
          return '';
        case 'STRFTIME': {
          const [epoch = '', tz = '', format = '%c'] = splitArgs(arg);
          const secs = epoch.trim() === '' ? sim.engine.now() / 1000 : Number(epoch);
          return strftime(Number.isFinite(secs) ? secs * 1000 : sim.engine.now(), format, tz.trim() || undefined);
        }
        case 'PJSIP_AOR':
        case 'PJSIP_CONTACT':
          return pjsipContactFunction(name, arg, (ext) => !!sim.devices.phone(ext)?.registered) ?? '';
        default:
          return builtinFunction(name, arg);
      }
    },
  };
}

/**
 * `STRFTIME(epoch,timezone,format)` for the conversions dialplans use in file names (%Y %m %d %H %M %S %y %j %%);
 * without a timezone the host's local time, as Asterisk uses the system's.
 */
export function strftime(ms: number, format: string, timeZone?: string): string {
  let parts: Record<string, string>;
  try {
    const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  } catch {
    return '';
  }
  const y = parts.year ?? '';
  const dayOfYear = (): string => {
    const start = Date.UTC(Number(y), 0, 1);
    const d = Date.UTC(Number(y), Number(parts.month) - 1, Number(parts.day));
    return String(Math.round((d - start) / 86_400_000) + 1).padStart(3, '0');
  };
  return format.replace(/%([YmdHMSyj%])/g, (_m, c: string) => {
    switch (c) {
      case 'Y': return y;
      case 'y': return y.slice(-2);
      case 'm': return parts.month ?? '';
      case 'd': return parts.day ?? '';
      case 'H': return parts.hour ?? '';
      case 'M': return parts.minute ?? '';
      case 'S': return parts.second ?? '';
      case 'j': return dayOfYear();
      default: return '%';
    }
  });
}

function specialVar(ch: Channel, name: string): string | undefined {
  if (name === 'CALLERID(num)') return ch.callerNum;
  return undefined;
}

export function sub(sim: SimServices, ch: Channel, text: string): string {
  return text.includes('$') ? substitute(text, channelScope(sim, ch)) : text;
}

/** A dialplan location. */
export interface DialplanLocation {
  context: string;
  exten: string;
  priority: number;
}

/**
 * Run dialplan steps on a channel from `loc` until an application ends it (-1), the extension runs out, the
 * channel is hung up, or `done()` says so after a step (a subroutine returned). Redirects (pendingGoto) jump.
 */
async function runSteps(sim: SimServices, ch: Channel, start: DialplanLocation, done?: () => boolean): Promise<'hangup' | 'end' | 'done'> {
  const engine = sim.engine;
  let loc = start;
  for (;;) {
    if (ch.hungUp) return 'hangup';
    if (ch.pendingGoto) {
      loc = ch.pendingGoto;
      ch.pendingGoto = undefined;
    }
    if (ch.softHangup) return 'end';
    const step = engine.config.dialplan.step(loc.context, loc.exten, loc.priority);
    if (!step) {
      if (loc.priority === 1) engine.log.warn(`no extension ${loc.exten}@${loc.context} for ${ch.name}`);
      return 'end';
    }
    ch.context = loc.context;
    ch.exten = loc.exten;
    ch.priority = loc.priority;
    // the CDR's dst/dcontext follow the dialplan outside subroutines (main/cdr.c; a real 22.10.1 logs a 96607 caller
    // who reached Queue() with dst "hotline", dcontext "dl-queue")
    if (gosubDepth(ch) === 0) {
      ch.setData('cdrDst', loc.exten);
      ch.setData('cdrDcontext', loc.context);
    }
    const data = sub(sim, ch, step.data);
    engine.newexten(ch, step.app, data, loc);
    ch.cdrLastApp = step.app;
    ch.cdrLastData = data;
    const app = sim.apps.get(step.app.toLowerCase());
    let res = 0;
    if (!app) engine.log.warn(`dialplan application ${step.app} is not simulated; treated as NoOp`);
    else res = await app(sim, ch, data);
    if (ch.hungUp) return 'hangup';
    if (done?.()) return 'done';
    if (ch.pendingGoto) continue;
    if (res < 0 || ch.softHangup) return 'end';
    loc = { context: ch.context, exten: ch.exten, priority: ch.priority + 1 };
  }
}

/**
 * Run the dialplan on a channel from context,exten,priority until an application ends it (-1), the
 * extension runs out, or the channel is hung up. Redirects (pendingGoto) jump without ending the thread.
 */
export async function runPbx(sim: SimServices, ch: Channel, context: string, exten: string, priority: number): Promise<void> {
  const engine = sim.engine;
  if (ch.hungUp) return;
  ch.inPbx = true;
  if (ch.data('cdrDst') === undefined) {
    ch.setData('cdrDst', exten);
    ch.setData('cdrDcontext', context);
  }
  try {
    await runSteps(sim, ch, { context, exten, priority });
  } catch (err) {
    engine.log.error(`dialplan failed on ${ch.name}`, err);
  }
  if (!ch.hungUp) engine.endPbx(ch);
}

// --- Gosub / Return (app_stack) ------------------------------------------------------------------------------

/** One frame of app_stack's Gosub stack on a channel. */
interface GosubFrame {
  /** Where Return continues; undefined for a routine run from Queue's gosub or Dial's U(): Return ends it. */
  ret: DialplanLocation | undefined;
  /** For such a routine: the channel's location before it, put back by Return. */
  home?: DialplanLocation;
  /** The frame's LOCAL variables (ARG1.., ARGC) and the values they shadow. */
  locals: Map<string, string | undefined>;
  /** How many ARGn this frame defines (a nested Gosub with fewer arguments blanks the outer ones). */
  arguments: number;
}

function gosubStack(ch: Channel): GosubFrame[] {
  let stack = ch.data<GosubFrame[]>('gosub');
  if (!stack) ch.setData('gosub', (stack = []));
  return stack;
}

export interface GosubTarget extends DialplanLocation {
  args: string[];
}

/**
 * `[[context,]exten,]priority[(arg1[,...])]` as Gosub() takes it (priority may be a label). Missing parts default
 * to the channel's current context and extension, as in app_stack.
 */
export function parseGosubTarget(sim: SimServices, ch: Channel, spec: string): GosubTarget | undefined {
  let loc = spec.trim();
  let args: string[] = [];
  const open = loc.indexOf('(');
  if (open >= 0) {
    const close = loc.lastIndexOf(')');
    args = splitArgs(loc.slice(open + 1, close > open ? close : loc.length));
    loc = loc.slice(0, open);
  }
  const parts = splitArgs(loc).map((p) => p.trim());
  let context = ch.context;
  let exten = ch.exten;
  let prio: string;
  if (parts.length >= 3) [context, exten, prio] = parts as [string, string, string];
  else if (parts.length === 2) [exten, prio] = parts as [string, string];
  else prio = parts[0] || '1';
  let priority = Number(prio);
  if (!Number.isInteger(priority)) {
    const p = sim.engine.config.dialplan.findLabel(context, exten, prio);
    if (p === undefined) return undefined;
    priority = p;
  }
  if (!sim.engine.config.dialplan.step(context, exten, priority)) return undefined;
  return { context, exten, priority, args };
}

/**
 * Push a Gosub frame as app_stack's gosub_exec does: ARG1..ARGn (blank beyond this call's arguments, up to the
 * outer frame's count) and ARGC become LOCAL variables — VarSet `LOCAL(ARG1)` … as frame_set_var publishes them —
 * shadowing any outer values until Return.
 */
export function pushGosubFrame(sim: SimServices, ch: Channel, ret: DialplanLocation | undefined, args: readonly string[], dest?: DialplanLocation): void {
  const stack = gosubStack(ch);
  const count = Math.max(args.length, stack[stack.length - 1]?.arguments ?? 0);
  const frame: GosubFrame = { ret, locals: new Map(), arguments: count };
  if (!ret) frame.home = { context: ch.context, exten: ch.exten, priority: ch.priority };
  // gosub_exec moves the channel to the destination before it sets the frame's variables
  if (dest) setLocation(ch, dest);
  const local = (name: string, value: string): void => {
    if (!frame.locals.has(name)) frame.locals.set(name, ch.getVar(name));
    ch.storeVar(name, value);
    sim.engine.emit({ t: 'VarSet', ch, name: `LOCAL(${name})`, value });
  };
  for (let i = 0; i < count; i++) local(`ARG${i + 1}`, args[i] ?? '');
  local('ARGC', String(args.length));
  stack.push(frame);
}

function setLocation(ch: Channel, loc: DialplanLocation): void {
  ch.context = loc.context;
  ch.exten = loc.exten;
  ch.priority = loc.priority;
  ch.touch();
}

/** Pop the top Gosub frame, restoring what its LOCAL variables shadowed (and the location of a Queue/Dial routine). */
export function popGosubFrame(ch: Channel): GosubFrame | undefined {
  const frame = ch.data<GosubFrame[]>('gosub')?.pop();
  if (!frame) return undefined;
  if (frame.home) setLocation(ch, frame.home);
  for (const [name, prev] of frame.locals) {
    if (prev === undefined) ch.deleteVar(name);
    else ch.storeVar(name, prev);
  }
  return frame;
}

export function gosubDepth(ch: Channel): number {
  return ch.data<GosubFrame[]>('gosub')?.length ?? 0;
}

/**
 * Run a dialplan subroutine on a channel that no dialplan thread runs — what ast_app_exec_sub (app_stack's
 * gosub_run) does for Queue's gosub argument and Dial's U() option on the answered callee before the two are
 * bridged: the routine runs from `context,exten,priority(args)` until its Return; then the channel's dialplan
 * location is put back. A routine that ends without Return ("Abnormal exit") has its frames popped and
 * GOSUB_RETVAL blanked; a destination that does not exist runs nothing. The channel is not hung up either way.
 * Resolves true when the routine returned.
 */
export async function runSubroutine(sim: SimServices, ch: Channel, spec: string): Promise<boolean> {
  const engine = sim.engine;
  if (ch.hungUp || ch.softHangup) return false;
  const target = parseGosubTarget(sim, ch, spec);
  if (!target) {
    engine.log.warn(`Gosub: ${spec} does not exist (${ch.name})`);
    return false;
  }
  const saved = { context: ch.context, exten: ch.exten, priority: ch.priority, app: ch.app, appData: ch.appData };
  const depth = gosubDepth(ch);
  pushGosubFrame(sim, ch, undefined, target.args, target);
  let result: 'hangup' | 'end' | 'done' = 'end';
  try {
    result = await runSteps(sim, ch, target, () => gosubDepth(ch) <= depth);
  } catch (err) {
    engine.log.error(`subroutine ${spec} failed on ${ch.name}`, err);
  }
  const abnormal = gosubDepth(ch) > depth;
  while (gosubDepth(ch) > depth) popGosubFrame(ch);
  if (ch.hungUp) return false;
  if (abnormal) {
    engine.log.warn(`${ch.name} Abnormal 'Gosub(${spec})' exit`);
    engine.setVar(ch, 'GOSUB_RETVAL', '');
  }
  ch.context = saved.context;
  ch.exten = saved.exten;
  ch.priority = saved.priority;
  ch.app = saved.app;
  ch.appData = saved.appData;
  ch.touch();
  return result === 'done';
}

/** Dial's U() and Queue's b()/B() write `context^arg1^arg2`; app_dial turns ^ into , before calling Gosub. */
export function subArgsFromOption(option: string): string {
  const parts = option.split('^');
  const context = parts.shift() ?? '';
  return parts.length ? `${context},s,1(${parts.join(',')})` : `${context},s,1`;
}

/** Jump a channel to a dialplan location (Goto app, Redirect, ARI continue). */
export function asyncGoto(sim: SimServices, ch: Channel, context: string, exten: string, priority: number): void {
  ch.pendingGoto = { context, exten, priority };
  if (ch.inPbx) ch.wake('goto');
  else {
    ch.pendingGoto = undefined;
    sim.runPbx(ch, context, exten, priority);
  }
}
