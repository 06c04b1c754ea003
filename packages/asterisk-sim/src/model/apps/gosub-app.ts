import { evaluate, isTrue, splitArgs } from '../expressions.js';
import { gosubDepth, parseGosubTarget, popGosubFrame, pushGosubFrame } from '../pbx.js';
import type { DialplanApp, SimServices } from '../services.js';
import type { Channel } from '../channel.js';

/** Jump into a subroutine from a running dialplan; Return comes back to the next priority. */
function enter(sim: SimServices, ch: Channel, spec: string): number {
  const target = parseGosubTarget(sim, ch, spec);
  if (!target) {
    // app_stack: "Attempt to reach a non-existent destination for Gosub" — the channel hangs up
    sim.engine.log.warn(`Gosub(${spec}): no such dialplan location (${ch.name})`);
    return -1;
  }
  pushGosubFrame(sim, ch, { context: ch.context, exten: ch.exten, priority: ch.priority + 1 }, target.args, target);
  ch.pendingGoto = { context: target.context, exten: target.exten, priority: target.priority };
  return 0;
}

/** `Gosub([[context,]exten,]priority[(arg1[,...][,argN])])` */
const gosub: DialplanApp = async (sim, ch, data) => enter(sim, ch, data);

/** `GosubIf(condition?labeliftrue[(args)]:labeliffalse[(args)])` */
const gosubIf: DialplanApp = async (sim, ch, data) => {
  const q = data.indexOf('?');
  if (q < 0) return 0;
  const [a = '', b = ''] = splitArgs(data.slice(q + 1), ':');
  const dest = isTrue(evaluate(data.slice(0, q))) ? a : b;
  return dest.trim() ? enter(sim, ch, dest) : 0;
};

/**
 * `Return([value])`: the frame's LOCAL variables go, GOSUB_RETVAL is set (VarSet, even when empty), and the dialplan
 * continues after the Gosub. A routine started by Queue/Dial (no return address) ends here.
 */
const returnApp: DialplanApp = async (sim, ch, data) => {
  if (gosubDepth(ch) === 0) {
    sim.engine.log.warn(`Return without Gosub: stack is empty (${ch.name})`);
    return -1;
  }
  const frame = popGosubFrame(ch)!;
  if (frame.ret) ch.pendingGoto = frame.ret;
  sim.engine.setVar(ch, 'GOSUB_RETVAL', data);
  return 0;
};

export const gosubApps: Record<string, DialplanApp> = {
  gosub,
  gosubif: gosubIf,
  return: returnApp,
};
