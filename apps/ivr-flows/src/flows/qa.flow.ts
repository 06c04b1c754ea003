/**
 * Quality dial-in (质检录音回放): 工号 + PIN, then recordings by their reference (录音编号: 10 random digits the desk
 * shows — never the sequential id), each playback audited by the backend.
 *
 * Guessing is bounded twice over: at most three PIN tries per call, and wrong PINs count per staff member across
 * calls — at the limit the backend locks the person out until an admin sets a new PIN, and raises an alert. PINs are
 * 6–12 digits. Three unknown references end the call (no walking through references either).
 */
import type { FlowContext } from '../runtime/flow-context.js';
import { callRef, type FlowDeps, type Next } from './flow-deps.js';

const PIN_TRIES_PER_CALL = 3;
const UNKNOWN_REFS_PER_CALL = 3;

export async function qaFlow(ctx: FlowContext, deps: FlowDeps): Promise<Next> {
  ctx.step('qa');
  ctx.findings.topic = 'quality';
  const callId = await callRef(ctx);
  let user: { userId: number } | null = null;
  for (let attempt = 1; attempt <= PIN_TRIES_PER_CALL && !user; attempt++) {
    const staff = await ctx.gather({ prompt: ['qa-welcome'], maxDigits: 16, terminator: '#', retries: 1, valid: (d) => /^\d{1,16}$/.test(d) });
    if (staff.status !== 'ok') break;
    const pin = await ctx.gather({ prompt: ['qa-enter-pin'], maxDigits: 12, terminator: '#', retries: 1, valid: (d) => /^\d{6,12}$/.test(d) });
    if (pin.status !== 'ok') break;
    const r = await deps.backend.staffLogin(staff.digits, pin.digits, callId);
    if (r.ok) user = { userId: r.userId };
    else if (r.locked) {
      ctx.step('qa:locked');
      await ctx.say('qa-locked');
      return 'end';
    } else await ctx.say('qa-denied');
  }
  if (!user) {
    ctx.step('qa:denied');
    await ctx.say('too-many-tries');
    return 'end';
  }
  ctx.step('qa:ok');
  let unknown = 0;
  for (;;) {
    const ref = await ctx.gather({ prompt: ['qa-enter-ref'], maxDigits: 10, terminator: '#', retries: 1, valid: (d) => /^\d{10}$/.test(d) });
    if (ref.status !== 'ok') return 'end';
    const rec = await deps.backend.recordingByRef(ref.digits, user.userId);
    if (!rec) {
      await ctx.say('qa-no-recording');
      if (++unknown >= UNKNOWN_REFS_PER_CALL) {
        await ctx.say('too-many-tries');
        return 'end';
      }
      continue;
    }
    for (;;) {
      await ctx.sayInterruptible(rec.play);
      const k = await ctx.menu(['qa-after-play'], ['1', '2', '*']);
      if (k === '1') continue;
      if (k === '2') break;
      return 'end';
    }
  }
}
