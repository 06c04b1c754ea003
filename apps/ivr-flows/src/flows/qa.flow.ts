/** Quality dial-in: staff number + PIN (three tries), then play call recordings by call number (each playback audited by the backend). */
import type { FlowContext } from '../runtime/flow-context.js';
import type { FlowDeps, Next } from './flow-deps.js';

export async function qaFlow(ctx: FlowContext, deps: FlowDeps): Promise<Next> {
  ctx.step('qa');
  ctx.findings.topic = 'quality';
  let user: { userId: number } | null = null;
  for (let attempt = 1; attempt <= 3 && !user; attempt++) {
    const staff = await ctx.gather({ prompt: ['qa-welcome'], maxDigits: 10, terminator: '#', retries: 1, valid: (d) => /^\d+$/.test(d) });
    if (staff.status !== 'ok') break;
    const pin = await ctx.gather({ prompt: ['qa-enter-pin'], maxDigits: 12, terminator: '#', retries: 1, valid: (d) => /^\d{4,12}$/.test(d) });
    if (pin.status !== 'ok') break;
    user = await deps.backend.staffLogin(staff.digits, pin.digits);
    if (!user) await ctx.say('qa-denied');
  }
  if (!user) {
    ctx.step('qa:denied');
    await ctx.say('too-many-tries');
    return 'end';
  }
  ctx.step('qa:ok');
  for (;;) {
    const call = await ctx.gather({ prompt: ['qa-enter-call'], maxDigits: 24, terminator: '#', retries: 1, valid: (d) => /^\d+$/.test(d) });
    if (call.status !== 'ok') return 'end';
    const rec = await deps.backend.callRecording(call.digits, user.userId);
    if (!rec) {
      await ctx.say('qa-no-recording');
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
