import type { Channel } from './channel.js';
import { builtinFunction, substitute, type VariableScope } from './expressions.js';
import type { SimServices } from './services.js';

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
        case 'SHELL':
          return '';
        default:
          return builtinFunction(name, arg);
      }
    },
  };
}

function specialVar(ch: Channel, name: string): string | undefined {
  if (name === 'CALLERID(num)') return ch.callerNum;
  return undefined;
}

export function sub(sim: SimServices, ch: Channel, text: string): string {
  return text.includes('$') ? substitute(text, channelScope(sim, ch)) : text;
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
  let loc = { context, exten, priority };
  try {
    for (;;) {
      if (ch.hungUp) return;
      if (ch.pendingGoto) {
        loc = ch.pendingGoto;
        ch.pendingGoto = undefined;
      }
      if (ch.softHangup) break;
      const step = engine.config.dialplan.step(loc.context, loc.exten, loc.priority);
      if (!step) {
        if (loc.priority === 1) engine.log.warn(`no extension ${loc.exten}@${loc.context} for ${ch.name}`);
        break;
      }
      ch.context = loc.context;
      ch.exten = loc.exten;
      ch.priority = loc.priority;
      const data = sub(sim, ch, step.data);
      engine.newexten(ch, step.app, data, loc);
      ch.cdrLastApp = step.app;
      ch.cdrLastData = data;
      const app = sim.apps.get(step.app.toLowerCase());
      let res = 0;
      if (!app) engine.log.warn(`dialplan application ${step.app} is not simulated; treated as NoOp`);
      else res = await app(sim, ch, data);
      if (ch.hungUp) return;
      if (ch.pendingGoto) continue;
      if (res < 0 || ch.softHangup) break;
      loc = { context: ch.context, exten: ch.exten, priority: ch.priority + 1 };
    }
  } catch (err) {
    engine.log.error(`dialplan failed on ${ch.name}`, err);
  }
  if (!ch.hungUp) engine.endPbx(ch);
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
