import type { Channel } from '../channel.js';
import { runSubroutine } from '../pbx.js';
import type { SimServices } from '../services.js';

/**
 * Queue's `gosub` argument (the 7th in Asterisk 22, where the old macro argument is gone): a subroutine run on the
 * answering member's channel once the member answered and before caller and member are bridged — after
 * QueueCallerLeave, before AgentConnect, as app_queue's try_calling does. The argument names a context; the routine
 * starts at its `s,1` (`context,args` passes arguments). Returns who is still there afterwards.
 */
export async function memberGosub(sim: SimServices, caller: Channel, member: Channel, arg: string): Promise<'ok' | 'caller-gone' | 'member-gone'> {
  const comma = arg.indexOf(',');
  const spec = comma < 0 ? `${arg.trim()},s,1` : `${arg.slice(0, comma).trim()},s,1(${arg.slice(comma + 1)})`;
  await runSubroutine(sim, member, spec);
  const engine = sim.engine;
  if (caller.hungUp || caller.softHangup) {
    engine.own(member, false);
    engine.destroy(member, 16);
    return 'caller-gone';
  }
  if (member.hungUp || member.softHangup) {
    engine.own(member, false);
    engine.destroy(member, 16);
    return 'member-gone';
  }
  return 'ok';
}
